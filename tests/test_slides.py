"""The trainers' slide decks (hooks/slides.py): every deck opened with python-pptx and checked
against the course it was made from, and a build that publishes them and links them from the guides."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, mkdocs_build
from pptx import Presentation
from pptx.util import Pt

from hooks import slides
from hooks.course import KEY_POINTS, load_course
from hooks.trainer_pack import module_body, numbered, section, shown_options, slides_file

COURSE = load_course(ROOT)[0]
SITE_NAME = "Family Involvement Training"
PUBLIC_URL = "https://training.example.org/"


@pytest.fixture(scope="module")
def decks() -> dict:
    return {path: Presentation(io.BytesIO(data))
            for path, data in slides.decks(COURSE, SITE_NAME, PUBLIC_URL).items()}


def texts(slide) -> list[str]:
    """Every paragraph on the slide, in order (titles included), as the audience sees it."""
    return [p.text for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def titled(deck, start: str) -> list:
    return [s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text.startswith(start)]


def test_a_deck_for_every_module_with_title_outcomes_and_further_reading(decks):
    assert set(decks) == {slides_file(m.meta.id) for m in COURSE.modules}
    for module in COURSE.modules:
        deck = decks[slides_file(module.meta.id)]
        assert deck.slide_width * 9 == deck.slide_height * 16
        first, last = deck.slides[0], deck.slides[-1]
        assert first.shapes.title.text == module.meta.title
        outcomes = [t for s in titled(deck, "Learning outcomes") for t in texts(s)[1:]]
        assert outcomes == [o.text for o in module.meta.objectives]
        assert last.shapes.title.text.startswith(slides.FURTHER_READING)
        assert texts(last)[-1] == f"Take the course online: {PUBLIC_URL}"
        reading = section(module_body(module, COURSE), slides.FURTHER_READING)
        shown = [t for s in titled(deck, slides.FURTHER_READING) for t in texts(s)[1:]]
        assert len(shown) == reading.count("\n- ") + 1 + 1  # every item, and the address
        key_points = section(module_body(module, COURSE), KEY_POINTS)
        assert sum(len(texts(s)) - 1 for s in titled(deck, KEY_POINTS)) == key_points.count("\n- ") + 1


def test_one_slide_per_question_with_the_options_in_the_answer_keys_order_and_no_answers(decks):
    for module in COURSE.modules:
        deck = decks[slides_file(module.meta.id)]
        labels = numbered(COURSE, module)
        assert len(labels) == len(COURSE.questions_of(module.meta.id))
        for label, item in labels:
            question = item.question
            shown = [t for s in titled(deck, f"Scenario {label}:") for t in texts(s)]
            assert shown[1] == " ".join(question.scenario.split())
            assert " ".join(question.question.split()) in shown
            options = [f"{'ABCDEF'[i]}. {o.text}" for i, o in enumerate(shown_options(item))]
            assert shown[-len(options):] == options
        for slide in deck.slides:
            on_slide = " ".join(texts(slide))
            assert "Correct" not in on_slide and "Right answer" not in on_slide
            for item in COURSE.questions_of(module.meta.id):
                for option in item.question.options:
                    assert " ".join(option.feedback.split()) not in on_slide


def test_the_notes_hold_the_right_answers_and_every_options_feedback(decks):
    for module in COURSE.modules:
        deck = decks[slides_file(module.meta.id)]
        for label, item in numbered(COURSE, module):
            text = notes(titled(deck, f"Scenario {label}:")[-1])  # the slide with the options
            options = shown_options(item)
            right = [f"{'ABCDEF'[i]}. Correct: {o.text}" for i, o in enumerate(options) if o.correct]
            assert right and all(line in text for line in right)
            assert all(" ".join(o.feedback.split()) in text for o in options)
            assert text.count("Not correct:") == sum(not o.correct for o in options)


def test_large_editable_text_and_described_diagrams(decks):
    for module in COURSE.modules:
        deck = decks[slides_file(module.meta.id)]
        sizes = [run.font.size for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
                 for p in shape.text_frame.paragraphs for run in p.runs if run.font.size is not None]
        assert sizes and min(sizes) >= Pt(24)
        pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
        diagrams = sorted((COURSE.root / module.folder).glob("*.svg"))
        assert len(pictures) == len(diagrams)  # the only pictures: no images of text
        for picture, svg in zip(pictures, diagrams, strict=True):
            desc = ET.parse(svg).getroot().findtext("{http://www.w3.org/2000/svg}desc")
            assert picture._element.nvPicPr.cNvPr.get("descr") == " ".join(desc.split())
            assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
            assert picture.top + picture.height <= deck.slide_height


def test_a_local_course_address_is_left_out():
    module = COURSE.modules[0]
    deck = Presentation(io.BytesIO(slides.deck(module, COURSE, SITE_NAME, "http://127.0.0.1:8000/")))
    assert not any("127.0.0.1" in t or "Take the course online" in t for s in deck.slides for t in texts(s))


def test_yaml_text_appears_literally_and_a_long_question_continues_on_a_second_slide(sample):
    hostile = "<b>&amp;</b> *not bold* [not a link](x.md)"
    sample.replace("quizzes/sample.yml", "text: That Ann came today.", f"text: '{hostile}'")
    long = " ".join(["Ann's mother phones the service and talks for a long time about the family."] * 12)
    sample.replace("quizzes/sample.yml", "scenario: Ann's mother phones the service.", f"scenario: {long}")
    course = load_course(sample.root)[0]
    deck = Presentation(io.BytesIO(slides.deck(course.modules[0], course, "Sample", "")))
    [first, second] = titled(deck, "Scenario 1.1:")
    assert second.shapes.title.text.endswith("(continued)")
    assert texts(first)[1] == long and "A. " not in " ".join(texts(first))
    assert f"{_letter_of(course, hostile)}. {hostile}" in texts(second)
    assert hostile in notes(second) and "answers are in its notes" in notes(first)
    assert not titled(deck, slides.FURTHER_READING)  # the sample module has no further reading


def _letter_of(course, text: str) -> str:
    options = shown_options(course.questions["sample-levels"])
    return "ABCDEF"[[o.text for o in options].index(text)]


def test_the_build_publishes_the_decks_and_each_guide_links_to_its_own(sample, tmp_path):
    for page in ("progress", "completion-record"):  # the module footer links to them
        sample.write(f"docs/{page}.md", f"# {page}\n")
    sample.replace("mkdocs.yml", "  - References: references.md",
                   "  - progress.md\n  - completion-record.md\n  - References: references.md")
    site = tmp_path / "site"
    result = mkdocs_build(sample.root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    deck = Presentation(site / slides_file("sample"))
    assert deck.slides[0].shapes.title.text == "A sample module"
    guide = (site / "trainers" / "guides" / "sample" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../slides/sample.pptx">Slides for this module (PowerPoint)</a>' in guide
