"""`make build`: a strict build that replaces the site folder only when the build succeeds.

MkDocs empties its site folder before it builds, so a failed build would leave no site at all.
This builds into a new folder next to it and swaps it in at the end: a failed build leaves the
last good site in place.

    python -m scripts.build_site [--config mkdocs.yml] [--site-dir site]

`mkdocs_build` is the one way every script and test here runs MkDocs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None, *, strict: bool = True,
                 capture: bool = True) -> subprocess.CompletedProcess:
    """`mkdocs build [--strict]`, with everything it prints captured (or shown, capture=False).
    Never `-q`: it hides the warnings that strict mode counts. `site_url` overrides SITE_URL."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if site_url:
        env["SITE_URL"] = site_url
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
               "-f", str(config), "--site-dir", str(site_dir)]
    return subprocess.run(command, capture_output=capture, text=True, env=env)


def build(config: Path, site: Path) -> int:
    """`mkdocs build --strict`; returns its exit status. `site` changes only when it is 0."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{site.name}-building-", dir=site.parent) as work:
        new = Path(work) / "site"
        result = mkdocs_build(config, new, capture=False)
        if result.returncode != 0:
            kept = f"{site} still holds the last good build" if site.exists() else f"no {site} was made"
            print(f"The build failed (the problems are listed above); {kept}.", file=sys.stderr)
            return result.returncode
        if site.exists():
            site.rename(Path(work) / "previous")  # removed with the work folder
        shutil.move(new, site)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's settings")
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes")
    args = parser.parse_args(argv)
    return build(args.config, args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
