"""Audit: what a learner's browser transfers, and Lighthouse (mobile) scores. Prints figures; asserts nothing.

The site is built for, and served from, 127.0.0.1 by a server that behaves like a production one:
gzip for text, and cache headers (long for the content-hashed assets, revalidate for pages).
Transfers are measured in Chromium with the Resource Timing API (what went over the wire,
compressed; 0 for files from the cache). The search index is listed separately.

Run with `make audit` (needs the npm tools and /usr/bin/chromium, which `make audit` installs).
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

from scripts.build_site import mkdocs_build
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "scripts" / "audit-tools" / "node_modules" / ".bin" / "lighthouse"
HASHED = re.compile(r"\.[0-9a-f]{8}\.(?:min\.)?(?:js|css)$")  # Material's and the quiz assets
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
PAGES = {"home page": "", "module page": "modules/confidentiality/"}


class ProductionLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip and cache headers, as a web server in front of the site would send."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or not content_type.startswith(TEXT_TYPES) \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if HASHED.search(path.name)
                         else "no-cache" if path.suffix == ".html" else "public, max-age=3600")
        self.end_headers()
        self.wfile.write(body)
        return None


def transferred(page) -> dict[str, int]:
    """Bytes over the wire for the current page and everything it loaded since the last clear."""
    entries = page.evaluate("""() => [...performance.getEntriesByType('navigation'),
                                      ...performance.getEntriesByType('resource')]
                                     .map(e => [e.name, e.transferSize])""")
    return dict(entries)


def kb(n: int) -> str:
    return f"{n / 1024:6.1f} KB"


def measure_weight(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for label, path in PAGES.items():
            page = browser.new_context().new_page()
            page.goto(base + path, wait_until="networkidle")
            sizes = transferred(page)
            search = sum(v for k, v in sizes.items() if "search_index" in k)
            print(f"  first load, {label:<12} {kb(sum(sizes.values()) - search)} compressed"
                  f" (+ search index {kb(search).strip()})")
            page.context.close()

        page = browser.new_context().new_page()
        page.goto(base + PAGES["module page"], wait_until="networkidle")
        page.evaluate("performance.clearResourceTimings()")
        next_link = page.locator(".md-footer__link--next")
        next_url = urljoin(page.url, next_link.get_attribute("href"))
        with page.expect_response(next_url):
            next_link.click()  # instant navigation, as a learner moves on: only the page is fetched
        page.wait_for_timeout(500)
        resources = page.evaluate("performance.getEntriesByType('resource').map(e => e.transferSize)")
        print(f"  next module, instant navigation    {kb(sum(resources))} compressed")
        page.goto(base + "modules/craft/", wait_until="networkidle")  # a full page load, assets cached
        print(f"  another module, full load          {kb(sum(transferred(page).values()))} compressed")
        browser.close()


RUNS = 5


def lighthouse(url: str) -> dict[str, int]:
    """Median scores of RUNS Lighthouse runs (single runs vary with the machine's load)."""
    runs = [lighthouse_once(url) for _ in range(RUNS)]
    return {name: sorted(run[name] for run in runs)[RUNS // 2] for name in runs[0]}


def lighthouse_once(url: str) -> dict[str, int]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report.name}",
                        "--only-categories=performance,accessibility,best-practices",
                        "--form-factor=mobile", f"--chrome-flags={flags}"],
                       check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)})
        result = json.loads(Path(report.name).read_text())
    scores = {name: round(category["score"] * 100) for name, category in result["categories"].items()}
    return {**scores, "benchmark": round(result["environment"]["benchmarkIndex"])}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        # Served from the start (it serves what the folder holds), so the site is built for its address.
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(ProductionLikeHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        try:
            built = mkdocs_build(ROOT / "mkdocs.yml", site, base)
            if built.returncode:
                sys.exit(f"the strict build failed:\n{built.stdout}{built.stderr}")
            print("Transfer (gzip; assets cached as a production server would allow)")
            measure_weight(base)
            print(f"Lighthouse, mobile (performance / accessibility / best practices; median of {RUNS})")
            for label, path in PAGES.items():
                scores = lighthouse(base + path)
                print(f"  {label:<12} {scores['performance']:3d} / {scores['accessibility']:3d} / {scores['best-practices']:3d}"
                      f"   (this machine's benchmark index {scores['benchmark']})")
            # Lighthouse slows the CPU 4x relative to the machine it runs on (Lighthouse's docs/throttling.md).
            print("  The 4x CPU slowdown is calibrated for a high-end desktop (benchmark index 1500 to 2000):"
                  " a slower machine scores lower, so compare scores from machines with similar indexes.")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
