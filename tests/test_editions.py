"""A new edition of the course, in a real browser: a learner completes a module, then a question is
inserted into its bank. The ticks stay with their questions (mkdocs-quiz's state is keyed by
question id), the new question starts unanswered, and My progress and the completion record say
the module was updated since it was completed. The first edition is the real site; the new one is
built from a copy of the course in a tmp folder, and the learner's browser storage is carried over to
it (a browser keeps storage per address, and the two sites are served at two)."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import ROOT, mkdocs_build, serve
from test_progress import answer

from hooks.course import load_course

COPIED = ["mkdocs.yml", "docs", "modules", "quizzes", "data", "law", "hooks"]


@pytest.fixture(scope="module")
def new_edition(tmp_path_factory):
    """(course folder, site URL, new question id): a copy of the course with a question inserted
    before the first question of its first module, built and served."""
    root = tmp_path_factory.mktemp("edition") / "course"
    root.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    new_id = insert_question(root, load_course(root)[0].modules[0])
    site = root.parent / "site"
    site.mkdir()
    server, url = serve(site)  # serves whatever the folder holds, so the site can be built for its address
    result = mkdocs_build(root / "mkdocs.yml", site, f"{url}/")
    assert result.returncode == 0, result.stdout + result.stderr
    yield root, url, new_id
    server.shutdown()


def insert_question(root, module) -> str:
    """A copy of the module's first question, with a new id, put before it in the bank and the page."""
    course, _ = load_course(root)
    first_id = course.page_questions[module.page][0]
    bank_path = next(p for p in (root / "quizzes").glob("*.yml") if any(q["id"] == first_id for q in yaml.safe_load(p.read_text())))
    bank = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    new = {**next(q for q in bank if q["id"] == first_id), "id": f"{first_id}-new-edition"}
    bank.insert(0, new)
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    page = root / module.page
    marker = f"<!-- md:quiz {first_id} -->"
    page.write_text(page.read_text(encoding="utf-8").replace(marker, f"<!-- md:quiz {new['id']} -->\n\n{marker}", 1), encoding="utf-8")
    return new["id"]


def test_a_new_edition_keeps_answers_with_their_questions_and_says_the_module_was_updated(page, site_url, new_edition):
    root, url, new_id = new_edition
    course = load_course(ROOT)[0]
    module = course.modules[0]
    items = [course.questions[q].question for q in course.page_questions[module.page]]
    page.goto(f"{site_url}/modules/{module.meta.id}/")
    for number, question in enumerate(items):
        answer(page, question, right=number % 3 != 1)
    ticked = {q.id: sorted(page.locator(f'.quiz[data-question="{q.id}"] input:checked + label').all_inner_texts()) for q in items}
    assert "Updated" not in page.locator(".module-progress").first.inner_text()

    stored = page.evaluate("() => ({...localStorage})")
    page.goto(f"{url}/")
    page.evaluate("stored => Object.entries(stored).forEach(([key, value]) => localStorage.setItem(key, value))", stored)
    page.goto(f"{url}/modules/{module.meta.id}/")
    new_quiz = page.locator(f'.quiz[data-question="{new_id}"]')
    new_quiz.wait_for()
    assert new_quiz.locator("input:checked").count() == 0 and new_quiz.locator(".quiz-feedback").is_hidden()
    for question in items:  # every earlier answer is still on its own question
        quiz = page.locator(f'.quiz[data-question="{question.id}"]')
        assert sorted(quiz.locator("input:checked + label").all_inner_texts()) == ticked[question.id], question.id
        assert quiz.locator(".quiz-verdict").is_visible()
    box = page.locator(".module-progress").first.inner_text()
    assert "Updated since you completed it: 1 new question to answer" in box

    page.goto(f"{url}/progress/")
    row = page.locator(f'#progress-overview tr[data-module="{module.meta.id}"] td').all_inner_texts()
    assert row[1:3] == ["Updated since you completed it", f"{len(items)} of {len(items) + 1}"]
    page.goto(f"{url}/completion-record/")
    record_row = page.locator(f'#completion-record tr[data-module="{module.meta.id}"] td').all_inner_texts()
    assert record_row[3] == "Updated since you completed it: 1 new question to answer"

    page.goto(f"{url}/modules/{module.meta.id}/")  # answering the new question completes it again
    answer(page, load_course(root)[0].questions[new_id].question, right=True)
    assert "Updated" not in page.locator(".module-progress").first.inner_text()
