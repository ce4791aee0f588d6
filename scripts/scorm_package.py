"""`make scorm`: the course as a SCORM 1.2 package for a learning management system (LMS).

Builds the site with scorm/mkdocs.yml (links to .html files, no instant navigation, no trainers'
pack or service pages), adds the launch page and its adapter from scorm/, writes imsmanifest.xml
(one organization, one SCO, every file listed) and zips it all into dist/<course>-scorm12.zip,
without what a learner's browser never loads: source maps and unused search languages.

    python -m scripts.scorm_package [--config scorm/mkdocs.yml] [--out dist]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import quote

from scripts.build_site import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "scorm"
LAUNCH_PAGE = "scorm-launch.html"
RUNTIME_FILES = [LAUNCH_PAGE, "scorm-adapter.js"]
COURSE_DATA = "assets/course-data.js"
MANIFEST = "imsmanifest.xml"
# Of no use inside an LMS: the error page (its links start at the web server's root) and the sitemap.
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
SEARCH_INDEX = "search/search_index.json"
LUNR = "assets/javascripts/lunr/"  # Material's search languages

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (f"{IMSCP} imscp_rootv1p1p2.xsd "
                   "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                   f"{ADLCP} adlcp_rootv1p2.xsd")


class PackageError(Exception):
    pass


def build_site(config: Path, site_dir: Path) -> None:
    if mkdocs_build(config, site_dir, capture=False).returncode != 0:
        raise PackageError(f"{config}: the site did not build (the problems are listed above); no package was made")


def course_data(site_dir: Path, config: Path) -> dict:
    """The course's title, version and pass mark, as the build published them for the browser."""
    path = site_dir / COURSE_DATA
    if not path.is_file():
        raise PackageError(f"{config}: the build has no {COURSE_DATA} (the config must use hooks/mkdocs_events.py)")
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].strip().rstrip(";"))


def search_scripts(site_dir: Path) -> set[str]:
    """The files under LUNR that Material's search worker loads for the site's search languages:
    none for English alone (the rule is in setupSearchLanguages in its search worker)."""
    langs = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))["config"]["lang"]
    scripts = {f"{LUNR}min/lunr.{lang}.min.js" for lang in langs if lang != "en"}
    scripts |= {f"{LUNR}tinyseg.js" for lang in langs if lang == "ja"}
    scripts |= {f"{LUNR}wordcut.js" for lang in langs if lang in ("hi", "th")}
    if len(langs) > 1:
        scripts.add(f"{LUNR}min/lunr.multi.min.js")
    if scripts:
        scripts.add(f"{LUNR}min/lunr.stemmer.support.min.js")
    return scripts


def packaged(site_dir: Path) -> list[str]:
    """The site's files that go in the package."""
    search = search_scripts(site_dir)
    names = (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    return sorted(name for name in names if name not in LEFT_OUT and not name.endswith(".map")
                  and (not name.startswith(LUNR) or name in search))


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "course"


def manifest(course: dict, files: list[str]) -> bytes:
    """imsmanifest.xml for SCORM 1.2 (IMS Content Packaging 1.1.2 with ADL's extensions)."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)

    def sub(parent, tag, text=None, ns=IMSCP, **attributes):
        element = ET.SubElement(parent, f"{{{ns}}}{tag}", attributes)
        element.text = text
        return element

    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": slug(course["title"]), "version": course["version"],
                                               f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    metadata = sub(root, "metadata")
    sub(metadata, "schema", "ADL SCORM")
    sub(metadata, "schemaversion", "1.2")
    organization = sub(sub(root, "organizations", default="course"), "organization", identifier="course")
    sub(organization, "title", course["title"])
    item = sub(organization, "item", identifier="item-course", identifierref="sco-course")
    sub(item, "title", course["title"])
    sub(item, "masteryscore", str(course["passMark"]), ns=ADLCP)
    resource = sub(sub(root, "resources"), "resource", identifier="sco-course", type="webcontent",
                   href=LAUNCH_PAGE, **{f"{{{ADLCP}}}scormtype": "sco"})
    for name in files:
        sub(resource, "file", href=quote(name))
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def package(config: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        build_site(config, site_dir)
        course = course_data(site_dir, config)
        for name in RUNTIME_FILES:
            shutil.copy(RUNTIME / name, site_dir / name)
        files = packaged(site_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{slug(course['title'])}-scorm12.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, manifest(course, files))
            for name in files:
                zf.write(site_dir / name, name)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=RUNTIME / "mkdocs.yml", help="the SCORM build's mkdocs.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip")
    args = parser.parse_args()
    if not args.config.is_file():
        print(f"scorm: {args.config}: no such file (give the SCORM build's mkdocs.yml with --config)", file=sys.stderr)
        return 1
    try:
        target = package(args.config, args.out)
    except PackageError as problem:
        print(f"scorm: {problem}", file=sys.stderr)
        return 1
    print(f"scorm: {target} ({target.stat().st_size / 1e6:.1f} MB): import it into your LMS as a SCORM 1.2 package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
