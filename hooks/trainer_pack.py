"""The trainers' pack: answer key, scenario cards, handouts, confidence questionnaire, whole-course
print page, the generated part of each facilitator guide, and the trainers' navigation.

Everything is made from the module pages and quiz banks, so nothing a trainer prints can drift from
the course. Like render.py, every function returns Markdown; citations ([@key]) are left for
render.expand_page, which runs on these pages too.
"""

from __future__ import annotations

import hashlib
import posixpath
import re

from .course import GUIDES, KEY_POINTS, BankQuestion, Course, Module
from .markdown_checks import MARKER
from .render import link_from
from .yaml_source import split_front_matter

INDEX = "trainers/index.md"
ANSWER_KEY = "trainers/answer-key.md"
QUESTIONNAIRE = "trainers/confidence-questionnaire.md"
WHOLE_COURSE = "trainers/whole-course.md"
PRINT_TIP = ("To print, or save as a PDF, use your browser's Print command (Ctrl+P, or Cmd+P on a Mac) "
             "and choose A4 paper; the site's menus are left out of the printout.")


def guide_page(module_id: str) -> str:
    return f"{GUIDES.removeprefix('docs/')}/{module_id}.md"


def cards_page(module_id: str) -> str:
    return f"trainers/cards/{module_id}.md"


def handout_page(module_id: str) -> str:
    return f"trainers/handouts/{module_id}.md"


def slides_file(module_id: str) -> str:
    return f"trainers/slides/{module_id}.pptx"  # made by hooks/slides.py


# Printables repeat the modules (and the key holds the answers): left out of the site search, so
# a learner's search finds the lesson, and the search index stays small.
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"


def generated_pages(course: Course, site_url: str) -> dict[str, str]:
    """Every generated page of the pack, by its path under docs/."""
    pages = {ANSWER_KEY: answer_key(course), QUESTIONNAIRE: questionnaire(course),
             WHOLE_COURSE: whole_course(course)}
    for module in course.modules:
        pages[cards_page(module.meta.id)] = scenario_cards(module, course)
        pages[handout_page(module.meta.id)] = handout(module, course, site_url)
    return {path: NOT_SEARCHED + markdown for path, markdown in pages.items()}


def nav_with_pack(nav: list | None, course: Course) -> list | None:
    """Add the guides and the generated pages to the nav section that starts with trainers/index.md."""
    for entry in nav or []:
        section = next(iter(entry.values())) if isinstance(entry, dict) else None
        if isinstance(section, list) and section and section[0] == INDEX:
            section += [
                {"Facilitator guides": _guides_nav(course)},
                {"Scenario cards": [{_label(m): cards_page(m.meta.id)} for m in course.modules]},
                {"Handouts": [{_label(m): handout_page(m.meta.id)} for m in course.modules]},
                {"Answer key": ANSWER_KEY},
                {"Confidence questionnaire": QUESTIONNAIRE},
                {"Whole course to print": WHOLE_COURSE},
            ]
    return nav


def _guides_nav(course: Course) -> list:
    """The guides in course order, then any guide whose module is unknown (reported by the checks),
    so that it is still built and its links still checked."""
    known = [{_label(m): guide_page(m.meta.id)} for m in course.modules]
    listed = {guide_page(m.meta.id) for m in course.modules}
    others = [guide_page(path.stem) for path in sorted((course.root / GUIDES).glob("*.md"))]
    return known + [page for page in others if page not in listed]


def _label(module: Module) -> str:
    return f"{module.meta.order}. {module.meta.title}"


# Questions as trainers see them -------------------------------------------------------------

def numbered(course: Course, module: Module) -> list[tuple[str, BankQuestion]]:
    """The module's questions in bank order, labelled "<module order>.<n>" on cards and in the key."""
    return [(f"{module.meta.order}.{n}", item) for n, item in enumerate(course.questions_of(module.meta.id), 1)]


def shown_options(item: BankQuestion) -> list:
    """The options in a fixed order that does not give the answer away (the banks list the right
    answer first); the same order on cards, guides and the key, so letters match."""
    return sorted(item.question.options,
                  key=lambda o: hashlib.sha256(f"{item.question.id}\n{o.text}".encode()).hexdigest())


def _letter(index: int) -> str:
    return "ABCDEF"[index]


def _question_text(item: BankQuestion) -> str:
    text = " ".join(item.question.question.split())
    if item.question.type == "multiple" and "all that apply" not in text.lower():
        text += " *Select all that apply.*"
    return text


def _label_of(course: Course, item: BankQuestion) -> str:
    """The question's card number; its id while its module's front matter is broken."""
    for module in course.modules:
        if module.meta.id == item.module_id:
            return next(label for label, i in numbered(course, module) if i is item)
    return item.question.id


def expand_scenarios(markdown: str, page: str, course: Course, names=("scenario",)) -> str:
    """Replace each <!-- md:scenario id --> with the question for reading out: no answers."""
    def replace(match: re.Match) -> str:
        name, question_id = match.groups()
        item = course.questions.get(question_id) if name in names else None
        return scenario_block(item, page, course) if item else match.group(0)
    return MARKER.sub(replace, markdown)


def scenario_block(item: BankQuestion, page: str, course: Course) -> str:
    label = _label_of(course, item)
    options = [f"> - **{_letter(i)}.** {o.text}" for i, o in enumerate(shown_options(item))]
    lines = [f"> **Scenario {label}.** {' '.join(item.question.scenario.split())}", ">",
             f"> {_question_text(item)}", ">", *options, ""]
    if label != item.question.id:  # else its module is broken and the key does not list it
        key = f"{link_from(page, ANSWER_KEY)}#{item.question.id}"
        lines += [f"[Answers and feedback for scenario {label}]({key}){{ .pack-key-link }}", ""]
    return "\n".join(lines)


# Answer key -------------------------------------------------------------------------------

def answer_key(course: Course) -> str:
    """Every question with all its options, the right ones marked in words, feedback and sources.
    One page, with a section per module: one link and one printout for the whole course, and each
    module's part reachable at #module-<id>. Not a quiz: it contains no <quiz> markup."""
    lines = ["# Answer key", "",
             '<div class="pack-note" markdown>', "",
             "For trainers. Every scenario question in the course, with the right answers marked "
             "**Correct answer** and the feedback learners see for each option. The letters match the "
             "scenario cards and facilitator guides. Do not hand this page out before a session.", "",
             PRINT_TIP, "", "</div>", ""]
    for module in course.modules:
        meta = module.meta
        lines += [f"## Module {meta.order}: {meta.title} {{ #module-{meta.id} .pack-module }}", "",
                  f"[Facilitator guide]({link_from(ANSWER_KEY, guide_page(meta.id))}) · "
                  f"[scenario cards]({link_from(ANSWER_KEY, cards_page(meta.id))}) · "
                  f"[module page]({link_from(ANSWER_KEY, module.page)})", ""]
        objectives = {o.id: o.text for o in meta.objectives}
        for label, item in numbered(course, module):
            question = item.question
            kind = "one right answer" if question.type == "single" else "more than one right answer"
            lines += [f"### Scenario {label} {{ #{question.id} }}", "",
                      f"**Scenario.** {' '.join(question.scenario.split())}", "",
                      f"**Question** ({kind}). {_question_text(item)}", ""]
            for index, option in enumerate(shown_options(item)):
                mark = "Correct answer" if option.correct else "Not correct"
                css = "pack-correct" if option.correct else "pack-wrong"
                lines += [f'<div class="pack-option {css}" markdown>', "",
                          f"**{_letter(index)}. {mark}:** {option.text}", "",
                          f"*Feedback:* {' '.join(option.feedback.split())}", "", "</div>", ""]
            lines.append(f"**Objective:** {objectives.get(question.objective, question.objective)}")
            if question.sources:
                lines[-1] += f" · **Sources:** [@{'; @'.join(question.sources)}]"
            lines.append("")
    return "\n".join(lines)


# Scenario cards ---------------------------------------------------------------------------

def scenario_cards(module: Module, course: Course) -> str:
    """One card per scenario, no answers or feedback; printed two to an A4 sheet with cut lines."""
    meta = module.meta
    page = cards_page(meta.id)
    lines = [f"# Scenario cards: {meta.title}", "",
             '<div class="pack-note" markdown>', "",
             "One card per scenario question, with no answers. Print on A4: two cards to a sheet, cut "
             "along the dashed lines. Each card's number matches the "
             f"[answer key]({link_from(page, ANSWER_KEY)}#module-{meta.id}) and the "
             f"[facilitator guide]({link_from(page, guide_page(meta.id))}).", "",
             PRINT_TIP, "", "</div>", "", '<div class="pack-cards" markdown>', ""]
    for label, item in numbered(course, module):
        lines += ['<div class="pack-card" markdown>', "",
                  f"Module {meta.order}: {meta.title} · **Card {label}**", "{ .pack-card-label }", "",
                  f"**Scenario.** {' '.join(item.question.scenario.split())}", "",
                  f"**{_question_text(item)}**", ""]
        lines += [f"- **{_letter(i)}.** {o.text}" for i, o in enumerate(shown_options(item))]
        lines += ["", "</div>", ""]
    return "\n".join(lines + ["</div>", ""])


# Handouts ---------------------------------------------------------------------------------

def module_body(module: Module, course: Course) -> str:
    return split_front_matter((course.root / module.page).read_text(encoding="utf-8")).body


def section(body: str, title: str) -> str:
    """The text of the '## title' section, without its heading."""
    match = re.search(rf"^## {re.escape(title)}[ \t]*\n(.*?)(?=^## |\Z)", body, re.M | re.S)
    return match.group(1).strip() if match else ""


def relink(markdown: str, source: str, target: str) -> str:
    """Make the relative links of Markdown written at `source` work on the page `target`."""
    def fix(match: re.Match) -> str:
        href = match.group(2)
        if re.match(r"[a-z]+:", href):
            return match.group(0)
        path, _, anchor = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else source
        return f"{match.group(1)}{link_from(target, resolved)}{'#' + anchor if anchor else ''})"
    return re.sub(r"(\]\()([^)\s]+)\)", fix, markdown)


def handout(module: Module, course: Course, site_url: str) -> str:
    """One-page summary for participants: title, objectives and the module's Key points."""
    meta = module.meta
    page = handout_page(meta.id)
    key_points = section(module_body(module, course), KEY_POINTS)
    url = f"{site_url.rstrip('/')}/modules/{meta.id}/"
    objectives = "\n".join(f"- {o.text}" for o in meta.objectives)
    return "\n".join([
        f"# {meta.title}", "",
        f"Handout for module {meta.order} of Family Involvement Training · about {meta.duration_minutes} minutes online", "{ .pack-subtitle }", "",
        "## What this module covers", "", objectives, "",
        f"## {KEY_POINTS}", "", relink(key_points, module.page, page), "",
        "## Find out more", "",
        f"Take the full module, with its scenario questions and sources, at `{url}` "
        f"([{meta.title}]({link_from(page, module.page)})).", "",
        "If the subject touches your own life, you are not alone: ask your trainer for the support "
        "list, or talk to your manager or staff support service.", ""])


# Confidence questionnaire -----------------------------------------------------------------

def questionnaire(course: Course) -> str:
    """Pre/post self-rating of every module objective, 1 to 5, for evaluating a course."""
    lines = ["# Confidence questionnaire", "",
             '<div class="pack-note" markdown>', "",
             "For evaluation. Ask participants to fill it in at the start of the course (before) and "
             "again at the end (after), then compare the two ratings for each statement. Give out "
             "only the modules you cover.", "", PRINT_TIP, "", "</div>", "",
             '<div class="pack-fields" markdown>', "",
             "**Name or code:** ______________________ **Date:** ____________", "",
             "**When:** ☐ Before the course ☐ After the course", "", "</div>", "",
             "For each statement, tick one box: **1** = not at all confident, **2** = a little, "
             "**3** = fairly, **4** = confident, **5** = very confident.", ""]
    for module in course.modules:
        lines += [f"## Module {module.meta.order}: {module.meta.title}", "",
                  '<div class="pack-rating" markdown>', "",
                  "| How confident are you that you can … | 1 | 2 | 3 | 4 | 5 |",
                  "|---|:-:|:-:|:-:|:-:|:-:|"]
        lines += [f"| … {_lower_first(o.text)} |" + " ☐ |" * 5 for o in module.meta.objectives]
        lines += ["", "</div>", ""]
    return "\n".join(lines)


def _lower_first(text: str) -> str:
    text = " ".join(text.split())
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


# Whole-course print -----------------------------------------------------------------------

def whole_course(course: Course) -> str:
    """Every module in order on one page, for trainers who work offline. Questions are shown as
    scenarios with their options but no answers (so the page can be used as a workbook); the
    answers are in the answer key."""
    lines = ["# The whole course", "",
             '<div class="pack-note" markdown>', "",
             f"Every module in order on one page, for working offline. {PRINT_TIP} Each module starts "
             f"on a new sheet. Questions appear without answers: they are in the "
             f"[answer key]({link_from(WHOLE_COURSE, ANSWER_KEY)}).", "", "</div>", ""]
    for module in course.modules:
        meta = module.meta
        body = relink(module_body(module, course), module.page, WHOLE_COURSE)
        body = expand_scenarios(body, WHOLE_COURSE, course, ("quiz", "scenario"))
        body = re.sub(r"^(#+) ", r"#\1 ", body, flags=re.M)  # the module title is the H2
        objectives = "\n".join(f"- {o.text}" for o in meta.objectives)
        lines += [f"## Module {meta.order}: {meta.title} {{ #{meta.id} .pack-module }}", "",
                  f"About {meta.duration_minutes} minutes. By the end of this module you will be able to:", "",
                  objectives, "", body, ""]
    return "\n".join(lines)


# Facilitator guides -----------------------------------------------------------------------

def guide_facts(module: Module, course: Course) -> str:
    """The line under a guide's title: the module, its time, and what to print for it."""
    meta = module.meta
    page = guide_page(meta.id)
    return "\n".join([
        '<div class="module-facts" markdown>', "",
        f"**Module {meta.order}:** [{meta.title}]({link_from(page, module.page)}) · "
        f"**Online time:** about {meta.duration_minutes} minutes · "
        f"**Scenarios:** {len(course.questions_of(meta.id))}", "", "</div>", "",
        f"**Print for this module:** [scenario cards]({link_from(page, cards_page(meta.id))}) · "
        f"[handout]({link_from(page, handout_page(meta.id))}) · "
        f"[answer key for module {meta.order}]({link_from(page, ANSWER_KEY)}#module-{meta.id}) · "
        f"[confidence questionnaire]({link_from(page, QUESTIONNAIRE)})", "",
        f"[Slides for this module (PowerPoint)]({link_from(page, slides_file(meta.id))})", ""])


def learning_outcomes(module: Module) -> str:
    outcomes = "\n".join(f"- {o.text}" for o in module.meta.objectives)
    return f"## Learning outcomes\n\nBy the end of the session, participants will be able to:\n\n{outcomes}\n"


def expand_trainer_page(markdown: str, page: str, course: Course) -> str:
    """Add the generated header to a facilitator guide; expand scenario markers on any page."""
    module = next((m for m in course.modules if guide_page(m.meta.id) == page), None)
    if module is not None:
        markdown = with_guide_header(markdown, module, course)
    return expand_scenarios(markdown, page, course)


def with_guide_header(markdown: str, module: Module, course: Course) -> str:
    """The facts line right after the '# ' title; the learning outcomes after the guide's
    introduction, before its first '## ' section."""
    title = re.search(r"^# .*\n", markdown, re.M)
    at = title.end() if title else 0
    first_section = re.search(r"^## ", markdown[at:], re.M)
    split = at + (first_section.start() if first_section else len(markdown[at:]))
    return (f"{markdown[:at]}\n{guide_facts(module, course)}\n{markdown[at:split]}\n"
            f"{learning_outcomes(module)}\n{markdown[split:]}")
