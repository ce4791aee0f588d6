"""The learner's pages on a 390 px phone and on A4 paper, in real Chromium: the Start / Continue
button, tables that stack, question numbers and the jump link, touch targets, the one-page
certificate, reflections for CPD, and a search index without quiz answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, pdf_pages, visible_text

from hooks.course import load_course

COURSE, _ = load_course(ROOT)
PHONE = {"width": 390, "height": 844}
TOUCH = 44  # px: the smallest touch target

# A record with every module complete: the first module below the pass mark, the others passed.
SEED = """(name) => {
    const record = {modules: {}, name: name, last: null, reflections: {}};
    window.courseData.modules.forEach((module, m) => {
        const answers = {};
        module.questions.forEach((q, i) => answers[q] = {correct: m > 0 || i === 0});
        record.modules[module.id] = {answers: answers, completedOn: "2026-11-30"};
    });
    localStorage.setItem("fit-progress-v1", JSON.stringify(record));
}"""


def all_within_the_screen(page, selector: str) -> None:
    cells = page.locator(selector).all()
    assert cells, f"nothing matches {selector}"
    for cell in cells:
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, cell.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_start_then_continue_then_retake_on_the_home_page_and_the_course_map(page, site_url):
    page.set_viewport_size(PHONE)
    first, later = COURSE.modules[0], COURSE.modules[-1]
    for path in ["", "modules/"]:
        page.goto(f"{site_url}/{path}")
        button = page.locator(".continue-learning a.continue-button")
        assert button.inner_text() == "Start the course"
        assert button.get_attribute("href").rstrip("/").endswith(f"modules/{first.meta.id}")
        assert button.bounding_box()["height"] >= TOUCH
    page.locator(".continue-learning a.continue-button").click()
    page.wait_for_url(re.compile(f".*/modules/{first.meta.id}/"))

    page.goto(f"{site_url}/modules/{later.meta.id}/")  # opened, nothing answered: continue there
    for path in ["", "modules/", "progress/"]:
        page.goto(f"{site_url}/{path}")
        button = page.locator(".continue-learning a.continue-button")
        assert button.inner_text() == f"Continue: {later.meta.order}. {later.meta.title}"
        assert button.get_attribute("href").endswith(f"/modules/{later.meta.id}/")
        assert page.locator(".continue-detail .course-result").inner_text().startswith("Course not passed yet")

    page.evaluate(SEED, "Alex Morgan")
    page.goto(f"{site_url}/")
    assert page.locator(".continue-button").inner_text() == f"Retake: {first.meta.order}. {first.meta.title}"
    assert page.locator(".continue-detail .course-result").inner_text() == (
        "Course not passed yet: 1 module to retake (below the pass mark).")
    page.goto(f"{site_url}/progress/")
    assert page.locator("#progress-overview caption").inner_text() == page.locator(".continue-detail .course-result").inner_text()


def test_every_table_cell_fits_a_390px_phone(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/")
    page.evaluate(SEED, "Alex Morgan")
    page.goto(f"{site_url}/progress/")
    assert page.locator("#progress-overview tbody tr").count() == len(COURSE.modules)
    all_within_the_screen(page, "#progress-overview td")
    page.goto(f"{site_url}/completion-record/")
    assert page.locator("#completion-record tbody tr").count() == len(COURSE.modules)
    all_within_the_screen(page, "#completion-record td")
    page.goto(f"{site_url}/modules/")
    assert page.locator(".stack-on-phone tbody tr").count() == len(COURSE.modules)
    all_within_the_screen(page, ".stack-on-phone td")
    # each cell says which column it is
    assert page.locator(".stack-on-phone td").first.evaluate("td => getComputedStyle(td, '::before').content") == '"No.: "'


def test_a_module_page_numbers_its_questions_and_has_big_enough_targets(page, site_url):
    page.set_viewport_size(PHONE)
    module = COURSE.modules[1]
    ids = COURSE.page_questions[module.page]
    page.goto(f"{site_url}/modules/{module.meta.id}/")
    jump = page.get_by_role("link", name="Jump to the questions")
    assert jump.get_attribute("href").endswith(f"/modules/{module.meta.id}/#check-your-understanding")
    assert jump.bounding_box()["y"] < PHONE["height"]  # near the top, on the first screen
    jump.click()
    page.wait_for_url(re.compile(".*#check-your-understanding$"))
    heading = page.locator("#check-your-understanding")
    heading.wait_for()
    page.wait_for_function("document.getElementById('check-your-understanding').getBoundingClientRect().top < innerHeight / 2")

    labels = page.locator(".quiz .quiz-number").all_inner_texts()
    assert labels == [f"Question {n} of {len(ids)}" for n in range(1, len(ids) + 1)]
    assert page.locator(".quiz[data-question]").evaluate_all("qs => qs.map(q => q.getAttribute('data-question'))") == ids
    first = page.locator(f'.quiz[data-question="{ids[0]}"]')
    # the number is read out with the question
    assert first.locator("fieldset").get_attribute("aria-labelledby").split()[0] == first.locator(".quiz-number").get_attribute("id")

    for row in first.locator("fieldset > div").all():
        assert row.bounding_box()["height"] >= TOUCH
    assert first.get_by_role("button", name="Submit").bounding_box()["height"] >= TOUCH
    question = COURSE.questions[ids[0]].question
    first.get_by_label(next(o for o in question.options if o.correct).text, exact=True).check()
    first.get_by_role("button", name="Submit").click()
    try_again = first.get_by_role("button", name="Try Again")
    assert try_again.bounding_box()["height"] >= TOUCH
    assert first.get_by_role("button", name="Submit").is_hidden()
    assert page.get_by_role("button", name="Retake this module").first.bounding_box()["height"] >= TOUCH
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_progress_box_keeps_its_space_so_nothing_moves_when_it_is_filled(page, site_url):
    page.set_viewport_size(PHONE)
    page.add_init_script("""window.shifts = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {
        if (!e.hadRecentInput) window.shifts += e.value; })).observe({type: "layout-shift", buffered: true});""")
    page.goto(f"{site_url}/modules/{COURSE.modules[0].meta.id}/", wait_until="networkidle")
    page.locator(".module-progress .progress-status").first.wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate("window.shifts") < 0.01


def test_the_completion_record_prints_on_one_a4_page_and_reflections_on_the_next(page, site_url):
    page.goto(f"{site_url}/")
    page.evaluate(SEED, "Alex Morgan")
    page.goto(f"{site_url}/completion-record/")
    page.locator("#completion-record tbody tr").first.wait_for()
    result = page.locator(".record-result").inner_text()
    pages = pdf_pages(page.pdf(format="A4"))
    assert len(pages) == 1, pages
    certificate = pages[0]
    for wanted in ["Alex Morgan", " ".join(result.split()), "Signature", COURSE.modules[-1].meta.title, "notional CPD hours"]:
        assert wanted in certificate, wanted
    for on_screen_only in ["Print or save as PDF", "Download", "Learner's name", "Type your name", "CPD reflective record", "My progress"]:
        assert on_screen_only not in certificate, on_screen_only

    # with reflections: the certificate is still one page, the reflective record follows it
    module = COURSE.modules[2]
    page.goto(f"{site_url}/modules/{module.meta.id}/")
    answers = [f"Reflection {n} on my practice <b>&amp; more</b>" for n in range(len(module.meta.reflection))]
    for n, text in enumerate(answers):
        page.locator(f"#reflection-{module.meta.id}-{n}").fill(text)
    page.goto(f"{site_url}/completion-record/")
    page.locator("#cpd-reflections h3").first.wait_for()
    pages = pdf_pages(page.pdf(format="A4"))
    assert len(pages) >= 2 and "Signature" in pages[0] and "CPD reflective record" not in pages[0]
    rest = " ".join(pages[1:])
    assert "CPD reflective record" in rest and module.meta.title in rest
    for prompt, text in zip(module.meta.reflection, answers, strict=True):
        assert " ".join(prompt.split()) in rest and text in rest


def test_reflections_survive_a_reload_and_are_in_the_downloads(page, site_url):
    module = COURSE.modules[0]
    assert 2 <= len(module.meta.reflection) <= 3
    page.goto(f"{site_url}/modules/{module.meta.id}/")
    boxes = page.locator(f'.reflection[data-module="{module.meta.id}"] textarea')
    assert boxes.count() == len(module.meta.reflection)
    for prompt in module.meta.reflection:
        assert page.get_by_label(prompt, exact=True).count() == 1  # each box is labelled by its prompt
    boxes.nth(0).fill("I will ask every person who else is affected.\nAnd record it.")
    page.reload()
    assert boxes.nth(0).input_value() == "I will ask every person who else is affected.\nAnd record it."
    assert boxes.nth(1).input_value() == ""

    page.goto(f"{site_url}/completion-record/")
    assert "NMC revalidation" in page.locator("#cpd-record").inner_text()
    assert "never sent anywhere" in page.locator("#cpd-record").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my reflections (text)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert module.meta.reflection[0] in text and "I will ask every person who else is affected.\nAnd record it." in text
    assert module.meta.reflection[1] not in text  # unanswered prompts are left out
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (JSON)").click()
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert record["reflections"][0]["id"] == module.meta.id
    assert record["reflections"][0]["answers"][0]["prompt"] == module.meta.reflection[0]
    assert page.outside_requests == []


def test_search_finds_lessons_but_not_quiz_answers_or_feedback(real_site):
    """No searchable page (modules, trainers' guides, anything else) gives away a question's options
    or feedback; the lessons are found."""
    site, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    searchable = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        searchable[page] = searchable.get(page, "") + " " + visible_text(doc["title"] + " " + doc["text"])
    for module in COURSE.modules:
        assert visible_text(module.meta.objectives[0].text) in searchable[f"modules/{module.meta.id}/"]  # lessons are found
    assert any(page.startswith("trainers/guides/") for page in searchable)
    for page, text in searchable.items():
        for item in COURSE.questions.values():
            for option in item.question.options:
                assert visible_text(option.text) not in text, (page, option.text)
                assert visible_text(option.feedback) not in text, (page, option.feedback)
        assert "Question 1 of" not in text, page


def test_reflection_prompts_reach_the_page_as_text(sample):
    from hooks.course import load_course as load
    from hooks.render import module_footer

    sample.replace("modules/01-sample/index.md", "last_reviewed: 2026-11-01\n",
                   'last_reviewed: 2026-11-01\nreflection: ["<b>Bold</b> & *starred*?", "A | B </textarea><script>x()</script>"]\n')
    course, problems = load(sample.root)
    assert not problems.sorted()
    footer = module_footer(course.modules[0], course)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; *starred*?" in footer
    assert "&lt;/textarea&gt;&lt;script&gt;" in footer and "<script>" not in footer and "<b>" not in footer
    assert footer.count("<textarea ") == 2
