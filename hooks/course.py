"""Loads and checks the whole course: modules, quiz banks, references, glossary, other pages.

`load_course(root)` reads every source file once and returns the course with every problem found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from . import item_writing, schema
from .language import StigmaChecker
from .law import LAW_DIR, LawTopic, load_law
from .markdown_checks import PageFacts, scan_page
from .problems import Problems
from .schema import GlossaryEntry, ModuleMeta, Question, Reference
from .yaml_source import YamlDoc, parse_yaml, split_front_matter

REFERENCES = "data/references.yml"
GLOSSARY = "data/glossary.yml"
LANGUAGE = "data/language.yml"
GUIDES = "docs/trainers/guides"  # one facilitator guide per module: <module id>.md
KEY_POINTS = "Key points"  # the module section the trainers' handouts are made from


@dataclass
class Module:
    folder: str  # e.g. "modules/06-confidentiality"
    meta: ModuleMeta
    front_matter: YamlDoc

    @property
    def page(self) -> str:
        return f"{self.folder}/index.md"


@dataclass
class BankQuestion:
    question: Question
    module_id: str
    path: str  # the bank file
    line: int


@dataclass
class Course:
    root: Path
    modules: list[Module] = field(default_factory=list)  # in course order
    questions: dict[str, BankQuestion] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    law: dict[str, LawTopic] = field(default_factory=dict)  # topic -> each nation's rule
    jurisdiction: str | None = None  # the service's nation: its tab opens first in every law box
    # What broken entries were meant to be, so one mistake is reported once, not again as
    # "unknown key", "not embedded" or "not covered" wherever the entry is used.
    reference_keys: set[str] = field(default_factory=set)
    broken_questions: dict[str, object] = field(default_factory=dict)  # id -> intended objective
    unreadable_banks: set[str] = field(default_factory=set)  # module ids whose bank is not valid YAML
    broken_module_folders: list[str] = field(default_factory=list)  # front matter not valid
    page_questions: dict[str, list[str]] = field(default_factory=dict)  # page -> embedded ids, in page order

    def module_for_page(self, src_uri: str) -> Module | None:
        return next((m for m in self.modules if m.page == src_uri), None)

    def questions_of(self, module_id: str) -> list[BankQuestion]:
        return [q for q in self.questions.values() if q.module_id == module_id]


def load_course(root: Path) -> tuple[Course, Problems]:
    problems = Problems()
    course = Course(root)
    course.references, references_doc = _load_mapping(root, REFERENCES, Reference, "reference", problems)
    course.reference_keys = set(references_doc.data) if references_doc else set()
    course.glossary, glossary_doc = _load_mapping(root, GLOSSARY, GlossaryEntry, "glossary term", problems)
    for key, entry in course.glossary.items():
        _check_keys(course, entry.sources, GLOSSARY, glossary_doc.line((key, "sources")), problems)
    stigma = _load_language(root, problems)

    pages: list[tuple[str, PageFacts]] = []
    _load_modules(course, stigma, problems, pages)
    _load_banks(course, stigma, problems)
    item_writing.check_course(course.questions.values(), problems)
    course.law = load_law(root, _read, problems, stigma, pages)
    for path in sorted((root / "docs").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        parts = split_front_matter(_read(path))
        pages.append((rel, scan_page(parts.body, rel, parts.body_line, problems, stigma,
                                     title_in_front_matter=False)))
    _cross_check(course, pages, problems)
    _check_trainer_pack(course, pages, problems)
    return course, problems


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _load_mapping(root: Path, rel: str, model: type[BaseModel], what: str,
                  problems: Problems) -> tuple[dict, YamlDoc | None]:
    """Load a YAML file of `key: {fields}` entries, keeping the valid ones."""
    path = root / rel
    if not path.exists():
        problems.add(rel, 1, f"the {what} list is missing", f"create {rel}; the README shows its shape")
        return {}, None
    doc = parse_yaml(_read(path), rel, problems)
    if doc is None:
        return {}, None
    if not isinstance(doc.data, dict):
        problems.add(rel, 1, f"{rel} must be a list of 'key:' blocks, one per {what}",
                     "start each entry with its key at the left margin, e.g. 'copello2005:'")
        return {}, None
    entries = {}
    for key in doc.data:
        if not isinstance(key, str) or not _is_slug(key):
            problems.add(rel, doc.line((key,)), f"the key {key!r} must use lowercase letters, digits and hyphens",
                         "rename it like 'copello2005' or 'loss-of-tolerance'")
            continue
        entry = schema.validate(model, doc, (key,), problems, label=f"{what} '{key}': ")
        if entry is not None:
            entries[key] = entry
    return entries, doc


def _is_slug(text: str) -> bool:
    return re.fullmatch(schema.SLUG_PATTERN, text) is not None


def _load_language(root: Path, problems: Problems) -> StigmaChecker:
    path = root / LANGUAGE
    if not path.exists():
        return StigmaChecker()
    doc = parse_yaml(_read(path), LANGUAGE, problems)
    rules = []
    for index, item in enumerate(doc.data if doc and isinstance(doc.data, list) else []):
        if (isinstance(item, dict) and isinstance(item.get("avoid"), list)
                and isinstance(item.get("prefer"), str)):
            rules.append(([str(word) for word in item["avoid"]], item["prefer"]))
        else:
            problems.add(LANGUAGE, doc.line((index,)), "each entry needs 'avoid: [words]' and 'prefer: text'",
                         "copy the shape of the entries above")
    return StigmaChecker(rules)


def _check_keys(course: Course, keys, path: str, line: int, problems: Problems) -> None:
    for key in keys:
        if key not in course.reference_keys:
            problems.add(path, line, f"the source key '{key}' is not in {REFERENCES}",
                         f"check the spelling, or add '{key}' to {REFERENCES}")


def _load_modules(course: Course, stigma: StigmaChecker, problems: Problems,
                  pages: list[tuple[str, PageFacts]]) -> None:
    root = course.root
    modules_dir = root / "modules"
    for path in sorted(modules_dir.iterdir()) if modules_dir.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.is_file():
            problems.add(rel, 1, "a file directly in modules/", "put each module in its own folder: modules/<folder>/index.md")
            continue
        index = path / "index.md"
        if not index.exists():
            problems.add(rel, 1, "this module folder has no index.md", "add index.md with the module's front matter and lesson")
            continue
        for extra in sorted(path.rglob("*.md")):
            if extra != index:
                problems.add(extra.relative_to(root).as_posix(), 1, "a module has one page, index.md; this page would not be in the course",
                             "move this text into the module's index.md, or remove the file")
        module = _load_module(course, rel, index, stigma, problems, pages)
        if module:
            course.modules.append(module)
        else:
            course.broken_module_folders.append(rel)
    _check_unique(course.modules, "id", problems)
    _check_unique(course.modules, "order", problems)
    course.modules.sort(key=lambda m: (m.meta.order, m.folder))


def _load_module(course: Course, folder: str, index: Path, stigma: StigmaChecker,
                 problems: Problems, pages: list[tuple[str, PageFacts]]) -> Module | None:
    page = f"{folder}/index.md"
    parts = split_front_matter(_read(index))
    pages.append((page, scan_page(parts.body, page, parts.body_line, problems, stigma,
                                  title_in_front_matter=True)))
    if parts.front_matter is None:
        problems.add(page, 1, "the module page has no front matter",
                     "start the file with a '---' line, the module's fields (id, title, order, ...), and another '---' line")
        return None
    if not parts.closed:
        problems.add(page, 1, "the front matter has no closing '---' line", "add a line '---' after the last field")
        return None
    doc = parse_yaml(parts.front_matter, page, problems, first_line=2, what="the front matter")
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.add(page, 2, "the front matter must be 'name: value' lines", "see the README for the module fields")
        return None
    meta = schema.validate(ModuleMeta, doc, (), problems)
    if meta is None:
        return None
    _check_keys(course, meta.sources, page, doc.line(("sources",)), problems)
    seen = set()
    for number, objective in enumerate(meta.objectives):
        if objective.id in seen:
            problems.add(page, doc.line(("objectives", number, "id")), f"the objective id '{objective.id}' is used twice",
                         "give each objective its own id")
        seen.add(objective.id)
    return Module(folder, meta, doc)


def _check_unique(modules: list[Module], field_name: str, problems: Problems) -> None:
    first: dict = {}
    for module in modules:
        value = getattr(module.meta, field_name)
        if value in first:
            problems.add(module.page, module.front_matter.line((field_name,)),
                         f"the {field_name} {value!r} is also used by {first[value].page}",
                         f"give each module its own {field_name}")
        else:
            first[value] = module


def _load_banks(course: Course, stigma: StigmaChecker, problems: Problems) -> None:
    root = course.root
    modules = {m.meta.id: m for m in course.modules}
    for path in sorted((root / "quizzes").glob("*")) if (root / "quizzes").is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.suffix != ".yml":
            problems.add(rel, 1, "quiz banks must end in .yml", f"rename it to {path.stem}.yml")
            continue
        module = modules.get(path.stem)
        if module is None and not course.broken_module_folders:  # else it may be the broken module's bank
            problems.add(rel, 1, f"no module has the id '{path.stem}'",
                         "name the bank after its module's id: quizzes/<module id>.yml")
        doc = parse_yaml(_read(path), rel, problems)
        if doc is not None and not isinstance(doc.data, list):
            problems.add(rel, 1, "a quiz bank must be a list of questions, each starting with '- id:'",
                         "see the README for the shape of a question")
            doc = None
        if doc is None:
            course.unreadable_banks.add(path.stem)
            continue
        for number, _ in enumerate(doc.data):
            _load_question(course, module, doc, number, stigma, problems)


def _load_question(course: Course, module: Module | None, doc: YamlDoc, number: int,
                   stigma: StigmaChecker, problems: Problems) -> None:
    raw = doc.data[number]
    label = f"question '{raw['id']}': " if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"question {number + 1}: "
    question = schema.validate(Question, doc, (number,), problems, label=label)
    if question is None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            course.broken_questions[raw["id"]] = raw.get("objective")
        return
    path, line = doc.path, doc.line((number,))
    if question.id in course.questions:
        other = course.questions[question.id]
        problems.add(path, line, f"{label}the id is also used in {other.path}:{other.line}",
                     "give each question its own id")
        return
    if module is not None and question.objective not in {o.id for o in module.meta.objectives}:
        problems.add(path, doc.line((number, "objective")),
                     f"{label}the objective '{question.objective}' is not one of module '{module.meta.id}''s objectives",
                     f"use one of: {', '.join(o.id for o in module.meta.objectives)}")
    correct = sum(option.correct for option in question.options)
    wrong = len(question.options) - correct
    if question.type == "single" and correct != 1:
        problems.add(path, doc.line((number, "options")),
                     f"{label}a 'single' question needs exactly one correct option, it has {correct}",
                     "mark exactly one option 'correct: true', or use 'type: multiple'")
    if question.type == "multiple" and (correct < 2 or wrong < 1):
        problems.add(path, doc.line((number, "options")),
                     f"{label}a 'multiple' question needs at least two correct and one incorrect option; it has {correct} correct and {wrong} incorrect",
                     "mark the options right, or use 'type: single' when only one is correct (the quiz shows radio buttons then)")
    texts = [option.text for option in question.options]
    for index, text in enumerate(texts):
        if text in texts[:index]:
            problems.add(path, doc.line((number, "options", index)), f"{label}two options have the same text",
                         "make every option's text different")
    _check_keys(course, question.sources, path, doc.line((number, "sources")), problems)
    item_writing.check_question(question, doc, number, label, problems)
    for field_name in ("scenario", "question"):
        stigma.check(getattr(question, field_name), path, doc.line((number, field_name)), problems)
    for index, option in enumerate(question.options):
        for field_name in ("text", "feedback"):
            stigma.check(getattr(option, field_name), path, doc.line((number, "options", index, field_name)), problems)
    course.questions[question.id] = BankQuestion(question, module.meta.id if module else "", path, line)


def _cross_check(course: Course, pages: list[tuple[str, PageFacts]], problems: Problems) -> None:
    unreadable_pages = {m.page for m in course.modules if m.meta.id in course.unreadable_banks}
    embedded: dict[str, tuple[str, int]] = {}
    for page, facts in pages:
        for key, line in facts.citations:
            _check_keys(course, [key], page, line, problems)
        for question_id, line in facts.quiz_markers:
            if question_id in course.broken_questions:
                continue
            if question_id not in course.questions:
                if page not in unreadable_pages:
                    problems.add(page, line, f"no question has the id '{question_id}'",
                                 "check the spelling against the ids in quizzes/*.yml")
            elif question_id in embedded:
                first = embedded[question_id]
                problems.add(page, line, f"the question '{question_id}' is already embedded at {first[0]}:{first[1]}",
                             "embed each question once")
            else:
                embedded[question_id] = (page, line)
                course.page_questions.setdefault(page, []).append(question_id)
    for page, facts in pages:
        for topic, line in facts.law_markers:
            if topic not in course.law and not (course.root / LAW_DIR / f"{topic}.md").exists():
                problems.add(page, line, f"there is no law topic '{topic}'",
                             f"check the spelling, or add {LAW_DIR}/{topic}.md with one section per nation")
    for question_id, item in course.questions.items():
        if question_id not in embedded:
            problems.add(item.path, item.line, f"the question '{question_id}' is not embedded in any page",
                         f"add <!-- md:quiz {question_id} --> to the module page, or remove the question")
    for module in course.modules:
        if module.meta.id in course.unreadable_banks:
            continue
        covered = {item.question.objective for item in course.questions_of(module.meta.id)}
        covered |= set(course.broken_questions.values())
        for number, objective in enumerate(module.meta.objectives):
            if objective.id not in covered:
                problems.add(module.page, module.front_matter.line(("objectives", number)),
                             f"the objective '{objective.id}' is not covered by any question",
                             f"add a question with 'objective: {objective.id}' to quizzes/{module.meta.id}.yml")


def _check_trainer_pack(course: Course, pages: list[tuple[str, PageFacts]], problems: Problems) -> None:
    """Scenario markers name real questions; every module has a Key points section and one guide."""
    for page, facts in pages:
        for question_id, line in facts.scenario_markers:
            if (question_id not in course.questions and question_id not in course.broken_questions
                    and not course.unreadable_banks):  # else it may be in the unreadable bank
                problems.add(page, line, f"no question has the id '{question_id}'",
                             "check the spelling against the ids in quizzes/*.yml")
    sections = dict(pages)
    for module in course.modules:
        if KEY_POINTS not in sections[module.page].sections:
            problems.add(module.page, 1, f"the module has no '## {KEY_POINTS}' section (the trainers' handout is made from it)",
                         f"add '## {KEY_POINTS}' with a short bulleted list before '## Check your understanding'")
    ids = {m.meta.id for m in course.modules}
    guides = set()
    for path in sorted((course.root / GUIDES).glob("*.md")):
        rel = path.relative_to(course.root).as_posix()
        parts = split_front_matter(_read(path))
        doc = parse_yaml(parts.front_matter or "", rel, problems, first_line=2, what="the front matter")
        module_id = doc.data.get("module") if doc and isinstance(doc.data, dict) else None
        line = doc.line(("module",)) if doc else 1
        if module_id not in ids:
            if course.broken_module_folders:
                continue  # it may be the broken module; that is reported already
            problems.add(rel, line, f"the guide's 'module' ({module_id!r}) is not a module id",
                         f"start the guide with front matter 'module: <id>', one of: {', '.join(sorted(ids))}")
        elif path.stem != module_id:
            problems.add(rel, line, f"the guide for module '{module_id}' must be named {module_id}.md",
                         f"rename the file to {GUIDES}/{module_id}.md")
        else:
            guides.add(module_id)
    for module in course.modules:
        if module.meta.id not in guides:
            problems.add(module.page, module.front_matter.line(("id",)),
                         f"the module '{module.meta.id}' has no facilitator guide",
                         f"add {GUIDES}/{module.meta.id}.md; copy another guide and change its 'module:'")
