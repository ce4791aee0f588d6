"""Read source files as UTF-8 and load YAML while remembering the line of every key and list item,
for messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

Where = tuple  # a location inside the data: keys and list indexes, e.g. ("objectives", 0, "text")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml is about 10 times faster
    """SafeLoader that keeps dates as text, so a bad date is reported, not raised."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_source(path: Path, shown: str, problems: Problems) -> str | None:
    """The text of a source file, or None (reported at the line of the first bad byte) when it is
    not UTF-8. A byte-order mark at the start is accepted and dropped, as MkDocs does."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        byte = data[error.start]
        problems.add(shown, line, f"this file is not UTF-8 text (byte 0x{byte:02x} on this line is not UTF-8)",
                     "save the file with the UTF-8 encoding (in most editors: Save As, Encoding: UTF-8) "
                     "and check the characters on this line")
        return None


@dataclass
class YamlDoc:
    data: Any
    path: str
    first_line: int  # line of the file where this YAML text starts (front matter starts at 2)
    lines: dict[Where, int] = field(default_factory=dict)

    def line(self, where: Where = ()) -> int:
        """The line of `where`, or of the nearest enclosing item that has one."""
        where = tuple(where)
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, self.first_line)


def parse_yaml(text: str, path: str, problems: Problems, first_line: int = 1,
               what: str = "this file", loader_class: type = _Loader) -> YamlDoc | None:
    """Parse YAML text; on a syntax error report it at its line and return None."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = (error.problem or error.context or "unreadable YAML").strip()
        problems.add(path, line, f"{what} is not valid YAML: {problem}",
                     "check the indentation, the '-' and ':' on this line and the one above; "
                     "put text that contains ': ' or starts with a quote, '*', '[' or '{' in quotes")
        return None
    except yaml.YAMLError as error:
        problems.add(path, first_line, f"{what} is not valid YAML: {error}",
                     "check the file is plain UTF-8 text written in YAML")
        return None
    finally:
        loader.dispose()
    doc = YamlDoc(data, path, first_line)
    if node is not None:
        _record_lines(node, (), doc, problems)
    return doc


def _record_lines(node: yaml.Node, where: Where, doc: YamlDoc, problems: Problems) -> None:
    doc.lines[where] = doc.first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = where + (key_node.value,)
            line = doc.first_line + key_node.start_mark.line  # the key's own line
            if key in doc.lines and isinstance(key_node, yaml.ScalarNode):
                _report_repeated_key(key_node.value, doc.lines[key], line, doc.path, problems)
                for inside in [k for k in doc.lines if k[:len(key)] == key]:  # the second value wins
                    del doc.lines[inside]
            _record_lines(value_node, key, doc, problems)
            doc.lines[key] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, where + (index,), doc, problems)


def _report_repeated_key(key: str, first: int, second: int, path: str, problems: Problems) -> None:
    """YAML would silently keep the second value: report both lines."""
    fix = f"keep one '{key}:' line; with two, the second would silently replace the first"
    problems.add(path, first, f"'{key}' is set twice in the same block (again at line {second})", fix)
    problems.add(path, second, f"'{key}' is set twice in the same block (first at line {first})", fix)


@dataclass
class Page:
    front_matter: str | None  # None when the page has no front matter
    body: str
    body_line: int  # line of the file where the body starts
    closed: bool = True  # False when the front matter has no closing '---'


def split_front_matter(text: str) -> Page:
    """Split `---` front matter from a Markdown page."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return Page(None, text, 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return Page("".join(lines[1:index]), "".join(lines[index + 1:]), index + 2)
    return Page("".join(lines[1:]), "", len(lines) + 1, closed=False)
