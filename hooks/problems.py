"""Problems found in the course sources, reported as `path:line: what is wrong (how to fix)`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, always with forward slashes
    line: int
    message: str  # what is wrong, in plain words
    fix: str  # how to fix it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} ({self.fix})"


@dataclass
class Problems:
    """Collects problems so that an author sees all of them in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, message: str, fix: str) -> None:
        self.items.append(Problem(path, max(line, 1), message, fix))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)
