"""Turns checked course data into Markdown: module headers, quizzes, citations and generated pages.

Everything here works on Markdown text and returns Markdown text; MkDocs renders it.
"""

from __future__ import annotations

import hashlib
import re

from markupsafe import Markup

from .course import BankQuestion, Course, Module
from .law import law_box
from .markdown_checks import CITATION, MARKER, citation_keys
from .progress import PROGRESS_PAGE, RECORD_PAGE, progress_box
from .templating import plain_text, render

REFERENCES_PAGE = "references.md"
GLOSSARY_PAGE = "glossary.md"
COURSE_MAP_PAGE = "modules/index.md"


def module_sites(course: Course) -> list[tuple[str, str]]:
    """(source folder, site folder) of every module: modules/<id>/, or modules/<folder>/ while
    its front matter is broken, so the page still builds and its links are still checked."""
    return ([(m.folder, f"modules/{m.meta.id}") for m in course.modules]
            + [(folder, folder) for folder in course.broken_module_folders])


def expand_page(markdown: str, page: str, course: Course) -> str:
    """Add the module header, expand quiz markers and citations, and define abbreviations."""
    module = course.module_for_page(page)
    if module is not None:
        markdown = module_header(module) + markdown + module_footer(module, course)
    markdown = MARKER.sub(lambda m: _quiz_or_marker(m, page, course), markdown)
    markdown = CITATION.sub(lambda m: citation(m.group(1), page, course), markdown)
    return markdown + abbreviations(course)


def module_header(module: Module) -> str:
    return render("module_header.md.j2", meta=module.meta, progress_box=Markup(progress_box(module)))


def module_footer(module: Module, course: Course) -> str:
    """Reflection prompts, progress again at the end, and the way on: the next module, or the completion record."""
    later = [m for m in course.modules if m.meta.order > module.meta.order]
    return render("module_footer.md.j2", meta=module.meta, page=module.page, next_module=later[0] if later else None,
                  progress_box=Markup(progress_box(module)), progress_page=PROGRESS_PAGE, record_page=RECORD_PAGE)


def page_description(module: Module) -> Markup:
    """The module summary for the page's <meta name="description">, escaped for the attribute."""
    return plain_text(module.meta.summary)


def page_title(module: Module) -> Markup:
    """The module's title for the theme, escaped: it shows titles in <title> and menus as HTML."""
    return plain_text(module.meta.title)


def nav_title(module: Module) -> Markup:
    return Markup(f"{module.meta.order}. ") + page_title(module)


def citation(inner: str, page: str, course: Course) -> str:
    known = [(key, course.references[key]) for key in citation_keys(inner) if key in course.references]
    return render("citation.md.j2", references=known, page=page, references_page=REFERENCES_PAGE)


def _quiz_or_marker(match: re.Match, page: str, course: Course) -> str:
    name, argument = match.groups()
    if name == "law" and argument in course.law:
        return law_box(course.law[argument], course.jurisdiction)
    item = course.questions.get(argument) if name == "quiz" else None
    if item is None:
        return match.group(0)
    if item.refused:
        return render("refused_quiz.md.j2", question_id=argument)
    return quiz_markup(item)


def shown_options(item: BankQuestion) -> list:
    """The options in a fixed order that does not give the answer away (the banks list the right
    answer first): the same on the quiz, the cards, the guides and the key, so letters match.
    Sorted by a digest of the question id and option text, never by Python's hash()."""
    return sorted(item.question.options,
                  key=lambda o: hashlib.sha256(f"{item.question.id}\n{o.text}".encode()).hexdigest())


def needs_select_all(item: BankQuestion) -> bool:
    """A 'multiple' question says "Select all that apply" unless its wording does already."""
    return item.question.type == "multiple" and "all that apply" not in item.question.question.lower()


def quiz_markup(item: BankQuestion) -> str:
    """mkdocs-quiz syntax for one bank question; option feedback follows each option."""
    return render("quiz.md.j2", question=item.question, options=shown_options(item),
                  select_all=needs_select_all(item))


def abbreviations(course: Course) -> str:
    """Markdown abbreviation definitions, shown on hover wherever the abbreviation appears."""
    pairs = []
    for entry in course.glossary.values():
        if entry.expansion:
            pairs.append((entry.term, entry.expansion))
        if entry.abbr:
            pairs.append((entry.abbr, entry.term.split(" (")[0]))
    return render("abbreviations.md.j2", pairs=pairs)


def references_page(course: Course) -> str:
    ordered = sorted(course.references.items(), key=lambda item: item[1].text.lower())
    return render("references.md.j2", references=ordered)


def glossary_page(course: Course) -> str:
    sections: dict[str, list] = {}
    for key, entry in sorted(course.glossary.items(), key=lambda item: item[1].term.lower()):
        letter = entry.term[0].upper() if entry.term[0].isalpha() else "0–9"
        sections.setdefault(letter, []).append((key, entry))
    return render("glossary.md.j2", sections=list(sections.items()))


def course_map(course: Course) -> str:
    total = sum(m.meta.duration_minutes for m in course.modules)
    return render("course_map.md.j2", modules=course.modules, total_time=_hours(total), page=COURSE_MAP_PAGE)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} minutes"


def nav_with_modules(nav: list | None, course: Course) -> list | None:
    """Replace the nav entry for the course map with a section: the map, then every module in order."""
    if not nav:
        return nav
    section = ([COURSE_MAP_PAGE] + [{nav_title(m): m.page} for m in course.modules]
               + [f"{folder}/index.md" for folder in course.broken_module_folders])
    result = []
    for entry in nav:
        if isinstance(entry, dict) and list(entry.values()) == [COURSE_MAP_PAGE]:
            result.append({next(iter(entry)): section})
        else:
            result.append(entry)
    return result
