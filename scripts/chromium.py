"""Debian's Chromium, as every browser run here starts it (the tests, `make audit`). Never a
downloaded browser build: no `playwright install`."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
