"""The trainers' pack: its checks on the sample course, and its generated pages in the real site,
compared with the quiz banks and module pages they are made from."""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT, normalised, pdf_pages, visible_text

from hooks import render, trainer_pack
from hooks.course import load_course
from hooks.service import WORDING

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


def test_card_marker_with_unknown_question(sample):
    sample.replace(GUIDE, "Discuss what", "Card <!-- md:card sample-levles -->. Discuss what")
    only(sample.problems(), f"{GUIDE}:13", "no question has the id 'sample-levles'")


def test_unknown_handout_extra(sample):
    sample.replace(GUIDE, "module: sample\n", "module: sample\nhandout: [information-sharing-levles]\n")
    only(sample.problems(), f"{GUIDE}:3", "the handout extra 'information-sharing-levles' is not known")


def test_known_handout_extra_is_kept(sample):
    sample.replace(GUIDE, "module: sample\n", "module: sample\nhandout: [information-sharing-levels]\n")
    course, problems = load_course(sample.root)
    assert not problems and course.handout_extras == {"sample": ["information-sharing-levels"]}


def test_module_without_key_points(sample):
    sample.replace(MODULE, "## Key points", "## Summary")
    only(sample.problems(), f"{MODULE}:1", "the module has no '## Key points' section")


# Generated pages of the real site ---------------------------------------------------------

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


def test_each_modules_answer_key_has_its_questions_and_options_with_the_right_ones_marked(built):
    site, course = built
    for module in course.modules:
        key = content(page_html(site, trainer_pack.answer_key_page(module.meta.id)))
        assert 'class="quiz' not in key and "<input" not in key, "the key must not be an interactive quiz"
        sections = dict(re.findall(r'<h2 class="pack-question" id="([^"]+)">(.*?)(?=<h2 |\Z)', key, re.S))
        assert list(sections) == [item.question.id for item in course.questions_of(module.meta.id)]
        for question_id, body in sections.items():
            check_key_entry(course.questions[question_id].question, body)


def check_key_entry(question, section: str) -> None:
    """Every option of the question in the key's section, marked in words, with its feedback."""
    options = re.findall(r'<div class="pack-option pack-(correct|wrong)">(.*?)</div>', section, re.S)
    assert len(options) == len(question.options), question.id
    shown = {}
    for kind, body in options:
        text = visible_text(body)
        label = "Correct answer:" if kind == "correct" else "Not correct:"
        assert re.match(rf"[A-F]\. {label} ", text), text  # marked in words, not by colour alone
        shown[text.split(f"{label} ", 1)[1].split(" Feedback:")[0]] = (kind == "correct", text)
    for option in question.options:
        correct, text = shown[visible_text(option.text)]
        assert correct == option.correct, (question.id, option.text)
        assert f"Feedback: {before_citation(option.feedback)}" in text
    assert plain(question.scenario) in visible_text(section)
    for key_name in question.sources:
        assert f'href="../../../references/#{key_name}"' in section


def test_scenario_cards_show_every_scenario_without_answers(built):
    site, course = built
    feedback = [before_citation(o.feedback) for item in course.questions.values() for o in item.question.options]
    for module in course.modules:
        cards = content(page_html(site, trainer_pack.cards_page(module.meta.id)))
        bodies = re.findall(r'<div class="pack-card">(.*?)</div>', cards, re.S)
        items = course.questions_of(module.meta.id)
        assert len(bodies) == len(items) >= 8
        for (label, item), body in zip(trainer_pack.numbered(course, module), bodies, strict=True):
            text = visible_text(body)
            assert f"Card {label}" in text and plain(item.question.scenario) in text
            assert all(visible_text(o.text) in text for o in item.question.options)
        text = visible_text(cards)
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
        page = content(page_html(site, trainer_pack.handout_page(module.meta.id)))
        text = visible_text(page)
        assert module.meta.title in text and f'href="../../../modules/{module.meta.id}/"' in page
        for bullet in bullets + [plain(o.text) for o in module.meta.objectives]:
            assert bullet in text, (module.meta.id, bullet)


def test_questionnaire_asks_about_every_objective_under_a_header_for_who_and_when(built):
    site, course = built
    page = content(page_html(site, trainer_pack.QUESTIONNAIRE))
    header = visible_text(page.split("<thead>", 1)[1].split("</thead>", 1)[0])
    assert all(words in header for words in ("Name", "Date", "Before the training", "After the training"))
    assert page.count("<thead>") == 1, "one table, so the header repeats on every printed sheet"
    for module in course.modules:
        rows = page.split(f'id="questionnaire-{module.meta.id}"', 1)[1].split("</tbody>", 1)[0]
        assert [plain(o.text)[1:] in visible_text(row) for o, row in
                zip(module.meta.objectives, re.findall(r"<tr>(.*?)</tr>", rows, re.S), strict=True)]


def test_whole_course_has_every_module_and_scenario_but_no_answers(built):
    site, course = built
    page = content(page_html(site, trainer_pack.WHOLE_COURSE))
    text = visible_text(page)
    assert 'class="quiz' not in page and "md:" not in page
    positions = [text.find(f"Module {m.meta.order}: {m.meta.title}") for m in course.modules]
    assert -1 not in positions and positions == sorted(positions)
    scenarios = visible_text(" ".join(re.findall(r"<blockquote>(.*?)</blockquote>", page, re.S)))
    for item in course.questions.values():
        assert plain(item.question.scenario) in scenarios
        # Feedback may repeat the lesson's words; it must not appear with the scenarios and options.
        assert not any(before_citation(o.feedback) in scenarios for o in item.question.options)


def test_every_guide_starts_with_its_learning_outcomes_and_shows_its_scenarios(built):
    site, course = built
    for module in course.modules:
        page = content(page_html(site, trainer_pack.guide_page(module.meta.id)))
        assert "md:scenario" not in page
        outcomes = visible_text(page.split('id="learning-outcomes"', 1)[1].split("<h2", 1)[0])
        assert all(plain(o.text) in outcomes for o in module.meta.objectives), module.meta.id
        for question_id in re.findall(r"md:scenario ([\w-]+)",
                                      (ROOT / "docs" / trainer_pack.guide_page(module.meta.id)).read_text()):
            scenario = plain(course.questions[question_id].question.scenario)
            assert scenario in visible_text(page)


# Session packs, titles, addresses, index, plans --------------------------------------------

def test_each_session_pack_has_the_key_questionnaire_cards_cutouts_and_handout(built):
    site, course = built
    for module in course.modules:
        page = content(page_html(site, trainer_pack.session_pack_page(module.meta.id)))
        items = course.questions_of(module.meta.id)
        assert re.findall(r'<h3 class="pack-question" id="([^"]+)">', page) == [i.question.id for i in items]
        assert len(re.findall(r'<div class="pack-option pack-correct">', page)) == sum(
            o.correct for i in items for o in i.question.options)
        rating = page.split('<table class="pack-rating-table">', 1)[1].split("</table>", 1)[0]
        assert "Name" in rating and "Before the training" in rating
        assert all(plain(o.text)[1:] in visible_text(rating) for o in module.meta.objectives)
        assert page.count('<div class="pack-card">') == len(items)
        guide = (ROOT / "docs" / trainer_pack.guide_page(module.meta.id)).read_text(encoding="utf-8")
        titles = re.findall(r'^!!! (brief|sort) "([^"]+)"', guide, re.M)
        shown = re.findall(r'<div class="admonition (brief|sort)">\s*<p class="admonition-title">([^<]+)</p>', page)
        assert shown == [(kind, html.escape(title, quote=False)) for kind, title in titles]
        handout = visible_text(page.split('<div class="pack-handout pack-part">', 1)[1])
        assert f"Handout: {module.meta.title}" in handout
        assert all(plain(o.text) in handout for o in module.meta.objectives)
        for part in ("Confidence questionnaire", "Scenario cards", "Handout"):  # each on new sheets in print
            assert re.search(rf'<(h2|div) [^>]*class="[^"]*pack-part[^"]*"[^>]*>(\s*<h2[^>]*>)?{part}', page), part


def test_handouts_show_the_extras_their_guides_ask_for(built):
    site, course = built
    assert "information-sharing-levels" in course.handout_extras["confidentiality"], "the guide promises the table"
    for module in course.modules:
        for page in (trainer_pack.handout_page(module.meta.id), trainer_pack.session_pack_page(module.meta.id)):
            text = visible_text(content(page_html(site, page)))
            shows = "The three levels of information sharing" in text
            assert shows == ("information-sharing-levels" in course.handout_extras[module.meta.id]), page
            if shows:
                for n, level in WORDING["levels"].items():
                    for words in (f"Level {n}: {level['name']}", level["shared"], level["not_shared"]):
                        assert " ".join(words.split()) in text, (page, words)


def test_each_printable_has_its_own_tab_title(built):
    site, course = built
    kinds = {trainer_pack.guide_page: "Guide", trainer_pack.cards_page: "Scenario cards",
             trainer_pack.handout_page: "Handout", trainer_pack.session_pack_page: "Session pack",
             trainer_pack.answer_key_page: "Answer key"}
    titles = []
    for module in course.modules:
        for page_of, kind in kinds.items():
            page = page_html(site, page_of(module.meta.id))
            titles.append(html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)))
            assert titles[-1].startswith(f"{kind}: {module.meta.title} - "), titles[-1]
    assert len(set(titles)) == len(titles)


def test_no_trainers_page_shows_a_local_address(built):
    """The test site is built for http://127.0.0.1:<port>/, which counts as the local default."""
    site, _ = built
    pages = sorted((site / "trainers").rglob("*.html"))
    assert len(pages) > 40
    assert [p for p in pages if "127.0.0.1" in p.read_text(encoding="utf-8")] == []


def test_public_address_is_shown_on_handouts():
    assert not trainer_pack.public_address("") and not trainer_pack.public_address("http://127.0.0.1:8000/")
    assert not trainer_pack.public_address("http://localhost:8000/")
    assert trainer_pack.public_address("https://training.example.org/")
    course = load_course(ROOT)[0]
    module = course.modules[0]
    assert "`https://training.example.org/modules/" in trainer_pack.handout(module, course, "https://training.example.org/")
    assert "127.0.0.1" not in trainer_pack.handout(module, course, "http://127.0.0.1:8000/")


def test_index_links_to_every_printable(built):
    site, course = built
    page = content((site / "trainers" / "index.html").read_text(encoding="utf-8"))
    listed = page.split('id="print-what-you-need"', 1)[1].split("<h2", 1)[0]
    hrefs = set(re.findall(r'href="([^"#]+)"', listed))
    wanted = {trainer_pack.QUESTIONNAIRE, trainer_pack.WHOLE_COURSE}
    for module in course.modules:
        wanted |= {of(module.meta.id) for of in (trainer_pack.session_pack_page, trainer_pack.answer_key_page,
                                                trainer_pack.cards_page, trainer_pack.handout_page,
                                                trainer_pack.guide_page, trainer_pack.slides_file)}
    as_links = {(p if p.endswith(".pptx") else p.removesuffix(".md") + "/").removeprefix("trainers/") for p in wanted}
    assert as_links <= hrefs, as_links - hrefs
    for href in hrefs:
        assert (site / "trainers" / href / ("" if href.endswith(".pptx") else "index.html")).is_file(), href


def plan_rows(page: str, heading: str) -> list[list[str]]:
    table = re.split(rf">{heading}<(?:/h3|a )", page, maxsplit=1)[1].split("</table>", 1)[0]
    return [[visible_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)]


def test_plans_name_their_cards_and_the_90_minute_plan_has_questionnaire_slots(built):
    site, course = built
    for module in course.modules:
        page = content(page_html(site, trainer_pack.guide_page(module.meta.id)))
        assert "md:card" not in page
        source = (ROOT / "docs" / trainer_pack.guide_page(module.meta.id)).read_text(encoding="utf-8")
        labels = {item.question.id: label for label, item in trainer_pack.numbered(course, module)}
        cited = re.findall(r"md:card ([\w-]+)", source)
        assert cited and set(cited) <= set(labels), module.meta.id  # this module's own cards
        plans = ""
        for heading in ("60-minute session", "90-minute session", "Half-day course"):
            rows = plan_rows(page, heading)
            text = " ".join(" ".join(row) for row in rows)
            assert re.search(rf"Cards? {module.meta.order}\.\d", text), (module.meta.id, heading)
            plans += text
            times = [tuple(map(int, re.match(r"(\d+)–(\d+) min", row[0]).groups())) for row in rows]
            assert times[0][0] == 0 and all(a[1] == b[0] for a, b in zip(times, times[1:], strict=False)), (module.meta.id, heading, times)
        rows = plan_rows(page, "90-minute session")
        assert rows[0][1] == "Confidence questionnaire: before" and rows[-1][1] == "Confidence questionnaire: after"
        assert rows[-1][0] == "87–90 min"
        shown = set(re.findall(rf"\b{module.meta.order}\.\d+\b", plans))
        assert shown == {labels[question_id] for question_id in cited}, module.meta.id


# Printing (Chromium) ------------------------------------------------------------------------

def printed_sheets(page, url: str) -> list[str]:
    """Each printed A4 sheet's text, squashed."""
    page.goto(url)
    return [squash(sheet) for sheet in pdf_pages(page.pdf(format="A4"))]


def squash(text: str) -> str:
    """Letters and digits only: PDF text differs in spaces, ligatures, bullets and line breaks."""
    return re.sub(r"\W+", "", normalised(text))


def on_one_sheet(sheets: list[str], text: str) -> bool:
    """Every line of the text on the same sheet (a PDF keeps a line's words in order, but may
    hold bold titles apart from the paragraphs)."""
    lines = [squash(line) for line in text.splitlines() if squash(line)]
    return any(all(line in sheet for line in lines) for sheet in sheets)


def has_header(sheet: str) -> bool:
    return "Name" in sheet and "Before" in sheet and "After" in sheet


def test_every_questionnaire_sheet_has_the_name_date_and_before_after_header(page, site_url):
    course = load_course(ROOT)[0]
    sheets = printed_sheets(page, f"{site_url}/{trainer_pack.QUESTIONNAIRE.removesuffix('.md')}/")
    objectives = [o.text for m in course.modules for o in m.meta.objectives]
    assert 1 < len(sheets) < len(course.modules), "fewer sheets than one per module"
    assert all(has_header(sheet) for sheet in sheets), [s[:60] for s in sheets if not has_header(s)]
    assert all(on_one_sheet(sheets, text[1:]) for text in objectives)


CUTOUT_CARDS = ".admonition.brief, .admonition.sort li"  # a brief is one card; each item of a sort is a card


def test_session_pack_prints_its_parts_with_cards_never_split(page, site_url):
    course = load_course(ROOT)[0]
    module = next(m for m in course.modules if m.meta.id == "confidentiality")
    sheets = printed_sheets(page, f"{site_url}/{trainer_pack.session_pack_page(module.meta.id).removesuffix('.md')}/")
    rating = [i for i, sheet in enumerate(sheets) if squash(module.meta.objectives[0].text[1:]) in sheet
              and "Howconfidentareyou" in sheet]
    assert len(rating) == 1, "the module's questionnaire on one sheet"
    assert has_header(sheets[rating[0]])
    assert all(on_one_sheet(sheets[rating[0]:rating[0] + 1], o.text[1:]) for o in module.meta.objectives)
    # Each part starts a new sheet: the questionnaire's sheet holds no answer key and no card.
    assert "Correctanswer" not in sheets[rating[0]] and squash(f"Card {module.meta.order}.1") not in sheets[rating[0]]
    head = squash(f"Session pack: Module {module.meta.order}: {module.meta.title}")
    assert [n for n, sheet in enumerate(sheets, 1) if head not in sheet or squash(f"Page {n} of {len(sheets)}") not in sheet] == []
    for label, item in trainer_pack.numbered(course, module):
        assert on_one_sheet(sheets, f"Card {label}") and on_one_sheet(sheets, item.question.scenario)
    page.emulate_media(media="print")
    cutouts = page.eval_on_selector_all(CUTOUT_CARDS, "cards => cards.map(c => c.innerText)")
    page.goto(f"{site_url}/{trainer_pack.guide_page(module.meta.id).removesuffix('.md')}/")
    assert len(cutouts) == page.locator(CUTOUT_CARDS).count() > 0, "every card of the guide is in the pack"
    split = [text[:60] for text in cutouts if not on_one_sheet(sheets, text)]
    assert split == [], "cut-out cards split across sheets"
    handout = [i for i, sheet in enumerate(sheets) if squash(f"Handout: {module.meta.title}") in sheet]
    assert handout == [len(sheets) - 1], "the handout is the last sheet, on one sheet"


def test_guides_print_their_cutout_cards_whole(page, site_url):
    """Every guide keeps each cut-out card in one piece on paper; the guide with the most card text
    is printed to check that it really does."""
    course = load_course(ROOT)[0]
    cards = {}
    page.emulate_media(media="print")
    for module in course.modules:
        page.goto(f"{site_url}/{trainer_pack.guide_page(module.meta.id).removesuffix('.md')}/")
        cards[module.meta.id] = page.eval_on_selector_all(".admonition.brief", "cards => cards.map(c => c.innerText)")
        assert cards[module.meta.id], module.meta.id
        breaks = page.eval_on_selector_all(".admonition.brief", "cards => cards.map(c => getComputedStyle(c).breakInside)")
        assert set(breaks) == {"avoid"}, module.meta.id
    most = max(cards, key=lambda module_id: sum(map(len, cards[module_id])))
    page.emulate_media(media="screen")
    sheets = printed_sheets(page, f"{site_url}/{trainer_pack.guide_page(most).removesuffix('.md')}/")
    assert [t[:60] for t in cards[most] if not on_one_sheet(sheets, t)] == [], most
