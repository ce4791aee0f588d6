"""The trainers' pack: per module a session pack, answer key, scenario cards and handout; the
confidence questionnaire, the whole-course print page, the generated parts of the facilitator
guides and of the trainers' index, page titles, and the trainers' navigation.

Everything is made from the module pages and quiz banks, so nothing a trainer prints can drift from
the course. Like render.py, every function returns Markdown, from the templates
hooks/templates/pack_*.md.j2; citations ([@key]) are left for render.expand_page, which runs on
these pages too.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from markupsafe import Markup

from .course import GUIDES, KEY_POINTS, BankQuestion, Course, Module
from .markdown_checks import MARKER
from .render import nav_title, needs_select_all, page_title, shown_options
from .service import WORDING
from .templating import link_from, render
from .yaml_source import split_front_matter

INDEX = "trainers/index.md"
PRINT_SECTION = "Print what you need"  # the index section the hook adds the table of printables to
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


def answer_key_page(module_id: str) -> str:
    return f"trainers/answer-key/{module_id}.md"


def session_pack_page(module_id: str) -> str:
    return f"trainers/session-packs/{module_id}.md"


def slides_file(module_id: str) -> str:
    return f"trainers/slides/{module_id}.pptx"  # made by hooks/slides.py


LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0"}


def public_address(site_url: str) -> bool:
    """Whether site_url is where the site is published, not the local default of `make serve`:
    printouts and slides show the course's address only then."""
    parts = urlsplit(site_url)
    return parts.scheme in ("http", "https") and parts.hostname not in LOCAL_HOSTS


# Printables repeat the modules (and the key holds the answers): left out of the site search, so
# a learner's search finds the lesson, and the search index stays small.
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"


def generated_pages(course: Course, site_url: str) -> dict[str, str]:
    """Every generated page of the pack, by its path under docs/."""
    pages = {QUESTIONNAIRE: questionnaire(course), WHOLE_COURSE: whole_course(course)}
    for module in course.modules:
        pages[answer_key_page(module.meta.id)] = answer_key(module, course)
        pages[cards_page(module.meta.id)] = scenario_cards(module, course)
        pages[handout_page(module.meta.id)] = handout(module, course, site_url)
        pages[session_pack_page(module.meta.id)] = session_pack(module, course, site_url)
    return {path: NOT_SEARCHED + markdown for path, markdown in pages.items()}


def nav_with_pack(nav: list | None, course: Course) -> list | None:
    """Add the guides and the generated pages to the nav section that starts with trainers/index.md."""
    for entry in nav or []:
        section = next(iter(entry.values())) if isinstance(entry, dict) else None
        if isinstance(section, list) and section and section[0] == INDEX:
            section += [
                {"Facilitator guides": _guides_nav(course)},
                {"Session packs": [{nav_title(m): session_pack_page(m.meta.id)} for m in course.modules]},
                {"Scenario cards": [{nav_title(m): cards_page(m.meta.id)} for m in course.modules]},
                {"Handouts": [{nav_title(m): handout_page(m.meta.id)} for m in course.modules]},
                {"Answer keys": [{nav_title(m): answer_key_page(m.meta.id)} for m in course.modules]},
                {"Confidence questionnaire": QUESTIONNAIRE},
                {"Whole course to print": WHOLE_COURSE},
            ]
    return nav


def _guides_nav(course: Course) -> list:
    """The guides in course order, then any guide whose module is unknown (reported by the checks),
    so that it is still built and its links still checked."""
    known = [{nav_title(m): guide_page(m.meta.id)} for m in course.modules]
    listed = {guide_page(m.meta.id) for m in course.modules}
    others = [guide_page(path.stem) for path in sorted((course.root / GUIDES).glob("*.md"))]
    return known + [page for page in others if page not in listed]


# What the browser tab says: each module has a guide, cards, a handout, a key and a session pack,
# and the menus name them all by the module, so the tab title says which one it is.
_PAGE_KINDS = {guide_page: "Guide", cards_page: "Scenario cards", handout_page: "Handout",
               answer_key_page: "Answer key", session_pack_page: "Session pack"}


def page_title_for(page: str, course: Course) -> Markup | None:
    """"Handout: <module title>" for a module's trainers' page, escaped; None for other pages."""
    for module in course.modules:
        for page_of, kind in _PAGE_KINDS.items():
            if page_of(module.meta.id) == page:
                return Markup(f"{kind}: ") + page_title(module)
    return None


# Questions as trainers see them -------------------------------------------------------------

def numbered(course: Course, module: Module) -> list[tuple[str, BankQuestion]]:
    """The module's questions in bank order, labelled "<module order>.<n>" on cards and in the key."""
    return [(f"{module.meta.order}.{n}", item) for n, item in enumerate(course.questions_of(module.meta.id), 1)]


LETTERS = "ABCDEF"  # option letters on the cards, the key and the slides


def _pack(template: str, page: str, **context) -> str:
    """A pack template, with what every pack template may use."""
    return render(template, page=page, letters=LETTERS, print_tip=PRINT_TIP, select_all=needs_select_all,
                  answer_key_page=answer_key_page, questionnaire=QUESTIONNAIRE, guide_page=guide_page,
                  cards_page=cards_page, handout_page=handout_page, session_pack_page=session_pack_page,
                  slides_file=slides_file, whole_course=WHOLE_COURSE, index=INDEX, **context)


def _with_options(course: Course, module: Module) -> list[tuple[str, BankQuestion, list]]:
    return [(label, item, shown_options(item)) for label, item in numbered(course, module)]


def _label_of(course: Course, item: BankQuestion) -> str:
    """The question's card number; its id while its module's front matter is broken."""
    for module in course.modules:
        if module.meta.id == item.module_id:
            return next(label for label, i in numbered(course, module) if i is item)
    return item.question.id


def expand_scenarios(markdown: str, page: str, course: Course, names=("scenario",)) -> str:
    """Replace each <!-- md:scenario id --> with the question for reading out (no answers), and
    each <!-- md:card id --> with its card number, e.g. 6.3, so session plans name their cards."""
    def replace(match: re.Match) -> str:
        name, question_id = match.groups()
        item = course.questions.get(question_id) if name in (*names, "card") else None
        if item is None:
            return match.group(0)
        return _label_of(course, item) if name == "card" else scenario_block(item, page, course)
    return MARKER.sub(replace, markdown)


def scenario_block(item: BankQuestion, page: str, course: Course) -> str:
    label = _label_of(course, item)
    known = label != item.question.id  # else its module is broken and the key does not list it
    key_link = f"{link_from(page, answer_key_page(item.module_id))}#{item.question.id}" if known else None
    return _pack("pack_scenario.md.j2", page, item=item, label=label, options=shown_options(item), key_link=key_link)


# Answer key -------------------------------------------------------------------------------

def answer_key(module: Module, course: Course) -> str:
    """The module's questions with all their options, the right ones marked in words, feedback and
    sources; a page per module, so a trainer prints only the key they need. Not a quiz: it contains
    no <quiz> markup."""
    return _pack("pack_answer_key.md.j2", answer_key_page(module.meta.id), module=module,
                 questions=_with_options(course, module))


# Scenario cards ---------------------------------------------------------------------------

def scenario_cards(module: Module, course: Course) -> str:
    """One card per scenario, no answers or feedback; printed two to an A4 sheet with cut lines."""
    return _pack("pack_cards.md.j2", cards_page(module.meta.id), module=module,
                 questions=_with_options(course, module))


# Handouts ---------------------------------------------------------------------------------

def module_body(module: Module, course: Course) -> str:
    return split_front_matter((course.root / module.page).read_text(encoding="utf-8-sig")).body


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
    """One-page summary for participants: title, objectives, the module's Key points and the extras
    its guide asks for (the `handout:` list in the guide's front matter)."""
    return _pack("pack_handout.md.j2", handout_page(module.meta.id), **_handout_parts(module, course, site_url))


def _handout_parts(module: Module, course: Course, site_url: str) -> dict:
    page = handout_page(module.meta.id)
    url = f"{site_url.rstrip('/')}/modules/{module.meta.id}/" if public_address(site_url) else None
    return {"module": module, "key_points_title": KEY_POINTS, "url": url, "levels": WORDING["levels"],
            "extras": course.handout_extras.get(module.meta.id, []),
            "key_points": relink(section(module_body(module, course), KEY_POINTS), module.page, page)}


# Confidence questionnaire -----------------------------------------------------------------

def questionnaire(course: Course) -> str:
    """Pre/post self-rating of every module objective, 1 to 5, for evaluating a course: one table
    whose header (name, date, before or after) the browser repeats on every printed sheet."""
    return _pack("pack_questionnaire.md.j2", QUESTIONNAIRE, modules=course.modules)


# Session pack -----------------------------------------------------------------------------

# Cut-out cards in a guide: a role-play brief (!!! brief "Brief for the worker") or a set of cards
# to sort (!!! sort "..."), each an admonition with its indented body.
CUTOUT = re.compile(r"^!!! (?:brief|sort)\b.*\n(?:(?:[ \t]*\n)*(?: {4}|\t).*\n?)*", re.M)


def cutouts(module: Module, course: Course) -> str:
    """The guide's role-play briefs and sort cards, as written there, for the session pack."""
    source = guide_page(module.meta.id)
    path = course.root / "docs" / source
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    blocks = [match.group(0).rstrip() for match in CUTOUT.finditer(text)]
    return relink("\n\n".join(blocks), source, session_pack_page(module.meta.id))


def session_pack(module: Module, course: Course, site_url: str) -> str:
    """Everything to print for a session on one module, in one go: the module's answer key, its
    questionnaire, its scenario cards, the guide's cut-out cards and the handout, each part on new sheets."""
    parts = _handout_parts(module, course, site_url)
    return _pack("pack_session.md.j2", session_pack_page(module.meta.id), **parts,
                 questions=_with_options(course, module), cutouts=cutouts(module, course))


# Whole-course print -----------------------------------------------------------------------

def whole_course(course: Course) -> str:
    """Every module in order on one page, for trainers who work offline. Questions are shown as
    scenarios with their options but no answers (so the page can be used as a workbook); the
    answers are in the answer key."""
    modules = []
    for module in course.modules:
        body = relink(module_body(module, course), module.page, WHOLE_COURSE)
        body = expand_scenarios(body, WHOLE_COURSE, course, ("quiz", "scenario"))
        modules.append((module, re.sub(r"^(#+) ", r"#\1 ", body, flags=re.M)))  # the module title is the H2
    return _pack("pack_whole_course.md.j2", WHOLE_COURSE, modules=modules)


# Facilitator guides -----------------------------------------------------------------------

def _guide_part(module: Module, course: Course, part: str) -> str:
    """The facts line under a guide's title ("facts"), or its learning outcomes ("outcomes")."""
    return _pack(f"pack_guide_{part}.md.j2", guide_page(module.meta.id), module=module,
                 scenarios=len(course.questions_of(module.meta.id)))


def expand_trainer_page(markdown: str, page: str, course: Course) -> str:
    """Add the generated header to a facilitator guide and the table of printables to the trainers'
    index; expand scenario and card markers on any page."""
    module = next((m for m in course.modules if guide_page(m.meta.id) == page), None)
    if module is not None:
        markdown = with_guide_header(markdown, module, course)
    if page == INDEX:
        markdown = with_print_table(markdown, course)
    return expand_scenarios(markdown, page, course)


def with_print_table(markdown: str, course: Course) -> str:
    """A link to every printable, module by module, at the end of the index's 'Print what you need'."""
    heading = re.search(rf"^## {re.escape(PRINT_SECTION)}[ \t]*\n", markdown, re.M)
    if heading is None:
        return markdown
    after = re.search(r"^## ", markdown[heading.end():], re.M)
    at = heading.end() + (after.start() if after else len(markdown[heading.end():]))
    return markdown[:at] + _pack("pack_print_table.md.j2", INDEX, modules=course.modules) + markdown[at:]


def with_guide_header(markdown: str, module: Module, course: Course) -> str:
    """The facts line right after the '# ' title; the learning outcomes after the guide's
    introduction, before its first '## ' section."""
    title = re.search(r"^# .*\n", markdown, re.M)
    at = title.end() if title else 0
    first_section = re.search(r"^## ", markdown[at:], re.M)
    split = at + (first_section.start() if first_section else len(markdown[at:]))
    return (markdown[:at] + _guide_part(module, course, "facts") + markdown[at:split]
            + _guide_part(module, course, "outcomes") + markdown[split:])
