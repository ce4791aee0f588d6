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
from .law import LAW_DIR, LawTopic, NationLaw, load_law, load_nation_law
from .markdown_checks import PageFacts, scan_page
from .problems import Problems
from .schema import GlossaryEntry, LanguageRule, ModuleMeta, Question, Reference
from .yaml_source import YamlDoc, parse_yaml, read_source, split_front_matter

REFERENCES = "data/references.yml"
GLOSSARY = "data/glossary.yml"
LANGUAGE = "data/language.yml"
GUIDES = "docs/trainers/guides"  # one facilitator guide per module: <module id>.md
KEY_POINTS = "Key points"  # the module section the trainers' handouts are made from
# mkdocs-quiz markup: inside a question's text it would end the quiz or add an option.
QUIZ_MARKUP = re.compile(r"</?quiz\b[^>]*>?|^[ \t]*[-*][ \t]*\[.?\]", re.I | re.M)


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
    refused: bool = False  # it has problems: the page shows a note instead of the quiz


@dataclass
class Course:
    root: Path
    modules: list[Module] = field(default_factory=list)  # in course order
    questions: dict[str, BankQuestion] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    law: dict[str, LawTopic] = field(default_factory=dict)  # topic -> each nation's rule
    jurisdiction: str | None = None  # the service's nation: its tab opens first in every law box
    nation_law: dict[str, NationLaw] = field(default_factory=dict)  # nation -> plain sentences for families
    # What broken entries were meant to be, so one mistake is reported once, not again as
    # "unknown key", "not embedded" or "not covered" wherever the entry is used.
    reference_keys: set[str] = field(default_factory=set)
    broken_questions: dict[str, object] = field(default_factory=dict)  # id -> intended objective
    unreadable_banks: set[str] = field(default_factory=set)  # module ids whose bank is not valid YAML
    broken_module_folders: list[str] = field(default_factory=list)  # front matter not valid
    page_questions: dict[str, list[str]] = field(default_factory=dict)  # page -> embedded ids, in page order
    undecodable: set[Path] = field(default_factory=set)  # pages that are not UTF-8 (reported)

    def module_for_page(self, src_uri: str) -> Module | None:
        return next((m for m in self.modules if m.page == src_uri), None)

    def questions_of(self, module_id: str) -> list[BankQuestion]:
        return [q for q in self.questions.values() if q.module_id == module_id]


def load_course(root: Path) -> tuple[Course, Problems]:
    problems = Problems()
    course = Course(root)
    course.references, references_doc = _load_mapping(course, REFERENCES, Reference, "reference", problems)
    course.reference_keys = set(references_doc.data) if references_doc else set()
    course.glossary, glossary_doc = _load_mapping(course, GLOSSARY, GlossaryEntry, "glossary term", problems)
    for key, entry in course.glossary.items():
        _check_keys(course, entry.sources, GLOSSARY, glossary_doc.line((key, "sources")), problems)
    stigma = _load_language(course, problems)

    pages: list[tuple[str, PageFacts]] = []
    _load_modules(course, stigma, problems, pages)
    _load_banks(course, stigma, problems)
    item_writing.check_course(course.questions.values(), problems)
    course.law = load_law(root, lambda path: _read(course, path, problems), problems, stigma, pages)
    course.nation_law = load_nation_law(root, lambda path: _read(course, path, problems), problems, stigma,
                                        lambda keys, path, line: _check_keys(course, keys, path, line, problems))
    for path in sorted((root / "docs").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = _read(course, path, problems)
        if text is None:
            continue
        parts = split_front_matter(text)
        pages.append((rel, scan_page(parts.body, rel, parts.body_line, problems, stigma,
                                     title_in_front_matter=False)))
    _cross_check(course, pages, problems)
    _check_trainer_pack(course, pages, problems)
    return course, problems


def _read(course: Course, path: Path, problems: Problems) -> str | None:
    """The file's text; None when it is not UTF-8 (reported, and remembered for the build)."""
    text = read_source(path, path.relative_to(course.root).as_posix(), problems)
    if text is None:
        course.undecodable.add(path)
    return text


def _load_mapping(course: Course, rel: str, model: type[BaseModel], what: str,
                  problems: Problems) -> tuple[dict, YamlDoc | None]:
    """Load a YAML file of `key: {fields}` entries, keeping the valid ones."""
    doc = _load_data_file(course, rel, what, problems)
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


def _load_data_file(course: Course, rel: str, what: str, problems: Problems) -> YamlDoc | None:
    path = course.root / rel
    if not path.exists():
        problems.add(rel, 1, f"the {what} list is missing", f"create {rel}; the README shows its shape")
        return None
    text = _read(course, path, problems)
    return parse_yaml(text, rel, problems) if text is not None else None


def _load_language(course: Course, problems: Problems) -> StigmaChecker:
    """The stigmatising-terms rules. Any problem with the list is reported: the check is never
    switched off without a word."""
    doc = _load_data_file(course, LANGUAGE, "stigmatising terms", problems)
    if doc is None:
        return StigmaChecker()
    if not isinstance(doc.data, list) or not doc.data:
        problems.add(LANGUAGE, 1, f"{LANGUAGE} must be a list of entries, each with 'avoid: [words]' and 'prefer: text'",
                     "start each entry with '- avoid: [word, other word]' and put 'prefer: wording' under it")
        return StigmaChecker()
    rules = []
    for index in range(len(doc.data)):
        rule = schema.validate(LanguageRule, doc, (index,), problems, label=f"entry {index + 1}: ")
        if rule is not None:
            rules.append((rule.avoid, rule.prefer))
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
                problems.add(extra.relative_to(root).as_posix(), 1,
                             "a module has one page, index.md; this page would not be in the course",
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
    text = _read(course, index, problems)
    if text is None:
        return None
    parts = split_front_matter(text)
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
        text = _read(course, path, problems)
        doc = parse_yaml(text, rel, problems) if text is not None else None
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
    problems_before = len(problems.items)
    raw = doc.data[number]
    named = isinstance(raw, dict) and isinstance(raw.get("id"), str)
    label = f"question '{raw['id']}': " if named else f"question {number + 1}: "
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
                     f"{label}a 'multiple' question needs at least two correct and one incorrect option; "
                     f"it has {correct} correct and {wrong} incorrect",
                     "mark the options right, or use 'type: single' when only one is correct (the quiz shows radio buttons then)")
    texts = [option.text for option in question.options]
    for index, text in enumerate(texts):
        if text in texts[:index]:
            problems.add(path, doc.line((number, "options", index)), f"{label}two options have the same text",
                         "make every option's text different")
    _check_keys(course, question.sources, path, doc.line((number, "sources")), problems)
    item_writing.check_question(question, doc, number, label, problems)
    texts = [((field_name,), getattr(question, field_name)) for field_name in ("scenario", "question")]
    texts += [(("options", index, field_name), getattr(option, field_name))
              for index, option in enumerate(question.options) for field_name in ("text", "feedback")]
    for where, text in texts:
        stigma.check(text, path, doc.line((number, *where)), problems)
        markup = QUIZ_MARKUP.search(text)
        if markup:
            problems.add(path, doc.line((number, *where)),
                         f"{label}'{where[-1]}' contains quiz markup ({markup.group(0).strip()!r}), which would break the quiz",
                         "reword it: write 'quiz' without angle brackets, and start no line with '- [ ]' or '- [x]'")
    course.questions[question.id] = BankQuestion(question, module.meta.id if module else "", path, line,
                                                 refused=len(problems.items) > problems_before)


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
                if not course.questions[question_id].refused:  # a refused question is not a quiz on the page
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
        text = _read(course, path, problems)
        if text is None:
            continue
        parts = split_front_matter(text)
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
