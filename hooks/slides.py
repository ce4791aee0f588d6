"""Slide decks for trainers: one PowerPoint file per module, made from the module page and its bank.

A deck runs: title, learning outcomes, the module's diagrams, its Key points, one slide per scenario
question (options in the answer key's order, no answers on the slide; the answers and every option's
feedback in the speaker notes), then further reading and the course address (when it is public). Everything is real,
editable text in the default template's placeholders, 16:9, at least 24 pt, dark on white.

Text from YAML is set as plain text (python-pptx escapes it); Markdown from the module page (Key
points, Further reading) is parsed, so its links and emphasis become runs, not literal markup.
"""

from __future__ import annotations

import functools
import io
import math
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import cairosvg
from markdown_it import MarkdownIt
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .course import KEY_POINTS, BankQuestion, Course, Module
from .markdown_checks import CITATION
from .render import citation, shown_options
from .trainer_pack import LETTERS, module_body, numbered, public_address, section, slides_file

FURTHER_READING = "Further reading"
WIDE = Emu(12192000)  # 16:9 at the default template's 7.5 in height (13.333 in)
TITLE_SIZE, BODY_SIZE = Pt(36), Pt(24)
TITLE_SLIDE, TITLE_AND_CONTENT, TITLE_ONLY = 0, 1, 5  # layouts of python-pptx's default template
# (left, top, width, height): a one-line title, so the body has room for a scenario and its options.
TITLE_BOX = (Inches(0.4), Inches(0.2), Inches(12.53), Inches(0.85))
BODY_BOX = (Inches(0.4), Inches(1.15), Inches(12.53), Inches(6.15))
# Text boxes do not report overflow, so a slide's text is budgeted: body lines are set 27 pt apart
# with 4 pt before each paragraph, and Calibri averages 0.40 em a character in the course's text
# (measured with Carlito, its metric twin); 0.44 em leaves room for word wrapping.
LINE_HEIGHT, PARAGRAPH_GAP, CHAR_WIDTH = Pt(27), Pt(4), Pt(24 * 0.44)
SVG = "{http://www.w3.org/2000/svg}"

_MARKDOWN = MarkdownIt("commonmark")


def decks(course: Course, site_name: str, site_url: str) -> dict[str, bytes]:
    """Every module's deck, by its path in the site."""
    return {slides_file(m.meta.id): deck(m, course, site_name, site_url) for m in course.modules}


def deck(module: Module, course: Course, site_name: str, site_url: str) -> bytes:
    meta = module.meta
    prs = _wide_presentation()
    props = prs.core_properties
    props.title, props.subject = meta.title, f"{site_name}: module {meta.order}"
    props.author = props.last_modified_by = site_name
    props.revision = 1

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_SLIDE])
    slide.shapes.title.text = meta.title
    subtitle = slide.placeholders[1].text_frame
    subtitle.text = f"{site_name}\nModule {meta.order} · about {meta.duration_minutes} minutes online"
    for paragraph in subtitle.paragraphs:  # the template's subtitle grey is too pale for a projector
        paragraph.runs[0].font.color.theme_color = MSO_THEME_COLOR.TEXT_1

    _bullet_slides(prs, "Learning outcomes", [[(o.text, None, False)] for o in meta.objectives])
    for svg in sorted((course.root / module.folder).glob("*.svg")):
        _diagram_slide(prs, svg.read_bytes())
    body = module_body(module, course)
    _bullet_slides(prs, KEY_POINTS, _paragraphs(section(body, KEY_POINTS), module.page, course))
    for label, item in numbered(course, module):
        _question_slides(prs, label, item)
    reading = _paragraphs(section(body, FURTHER_READING), module.page, course)
    if public_address(site_url):
        reading.append([("Take the course online: ", None, False), (site_url, site_url, False)])
    if reading:
        _bullet_slides(prs, FURTHER_READING, reading)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _wide_presentation() -> Presentation:
    """The default template stretched to 16:9: its master and layouts too, so slides a trainer
    adds later fit the width as well."""
    prs = Presentation()
    scale = WIDE / prs.slide_width
    prs.slide_width = WIDE
    for shapes in [prs.slide_master.shapes, *(layout.shapes for layout in prs.slide_layouts)]:
        for shape in shapes:
            shape.left, shape.width = Emu(round(shape.left * scale)), Emu(round(shape.width * scale))
    for layout in (TITLE_AND_CONTENT, TITLE_ONLY):
        for placeholder in prs.slide_layouts[layout].placeholders:
            box = {0: TITLE_BOX, 1: BODY_BOX}.get(placeholder.placeholder_format.idx)
            if box:
                placeholder.left, placeholder.top, placeholder.width, placeholder.height = box
    return prs


# A paragraph is a list of runs: (text, link or None, bold).
Run = tuple[str, "str | None", bool]


def _paragraphs(markdown: str, page: str, course: Course) -> list[list[Run]]:
    """Each list item or paragraph of Markdown as runs, citations as "(Author, year)"."""
    markdown = CITATION.sub(lambda m: citation(m.group(1), page, course), markdown)
    paragraphs = []
    for token in _MARKDOWN.parse(markdown):
        if token.type != "inline":
            continue
        runs, link, bold = [], None, False
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                runs.append((child.content, link, bold))
            elif child.type in ("softbreak", "hardbreak"):
                runs.append((" ", link, bold))
            elif child.type == "link_open":
                href = child.attrs.get("href", "")
                link = href if urlsplit(str(href)).scheme in ("http", "https", "mailto") else None
            elif child.type == "link_close":
                link = None
            elif child.type in ("strong_open", "strong_close"):
                bold = child.type == "strong_open"
        paragraphs.append(runs)
    return paragraphs


# Slides --------------------------------------------------------------------------------------

def _content_slide(prs: Presentation, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    _set_title(slide, title)
    return slide, slide.placeholders[1].text_frame


def _set_title(slide, title: str) -> None:
    """36 pt, or 28 pt when that is too long for one line."""
    slide.shapes.title.text = title
    fits = len(title) * TITLE_SIZE * 0.44 < TITLE_BOX[2] - Inches(0.2)
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = TITLE_SIZE if fits else Pt(28)


# Inside the body: less the frame's insets (0.1 in each side, 0.05 in top and bottom) and a bullet's indent.
ROOM = BODY_BOX[3] - Inches(0.1)
PER_LINE = (BODY_BOX[2] - Inches(0.2) - Inches(0.375)) // CHAR_WIDTH


def _height(paragraphs: list[list[Run]]) -> int:
    lines = sum(max(1, math.ceil(sum(len(text) for text, _, _ in p) / PER_LINE)) for p in paragraphs)
    return lines * LINE_HEIGHT + len(paragraphs) * PARAGRAPH_GAP


def _bullet_slides(prs: Presentation, title: str, paragraphs: list[list[Run]]) -> None:
    """One slide of bullets, or as many as the text needs, each titled "... (continued)"."""
    slide, frame = _content_slide(prs, title)
    on_slide: list[list[Run]] = []
    for paragraph in paragraphs:
        if on_slide and _height([*on_slide, paragraph]) > ROOM:
            slide, frame = _content_slide(prs, f"{title} (continued)")
            on_slide = []
        _add_paragraph(frame, paragraph, first=not on_slide)
        on_slide.append(paragraph)


def _add_paragraph(frame, runs: list[Run], first: bool, bullet: bool = True, size=BODY_SIZE):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    for text, link, bold in runs:
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold = size, bold or None
        if link:
            run.hyperlink.address = link
    paragraph.line_spacing, paragraph.space_before = LINE_HEIGHT, PARAGRAPH_GAP
    if not bullet:
        _no_bullet(paragraph)


def _no_bullet(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", "0")
    p_pr.set("indent", "0")
    p_pr.insert(0, p_pr.makeelement(qn("a:buNone"), {}))


def _diagram_slide(prs: Presentation, svg: bytes) -> None:
    """The diagram as a picture under its SVG title, described by its SVG description (alt text)."""
    root = ET.fromstring(svg)
    title = " ".join((root.findtext(f"{SVG}title") or "Diagram").split())
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _set_title(slide, title)
    png = _png(svg)
    top = slide.shapes.title.top + slide.shapes.title.height
    room_w, room_h = prs.slide_width - Inches(1), prs.slide_height - top - Inches(0.3)
    picture = slide.shapes.add_picture(io.BytesIO(png), 0, top)
    scale = min(room_w / picture.width, room_h / picture.height)
    picture.width, picture.height = Emu(round(picture.width * scale)), Emu(round(picture.height * scale))
    picture.left = Emu((prs.slide_width - picture.width) // 2)
    description = " ".join((root.findtext(f"{SVG}desc") or title).split())
    picture._element.nvPicPr.cNvPr.set("descr", description)


@functools.lru_cache(maxsize=32)  # `make serve` rebuilds every deck on every save
def _png(svg: bytes) -> bytes:
    return cairosvg.svg2png(bytestring=svg, output_width=1600)  # sharp on a 1080p projector


def _question_slides(prs: Presentation, label: str, item: BankQuestion) -> None:
    """The scenario, the question and the options on one slide; when that is too much text for
    24 pt, the options go on a second slide under the question again. Answers only in the notes."""
    question = item.question
    kind = "choose one answer" if question.type == "single" else "choose all that apply"
    title = f"Scenario {label}: {kind}"
    scenario = [(" ".join(question.scenario.split()), None, False)]
    asked = [(" ".join(question.question.split()), None, True)]
    options = shown_options(item)
    lettered = [[(f"{LETTERS[i]}. {option.text}", None, False)] for i, option in enumerate(options)]

    slide, frame = _content_slide(prs, title)
    _add_paragraph(frame, scenario, first=True, bullet=False)
    _add_paragraph(frame, asked, first=False, bullet=False)
    if _height([scenario, asked, *lettered]) > ROOM:
        slide.notes_slide.notes_text_frame.text = "The options are on the next slide; the answers are in its notes."
        slide, frame = _content_slide(prs, f"{title} (continued)")
        _add_paragraph(frame, asked, first=True, bullet=False)
    for paragraph in lettered:
        _add_paragraph(frame, paragraph, first=False, bullet=False)
    slide.notes_slide.notes_text_frame.text = _answer_notes(label, item, options)


def _answer_notes(label: str, item: BankQuestion, options: list) -> str:
    right = [LETTERS[i] for i, option in enumerate(options) if option.correct]
    lines = [f"Scenario {label}. Right answer{'s' if len(right) > 1 else ''}: {' and '.join(right)}.", ""]
    for i, option in enumerate(options):
        mark = "Correct" if option.correct else "Not correct"
        lines += [f"{LETTERS[i]}. {mark}: {option.text}", f"Feedback: {' '.join(option.feedback.split())}", ""]
    return "\n".join(lines).strip()
