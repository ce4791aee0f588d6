"""Shared test helpers: a small valid course to break, and the real project root."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"
HOOK = ROOT / "hooks" / "mkdocs_events.py"


class SampleCourse:
    """A copy of tests/fixtures/course in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path):
        self.root = root

    def replace(self, rel: str, old: str, new: str) -> SampleCourse:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {rel}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self

    def write(self, rel: str, text: str) -> SampleCourse:
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


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as `make build` runs it, capturing everything it prints."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "--site-dir", str(site_dir)], capture_output=True, text=True, env=env)


PACKAGER = ROOT / "scripts" / "scorm_package.py"


def run_packager(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PACKAGER), *args], capture_output=True, text=True)


@pytest.fixture(scope="session")
def scorm_zip(tmp_path_factory) -> Path:
    """The real course as a SCORM package (`make scorm`), made once per test run."""
    out = tmp_path_factory.mktemp("dist")
    result = run_packager("--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "family-involvement-training-scorm12.zip"


def normalised(text: str) -> str:
    """Text as a reader sees it, whatever the fonts: ligatures unfolded ("ﬁ" -> "fi", NFKC) and
    every run of whitespace one space, so PDF text compares the same on any machine."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_pages(pdf: bytes) -> list[str]:
    """The normalised text of each page of a PDF (pypdf)."""
    import pypdf

    return [normalised(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Instant navigation only works when the site is served at its site_url, so the real site is
# built for the port it will be served on.
SITE_PORT = free_port()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The real course, built strictly once per test run."""
    site = tmp_path_factory.mktemp("site")
    return site, mkdocs_build(ROOT / "mkdocs.yml", site, f"http://127.0.0.1:{SITE_PORT}/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path, port: int = 0):
    """A static web server on 127.0.0.1 in a background thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def site_url(real_site):
    """The real site, served where it was built for."""
    site, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve(site, SITE_PORT)
    yield url
    server.shutdown()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


CHROMIUM = Path("/usr/bin/chromium")


BUILD_FIXTURES = {"real_site", "scorm_zip", "hostile_site", "overlay_site", "editions"}
BUILD_HELPERS = {"mkdocs_build", "run_packager"}


def pytest_collection_modifyitems(items):
    """Mark what `make test-fast` leaves out: `browser` tests drive Chromium; `build` tests build a
    site (through a fixture, or by calling a build helper themselves)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        code = getattr(getattr(item, "function", None), "__code__", None)
        if fixtures & BUILD_FIXTURES or (code and BUILD_HELPERS & set(code.co_names)):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (never a downloaded build), once per test run. A missing Playwright or
    Chromium fails the run: browser tests are never skipped silently."""
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("Playwright is not installed: run `make test`, which installs requirements-test.txt", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium", pytrace=False)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh browser profile (empty storage) on the real site; records any request that
    leaves the test server in `page.outside_requests`, and fails on any JavaScript error."""
    context = browser.new_context()
    page = context.new_page()
    page.outside_requests = []
    page.on("request", lambda r: r.url.startswith(site_url) or page.outside_requests.append(r.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
