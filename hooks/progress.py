"""What the learner's browser needs to track progress; the progress itself never leaves it.

The hook publishes the course's shape (modules, question ids, times, pass mark, version) as a small
script, labels each quiz with its question id, and marks the places progress is shown. The
browser side is docs/assets/progress-core.js (what progress is) and progress.js (the pages).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from hashlib import sha256

from .course import Course, Module
from .law import LAW_DIR

PASS_MARK = 80  # per cent of a module's questions right at the first attempt
COURSE_DATA = "assets/course-data.js"
PROGRESS_PAGE = "progress.md"
RECORD_PAGE = "completion-record.md"
QUIZ_DIV = re.compile(r'<div class="quiz"(?= )')
QUIZ_NUMBER = re.compile(r'^[^>]* id="(quiz-\d+)"')  # mkdocs-quiz's name for the quiz, on its opening tag


def course_version(course: Course) -> str:
    """The edition a learner completed: newest review date and a digest of every module, bank and law
    box (the modules show the law boxes)."""
    digest = sha256()
    sources = [*(course.root / "modules").rglob("*.md"), *(course.root / "quizzes").glob("*.yml"),
               *(course.root / LAW_DIR).glob("*.md")]
    for path in sorted(sources):
        digest.update(path.relative_to(course.root).as_posix().encode())
        digest.update(path.read_bytes())
    newest = max((m.meta.last_reviewed for m in course.modules), default=None)
    return f"{newest.isoformat() if newest else 'draft'}.{digest.hexdigest()[:7]}"


def course_data_script(course: Course, title: str, url_of: Callable[[str], str | None]) -> str:
    """`url_of(source path)` is the page's address as MkDocs links it: `modules/craft/` on the web,
    `modules/craft/index.html` in the SCORM package (no directory indexes in an LMS)."""
    data = {
        "title": title,
        "version": course_version(course),
        "passMark": PASS_MARK,
        "modules": [{
            "id": m.meta.id,
            "title": m.meta.title,
            "order": m.meta.order,
            "minutes": m.meta.duration_minutes,
            "url": url_of(m.page),
            "questions": course.page_questions.get(m.page, []),
        } for m in course.modules],
        "pages": {"progress": url_of(PROGRESS_PAGE), "record": url_of(RECORD_PAGE)},
    }
    return f"window.courseData = {json.dumps(data, ensure_ascii=False, indent=1)};\n"


def progress_box(module: Module) -> str:
    """A place progress.js fills with the learner's status in this module (empty without JavaScript)."""
    return f'<div class="module-progress" data-module="{html.escape(module.meta.id)}" hidden></div>\n\n'


def label_quizzes(page_html: str, question_ids: list[str]) -> str:
    """Give each rendered quiz its bank question id, so progress is stored by question, not position.

    mkdocs-quiz names a page's quizzes quiz-0, quiz-1, ... and keeps each one's ticks under that
    name, so a question inserted into a bank would show the ticks of the question that was there
    before. Named after the question id instead (quiz-<id>, and its options quiz-<id>-0, ...), the
    ticks stay with their question in every edition."""
    parts = QUIZ_DIV.split(page_html)
    out = [parts[0]]
    for part, question_id in zip(parts[1:], [*question_ids, *[""] * len(parts)][:len(parts) - 1], strict=True):
        number = QUIZ_NUMBER.search(part)
        if question_id and number:
            name = f"quiz-{html.escape(question_id)}"
            part = re.sub(rf'(?<=["#]){number.group(1)}(?=["-])', lambda _, name=name: name, part)
        out.append(f'<div class="quiz" data-question="{html.escape(question_id)}"{part}')
    return "".join(out)


NOSCRIPT = ('<noscript><p class="quiz-noscript">The questions on this page need JavaScript, which is '
            'turned off in this browser. You can still read the lesson.</p></noscript>\n')


def quiz_noscript_note(page_html: str) -> str:
    """Without JavaScript the questions cannot be answered: say so once, before the first."""
    return QUIZ_DIV.sub(lambda m: NOSCRIPT + m.group(0), page_html, count=1)
