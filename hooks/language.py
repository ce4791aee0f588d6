"""Flags stigmatising terms, using the avoid/prefer list in data/language.yml.

Words inside quotation marks are not flagged, so sources and people can be quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problems

_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|(?<!\w)\'[^\'\n]+\'(?!\w)')


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    prefer: str


class StigmaChecker:
    def __init__(self, rules: list[tuple[list[str], str]] = ()):
        self.rules = [
            Rule(re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])",
                            re.IGNORECASE), prefer)
            for phrases, prefer in rules if phrases
        ]

    def find(self, text: str) -> list[tuple[str, str]]:
        """The (term found, preferred wording) pairs in `text`, outside quotations."""
        unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        return [(m.group(1), rule.prefer) for rule in self.rules for m in rule.pattern.finditer(unquoted)]

    def check(self, text: str, path: str, line: int, problems: Problems) -> None:
        for term, prefer in self.find(text):
            problems.add(path, line, f"'{term}' is a stigmatising term",
                         f"write '{prefer}' instead; a direct quotation in quotation marks is allowed")
