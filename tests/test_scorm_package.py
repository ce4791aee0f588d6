"""What the SCORM package leaves out: the trainers' pack and the service pages (for trainers and
services, not learners, and the answer key must not ship where a score is recorded), JavaScript
source maps, and search languages the course does not use. Links in the package are checked in
tests/test_scorm.py (every link goes to a file in the package)."""

from __future__ import annotations

import json
import zipfile

from conftest import ROOT

from hooks.course import load_course
from scripts import scorm_package

COURSE = load_course(ROOT)[0]
FOR_TRAINERS_AND_SERVICES = ("trainers/", "service/")


def test_the_package_holds_every_module_and_nothing_for_trainers_or_services(scorm_zip):
    with zipfile.ZipFile(scorm_zip) as zf:
        names = zf.namelist()
        search = json.loads(zf.read(scorm_package.SEARCH_INDEX))
    assert {f"modules/{m.meta.id}/index.html" for m in COURSE.modules} <= set(names)
    assert not [name for name in names if name.startswith(FOR_TRAINERS_AND_SERVICES)]
    assert not [doc["location"] for doc in search["docs"] if doc["location"].startswith(FOR_TRAINERS_AND_SERVICES)]
    assert not [name for name in names if name.endswith(".pptx")]


def test_no_source_maps_and_no_search_languages_that_english_does_not_need(scorm_zip):
    with zipfile.ZipFile(scorm_zip) as zf:
        names = zf.namelist()
        langs = json.loads(zf.read(scorm_package.SEARCH_INDEX))["config"]["lang"]
    assert langs == ["en"]  # the course's theme language
    assert not [name for name in names if name.endswith(".map")]
    assert not [name for name in names if name.startswith(scorm_package.LUNR)]
    assert any(name.startswith("assets/javascripts/workers/search.") for name in names)  # search still works


def test_a_site_in_other_languages_keeps_the_search_files_material_loads_for_them(tmp_path):
    """Material's search worker loads a stemmer (and the shared support file) per language other
    than English, lunr.multi for more than one language, and a word splitter for Japanese."""
    (tmp_path / "search").mkdir()
    (tmp_path / scorm_package.SEARCH_INDEX).write_text(json.dumps({"config": {"lang": ["en", "fr", "ja"]}}))
    lunr = scorm_package.LUNR
    assert scorm_package.search_scripts(tmp_path) == {
        f"{lunr}min/lunr.fr.min.js", f"{lunr}min/lunr.ja.min.js", f"{lunr}tinyseg.js",
        f"{lunr}min/lunr.multi.min.js", f"{lunr}min/lunr.stemmer.support.min.js"}
