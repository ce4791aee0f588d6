"""Shared test helpers: a small valid course to break, the real course built once per run, the
browser, and text as a reader sees it."""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from scripts.build_site import mkdocs_build
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"
HOOK = ROOT / "hooks" / "mkdocs_events.py"
OVERLAY = ROOT / "examples" / "service-overlay" / "mkdocs.yml"  # a service's own settings on top of the course


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


def run_packager(*args: str) -> subprocess.CompletedProcess:
    """`make scorm`'s packager, with its output captured."""
    return subprocess.run([sys.executable, "-m", "scripts.scorm_package", *args], capture_output=True, text=True, cwd=ROOT)


def normalised(text: str) -> str:
    """Text as a reader sees it, whatever the fonts: ligatures unfolded ("ﬁ" -> "fi", NFKC), curly
    apostrophes straight, and every run of whitespace one space, so PDF text compares the same on
    any machine."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u2019", "'").split())


def pdf_pages(pdf: bytes) -> list[str]:
    """The normalised text of each page of a PDF (PDFium, through pypdfium2). PDFium marks a word
    broken at its hyphen at the end of a line with U+FFFE: it is that hyphen."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [normalised(sheet.get_textpage().get_text_range().replace("\ufffe", "-")) for sheet in document]


def visible_text(fragment: str) -> str:
    """The text of an HTML fragment as a reader sees it: tags gone, entities decoded, blocks apart,
    whitespace collapsed."""
    blocks = re.sub(r"</?(p|li|ul|ol|div|h\d|blockquote|table|tr|td|th|br)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", blocks)).split())


def article_text(page: Path) -> str:
    """The visible text of a built page's article."""
    return visible_text(re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S).group(0))


# One test run, however many pytest-xdist workers share it. The controller (the process that
# starts the workers, or the only process) makes a folder for what is built once per run, and
# serves the real site from it: instant navigation works only where the site is served at its
# site_url, so every worker must use the same server. Workers inherit the folder and the port
# through the environment.
RUN = "FIT_TEST_RUN"
_run_key = pytest.StashKey[tuple]()  # the controller's (folder, server)


def pytest_configure(config):
    if RUN in os.environ:  # a worker: the controller has set the run up
        return
    folder = Path(tempfile.mkdtemp(prefix="fit-test-run-"))
    (folder / "site").mkdir()
    server, _ = serve(folder / "site")
    config.stash[_run_key] = (folder, server)
    os.environ[RUN] = f"{server.server_port} {folder}"


def pytest_unconfigure(config):
    if _run_key in config.stash:
        folder, server = config.stash[_run_key]
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[RUN]


def _run() -> tuple[int, Path]:
    port, folder = os.environ[RUN].split(" ", 1)
    return int(port), Path(folder)


def built_once(name: str, build) -> tuple[Path, subprocess.CompletedProcess]:
    """(folder, result) of `build(folder)`, which makes something into `folder` and returns the
    CompletedProcess of the command that did it. Made once per test run: the first worker to ask
    builds it, the others wait and reuse it."""
    folder = _run()[1] / name
    _build_unless_built(folder, build, FileLock(folder.with_suffix(".lock")))
    args, returncode, stdout, stderr = json.loads(folder.with_suffix(".json").read_text())
    return folder, subprocess.CompletedProcess(args, returncode, stdout, stderr)


def _build_unless_built(folder: Path, build, lock: FileLock) -> None:
    record = folder.with_suffix(".json")
    with lock:
        if not record.exists():
            result = build(folder)
            record.write_text(json.dumps([[str(a) for a in result.args], result.returncode, result.stdout, result.stderr]))


def _build_real_site(site: Path) -> subprocess.CompletedProcess:
    return mkdocs_build(ROOT / "mkdocs.yml", site, f"http://127.0.0.1:{_run()[0]}/")


def _build_scorm_package(out: Path) -> subprocess.CompletedProcess:
    return run_packager("--out", str(out))


def _build_overlay_site(site: Path) -> subprocess.CompletedProcess:
    return mkdocs_build(OVERLAY, site)


# The whole-course builds, started early: each one by the first worker to reach it, in a background
# thread, as soon as that worker has collected tests that need it. So at the start of a run the
# cores build side by side, instead of one building while the others wait for it.
EARLY_BUILDS = {"site": (_build_real_site, {"real_site", "site_url"}), "dist": (_build_scorm_package, {"scorm_zip"}),
                "overlay-site": (_build_overlay_site, {"overlay_site"})}


def pytest_collection_finish(session):
    for name, (build, fixtures) in EARLY_BUILDS.items():
        if any(fixtures & set(getattr(item, "fixturenames", ())) for item in session.items):
            threading.Thread(target=_build_early, args=(name, build), daemon=True).start()


def _build_early(name: str, build) -> None:
    folder = _run()[1] / name
    with contextlib.suppress(Timeout):  # another worker is building it already
        _build_unless_built(folder, build, FileLock(folder.with_suffix(".lock"), timeout=0))


@pytest.fixture(scope="session")
def scorm_zip() -> Path:
    """The real course as a SCORM package (`make scorm`), made once per test run."""
    out, result = built_once("dist", _build_scorm_package)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "family-involvement-training-scorm12.zip"


@pytest.fixture(scope="session")
def overlay_site() -> tuple[Path, subprocess.CompletedProcess]:
    """The course with the example service's settings (examples/service-overlay), built once per run."""
    return built_once("overlay-site", _build_overlay_site)


@pytest.fixture(scope="session")
def real_site() -> tuple[Path, subprocess.CompletedProcess]:
    """The real course, built strictly once per test run for the run's server."""
    return built_once("site", _build_real_site)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that closed the page early is no error
            super().handle_error(request, client_address)


def serve(directory: Path):
    """A static web server on 127.0.0.1 (a free port) in a background thread; returns (server, base
    URL). It serves what the folder holds at each request, so a site can be built after it starts,
    for its address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def site_url(real_site) -> str:
    """The real site, served where it was built for (by the run's server)."""
    _, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    return f"http://127.0.0.1:{_run()[0]}"


BUILD_FIXTURES = {"real_site", "scorm_zip", "hostile_site", "overlay_site", "new_edition"}
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
