"""Word documents of the "Your service" pages, for a service to download and edit.

Each document is made from its page's Markdown (hooks/service_pages.py), so it says what the page
says: `#`/`##` headings become Heading 1/2, write-in lines and signature boxes (the HTML of
hooks/templates/_form.md.j2) become two-column tables (label, empty cell to write in), tick lists
become "☐" lines, Markdown tables become Word tables. The documents go to families, so citations are
left out and links to the course become plain text; web addresses (the service's website) stay links.
Text reaches Word through markdown-it and the HTML parser, which undo the pages' escaping, and
python-docx, which escapes it as XML: it stays text.
A4, 2 cm margins, the service's name and "Page x of y" (Word fields) in the footer.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin

from .schema import URL_SCHEMES
from .service import Service
from .service_pages import TITLES
from .templating import link_from, render
from .yaml_source import split_front_matter

_PARSER = MarkdownIt("commonmark").enable("table").use(admon_plugin)
# A citation the template wrote ([@key] or [@a; @b]), with the space before it; text from the
# settings reaches the page with its brackets escaped (\[), so it never matches.
_CITATION = re.compile(r"[ \t]*(?<!\\)\[@[^\]\n]*\]")
_ATTR_LIST = re.compile(r"^\{:[^}\n]*\}[ \t]*$", re.M)  # `{: .form-meta }` after a paragraph
# Characters XML 1.0 cannot hold (YAML's "\x07" escapes can put them in a setting).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TICK_BOX = "☐ "
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
LABEL_WIDTH, BLANK_WIDTH = Mm(60), Mm(110)  # a write-in row across the 170 mm between the margins
WRITE_IN_HEIGHT, SIGNATURE_HEIGHT = Cm(0.9), Cm(1.8)  # room to write by hand
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink blue
STYLES = ("Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number", "Intense Quote", "Table Grid")


def document_path(page: str) -> str:
    """"service/index.md" -> "service/family-involvement-policy.docx": named after the page's title."""
    return f"service/{re.sub(r'[^a-z0-9]+', '-', TITLES[page].lower()).strip('-')}.docx"


def documents(service: Service | None, pages: dict[str, str]) -> dict[str, bytes]:
    """The Word document of every service page, by its path in the site. None while the settings
    have problems (then `pages` are the notices that list them)."""
    if service is None:
        return {}
    return {document_path(src): document(markdown, service.name, TITLES[src]) for src, markdown in pages.items()}


def with_download_link(markdown: str, page: str, built: dict[str, bytes]) -> str:
    """The page with a link to its Word document at the end, when the document was built. At the
    end, so the page's own order (what families need first) stays as its template has it."""
    if page not in TITLES or document_path(page) not in built:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + render("word_download.md.j2", href=link_from(page, document_path(page)))


def document(markdown: str, service_name: str, title: str) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    _footer(section.footer.paragraphs[0], f"{service_name} · {title} · ")
    _uk_english(doc)
    doc.styles["Heading 1"].font.size = Pt(20)  # the template's 14 pt barely stands out from Heading 2
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, _xml(service_name), _xml(service_name)
    body = split_front_matter(markdown).body  # the page's settings for the site (e.g. hidden menus)
    source = _ATTR_LIST.sub("", _CITATION.sub("", body))
    _Writer(doc).write(_PARSER.parse(source))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _footer(paragraph, text: str) -> None:
    paragraph.add_run(_xml(text) + "Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    """A Word field such as PAGE: Word puts in its value when it shows or prints the page."""
    begin, separate, end = (_element("w:fldChar", {"w:fldCharType": kind}) for kind in ("begin", "separate", "end"))
    code = _element("w:instrText", {"xml:space": "preserve"}, f" {instruction} ")
    shown = _element("w:t", {}, "1")  # until Word works the field out
    for part in (begin, code, separate, shown, end):
        paragraph.add_run()._r.append(part)


def _element(tag: str, attributes: dict[str, str], text: str | None = None):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    if text is not None:
        element.text = text
    return element


def _uk_english(doc) -> None:
    """Spelling and grammar checked as UK English (the template's default is US English)."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    language.set(qn("w:val"), "en-GB")


class _Writer:
    """Writes markdown-it's tokens of a service page into a Word document."""

    def __init__(self, doc):
        self.doc = doc
        self.divs: list[str] = []  # the classes of the form's open <div>s
        self.lists: list[str] = []  # "List Bullet" or "List Number" for each open list
        self.admonition = False
        self.fields = None  # the write-in table that a following write-in line joins
        self.blank = None  # the empty cell of the last write-in row
        self.html = _FormHtml(self)
        # Styles are set by id: python-docx's lookup by name reads every style each time, which made
        # a document take half a second.
        self.style_ids = {name: doc.styles[name].style_id for name in STYLES}

    def add_paragraph(self, style: str | None = None):
        paragraph = self.doc.add_paragraph()
        if style:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def add_table(self, rows: int, columns: int):
        table = self.doc.add_table(rows=rows, cols=columns)
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        return table

    def write(self, tokens) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "html_block":
                self.html.feed(token.content)
                index += 1
                continue
            self.fields = self.blank = None  # anything else ends the write-in table
            if token.type == "table_open":
                index = self.table(tokens, index)
            else:
                self.block(token, tokens[index + 1] if index + 1 < len(tokens) else None)
            index += 1

    def block(self, token, following) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind in ("admonition_open", "admonition_close"):
            self.admonition = kind == "admonition_open"
        elif kind == "heading_open":
            self.runs(self.add_paragraph(f"Heading {min(int(token.tag[1]), 3)}"), following)
        elif kind == "admonition_title_open":
            self.runs(self.add_paragraph("Intense Quote"), following, bold=True)
        elif kind == "paragraph_open":
            self.paragraph(following)
        elif kind not in ("inline", "list_item_open", "list_item_close", "paragraph_close", "heading_close",
                          "admonition_title_close"):
            raise ValueError(f"a service page has Markdown ({kind}) that hooks/word_documents.py cannot write in Word")

    def paragraph(self, inline) -> None:
        if self.lists and "ticks" in self.divs:
            paragraph = self.add_paragraph()
            paragraph.add_run(TICK_BOX)
        elif self.lists:
            paragraph = self.add_paragraph(self.lists[-1])
        else:
            paragraph = self.add_paragraph("Intense Quote" if self.admonition else None)
        if paragraph._p.getprevious() is not None and paragraph._p.getprevious().tag == qn("w:tbl"):
            paragraph.paragraph_format.space_before = Pt(10)  # tables have no space of their own
        self.runs(paragraph, inline)

    def runs(self, paragraph, inline, bold: bool = False) -> None:
        """The inline Markdown as runs: bold and italics kept, links as their text, citations gone."""
        style = {"strong": False, "em": False}
        target = paragraph  # a web address's runs go in its hyperlink
        for child in inline.children:
            if child.type in ("strong_open", "strong_close", "em_open", "em_close"):
                kind, _, edge = child.type.partition("_")
                style[kind] = edge == "open"
            elif child.type in ("text", "code_inline", "softbreak"):
                run = paragraph.add_run(" " if child.type == "softbreak" else _xml(child.content))
                if bold or style["strong"]:
                    run.bold = True
                if style["em"]:
                    run.italic = True
                if target is not paragraph:
                    run.font.underline, run.font.color.rgb = True, LINK_COLOUR
                    target.append(run._r)
            elif child.type == "link_open" and urlsplit(child.attrs["href"]).scheme in URL_SCHEMES:
                target = _hyperlink(paragraph, child.attrs["href"])
            elif child.type == "link_close":
                target = paragraph
            elif child.type != "link_open":  # a link to a page of the site or course: its text only
                raise ValueError(f"a service page has Markdown ({child.type}) that hooks/word_documents.py "
                                 "cannot write in Word")

    def table(self, tokens, index: int) -> int:
        """A Markdown table as a Word table, its header row bold and repeated on each page."""
        rows: list[list] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline":
                rows[-1].append(token)
            index += 1
        table = self.add_table(len(rows), len(rows[0]))
        _share_width(table, [_room(row[column] for row in rows) for column in range(len(rows[0]))])
        for number, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            filled = [inline.content.replace("&nbsp;", "").strip() for inline in cells]  # &nbsp;: a blank cell
            for cell, inline, text in zip(row.cells, cells, filled, strict=True):
                if text:
                    self.runs(cell.paragraphs[0], inline, bold=number == 0)
            if not any(filled):  # a row to fill in by hand
                row.height, row.height_rule = WRITE_IN_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
        _repeat_as_header(table.rows[0])
        return index

    def open_div(self, name: str) -> None:
        self.divs.append(name)  # any other class only groups parts of the form
        if name == "write-line" and self.blank is not None:
            self.blank.add_paragraph()

    def close_div(self) -> None:
        self.divs.pop()

    def label(self, text: str) -> None:
        """A write-in line or signature box: a row of the form's table, label and empty cell."""
        if self.fields is None:
            self.fields = self.add_table(0, 2)
            self.fields.autofit = False
            for column, width in zip(self.fields.columns, (LABEL_WIDTH, BLANK_WIDTH), strict=True):
                column.width = width
        row = self.fields.add_row()
        row.cells[0].paragraphs[0].add_run(_xml(" ".join(text.split()))).bold = True
        for cell, width in zip(row.cells, (LABEL_WIDTH, BLANK_WIDTH), strict=True):
            cell.width = width
        row.height = SIGNATURE_HEIGHT if self.divs[-1] == "signature-box" else WRITE_IN_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_whole(row)
        self.blank = row.cells[1]


class _FormHtml(HTMLParser):
    """The form's HTML (hooks/templates/_form.md.j2): <div class="..."> and the <span> label in it."""

    def __init__(self, writer: _Writer):
        super().__init__(convert_charrefs=True)
        self.writer, self.text, self.in_style = writer, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "style":  # the printed page's running heads; a Word document has its own footer
            self.in_style = True
        elif tag == "div":
            self.writer.open_div(dict(attrs).get("class") or "")
        elif tag == "span":
            self.text = []
        else:
            raise ValueError(f"a service page has <{tag}>, which hooks/word_documents.py cannot write in Word")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        elif tag == "span":
            self.writer.label("".join(self.text))
            self.text = None
        elif tag == "div":
            self.writer.close_div()

    def handle_data(self, data):
        if self.in_style:
            return
        if self.text is not None:
            self.text.append(data)
        elif data.strip():
            raise ValueError(f"a service page has text outside a label in its HTML: {data.strip()!r}")


def _hyperlink(paragraph, url: str):
    element = _element("w:hyperlink", {"r:id": paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)})
    paragraph._p.append(element)
    return element


def _room(column) -> int:
    """The characters a column needs: its longest text up to 80 (longer wraps), and at least 30
    where it has a cell to write in."""
    texts = [cell.content.replace("&nbsp;", "").strip() for cell in column]
    return max(min(max(map(len, texts)), 80), 30 if not all(texts) else 0)


def _share_width(table, lengths: list[int]) -> None:
    """Columns as wide as `lengths` asks, none narrower than 2.5 cm: Word would fit them itself, but
    other programs keep the equal columns python-docx writes."""
    table.autofit = False
    widths = [max(Cm(2.5), int((LABEL_WIDTH + BLANK_WIDTH) * n / sum(lengths))) for n in lengths]
    widths = [int(width * (LABEL_WIDTH + BLANK_WIDTH) / sum(widths)) for width in widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _repeat_as_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _keep_whole(row) -> None:
    """Never split a write-in row or signature box across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
