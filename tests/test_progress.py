"""Learner progress in a real browser: saved across reloads and instant navigation, shown on the
progress page, reset, keyboard-only completion, and the completion record."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, normalised, pdf_pages
from playwright.sync_api import expect

from hooks.course import load_course
from hooks.progress import PASS_MARK, course_version

COURSE, _ = load_course(ROOT)
PROGRESS_PAGE = re.compile(r".*/progress/(#.*)?$")  # navigation.tracking may have put an anchor in the address


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
    total = len(questions("confidentiality"))
    page.goto(f"{site_url}/modules/confidentiality/")
    box = page.locator(".module-progress").first
    assert "Not started" in box.inner_text()
    answer(page, first, right=True)
    answer(page, second, right=False)
    assert f"2 of {total} questions answered" in box.inner_text()

    page.reload()
    assert f"2 of {total} questions answered" in page.locator(".module-progress").first.inner_text()

    page.evaluate("window.stillTheSameDocument = true")
    page.locator(".md-nav__link", has_text="My progress").first.click()
    page.wait_for_url(PROGRESS_PAGE)
    assert page.evaluate("window.stillTheSameDocument === true"), "instant navigation was not used"
    row = progress_row(page, "confidentiality")
    assert row[1:] == ["In progress", f"2 of {total}", "–"]
    assert progress_row(page, "craft")[2] == f"0 of {len(questions('craft'))}"
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
    total = len(questions("discharge"))
    assert progress_row(page, "discharge")[2] == f"1 of {total}"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear all my progress").click()
    assert progress_row(page, "discharge")[2] == f"0 of {total}"
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
            for text in shown:
                if next(o for o in question.options if o.text == text).correct:
                    page.keyboard.press("Space")
                page.keyboard.press("Tab")  # the last Tab reaches Submit
        assert quiz.get_by_role("button", name="Submit").evaluate("b => b === document.activeElement")
        page.keyboard.press("Enter")
        # Focus stays in the question (on Try again) and the result is announced in words.
        assert quiz.evaluate("q => q.contains(document.activeElement)")
        page.wait_for_function("document.getElementById('progress-announcer').textContent.startsWith('Correct.')")
        page.evaluate("document.getElementById('progress-announcer').textContent = ''")
    n = len(module_questions)
    assert f"Passed: {n} of {n} right first time (100%)" in page.locator(".module-progress").first.inner_text()
    assert page.outside_requests == []


def below_the_pass_mark(total: int) -> int:
    """The most answers right first time, out of `total`, that still fall below the pass mark."""
    return max(right for right in range(total + 1) if round(100 * right / total) < PASS_MARK)


def fail_first_module(page, site_url, right_ones_last: bool = False):
    """Answer every question of the first module, just below the pass mark: the first (or the last)
    `right` questions right. Returns the module, its questions, `right` and the score."""
    first = COURSE.modules[0]
    module_questions = questions(first.meta.id)
    right = below_the_pass_mark(len(module_questions))
    page.goto(f"{site_url}/modules/{first.meta.id}/")
    for number, question in enumerate(module_questions):
        position = len(module_questions) - 1 - number if right_ones_last else number
        answer(page, question, right=position < right)
    return first, module_questions, right, round(100 * right / len(module_questions))


def test_a_failed_module_is_never_shown_as_passed_or_complete(page, site_url):
    first, module_questions, right, score = fail_first_module(page, site_url)
    box = page.locator(".module-progress").first
    assert f"Below the pass mark: retake. {right} of {len(module_questions)} right first time ({score}%)" in box.inner_text()
    assert box.locator(".progress-status--failed").count() == 1 and box.locator(".progress-status--passed").count() == 0
    assert box.get_by_role("button", name="Retake this module").is_visible()

    page.goto(f"{site_url}/progress/")
    assert progress_row(page, first.meta.id)[1:] == ["Below the pass mark: retake", f"{len(module_questions)} of {len(module_questions)}",
                                                     f"{score}% (below pass mark)"]
    caption = page.locator("#progress-overview caption").inner_text()
    assert caption == f"Course not passed yet: {len(COURSE.modules) - 1} modules to finish and 1 module to retake (below the pass mark)."
    page.goto(f"{site_url}/")
    home = page.locator(".continue-learning").inner_text()
    assert page.locator(".continue-button").inner_text() == f"Retake: {first.meta.order}. {first.meta.title}"
    assert page.locator(".continue-detail").inner_text().startswith("Below the pass mark: retake.")
    assert page.locator(".continue-detail .course-result").inner_text() == caption
    assert "answered every question" not in home and "Course passed" not in home


def test_the_completion_record_lists_completed_modules_scores_and_version(page, site_url):
    first, module_questions, right, score = fail_first_module(page, site_url, right_ones_last=True)
    page.goto(f"{site_url}/modules/craft/")
    answer(page, questions("craft")[0], right=True)  # in progress only: not on the record

    page.goto(f"{site_url}/completion-record/")
    page.get_by_label("Learner's name").fill("Alex Morgan")
    record = page.locator("#completion-record")
    assert record.locator(".record-version").inner_text() == course_version(COURSE)
    assert record.locator(".record-count").inner_text() == f"0 of {len(COURSE.modules)}"
    assert record.locator(".record-result").inner_text().startswith("Course not passed yet")
    minutes = first.meta.duration_minutes
    assert record.locator(".record-time").inner_text() == f"{minutes} min ({round(minutes / 60, 1)} notional CPD hours)"
    rows = record.locator("tbody tr").all()
    assert len(rows) == 1
    cells = rows[0].locator("td").all_inner_texts()
    assert cells[0] == first.meta.title
    assert cells[2] == f"{right} of {len(module_questions)} ({score}%)"
    assert cells[3] == "Below pass mark"

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["learner"] == "Alex Morgan"
    assert data["courseVersion"] == course_version(COURSE)
    assert data["coursePassed"] is False
    assert [(m["id"], m["correct"], m["score"], m["result"], m["passed"]) for m in data["modules"]] == [
        (first.meta.id, right, score, "failed", False)]

    page.reload()  # the name is kept in this browser
    assert page.get_by_label("Learner's name").input_value() == "Alex Morgan"
    printed = " ".join(pdf_pages(page.pdf(format="A4")))
    assert "Alex Morgan" in printed and normalised(first.meta.title) in printed
    assert page.outside_requests == []


def test_a_select_all_answer_names_the_missed_option_and_the_wrong_tick(page, site_url):
    module, question = next((m.meta.id, COURSE.questions[q].question) for m in COURSE.modules for q in COURSE.page_questions[m.page]
                            if COURSE.questions[q].question.type == "multiple")
    right = [o for o in question.options if o.correct]
    wrong = next(o for o in question.options if not o.correct)
    page.goto(f"{site_url}/modules/{module}/")
    quiz = page.locator(f'.quiz[data-question="{question.id}"]')
    quiz.get_by_label(right[0].text, exact=True).check()
    quiz.get_by_label(wrong.text, exact=True).check()
    quiz.get_by_role("button", name="Submit").click()
    feedback = quiz.locator(".quiz-feedback")
    feedback.locator(".quiz-verdict").wait_for()
    assert feedback.locator(".quiz-verdict").inner_text() == (
        f"Not correct: you ticked 1 of the {len(right)} right options and 1 wrong one.")
    items = feedback.locator("li").all_inner_texts()
    assert any(i.startswith(f"Right tick: {right[0].text}") and right[0].feedback in i for i in items)
    assert any(i.startswith(f"Wrong tick: {wrong.text}") and wrong.feedback in i for i in items)
    for missed in right[1:]:
        assert f"Missed: {missed.text} (this option is right too)" in items
    assert len(items) == 2 + len(right) - 1
    text = feedback.inner_text()
    # one verdict, said once: not mkdocs-quiz's own "Correct answer!" nor a second "Correct." before the bank's
    assert feedback.locator(".quiz-verdict").count() == 1
    assert "Correct answer" not in text and "Correct. Correct." not in text and "correct. Not correct." not in text
    page.wait_for_function("document.getElementById('progress-announcer').textContent.startsWith('Not correct: you ticked')")


def test_an_empty_submit_is_not_an_attempt(page, site_url):
    first, second = questions("confidentiality")[:2]
    page.goto(f"{site_url}/modules/confidentiality/")
    answer(page, first, right=True)
    record = page.evaluate("localStorage.getItem('fit-progress-v1')")
    box = page.locator(".module-progress").first.inner_text()

    quiz = page.locator(f'.quiz[data-question="{second.id}"]')
    quiz.get_by_role("button", name="Submit").click()
    expect(quiz.locator(".quiz-ask")).to_have_text("Choose an answer first.")  # written a moment later, to be announced
    assert quiz.locator(".quiz-ask").get_attribute("role") == "status"
    assert quiz.locator(".quiz-feedback").is_hidden() and quiz.locator(".correct, .wrong").count() == 0  # nothing revealed
    # "Try again" then an empty Submit does not lose the score either
    done = page.locator(f'.quiz[data-question="{first.id}"]')
    done.get_by_role("button", name="Try Again").click()
    done.get_by_role("button", name="Submit").click()
    expect(done.locator(".quiz-ask")).to_have_text("Choose an answer first.")
    assert page.evaluate("localStorage.getItem('fit-progress-v1')") == record
    assert page.locator(".module-progress").first.inner_text() == box

    answer(page, second, right=False)  # choosing an option clears the request and is the first answer
    assert quiz.locator(".quiz-ask").count() == 0
    stored = json.loads(page.evaluate("localStorage.getItem('fit-progress-v1')"))["modules"]["confidentiality"]["answers"]
    assert {q: a["correct"] for q, a in stored.items()} == {first.id: True, second.id: False}


def test_without_storage_progress_lasts_the_visit_and_the_learner_is_told_once(page, site_url):
    page.add_init_script("""(() => {  // localStorage full; Material's sessionStorage still works
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (this === window.localStorage) throw new DOMException('full', 'QuotaExceededError');
            return setItem.call(this, key, value);
        };
    })()""")
    first = questions("craft")[0]
    page.goto(f"{site_url}/modules/craft/")
    answer(page, first, right=True)
    notice = page.locator(".storage-notice")
    assert notice.count() == 1 and notice.get_attribute("role") == "status"
    assert "will be lost when you close or reload the page" in notice.inner_text()
    assert "1 of" in page.locator(".module-progress").first.inner_text()
    answer(page, questions("craft")[1], right=True)
    page.evaluate("window.stillTheSameDocument = true")
    page.locator(".md-nav__link", has_text="My progress").first.click()
    page.wait_for_url(PROGRESS_PAGE)
    assert page.evaluate("window.stillTheSameDocument === true")
    assert progress_row(page, "craft")[2].startswith("2 of")  # kept for the visit
    assert page.locator(".storage-notice").count() == 0  # said once


def test_a_damaged_record_never_breaks_a_page(page, site_url):
    """Each damaged record is opened on the module page and on one of the other pages that read it,
    in turn (the core's unit tests check every shape against the reader itself)."""
    page.goto(f"{site_url}/")
    damaged = ['{"modules": {"craft": {}}, "name": 7}', '{"modules": {"craft": {"answers": null}}, "last": []}',
               '{"modules": [1, 2]}', '"text"', "not json", '{"modules": {"craft": {"answers": {"x": 1}, "completedOn": "soon"}}}']
    readers = ["", "progress/", "completion-record/"]
    for number, stored in enumerate(damaged):
        page.evaluate("value => localStorage.setItem('fit-progress-v1', value)", stored)
        page.goto(f"{site_url}/{readers[number % len(readers)]}")
        page.goto(f"{site_url}/modules/craft/")
        assert "Not started" in page.locator(".module-progress").first.inner_text(), stored
    # the `page` fixture fails the test on any JavaScript error


def test_quiz_pages_say_the_questions_need_javascript(real_site):
    page_html = (real_site[0] / "modules" / "craft" / "index.html").read_text(encoding="utf-8")
    assert page_html.count('<noscript><p class="quiz-noscript" data-search-exclude>The questions on this page need JavaScript') == 1
    assert page_html.index("quiz-noscript") < page_html.index('class="quiz"')
    first = questions("craft")[0]
    assert f'id="quiz-{first.id}"' in page_html and f'for="quiz-{first.id}-0"' in page_html
    assert 'id="quiz-0"' not in page_html


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
    printed = " ".join(pdf_pages(page.pdf(format="A4")))
    assert "Next module" in printed and "Submit" not in printed
