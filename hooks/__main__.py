"""Command line: `python -m hooks check` runs every course check without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .course import load_course
from .service import check_config, course_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks", description=__doc__)
    parser.add_argument("command", choices=["check"], help="check the course sources")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--config", type=Path, help="the site's settings, e.g. a service's overlay "
                        "examples/service-overlay/mkdocs.yml (default: mkdocs.yml in the project folder)")
    args = parser.parse_args(argv)
    config = args.config or args.root / "mkdocs.yml"
    if not config.is_file():
        print(f"{config}: no such settings file (give the path of a mkdocs.yml)", file=sys.stderr)
        return 2
    root = course_folder(config) if args.config else args.root  # as the build finds it
    course, problems = load_course(root)
    problems.items += check_config(config, root).items  # the extra.service settings
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
