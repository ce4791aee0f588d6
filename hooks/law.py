"""The law where you work: one file per legal topic in law/, one section per nation.

A module page embeds a topic with `<!-- md:law TOPIC -->`; it becomes a box with one content tab per
nation. The tabs are linked (Material's `content.tabs.link`), so a learner who picks "Wales" once sees
Wales in every box, and the service's `jurisdiction` opens its nation's tab by default.

data/nations.yml says the same law in plain sentences, per nation, for the pages a service hands to
families (hooks/service_pages.py): confidentiality, safeguarding and the carer's own assessment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field

from . import schema
from .language import StigmaChecker
from .markdown_checks import PageFacts, scan_page
from .problems import Problems
from .schema import OneLine, Slug, Strict, Text
from .yaml_source import parse_yaml, split_front_matter

LAW_DIR = "law"
NATION_LAW = "data/nations.yml"
NATIONS = {  # setting value -> tab label, in the order the tabs show
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
    "ireland": "Ireland",
}
NOT_LEGAL_ADVICE = "This is not legal advice; follow your service's policy."
_SECTION = re.compile(r"^## +(.+?) *$", re.MULTILINE)
_PLAIN_TITLE = re.compile(r"[\w ',()–-]+")  # shown in a box title, where Markdown is not escaped


@dataclass
class LawTopic:
    path: str  # e.g. "law/confidentiality.md"
    title: str
    everywhere: str  # what is true in every nation (may be empty)
    nations: dict[str, str] = field(default_factory=dict)  # nation setting value -> Markdown


class NationLaw(Strict):
    """One nation's law in plain sentences for families: no citations in the text, its sources listed."""

    name: OneLine  # the nation's name as the tabs show it
    confidentiality: Text  # what the law says about their relative's information
    safeguarding: Text  # what staff do if a child or adult is at risk
    carers_assessment: Text  # the carer's right to an assessment of their own
    sources: Annotated[list[Slug], Field(min_length=1)]  # keys in data/references.yml


def load_nation_law(root: Path, read: Callable[[Path], str | None], problems: Problems, stigma: StigmaChecker,
                    check_sources: Callable[[list[str], str, int], None]) -> dict[str, NationLaw]:
    """data/nations.yml: each nation of NATIONS whose block is right (every problem is reported)."""
    path = root / NATION_LAW
    if not path.exists():
        problems.add(NATION_LAW, 1, "the plain-language law for each nation is missing",
                     f"create {NATION_LAW} with a block for each of {', '.join(NATIONS)}; the README shows its shape")
        return {}
    text = read(path)
    doc = parse_yaml(text, NATION_LAW, problems) if text is not None else None
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.add(NATION_LAW, 1, f"{NATION_LAW} must be a block for each nation",
                     f"start each block with the nation at the left margin: {', '.join(NATIONS)}")
        return {}
    nations = {}
    for key in doc.data:
        if key not in NATIONS:
            problems.add(NATION_LAW, doc.line((key,)), f"{key!r} is not a nation the course covers",
                         f"use these words exactly: {', '.join(NATIONS)}")
    for key, label in NATIONS.items():
        if key not in doc.data:
            problems.add(NATION_LAW, 1, f"there is no block for {label}",
                         f"add a '{key}:' block with name, confidentiality, safeguarding, carers_assessment and sources")
            continue
        nation = schema.validate(NationLaw, doc, (key,), problems, label=f"{key}: ")
        if nation is None:
            continue
        if nation.name != label:
            problems.add(NATION_LAW, doc.line((key, "name")), f"{key}: the name is {nation.name!r}, not {label!r}",
                         f"write 'name: {label}'")
            continue
        for field_name in ("confidentiality", "safeguarding", "carers_assessment"):
            stigma.check(getattr(nation, field_name), NATION_LAW, doc.line((key, field_name)), problems)
        check_sources(nation.sources, NATION_LAW, doc.line((key, "sources")))
        nations[key] = nation
    return nations


def load_law(root: Path, read: Callable[[Path], str | None], problems: Problems, stigma: StigmaChecker,
             pages: list[tuple[str, PageFacts]]) -> dict[str, LawTopic]:
    """Every law/<topic>.md that has a title and the five nation sections, in order."""
    topics = {}
    for path in sorted((root / LAW_DIR).glob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = read(path)  # None when it is not UTF-8 (reported by `read`)
        if text is None:
            continue
        parts = split_front_matter(text)
        pages.append((rel, scan_page(parts.body, rel, parts.body_line, problems, stigma,
                                     title_in_front_matter=True)))
        topic = _parse_topic(rel, parts, problems)
        if topic is not None:
            topics[path.stem] = topic
    return topics


def _parse_topic(rel: str, parts, problems: Problems) -> LawTopic | None:
    doc = parse_yaml(parts.front_matter or "", rel, problems, first_line=2, what="the front matter")
    title = doc.data.get("title") if doc and isinstance(doc.data, dict) else None
    if not isinstance(title, str) or not _PLAIN_TITLE.fullmatch(title.strip()):
        problems.add(rel, doc.line(("title",)) if doc else 1,
                     "the law topic needs a plain 'title' (letters, digits, spaces and ' , - ( ) only)",
                     "start the file with front matter: '---', 'title: Safeguarding children', '---'")
        return None
    headings = list(_SECTION.finditer(parts.body))
    found = [match.group(1) for match in headings]
    expected = list(NATIONS.values())
    if found != expected:
        line = parts.body_line + (parts.body[:headings[0].start()].count("\n") if headings else 0)
        problems.add(rel, line, f"the sections are {found or 'missing'}; a law topic has one section per nation",
                     f"use exactly these '## ' headings, in this order: {', '.join(expected)}")
        return None
    bodies = [parts.body[match.end():following.start() if following else None].strip()
              for match, following in zip(headings, headings[1:] + [None], strict=True)]
    for match, body in zip(headings, bodies, strict=True):
        if not body:
            problems.add(rel, parts.body_line + parts.body[:match.start()].count("\n"),
                         f"the section '{match.group(1)}' is empty", "state that nation's rule, its source and date")
    return LawTopic(rel, title.strip(), parts.body[:headings[0].start()].strip(), dict(zip(NATIONS, bodies, strict=True)))


def law_box(topic: LawTopic, default_nation: str | None) -> str:
    """Markdown for a topic's box: linked content tabs, one per nation, the default one selected."""
    lines = [f'!!! info "The law where you work: {topic.title}"', ""]
    if topic.everywhere:
        lines += [_indent(topic.everywhere, 4), ""]
    for nation, label in NATIONS.items():
        lines += [f'    ==={"+" if nation == default_nation else ""} "{label}"', "",
                  _indent(topic.nations[nation], 8), ""]
    lines += [f"    *{NOT_LEGAL_ADVICE}*", ""]
    return "\n".join(lines)


def _indent(text: str, spaces: int) -> str:
    return "\n".join((" " * spaces + line) if line.strip() else "" for line in text.splitlines())
