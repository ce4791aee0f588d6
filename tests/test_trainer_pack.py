"""The trainers' pack: its checks on the sample course, and its generated pages in the real site,
compared with the quiz banks and module pages they are made from."""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT

from hooks import render, trainer_pack
from hooks.course import load_course

GUIDE = "docs/trainers/guides/sample.md"
MODULE = "modules/01-sample/index.md"


def only(problems: list[str], start: str, words: str) -> None:
    assert len(problems) == 1, problems
    assert problems[0].startswith(start + ": ") and words in problems[0], problems
    assert problems[0].endswith(")"), "every problem says how to fix it"


# Checks -----------------------------------------------------------------------------------

def test_scenario_marker_with_unknown_question(sample):
    sample.replace(GUIDE, "md:scenario sample-levels", "md:scenario sample-levles")
    only(sample.problems(), f"{GUIDE}:11", "no question has the id 'sample-levles'")


def test_scenario_marker_without_an_id(sample):
    sample.replace(GUIDE, "md:scenario sample-levels", "md:scenario")
    only(sample.problems(), f"{GUIDE}:11", "the scenario marker must name exactly one question id")


def test_scenario_marker_does_not_count_as_embedding_the_question(sample):
    sample.replace(MODULE, "<!-- md:quiz sample-levels -->", "<!-- md:scenario sample-levels -->")
    only(sample.problems(), "quizzes/sample.yml:1", "the question 'sample-levels' is not embedded in any page")


def test_guide_for_unknown_module(sample):
    sample.write("docs/trainers/guides/other.md", "---\nmodule: smaple\n---\n\n# Facilitator guide: Other\n")
    only(sample.problems(), "docs/trainers/guides/other.md:2", "the guide's 'module' ('smaple') is not a module id")


def test_guide_named_after_another_module(sample):
    sample.write("docs/trainers/guides/other.md", "---\nmodule: sample\n---\n\n# Facilitator guide: Other\n")
    only(sample.problems(), "docs/trainers/guides/other.md:2", "must be named sample.md")


def test_module_without_a_guide(sample):
    (sample.root / GUIDE).unlink()
    only(sample.problems(), f"{MODULE}:2", "the module 'sample' has no facilitator guide")


def test_module_without_key_points(sample):
    sample.replace(MODULE, "## Key points", "## Summary")
    only(sample.problems(), f"{MODULE}:1", "the module has no '## Key points' section")


# Generated pages of the real site ---------------------------------------------------------

def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    blocks = re.sub(r"</?(p|li|ul|ol|div|h\d|blockquote|table|tr|td|th|br)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", blocks)).split())


def plain(markdown: str) -> str:
    """Markdown text as it reads on the page, without citations: "[a](b) *c*" -> "a c"."""
    markdown = re.sub(r"\s*\[@[^\]]*\]", "", markdown)
    markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_`]", "", markdown).split())


def before_citation(markdown: str) -> str:
    """The text up to the first citation, which the page renders as "(Author, year)"."""
    return plain(markdown.split("[@", 1)[0])


@pytest.fixture(scope="module")
def built(real_site):
    site, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    return site, load_course(ROOT)[0]


def page_html(site, src: str) -> str:
    return (site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def content(page: str) -> str:
    """The page's own content, without the site's header, menus and footer."""
    return page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def test_answer_key_has_every_question_and_option_with_the_right_ones_marked(built):
    site, course = built
    key = content(page_html(site, trainer_pack.ANSWER_KEY))
    assert 'class="quiz' not in key and "<input" not in key, "the key must not be an interactive quiz"
    sections = dict(re.findall(r'<h3 id="([^"]+)"(.*?)(?=<h[23] |\Z)', key, re.S))
    assert set(sections) == set(course.questions)
    for question_id, item in course.questions.items():
        question = item.question
        options = re.findall(r'<div class="pack-option pack-(correct|wrong)">(.*?)</div>', sections[question_id], re.S)
        assert len(options) == len(question.options), question_id
        shown = {}
        for kind, body in options:
            text = text_of(body)
            label = "Correct answer:" if kind == "correct" else "Not correct:"
            assert re.match(rf"[A-F]\. {label} ", text), text  # marked in words, not by colour alone
            shown[text.split(f"{label} ", 1)[1].split(" Feedback:")[0]] = (kind == "correct", text)
        for option in question.options:
            correct, text = shown[text_of(option.text)]
            assert correct == option.correct, (question_id, option.text)
            assert f"Feedback: {before_citation(option.feedback)}" in text
        assert plain(question.scenario) in text_of(sections[question_id])
        for key_name in question.sources:
            assert f'href="../../references/#{key_name}"' in sections[question_id]


def test_scenario_cards_show_every_scenario_without_answers(built):
    site, course = built
    feedback = [before_citation(o.feedback) for item in course.questions.values() for o in item.question.options]
    for module in course.modules:
        cards = content(page_html(site, trainer_pack.cards_page(module.meta.id)))
        bodies = re.findall(r'<div class="pack-card">(.*?)</div>', cards, re.S)
        items = course.questions_of(module.meta.id)
        assert len(bodies) == len(items) >= 8
        for (label, item), body in zip(trainer_pack.numbered(course, module), bodies, strict=True):
            text = text_of(body)
            assert f"Card {label}" in text and plain(item.question.scenario) in text
            assert all(text_of(o.text) in text for o in item.question.options)
        text = text_of(cards)
        assert not any(f in text for f in feedback), module.meta.id
        assert not re.search(r"Correct answer|Not correct|Feedback", text) and "pack-correct" not in cards


def test_options_are_not_listed_right_answer_first(built):
    _, course = built
    first_correct = [render.shown_options(item)[0].correct for item in course.questions.values()]
    assert 0 < sum(first_correct) < len(first_correct)


def test_handouts_carry_each_modules_key_points(built):
    site, course = built
    for module in course.modules:
        key_points = trainer_pack.section(trainer_pack.module_body(module, course), "Key points")
        bullets = [before_citation(line[2:]) for line in key_points.splitlines() if line.startswith("- ")]
        assert len(bullets) >= 3, module.meta.id
        text = text_of(content(page_html(site, trainer_pack.handout_page(module.meta.id))))
        assert module.meta.title in text and f"/modules/{module.meta.id}/" in text
        for bullet in bullets + [plain(o.text) for o in module.meta.objectives]:
            assert bullet in text, (module.meta.id, bullet)


def test_questionnaire_asks_about_every_objective(built):
    site, course = built
    text = text_of(content(page_html(site, trainer_pack.QUESTIONNAIRE)))
    assert "Before the course" in text and "After the course" in text and "Name" in text
    for module in course.modules:
        for objective in module.meta.objectives:
            assert plain(objective.text)[1:] in text, objective.text


def test_whole_course_has_every_module_and_scenario_but_no_answers(built):
    site, course = built
    page = content(page_html(site, trainer_pack.WHOLE_COURSE))
    text = text_of(page)
    assert 'class="quiz' not in page and "md:" not in page
    positions = [text.find(f"Module {m.meta.order}: {m.meta.title}") for m in course.modules]
    assert -1 not in positions and positions == sorted(positions)
    scenarios = text_of(" ".join(re.findall(r"<blockquote>(.*?)</blockquote>", page, re.S)))
    for item in course.questions.values():
        assert plain(item.question.scenario) in scenarios
        # Feedback may repeat the lesson's words; it must not appear with the scenarios and options.
        assert not any(before_citation(o.feedback) in scenarios for o in item.question.options)


def test_every_guide_starts_with_its_learning_outcomes_and_shows_its_scenarios(built):
    site, course = built
    for module in course.modules:
        page = content(page_html(site, trainer_pack.guide_page(module.meta.id)))
        assert "md:scenario" not in page
        outcomes = text_of(page.split('id="learning-outcomes"', 1)[1].split("<h2", 1)[0])
        assert all(plain(o.text) in outcomes for o in module.meta.objectives), module.meta.id
        for question_id in re.findall(r"md:scenario ([\w-]+)",
                                      (ROOT / "docs" / trainer_pack.guide_page(module.meta.id)).read_text()):
            scenario = plain(course.questions[question_id].question.scenario)
            assert scenario in text_of(page)
