"""Turns checked course data into Markdown: module headers, quizzes, citations and generated pages.

Everything here works on Markdown text and returns Markdown text; MkDocs renders it.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date

from .course import BankQuestion, Course, Module
from .law import law_box
from .markdown_checks import CITATION, MARKER, citation_keys
from .progress import PROGRESS_PAGE, RECORD_PAGE, progress_box

REFERENCES_PAGE = "references.md"
GLOSSARY_PAGE = "glossary.md"
COURSE_MAP_PAGE = "modules/index.md"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def link_from(page: str, target: str) -> str:
    """Relative link from one source page to another, as MkDocs expects in Markdown."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


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
    meta = module.meta
    objectives = "\n".join(f"    - {objective.text}" for objective in meta.objectives)
    return (
        f"# {meta.title}\n\n"
        f'<div class="module-facts" markdown>\n\n'
        f"**Time:** about {meta.duration_minutes} minutes · "
        f"**For:** {', '.join(meta.audience)} · "
        f"**Last reviewed:** {long_date(meta.last_reviewed)}\n\n"
        f"</div>\n\n"
        f"{progress_box(module)}"
        f'!!! abstract "By the end of this module you will be able to"\n\n{objectives}\n\n'
    )


def module_footer(module: Module, course: Course) -> str:
    """Progress again at the end, and the way on: the next module, or the completion record."""
    later = [m for m in course.modules if m.meta.order > module.meta.order]
    if later:
        way_on = (f"**Next module:** [{later[0].meta.order}. {later[0].meta.title}]"
                  f"({link_from(module.page, later[0].page)})")
    else:
        way_on = (f"**You have reached the end of the course.** See [your progress]({link_from(module.page, PROGRESS_PAGE)}) "
                  f"and print your [completion record]({link_from(module.page, RECORD_PAGE)}).")
    return f"\n\n## Next steps\n\n{progress_box(module)}{way_on}\n"


def citation(inner: str, page: str, course: Course) -> str:
    keys = citation_keys(inner)
    href = link_from(page, REFERENCES_PAGE)
    cites = [f"[{course.references[key].cite}]({href}#{key})" for key in keys if key in course.references]
    return f"({'; '.join(cites)})" if cites else ""


def _quiz_or_marker(match: re.Match, page: str, course: Course) -> str:
    name, argument = match.groups()
    if name == "law" and argument in course.law:
        return law_box(course.law[argument], course.jurisdiction)
    item = course.questions.get(argument) if name == "quiz" else None
    return quiz_markup(item, page, course) if item else match.group(0)


def quiz_markup(item: BankQuestion, page: str, course: Course) -> str:
    """mkdocs-quiz syntax for one bank question; option feedback follows each option."""
    question = item.question
    lines = ["<quiz>", f"**Scenario.** {question.scenario.strip()}", "", question.question.strip()]
    if question.type == "multiple" and "all that apply" not in question.question.lower():
        lines[-1] += " *Select all that apply.*"
    for option in question.options:
        lines.append(f"- [{'x' if option.correct else ' '}] {option.text}")
        lines.extend(f"> {text}" for text in option.feedback.strip().splitlines())
    if question.sources:
        lines += ["", "Sources: " + citation("; ".join(question.sources), page, course)]
    lines.append("</quiz>")
    return "\n".join(lines)


def abbreviations(course: Course) -> str:
    """Markdown abbreviation definitions, shown on hover wherever the abbreviation appears."""
    pairs = []
    for entry in course.glossary.values():
        if entry.expansion:
            pairs.append((entry.term, entry.expansion))
        if entry.abbr:
            pairs.append((entry.abbr, entry.term.split(" (")[0]))
    return "".join(f"\n*[{short}]: {long}" for short, long in pairs)


def references_page(course: Course) -> str:
    lines = ["# References", "",
             "Every source the course cites, in alphabetical order. Citations in the modules link here.", ""]
    for key, ref in sorted(course.references.items(), key=lambda item: item[1].text.lower()):
        entry = ref.text.strip()
        if ref.url:
            entry += f" [{_site_name(ref.url)}]({ref.url})"
        if ref.note:
            entry += f" *Note: {ref.note.strip()}*"
        lines += [entry, f"{{: #{key} }}", ""]
    return "\n".join(lines)


def _site_name(url: str) -> str:
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    return f"Online at {host}"


def glossary_page(course: Course) -> str:
    lines = ["# Glossary", "",
             "Plain-language meanings of the terms used in the course. Abbreviations are also explained "
             "when you hover over or focus them in a module.", ""]
    letter = ""
    for key, entry in sorted(course.glossary.items(), key=lambda item: item[1].term.lower()):
        first = entry.term[0].upper() if entry.term[0].isalpha() else "0–9"
        if first != letter:
            letter = first
            lines += [f"## {letter}", ""]
        term = entry.term + (f" ({entry.expansion})" if entry.expansion else "")
        sources = citation("; ".join(entry.sources), GLOSSARY_PAGE, course)
        lines += [f"### {term} {{ #{key} }}", "", f"{entry.definition.strip()} {sources}", ""]
    return "\n".join(lines)


def course_map(course: Course) -> str:
    total = sum(m.meta.duration_minutes for m in course.modules)
    lines = ["# Course modules", "",
             f"The course has {len(course.modules)} modules, about {_hours(total)} in all. "
             "Take them in order, or start with the one you need; each ends with scenario questions.", "",
             "| No. | Module | What you will learn | Time |", "|---|---|---|---|"]
    for module in course.modules:
        meta = module.meta
        link = link_from(COURSE_MAP_PAGE, module.page)
        summary = " ".join(meta.summary.split())
        lines.append(f"| {meta.order} | [{meta.title}]({link}) | {summary} | {meta.duration_minutes} min |")
    return "\n".join(lines) + "\n"


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} minutes"


def nav_with_modules(nav: list | None, course: Course) -> list | None:
    """Replace the nav entry for the course map with a section: the map, then every module in order."""
    if not nav:
        return nav
    section = ([COURSE_MAP_PAGE] + [{f"{m.meta.order}. {m.meta.title}": m.page} for m in course.modules]
               + [f"{folder}/index.md" for folder in course.broken_module_folders])
    result = []
    for entry in nav:
        if isinstance(entry, dict) and list(entry.values()) == [COURSE_MAP_PAGE]:
            result.append({next(iter(entry)): section})
        else:
            result.append(entry)
    return result
