"""Learner progress in a real browser: saved across reloads and instant navigation, shown on the
progress page, reset, keyboard-only completion, and the completion record."""

from __future__ import annotations

import json

from conftest import ROOT

from hooks.course import load_course
from hooks.progress import PASS_MARK, course_version

COURSE, _ = load_course(ROOT)


def questions(module_id: str):
    """The module's questions in page order."""
    module = next(m for m in COURSE.modules if m.meta.id == module_id)
    return [COURSE.questions[qid].question for qid in COURSE.page_questions[module.page]]


def answer(page, question, right: bool) -> None:
    """Tick the right options (or one wrong one) by their labels and submit."""
    quiz = page.locator(f'.quiz[data-question="{question.id}"]')
    options = [o for o in question.options if o.correct] if right else [next(o for o in question.options if not o.correct)]
    for option in options:
        quiz.get_by_label(option.text, exact=True).check()
    quiz.get_by_role("button", name="Submit").click()
    quiz.locator(".quiz-feedback").wait_for(state="visible")


def progress_row(page, module_id: str) -> list[str]:
    row = page.locator(f'#progress-overview tr[data-module="{module_id}"]')
    row.wait_for()  # drawn by progress.js once the page is shown
    return row.locator("td").all_inner_texts()


def test_progress_survives_reload_and_instant_navigation_and_shows_on_the_progress_page(page, site_url):
    first, second = questions("confidentiality")[:2]
    page.goto(f"{site_url}/modules/confidentiality/")
    box = page.locator(".module-progress").first
    assert "Not started" in box.inner_text()
    answer(page, first, right=True)
    answer(page, second, right=False)
    assert "2 of 10 questions answered" in box.inner_text()

    page.reload()
    assert "2 of 10 questions answered" in page.locator(".module-progress").first.inner_text()

    page.evaluate("window.stillTheSameDocument = true")
    page.locator(".md-nav__link", has_text="My progress").first.click()
    page.wait_for_url("**/progress/")
    assert page.evaluate("window.stillTheSameDocument === true"), "instant navigation was not used"
    row = progress_row(page, "confidentiality")
    assert row[1:] == ["In progress", "2 of 10", "–"]
    assert progress_row(page, "craft")[2] == "0 of 10"
    assert "Confidentiality" in page.locator(".continue-learning").inner_text()
    assert page.outside_requests == []


def test_the_first_answer_counts_and_try_again_does_not_change_the_score(page, site_url):
    first = questions("craft")[0]
    page.goto(f"{site_url}/modules/craft/")
    answer(page, first, right=False)
    quiz = page.locator(f'.quiz[data-question="{first.id}"]')
    quiz.get_by_role("button", name="Try Again").click()
    answer(page, first, right=True)
    stored = page.evaluate("JSON.parse(localStorage.getItem('fit-progress-v1'))")
    assert stored["modules"]["craft"]["answers"][first.id]["correct"] is False


def test_reset_clears_every_module_and_the_quiz_answers(page, site_url):
    first = questions("discharge")[0]
    page.goto(f"{site_url}/modules/discharge/")
    answer(page, first, right=True)
    page.goto(f"{site_url}/progress/")
    assert progress_row(page, "discharge")[2] == "1 of 10"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear all my progress").click()
    assert progress_row(page, "discharge")[2] == "0 of 10"
    page.goto(f"{site_url}/modules/discharge/")
    assert page.locator(f'.quiz[data-question="{first.id}"] .quiz-feedback').is_hidden()
    assert "Not started" in page.locator(".module-progress").first.inner_text()


def test_retake_clears_one_module(page, site_url):
    page.goto(f"{site_url}/modules/five-step/")
    answer(page, questions("five-step")[0], right=False)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Retake this module").first.click()
    page.wait_for_load_state()
    assert "Not started" in page.locator(".module-progress").first.inner_text()


def test_a_whole_module_can_be_completed_with_the_keyboard_alone(page, site_url):
    module_questions = questions("assessment")
    page.goto(f"{site_url}/modules/assessment/")
    for question in module_questions:
        quiz = page.locator(f'.quiz[data-question="{question.id}"]')
        shown = quiz.locator("fieldset label").all_inner_texts()  # shuffled order
        quiz.locator(".quiz-header-link").focus()  # the element just before the options
        page.keyboard.press("Tab")
        if question.type == "single":
            right = next(o.text for o in question.options if o.correct)
            for _ in range(shown.index(right)):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
        else:
            for position, text in enumerate(shown):
                if next(o for o in question.options if o.text == text).correct:
                    page.keyboard.press("Space")
                page.keyboard.press("Tab")  # the last Tab reaches Submit
        assert quiz.get_by_role("button", name="Submit").evaluate("b => b === document.activeElement")
        page.keyboard.press("Enter")
        # Focus stays in the question (on Try again) and the result is announced in words.
        assert quiz.evaluate("q => q.contains(document.activeElement)")
        page.wait_for_function("document.getElementById('progress-announcer').textContent.startsWith('Correct.')")
        page.evaluate("document.getElementById('progress-announcer').textContent = ''")
    assert "Complete: 10 of 10 right first time (100%), passed" in page.locator(".module-progress").first.inner_text()
    assert page.outside_requests == []


def test_the_completion_record_lists_completed_modules_scores_and_version(page, site_url):
    page.goto(f"{site_url}/modules/why-involve-families/")
    module_questions = questions("why-involve-families")
    for number, question in enumerate(module_questions):
        answer(page, question, right=number >= 3)  # 7 of 10 right: below the pass mark
    page.goto(f"{site_url}/modules/craft/")
    answer(page, questions("craft")[0], right=True)  # in progress only: not on the record

    page.goto(f"{site_url}/completion-record/")
    page.get_by_label("Learner's name").fill("Alex Morgan")
    record = page.locator("#completion-record")
    assert record.locator(".record-version").inner_text() == course_version(COURSE)
    assert record.locator(".record-count").inner_text() == "1 of 8"
    assert record.locator(".record-time").inner_text() == f"{COURSE.modules[0].meta.duration_minutes} min"
    rows = record.locator("tbody tr").all()
    assert len(rows) == 1
    cells = rows[0].locator("td").all_inner_texts()
    assert cells[0] == COURSE.modules[0].meta.title
    assert cells[2] == "7 of 10 (70%)"
    assert cells[3] == ("Passed" if 70 >= PASS_MARK else "Below pass mark")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["learner"] == "Alex Morgan"
    assert data["courseVersion"] == course_version(COURSE)
    assert [(m["id"], m["correct"], m["score"], m["passed"]) for m in data["modules"]] == [
        ("why-involve-families", 7, 70, 70 >= PASS_MARK)]

    page.reload()  # the name is kept in this browser
    assert page.get_by_label("Learner's name").input_value() == "Alex Morgan"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert page.outside_requests == []


def test_a_module_page_fits_a_360px_phone_and_prints_without_buttons(page, site_url):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site_url}/modules/discharge/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".module-progress").first.is_visible()
    assert page.get_by_text("Next module:").is_visible()

    page.emulate_media(media="print")
    assert page.locator(".module-progress").first.is_hidden()
    assert page.locator(".quiz button").first.is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.pdf(format="A4").startswith(b"%PDF")
