"""The real site builds strictly, and a broken site fails with clear messages and no traceback."""

from __future__ import annotations

import re

from conftest import ROOT, mkdocs_build

from hooks.course import load_course


def test_real_site_builds_strictly_without_warnings(real_site):
    site, result = real_site
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "Traceback" not in output, output


def test_every_module_is_published_at_its_id_with_all_its_questions(real_site):
    site, _ = real_site
    course, _ = load_course(ROOT)
    assert len(course.modules) == len(list((ROOT / "modules").glob("*/index.md")))  # no module left out
    for module in course.modules:
        html = (site / "modules" / module.meta.id / "index.html").read_text()
        assert "<h1" in html and module.meta.title.split(":")[0] in html
        quizzes = len(re.findall(r'<div class="quiz"', html))
        assert quizzes == len(course.questions_of(module.meta.id)) > 0, module.meta.id
        assert "mkdocs-quiz-source" not in html, "answers must not be copied into HTML comments"


def test_quiz_code_is_shared_and_cached_not_copied_into_pages(real_site):
    from mkdocs_quiz.plugin import js_content, style_content

    from hooks import quiz_assets

    site, _ = real_site
    assert (site / quiz_assets.JS_FILE).read_text() == quiz_assets.QUIZ_JS != js_content  # with the start-up fix
    assert (site / quiz_assets.CSS_FILE).read_text() == style_content
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert js_content[:200] not in html and style_content[:200] not in html, page
        has_quiz = 'class="quiz"' in html
        assert (quiz_assets.JS_FILE.rsplit("/", 1)[1] in html) == has_quiz, page


def test_each_quiz_is_labelled_with_its_question_id_in_page_order(real_site):
    site, _ = real_site
    course, _ = load_course(ROOT)
    for module in course.modules:
        html = (site / "modules" / module.meta.id / "index.html").read_text()
        assert re.findall(r'<div class="quiz" data-question="([^"]+)"', html) == course.page_questions[module.page]


def test_modules_are_in_course_order_in_the_navigation(real_site):
    site, _ = real_site
    page = (site / "modules" / "index.html").read_text()  # the course section is open in its menu
    menu = page[page.index('class="md-nav md-nav--primary"'):page.index('class="md-content"')]
    positions = [menu.find(f'href="{m.meta.id}/"') for m in load_course(ROOT)[0].modules]
    assert -1 not in positions and positions == sorted(positions)


def test_no_page_loads_anything_from_another_site(real_site):
    site, _ = real_site
    for page in site.rglob("*.html"):
        html = page.read_text()
        # src= (scripts, images, frames) and <link href> (styles, fonts, preconnect) are requests;
        # plain <a href> links to other sites are not.
        assert not re.search(r'\bsrc=["\']?(https?:)?//', html), page
        assert not re.search(r'<link\b[^>]*href=["\']?(https?:)?//(?!127\.0\.0\.1)', html), page


def test_broken_site_fails_with_every_problem_and_no_traceback(sample, tmp_path):
    sample.replace("modules/01-sample/index.md", "order: 1", "order: one")
    sample.replace("modules/01-sample/index.md", "Some detail.", "See [the missing page](nowhere.md).")
    sample.replace("docs/index.md", "index.md)", "index.md#no-such-heading)")
    sample.replace("quizzes/sample.yml", "type: multiple", "type: several")
    result = mkdocs_build(sample.root / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "modules/01-sample/index.md:4: 'order' must be a whole number, not 'one'" in output
    assert "quizzes/sample.yml:22: question 'sample-consent': 'type' must be one of" in output
    assert "contains a link 'nowhere.md'" in output  # MkDocs's own link check
    assert "no-such-heading" in output  # MkDocs's own anchor check
    assert "Aborted with 4 warnings in strict mode!" in output
