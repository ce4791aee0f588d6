"""Shared test helpers: a small valid course to break, and the real project root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"
HOOK = ROOT / "hooks" / "mkdocs_events.py"


class SampleCourse:
    """A copy of tests/fixtures/course in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path):
        self.root = root

    def replace(self, rel: str, old: str, new: str) -> "SampleCourse":
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {rel}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self

    def write(self, rel: str, text: str) -> "SampleCourse":
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return self

    def problems(self) -> list[str]:
        from hooks.course import load_course

        return [str(p) for p in load_course(self.root)[1].sorted()]


@pytest.fixture
def sample(tmp_path: Path) -> SampleCourse:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOK_PATH", str(HOOK)))
    return SampleCourse(root)


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as `make build` runs it, capturing everything it prints."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "--site-dir", str(site_dir)], capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The real course, built strictly once per test run."""
    site = tmp_path_factory.mktemp("site")
    return site, mkdocs_build(ROOT / "mkdocs.yml", site)
