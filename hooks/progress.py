"""What the learner's browser needs to track progress; the progress itself never leaves it.

The hook publishes the course's shape (modules, question ids, times, reflection prompts, pass mark,
version) as a small script, labels each quiz with its question id and its place ("Question 3 of
10"), keeps quiz answers and feedback out of the search index, and marks the places progress is
shown. The browser side is docs/assets/progress-core.js (what progress is) and progress.js (the pages).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from hashlib import sha256

from .course import Course, Module
from .law import LAW_DIR
from .templating import render

PASS_MARK = 80  # per cent of a module's questions right at the first attempt
COURSE_DATA = "assets/course-data.js"
PROGRESS_PAGE = "progress.md"
RECORD_PAGE = "completion-record.md"
QUIZ_DIV = re.compile(r'<div class="quiz"(?= )')
QUIZ_NUMBER = re.compile(r'^[^>]* id="(quiz-\d+)"')  # mkdocs-quiz's name for the quiz, on its opening tag
# The parts of a rendered quiz that hold its question, options, feedback and sources. Material's
# search leaves out an element marked data-search-exclude, but it tells elements apart by tag
# alone, so the mark goes on parts with no element of their own tag inside (never the quiz's
# outer <div>, whose first inner </div> would end the exclusion).
QUIZ_PARTS = re.compile(r'<(a(?= href="#[^"]*" class="quiz-header-link")|div(?= class="quiz-question")'
                        r'|form\b|section(?= class="content))')


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
            "reflection": list(m.meta.reflection or []),
        } for m in course.modules],
        "pages": {"progress": url_of(PROGRESS_PAGE), "record": url_of(RECORD_PAGE)},
    }
    return f"window.courseData = {json.dumps(data, ensure_ascii=False, indent=1)};\n"


def progress_box(module: Module) -> str:
    """A place progress.js fills with the learner's status in this module. Its space is kept from
    the first paint (course.css), so filling it moves nothing; without JavaScript it is not shown."""
    return f'<div class="module-progress" data-module="{html.escape(module.meta.id)}"></div>\n\n'


def label_quizzes(page_html: str, question_ids: list[str]) -> str:
    """Give each rendered quiz its bank question id, so progress is stored by question, not position;
    number it ("Question 3 of 10", in page order); and keep its text out of the search index, so
    searching never shows an answer or its feedback.

    mkdocs-quiz names a page's quizzes quiz-0, quiz-1, ... and keeps each one's ticks under that
    name, so a question inserted into a bank would show the ticks of the question that was there
    before. Named after the question id instead (quiz-<id>, and its options quiz-<id>-0, ...), the
    ticks stay with their question in every edition."""
    parts = QUIZ_DIV.split(page_html)
    out = [parts[0]]
    total = len(parts) - 1
    for place, (part, question_id) in enumerate(zip(parts[1:], [*question_ids, *[""] * len(parts)][:total], strict=True), 1):
        number = QUIZ_NUMBER.search(part)
        label_id = ""
        if question_id and number:
            name = f"quiz-{html.escape(question_id)}"
            part = re.sub(rf'(?<=["#]){number.group(1)}(?=["-])', lambda _, name=name: name, part)
            # the question group is announced with its number: "Question 3 of 10, Scenario. ..."
            label_id = f"quiz-{question_id}-number"
            part = part.replace(f'aria-labelledby="{name}-question"', f'aria-labelledby="{name}-number {name}-question"', 1)
        part = QUIZ_PARTS.sub(r"<\1 data-search-exclude", part)
        opening, _, rest = part.partition(">")
        label = render("quiz_number.html.j2", place=place, total=total, id=label_id)
        out.append(f'<div class="quiz" data-question="{html.escape(question_id)}"{opening}>{label}{rest}')
    return "".join(out)


NOSCRIPT = ('<noscript><p class="quiz-noscript" data-search-exclude>The questions on this page need JavaScript, which is '
            'turned off in this browser. You can still read the lesson.</p></noscript>\n')


def quiz_noscript_note(page_html: str) -> str:
    """Without JavaScript the questions cannot be answered: say so once, before the first."""
    return QUIZ_DIV.sub(lambda m: NOSCRIPT + m.group(0), page_html, count=1)
