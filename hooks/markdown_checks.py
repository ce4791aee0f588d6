"""Checks on the Markdown of one page: headings, images, link text, markers and citations.

Uses markdown-it (CommonMark with tables and Material-style admonitions) for exact line numbers.
Links and anchors themselves are checked by MkDocs during the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin

from .language import StigmaChecker
from .problems import Problems

_PARSER = MarkdownIt("commonmark").enable("table").use(admon_plugin)

MARKER = re.compile(r"<!--\s*md:([\w-]*)\s*(.*?)\s*-->")
CITATION = re.compile(r"\[@([^\]]*)\]")
BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
ATTR_LIST = re.compile(r"\s*\{[^}]*\}\s*$")
VAGUE_LINK_TEXT = {"click here", "here", "link", "this link", "this", "this page", "page",
                   "read more", "more", "more info", "go", "click", "website"}


def citation_keys(inner: str) -> list[str]:
    """The keys inside a citation's brackets: "@a; @b" -> ["a", "b"]."""
    return [key.strip().lstrip("@").strip() for key in inner.split(";")]


@dataclass
class PageFacts:
    """What a page refers to, for the checks that need the whole course."""

    quiz_markers: list[tuple[str, int]] = field(default_factory=list)  # (question id, line)
    scenario_markers: list[tuple[str, int]] = field(default_factory=list)  # (question id, line), scenario and card markers
    law_markers: list[tuple[str, int]] = field(default_factory=list)  # (law topic, line)
    sections: list[str] = field(default_factory=list)  # the text of every '## ' heading
    citations: list[tuple[str, int]] = field(default_factory=list)  # (reference key, line)


def scan_page(body: str, path: str, first_line: int, problems: Problems, stigma: StigmaChecker,
              *, title_in_front_matter: bool) -> PageFacts:
    """Check one page body; `first_line` is the file line where `body` starts."""
    facts = PageFacts()
    tokens = _PARSER.parse(body)
    headings = []
    for index, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), line))
            if token.tag == "h2":
                facts.sections.append(ATTR_LIST.sub("", tokens[index + 1].content).strip())
            if not ATTR_LIST.sub("", tokens[index + 1].content).strip():
                problems.add(path, line, "this heading is empty",
                             "write the heading text after the '#' signs, or remove the line")
        elif token.type == "inline":
            _scan_inline(token, path, line, problems, stigma, facts)
        elif token.type == "html_block":
            _scan_html(token.content, path, line, problems, facts)
    _check_headings(headings, path, problems, title_in_front_matter)
    return facts


def _scan_inline(token, path: str, line: int, problems: Problems, stigma: StigmaChecker,
                 facts: PageFacts) -> None:
    link_text, link_href, link_line = None, "", line
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            link_text, link_href, link_line = "", str(child.attrs.get("href", "")), line
        elif child.type == "link_close":
            _check_link_text(link_text or "", link_href, path, link_line, problems)
            link_text = None
        elif child.type == "image":
            if not child.content.strip():
                problems.add(path, line, f"the image '{child.attrs.get('src', '')}' has no alt text",
                             "describe what the picture shows inside the square brackets: ![what it shows](file)")
        elif child.type == "html_inline":
            _scan_html(child.content, path, line, problems, facts)
        elif child.type in ("text", "code_inline"):
            if link_text is not None:
                link_text += child.content
            if child.type == "text":
                _scan_text(child.content, path, line, problems, stigma, facts, in_link=link_text is not None)


def _scan_text(text: str, path: str, line: int, problems: Problems, stigma: StigmaChecker,
               facts: PageFacts, in_link: bool) -> None:
    for match in CITATION.finditer(text):
        keys = citation_keys(match.group(1))
        if not all(keys):
            problems.add(path, line, f"the citation '{match.group(0)}' has an empty key",
                         "write citations as [@key] or [@key1; @key2] with keys from data/references.yml")
        facts.citations.extend((key, line) for key in keys if key)
    if not in_link:
        for match in BARE_URL.finditer(text):
            problems.add(path, line, f"the web address '{match.group(0)}' is shown as bare text",
                         "make it a link that says where it goes: [name of the page](address)")
    stigma.check(text, path, line, problems)


def _check_link_text(text: str, href: str, path: str, line: int, problems: Problems) -> None:
    words = re.sub(r"[^\w\s]", "", text).strip().lower()
    if not words:
        problems.add(path, line, f"the link to '{href}' has no text",
                     "put words that say where the link goes inside the square brackets")
    elif words in VAGUE_LINK_TEXT:
        problems.add(path, line, f"the link text '{text.strip()}' does not say where the link goes",
                     "use the name of the page or document instead, e.g. [NICE guideline CG51](...)")
    elif BARE_URL.fullmatch(text.strip()) or text.strip() == href:
        problems.add(path, line, f"the link text is a bare web address ('{text.strip()}')",
                     "use the name of the page or document as the link text instead")


def _scan_html(html: str, path: str, line: int, problems: Problems, facts: PageFacts) -> None:
    for offset, html_line in enumerate(html.splitlines() or [html]):
        here = line + offset
        for match in MARKER.finditer(html_line):
            name, argument = match.groups()
            markers = {"quiz": facts.quiz_markers, "scenario": facts.scenario_markers,
                       "card": facts.scenario_markers, "law": facts.law_markers}  # a card marker names a scenario
            if name not in markers:
                problems.add(path, here, f"unknown marker 'md:{name}'",
                             "embed a question with <!-- md:quiz question-id -->, show its scenario to trainers "
                             "with <!-- md:scenario question-id -->, its card number with <!-- md:card question-id -->, "
                             "or a law box with <!-- md:law topic -->")
            elif not argument or " " in argument:
                what = "law topic (a file name in law/)" if name == "law" else "question id"
                problems.add(path, here, f"the {name} marker must name exactly one {what}",
                             f"write <!-- md:{name} name --> with one {what}")
            else:
                markers[name].append((argument, here))
        if re.search(r"<quiz\b", html_line):
            problems.add(path, here, "a question is written directly in the page",
                         "put questions in the module's quiz bank and embed them with <!-- md:quiz question-id -->")
        for tag in re.findall(r"<img\b[^>]*>", html_line):
            if not re.search(r'\balt\s*=\s*"[^"]*\w', tag):
                problems.add(path, here, "an <img> has no alt text",
                             'add alt="what the picture shows" to the <img> tag, or use ![what it shows](file)')


def _check_headings(headings: list[tuple[int, int]], path: str, problems: Problems,
                    title_in_front_matter: bool) -> None:
    h1_lines = [line for level, line in headings if level == 1]
    if title_in_front_matter:
        for line in h1_lines:
            problems.add(path, line, "a '# ' heading (H1) in the page body",
                         "the page title comes from 'title' in the front matter; start sections at '## '")
    else:
        if not headings or headings[0][0] != 1:
            problems.add(path, headings[0][1] if headings else 1,
                         "the page does not start with a '# ' title heading (H1)",
                         "add one '# Page title' line before the first section")
        for line in h1_lines[1:]:
            problems.add(path, line, "a second '# ' heading (H1); a page has exactly one title",
                         "change it to a '## ' section heading")
    previous = 1  # the title
    for level, line in headings:
        if level > previous + 1:
            problems.add(path, line, f"the heading level jumps from H{previous} to H{level}",
                         f"use '{'#' * (previous + 1)} ' here, so no level is skipped")
        previous = level
