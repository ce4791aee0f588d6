"""Quizzes in a real browser: Debian's Chromium driven by Playwright, the built site on 127.0.0.1."""

from __future__ import annotations

from conftest import ROOT, normalised, pdf_pages

from hooks.course import load_course


def first_single_question(module_id: str):
    course, _ = load_course(ROOT)
    return next(q.question for q in course.questions_of(module_id) if q.question.type == "single")


def test_wrong_answer_shows_its_feedback_then_the_right_answer_is_accepted(page, site_url):
    question = first_single_question("confidentiality")
    wrong = next(o for o in question.options if not o.correct)
    right = next(o for o in question.options if o.correct)
    page.goto(f"{site_url}/modules/confidentiality/")
    quiz = page.locator(".quiz", has_text=question.question).first

    quiz.get_by_label(wrong.text, exact=True).check()
    quiz.get_by_role("button", name="Submit").click()
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible")
    assert wrong.feedback.split(".")[0] in feedback.inner_text()
    assert right.feedback.split(".")[0] not in feedback.inner_text()

    quiz.get_by_role("button", name="Try Again").click()
    quiz.get_by_label(right.text, exact=True).check()
    quiz.get_by_role("button", name="Submit").click()
    assert right.feedback.split(".")[0] in feedback.inner_text()
    assert page.outside_requests == []


def test_a_question_can_be_answered_with_the_keyboard_alone(page, site_url):
    question = first_single_question("confidentiality")
    right = next(o for o in question.options if o.correct)
    page.goto(f"{site_url}/modules/confidentiality/")
    quiz = page.locator(".quiz", has_text=question.question).first
    labels = quiz.locator("fieldset label").all_inner_texts()  # in the shuffled order shown
    assert sorted(labels) == sorted(o.text for o in question.options)
    quiz.locator(".quiz-header-link").focus()  # the element just before the options
    page.keyboard.press("Tab")  # into the radio group
    for _ in range(labels.index(right.text)):
        page.keyboard.press("ArrowDown")  # moves the choice without submitting
    assert quiz.locator(".quiz-feedback").is_hidden()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to Submit
    assert quiz.get_by_role("button", name="Submit").evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    assert right.feedback.split(".")[0] in quiz.locator(".quiz-feedback").inner_text()
    assert quiz.locator("input:checked").get_attribute("data-correct") == "true"


def test_scenario_cards_print_two_to_an_a4_sheet_with_nothing_cut_off(page, site_url):
    from hooks import trainer_pack

    course, _ = load_course(ROOT)
    module = next(m for m in course.modules if m.meta.id == "confidentiality")
    page.goto(f"{site_url}/{trainer_pack.cards_page(module.meta.id).removesuffix('.md')}/")
    pages = pdf_pages(page.pdf(format="A4"))
    items = course.questions_of(module.meta.id)
    assert len(pages) == (len(items) + 1) // 2
    letters = "".join(pages).replace(" ", "")  # PDF text extraction may drop or add spaces between words
    for label, item in trainer_pack.numbered(course, module):
        assert f"Card{label}" in letters
        assert normalised(item.question.scenario).replace(" ", "") in letters, label
    assert "Feedback" not in letters and "Correctanswer" not in letters

    page.emulate_media(media="print")
    for module in course.modules:  # on paper, a card's text must never be hidden by its fixed height
        page.goto(f"{site_url}/{trainer_pack.cards_page(module.meta.id).removesuffix('.md')}/")
        clipped = page.eval_on_selector_all(".pack-card", "cards => cards.filter(c => c.scrollHeight > c.clientHeight).length")
        assert clipped == 0, module.meta.id


def test_each_handout_prints_on_one_a4_sheet(page, site_url):
    from hooks import trainer_pack

    for module in load_course(ROOT)[0].modules:
        page.goto(f"{site_url}/{trainer_pack.handout_page(module.meta.id).removesuffix('.md')}/")
        pages = pdf_pages(page.pdf(format="A4"))
        assert len(pages) == 1, module.meta.id
        assert normalised(module.meta.title) in pages[0], module.meta.id


def test_quizzes_start_once_when_instant_navigation_opens_them(page, site_url):
    """mkdocs-quiz started twice after instant navigation (two Try Again buttons per question);
    hooks/quiz_assets.py makes it start once."""
    page.goto(f"{site_url}/modules/craft/")
    page.evaluate("window.sameDocument = true")
    page.locator(".md-nav__link", has_text="5. The 5-Step").first.click()
    page.wait_for_url("**/five-step/")
    page.locator(".md-nav__link", has_text="My progress").first.click()
    page.wait_for_url("**/progress/")
    page.go_back()
    page.wait_for_url("**/five-step/")
    page.locator(".quiz .quiz-reset-button").first.wait_for(state="attached")
    assert page.evaluate("window.sameDocument") is True, "instant navigation was not used"
    quizzes = page.locator(".quiz")
    assert page.locator(".quiz-reset-button").count() == quizzes.count() > 0
    quizzes.first.locator("input").first.check()
    quizzes.first.get_by_role("button", name="Submit").click()
    assert quizzes.first.locator(".quiz-feedback-item").count() == 1
