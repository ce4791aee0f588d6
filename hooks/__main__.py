"""Command line: `python -m hooks check` runs every course check without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .course import load_course
from .service import check_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks", description=__doc__)
    parser.add_argument("command", choices=["check"], help="check the course sources")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    course, problems = load_course(args.root)
    problems.items += check_config(args.root / "mkdocs.yml", args.root).items  # the extra.service settings
    for problem in problems.sorted():
        print(problem)
    if problems:
        print(f"{len(problems.sorted())} problem(s) found.", file=sys.stderr)
        return 1
    print(f"No problems: {len(course.modules)} modules, {len(course.questions)} questions, "
          f"{len(course.references)} references, {len(course.glossary)} glossary terms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
