"""Flags stigmatising terms, using the avoid/prefer list in data/language.yml.

Words inside quotation marks are not flagged, so sources and people can be quoted.
"""

from __future__ import annotations

import re

from .problems import Problems

_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|(?<!\w)\'[^\'\n]+\'(?!\w)')


class StigmaChecker:
    def __init__(self, rules: list[tuple[list[str], str]] = ()):
        # One pattern for every phrase (longest first), so each text is scanned once.
        self.prefer = {phrase.lower(): prefer for phrases, prefer in rules for phrase in phrases}
        alternatives = "|".join(re.escape(p) for p in sorted(self.prefer, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE) if self.prefer else None

    def find(self, text: str) -> list[tuple[str, str]]:
        """The (term found, preferred wording) pairs in `text`, outside quotations."""
        if self.pattern is None:
            return []
        unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        return [(m.group(1), self.prefer[m.group(1).lower()]) for m in self.pattern.finditer(unquoted)]

    def check(self, text: str, path: str, line: int, problems: Problems) -> None:
        for term, prefer in self.find(text):
            problems.add(path, line, f"'{term}' is a stigmatising term",
                         f"write '{prefer}' instead; a direct quotation in quotation marks is allowed")
