"""Benchmark: strict build time of the real site and of a synthetic site ten times larger,
the share of the build spent in the course hook, and page weight. Prints figures; asserts nothing.

Run with `make bench`.
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from hooks import progress, render, service_pages, trainer_pack
from hooks.course import load_course
from hooks.service import load_service
from scripts.build_site import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent

RUNS = 3


def timed_build(project: Path, site: Path) -> float:
    """Median wall time of `mkdocs build --strict`, in seconds; stops if the build fails."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = mkdocs_build(project / "mkdocs.yml", site)
        times.append(time.perf_counter() - start)
        if result.returncode:
            sys.exit(f"build of {project} failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


def hook_time(project: Path) -> float:
    """Median time of the hook's own work: load and check everything, generate and expand pages."""
    config = project / "mkdocs.yml"
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)["extra"]["service"]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        course, _ = load_course(project)
        render.course_map(course), render.references_page(course), render.glossary_page(course)
        progress.course_data_script(course, "bench", lambda page: page)
        service_pages.pages(*load_service(config, settings, project), course)
        pages = trainer_pack.generated_pages(course, "")
        for module in course.modules:
            render.expand_page((project / module.page).read_text(encoding="utf-8"), module.page, course)
        for path, markdown in pages.items():
            render.expand_page(markdown, path, course)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its !ENV tags."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def make_ten_times_larger(target: Path) -> None:
    """Copy the project and add nine renamed copies of every module and its quiz bank."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", "dist", "node_modules"))
    course, _ = load_course(ROOT)
    for copy in range(1, 10):
        for module in course.modules:
            old_id, new_id = module.meta.id, f"{module.meta.id}-copy{copy}"
            ids = [q.question.id for q in course.questions_of(old_id)]

            def rename(text: str, ids=ids, copy=copy) -> str:
                for question_id in ids:
                    text = re.sub(rf"\b{re.escape(question_id)}\b", f"{question_id}-copy{copy}", text)
                return text

            folder = target / f"{module.folder}-copy{copy}"
            shutil.copytree(ROOT / module.folder, folder)
            page = folder / "index.md"
            text = rename(page.read_text(encoding="utf-8"))
            text = text.replace(f"id: {old_id}\n", f"id: {new_id}\n", 1)
            text = text.replace(f"order: {module.meta.order}\n", f"order: {copy * 100 + module.meta.order}\n", 1)
            text = text.replace("](../0", "](../../" + module.folder.split("/")[0] + "/0")  # links to the originals
            page.write_text(text, encoding="utf-8")
            bank = (ROOT / "quizzes" / f"{old_id}.yml").read_text(encoding="utf-8")
            (target / "quizzes" / f"{new_id}.yml").write_text(rename(bank), encoding="utf-8")
            guide = rename((ROOT / "docs/trainers/guides" / f"{old_id}.md").read_text(encoding="utf-8"))
            guide = guide.replace(f"module: {old_id}\n", f"module: {new_id}\n", 1)
            (target / "docs/trainers/guides" / f"{new_id}.md").write_text(guide, encoding="utf-8")


def weight(path: Path) -> str:
    data = path.read_bytes()
    return f"{len(data) / 1024:6.1f} KB raw, {len(gzip.compress(data)) / 1024:5.1f} KB gzip"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = timed_build(ROOT, tmp / "site")
        real_hook = hook_time(ROOT)
        course, _ = load_course(ROOT)
        print(f"Real site: {len(course.modules)} modules, {len(course.questions)} questions")
        print(f"  strict build        {real:6.2f} s (median of {RUNS})")
        print(f"  hook's own work     {real_hook:6.2f} s ({100 * real_hook / real:.0f}% of the build)")
        for name in ("index.html", "modules/index.html", "modules/confidentiality/index.html"):
            print(f"  {name:<36} {weight(tmp / 'site' / name)}")
        print(f"  search index                         {weight(tmp / 'site' / 'search/search_index.json')}")

        big = tmp / "big"
        make_ten_times_larger(big)
        big_course, problems = load_course(big)
        assert not problems, problems.sorted()[:5]
        large = timed_build(big, tmp / "big-site")
        large_hook = hook_time(big)
        print(f"Synthetic site: {len(big_course.modules)} modules, {len(big_course.questions)} questions")
        print(f"  strict build        {large:6.2f} s (median of {RUNS})")
        print(f"  hook's own work     {large_hook:6.2f} s ({100 * large_hook / large:.0f}% of the build)")


if __name__ == "__main__":
    main()
