"""The SCORM 1.2 package (`make scorm`): its manifest and files, and what an LMS receives from the
adapter, in a real browser with scorm-again's SCORM 1.2 runtime standing in for the LMS."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import ROOT, run_packager, serve
from mkdocs.config import load_config
from test_progress import COURSE, answer, questions

from hooks.progress import PASS_MARK
from hooks.render import shown_options

SCORM_RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
ADLCP_SCORMTYPE = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype"
SUSPEND_DATA_LIMIT = 4096  # characters of cmi.suspend_data in SCORM 1.2
CHOICE_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"  # SCORM 1.2 "choice" responses (RTE 3.4.4)
ALL_QUESTIONS = [qid for m in COURSE.modules for qid in COURSE.page_questions[m.page]]


@pytest.fixture(scope="session")
def manifest(scorm_zip) -> ET.Element:
    with zipfile.ZipFile(scorm_zip) as zf:
        return ET.fromstring(zf.read("imsmanifest.xml"))  # fails on XML that is not well-formed


def test_the_manifest_describes_one_scorm_12_sco_with_the_pass_mark(scorm_zip, manifest):
    assert manifest.tag == f"{{{NS['cp']}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = manifest.find("cp:organizations", NS)
    [organization] = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    assert organization.findtext("cp:title", namespaces=NS) == "Family Involvement Training"
    [item] = organization.findall(".//cp:item", NS)
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == str(PASS_MARK)
    [resource] = manifest.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(ADLCP_SCORMTYPE) == "sco"
    href = resource.get("href")
    assert href == "scorm-launch.html" and not href.startswith("/")
    assert href in zipfile.ZipFile(scorm_zip).namelist()


def test_every_file_in_the_package_is_listed_and_every_listed_file_exists(scorm_zip, manifest):
    listed = [unquote(f.get("href")) for f in manifest.findall("cp:resources/cp:resource/cp:file", NS)]
    entries = set(zipfile.ZipFile(scorm_zip).namelist()) - {"imsmanifest.xml"}
    assert len(listed) == len(set(listed))
    assert set(listed) == entries
    assert {"index.html", "scorm-launch.html", "scorm-adapter.js", "modules/craft/index.html"} <= entries


def test_the_scorm_build_changes_only_what_an_lms_needs():
    course, scorm = load_config(str(ROOT / "mkdocs.yml")), load_config(str(ROOT / "scorm" / "mkdocs.yml"))
    assert course.use_directory_urls and not scorm.use_directory_urls
    assert scorm.theme["features"] == [f for f in course.theme["features"] if f != "navigation.instant"]
    assert [Path(name).name for name in scorm.plugins] == [Path(name).name for name in course.plugins]  # hooks by path
    # The nav leaves out the trainers' pack and the service pages (tests/test_scorm_package.py).
    assert scorm.nav == [entry for entry in course.nav if not {"For trainers", "Your service"} & set(entry)]
    assert scorm.extra == course.extra


def test_every_link_in_the_package_goes_to_a_file_not_a_folder(scorm_zip):
    """An LMS serves files, not folder indexes: "modules/craft/" would be a broken link."""
    with zipfile.ZipFile(scorm_zip) as zf:
        entries = set(zf.namelist())
        broken = set()
        for name in entries:
            if not name.endswith(".html"):
                continue
            for link in re.findall(r'(?:href|src)="([^"]*)"', zf.read(name).decode()):
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                if posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) not in entries:
                    broken.add(f"{name}: {link}")
        assert not broken, sorted(broken)[:20]
        course_data = zf.read("assets/course-data.js").decode()
        assert '"url": "modules/craft/index.html"' in course_data
        assert '"progress": "progress.html"' in course_data


def test_a_broken_course_gives_a_clear_error_and_no_package(sample, tmp_path):
    sample.replace("modules/01-sample/index.md", "order: 1", "order: one")
    sample.write("scorm.yml", "INHERIT: mkdocs.yml\nuse_directory_urls: false\n")
    result = run_packager("--config", str(sample.root / "scorm.yml"), "--out", str(tmp_path / "dist"))
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "'order' must be a whole number" in output
    assert "scorm.yml: the site did not build (the problems are listed above); no package was made" in output
    assert "Traceback" not in output
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())

    missing = run_packager("--config", str(tmp_path / "nowhere.yml"))
    assert missing.returncode == 1 and "nowhere.yml: no such file" in missing.stderr
    assert "Traceback" not in missing.stderr


# ---- in a browser, with an LMS ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def lms_url(scorm_zip, tmp_path_factory):
    """The package and the test LMS (tests/scorm_harness.html), served together on 127.0.0.1."""
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(scorm_zip) as zf:
        zf.extractall(root / "package")
    shutil.copy(ROOT / "tests" / "scorm_harness.html", root / "harness.html")
    shutil.copy(SCORM_RUNTIME, root / "scorm12.js")
    server, url = serve(root)
    yield url
    server.shutdown()


def new_context(browser, lms_url: str):
    """A fresh browser profile (one PC) that records requests leaving the test server and JavaScript errors."""
    context = browser.new_context()
    context.outside_requests, context.errors = [], []
    context.on("request", lambda r: r.url.startswith(lms_url) or context.outside_requests.append(r.url))
    context.on("weberror", lambda error: context.errors.append(str(error.error)))
    return context


@pytest.fixture
def context(browser, lms_url):
    context = new_context(browser, lms_url)
    yield context
    context.close()
    assert context.outside_requests == []
    assert context.errors == [], f"JavaScript errors: {context.errors}"


class LMS:
    """The test LMS in a browser tab: the cmi data it holds, and the course in its frame."""

    def __init__(self, context, lms_url: str, start: dict | None = None, faults: list | None = None):
        # As Moodle does: the mastery score from the manifest, a normal attempt that counts.
        start = start or {}
        start = {**start, "student_data": {"mastery_score": str(PASS_MARK)},
                 "core": {"lesson_mode": "normal", "credit": "credit", **start.get("core", {})}}
        self.page = context.new_page()
        self.page.goto(f"{lms_url}/harness.html?faults={quote(json.dumps(faults or []))}#{quote(json.dumps(start))}")
        self.site = self.page.frame_locator("#sco").frame_locator("iframe")
        self.notice = self.page.frame_locator("#sco").locator(".lms-notice")
        self.package = f"{lms_url}/package/"  # module addresses are relative to it

    def cmi(self, element: str) -> str:
        return self.page.evaluate(f"String(API.cmi.{element})")

    def lms(self, key: str):
        return self.page.evaluate(f"lms.{key}")

    def wait_for(self, condition: str) -> None:
        self.page.wait_for_function(condition)

    def open_module(self, module_id: str) -> None:
        self.site.locator("body").evaluate(
            f"() => location.assign(new URL(courseData.modules.find(m => m.id === '{module_id}').url, '{self.package}'))")
        self.site.locator(f'.module-progress[data-module="{module_id}"]:not([hidden])').first.wait_for()

    def progress_text(self) -> str:
        return self.site.locator(".module-progress").first.inner_text()

    def close_course(self) -> None:
        """What the LMS does when the learner leaves: the SCO's frame goes (pagehide)."""
        self.page.evaluate("document.getElementById('sco').remove()")


def marks(suspend_data: str) -> dict[str, str]:
    """Question id -> "1" right, "0" wrong, "-" not answered, from our suspend_data."""
    answers = suspend_data.split(".")[2]
    assert len(answers) == len(ALL_QUESTIONS)
    return dict(zip(ALL_QUESTIONS, answers, strict=True))


def test_the_lms_receives_status_location_and_progress_as_the_learner_answers(context, lms_url):
    lms = LMS(context, lms_url, {"core": {"student_name": "Morgan, Alex"}})
    lms.wait_for("API.cmi.core.lesson_status === 'incomplete'")
    lms.site.locator(".md-content h1").first.wait_for()  # the site's home page, in the frame
    assert lms.cmi("core.score.min") == "0" and lms.cmi("core.score.max") == "100"
    commits = lms.lms("commits")
    assert commits >= 1

    first, second, third = questions("craft")[:3]
    lms.open_module("craft")
    for question, right in [(first, True), (second, False), (third, True)]:
        answer(lms.site, question, right)
    assert f"3 of {len(questions('craft'))} questions answered" in lms.progress_text()
    lms.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 3")

    suspend_data = lms.cmi("suspend_data")
    given = {qid: mark for qid, mark in marks(suspend_data).items() if mark != "-"}
    assert given == {first.id: "1", second.id: "0", third.id: "1"}
    assert len(suspend_data) <= SUSPEND_DATA_LIMIT
    assert lms.cmi("core.lesson_location") == "modules/craft/index.html"
    assert lms.cmi("core.lesson_status") == "incomplete"
    # No score until the course is complete: with the LMS's mastery score, any score would be a result.
    assert lms.cmi("core.score.raw") == ""
    assert lms.lms("commits") >= commits + 3

    lms.close_course()
    lms.wait_for("lms.finished")
    assert lms.lms("set['cmi.core.exit']") == "suspend"
    assert re.fullmatch(r"\d\d:\d\d:\d\d", lms.lms("set['cmi.core.session_time']"))
    assert lms.cmi("core.lesson_status") == "incomplete"  # the mastery score did not turn it into "failed"


def seed_all_but_the_last_question(lms: LMS, right: set[str]) -> None:
    """Answer every question but the last from inside the site, as if done earlier in this browser."""
    state = {"modules": {}, "name": "", "last": None}
    for module in COURSE.modules:
        ids = [q for q in COURSE.page_questions[module.page] if q != ALL_QUESTIONS[-1]]
        state["modules"][module.meta.id] = {"answers": {q: {"correct": q in right} for q in ids},
                                            "completedOn": "2099-12-31"}  # a long date code: the worst case
    lms.site.locator("body").evaluate(f"() => courseProgress.save({json.dumps(state)})")


@pytest.mark.parametrize("right_count", [len(ALL_QUESTIONS), len(ALL_QUESTIONS) // 2])
def test_completing_every_module_reports_passed_or_failed_and_the_score(context, lms_url, right_count):
    lms = LMS(context, lms_url)
    lms.site.locator(".md-content h1").first.wait_for()
    right = set(ALL_QUESTIONS[:right_count])
    seed_all_but_the_last_question(lms, right)
    last_module = COURSE.modules[-1].meta.id
    lms.open_module(last_module)
    answer(lms.site, questions(last_module)[-1], ALL_QUESTIONS[-1] in right)
    lms.wait_for("API.cmi.core.score.raw !== ''")

    # The course is passed when every module is; the score sent is the lowest module's, so the
    # LMS's mastery score (the pass mark) gives the same result.
    module_scores = [round(100 * sum(q in right for q in questions_of) / len(questions_of))
                     for questions_of in (COURSE.page_questions[m.page] for m in COURSE.modules)]
    score = min(module_scores)
    assert lms.cmi("core.score.raw") == str(score)
    status = "passed" if all(s >= PASS_MARK for s in module_scores) else "failed"
    assert lms.cmi("core.lesson_status") == status
    # Every question answered and every module complete: the longest suspend_data this course makes.
    suspend_data = lms.cmi("suspend_data")
    assert "-" not in marks(suspend_data).values()
    assert len(suspend_data.split(".")[4].split(",")) == len(COURSE.modules) and ",," not in suspend_data
    assert len(suspend_data) <= SUSPEND_DATA_LIMIT

    lms.close_course()
    lms.wait_for("lms.finished")
    assert lms.lms("set['cmi.core.exit']") == ""
    assert lms.cmi("core.lesson_status") == status


def test_progress_resumes_from_suspend_data_on_another_pc_and_not_for_another_learner(browser, context, lms_url):
    lms = LMS(context, lms_url)
    lms.site.locator(".md-content h1").first.wait_for()
    lms.open_module("discharge")
    for number, question in enumerate(questions("discharge")[:4]):
        answer(lms.site, question, right=number != 1)
    lms.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 4")
    saved = {"suspend_data": lms.cmi("suspend_data"),
             "core": {"lesson_status": lms.cmi("core.lesson_status"), "lesson_location": lms.cmi("core.lesson_location"),
                      "entry": "resume"}}
    lms.close_course()

    other_pc = new_context(browser, lms_url)
    try:
        again = LMS(other_pc, lms_url, saved)
        again.site.locator('.module-progress[data-module="discharge"]:not([hidden])').first.wait_for()  # lesson_location
        assert f"4 of {len(questions('discharge'))} questions answered" in again.progress_text()
        commits = again.lms("commits")
        answer(again.site, questions("discharge")[4], right=True)
        again.wait_for(f"lms.commits > {commits}")
        assert again.cmi("suspend_data").split(".")[2].count("-") == len(ALL_QUESTIONS) - 5
    finally:
        other_pc.close()
    assert other_pc.outside_requests == [] and other_pc.errors == []

    # Back on the first PC, a different learner who has not started sees none of those answers.
    someone_else = LMS(context, lms_url, {"core": {"student_name": "Okafor, Bisi"}})
    someone_else.site.locator(".md-content h1").first.wait_for()
    someone_else.open_module("discharge")
    assert "Not started" in someone_else.progress_text()
    first = questions("discharge")[0]
    assert someone_else.site.locator(f'.quiz[data-question="{first.id}"] .quiz-feedback').is_hidden()


def test_without_an_lms_the_launch_page_opens_the_site_and_leaves_progress_alone(context, lms_url):
    page = context.new_page()
    page.goto(f"{lms_url}/package/index.html")
    page.evaluate("localStorage.setItem('fit-progress-v1', JSON.stringify({modules: {craft: {answers: {x: {correct: true}}}}, name: 'Sam', last: 'craft'}))")
    page.goto(f"{lms_url}/package/scorm-launch.html")
    page.wait_for_url(f"{lms_url}/package/index.html")
    page.locator(".md-content h1").first.wait_for()
    assert json.loads(page.evaluate("localStorage.getItem('fit-progress-v1')"))["name"] == "Sam"
    assert page.locator(".continue-learning .continue-button").inner_text().startswith("Continue: ")


# ---- an LMS that fails -------------------------------------------------------------------------------

def answered(lms: LMS) -> dict[str, str]:
    """What the LMS holds: question id -> "1" or "0", for the questions answered."""
    suspend_data = lms.cmi("suspend_data")
    return {qid: mark for qid, mark in marks(suspend_data).items() if mark != "-"} if suspend_data else {}


@pytest.mark.parametrize("method", ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSFinish"])
def test_the_course_opens_and_works_whichever_call_the_lms_fails(context, lms_url, method):
    faults = [{"method": method, "times": 1, "how": "throw"}]
    if method == "LMSGetLastError":  # read only after another call fails
        faults.append({"method": "LMSSetValue", "element": "cmi.suspend_data", "times": 1, "how": "false"})
    lms = LMS(context, lms_url, faults=faults)
    lms.site.locator(".md-content h1").first.wait_for()  # the course opened
    if method != "LMSFinish":
        assert lms.lms("injected") >= 1
    if method not in ("LMSFinish", "LMSGetValue"):  # a value read again at once is no loss: nothing to say
        assert lms.notice.count() == 1 and lms.notice.get_attribute("role") == "status"
    first, second = questions("craft")[:2]
    lms.open_module("craft")
    answer(lms.site, first, right=True)
    answer(lms.site, second, right=False)
    assert "2 of" in lms.progress_text()  # the course works
    lms.wait_for("API.cmi.suspend_data.split('.').length === 6 && API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 2")
    assert answered(lms) == {first.id: "1", second.id: "0"}  # after the failure, it all reached the LMS
    assert lms.cmi("core.lesson_location") == "modules/craft/index.html"
    assert lms.notice.count() == 0  # saved again: the notice has gone
    lms.close_course()
    if method == "LMSFinish":
        lms.page.wait_for_timeout(200)
        assert lms.lms("injected") == 1
    else:
        lms.wait_for("lms.finished")


def test_values_the_lms_refused_are_sent_again_and_the_learner_is_told_once(context, lms_url):
    faults = [{"method": "LMSSetValue", "element": "cmi.suspend_data", "times": 2, "how": "false"},
              {"method": "LMSSetValue", "element": "cmi.core.lesson_location", "times": 1, "how": "false"}]
    lms = LMS(context, lms_url, faults=faults)
    lms.site.locator(".md-content h1").first.wait_for()
    assert lms.notice.count() == 1  # the first suspend_data was refused
    first, second, third = questions("craft")[:3]
    lms.open_module("craft")  # suspend_data refused again, lesson_location refused
    lms.wait_for("lms.injected === 3")
    assert lms.notice.count() == 1  # still one message
    assert lms.cmi("core.lesson_location") == "" and lms.cmi("suspend_data") == ""
    answer(lms.site, first, right=True)  # the LMS takes everything now, the refused values too
    lms.wait_for("API.cmi.core.lesson_location !== ''")
    assert answered(lms) == {first.id: "1"}
    assert lms.cmi("core.lesson_location") == "modules/craft/index.html"
    assert lms.notice.count() == 0

    lms.page.evaluate("lms.faults.push({method: 'LMSSetValue', element: 'cmi.suspend_data', times: 1, how: 'false'})")
    injected = lms.lms("injected")
    answer(lms.site, second, right=False)
    lms.wait_for(f"lms.injected > {injected}")
    assert lms.notice.count() == 0  # told once only
    answer(lms.site, third, right=True)
    lms.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 3")
    assert answered(lms) == {first.id: "1", second.id: "0", third.id: "1"}


def test_progress_the_lms_could_not_give_at_first_is_read_later_and_not_overwritten(context, lms_url):
    earlier = LMS(context, lms_url)
    earlier.site.locator(".md-content h1").first.wait_for()
    earlier.open_module("discharge")
    first, second = questions("discharge")[:2]
    answer(earlier.site, first, right=True)
    earlier.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 1")
    saved = {"suspend_data": earlier.cmi("suspend_data"), "core": {"lesson_status": "incomplete", "entry": "resume"}}
    earlier.close_course()

    # unreadable at the start and again at the first report
    lms = LMS(context, lms_url, saved, faults=[{"method": "LMSGetValue", "element": "cmi.suspend_data", "times": 2, "how": "throw"}])
    lms.site.locator(".md-content h1").first.wait_for()
    lms.wait_for("lms.injected === 2")
    assert lms.cmi("suspend_data") == saved["suspend_data"]  # not overwritten with nothing
    lms.open_module("discharge")
    answer(lms.site, second, right=False)
    lms.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 2")
    assert answered(lms) == {first.id: "1", second.id: "0"}


def test_odd_suspend_data_with_the_courses_fingerprint_is_ignored_and_the_course_opens(context, lms_url):
    probe = LMS(context, lms_url)
    probe.wait_for("API.cmi.suspend_data !== ''")
    version, fingerprint, answers = probe.cmi("suspend_data").split(".")[:3]
    probe.close_course()
    odd = f"{version}.{fingerprint}.{'1' * len(answers)}.zz.{','.join(['zzzzzzzzzz'] * len(COURSE.modules))}"
    lms = LMS(context, lms_url, {"suspend_data": odd, "core": {"entry": "resume"}})
    lms.site.locator(".md-content h1").first.wait_for()  # was "RangeError: Invalid time value" and a blank page
    lms.open_module("craft")
    assert "Passed" in lms.progress_text()  # the answers were valid; the dates and last module were not




# ---- interactions: each question's first answer, once ---------------------------------------------

def test_every_question_id_is_a_scorm_12_identifier_and_every_option_has_a_letter():
    """CMIIdentifier (RTE 3.4.x): no whitespace, at most 255 characters; ours are lowercase-with-hyphens.
    A "choice" response names options by single characters, a-z then 0-9."""
    for qid in ALL_QUESTIONS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid) and len(qid) <= 255, qid
        assert len(shown_options(COURSE.questions[qid])) <= len(CHOICE_LETTERS), qid


def held_interactions(lms: LMS) -> list[dict]:
    """cmi.interactions as the LMS holds them, in order (write-only for the course; the test LMS shows them)."""
    held = lms.page.evaluate("JSON.parse(JSON.stringify(API.cmi.interactions))")
    return [held[str(n)] for n in range(len(held))]


def options_named(qid: str, letters: str) -> set[str]:
    """The options that SCORM "choice" letters stand for: the n-th letter is the n-th option on the page."""
    shown = shown_options(COURSE.questions[qid])
    return {shown[CHOICE_LETTERS.index(letter)].text for letter in letters.split(",")}


def assert_reported(interaction: dict, question, right: bool) -> None:
    """One interaction says what `answer(question, right)` did: the options ticked, the right ones, the result."""
    ticked = [o for o in question.options if o.correct] if right else [next(o for o in question.options if not o.correct)]
    assert interaction["id"] == question.id and interaction["type"] == "choice"
    assert re.fullmatch(r"[a-z0-9](,[a-z0-9])*", interaction["student_response"])
    assert options_named(question.id, interaction["student_response"]) == {o.text for o in ticked}
    [correct] = interaction["correct_responses"].values()
    assert options_named(question.id, correct["pattern"]) == {o.text for o in question.options if o.correct}
    assert interaction["result"] == ("correct" if right else "wrong")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", interaction["time"])


def clock(lms: LMS) -> str:
    return lms.page.evaluate("new Date().toTimeString().slice(0, 8)")


def try_again_and_answer(lms: LMS, question, right: bool) -> None:
    quiz = lms.site.locator(f'.quiz[data-question="{question.id}"]')
    quiz.locator(".quiz-reset-button").click()
    answer(lms.site, question, right)


def test_each_first_answer_reaches_the_lms_once_as_an_interaction(context, lms_url):
    lms = LMS(context, lms_url)
    lms.site.locator(".md-content h1").first.wait_for()
    assert lms.page.evaluate("API.LMSGetValue('cmi.interactions._count')") == "0"
    module = "craft"
    # single and select-all questions, right and wrong (the pattern derived from the bank, never typed here)
    given = list(zip(questions(module)[:4], [True, True, False, False], strict=True))
    assert {q.type for q, _ in given} == {"single", "multiple"}
    lms.open_module(module)
    before = clock(lms)
    for question, right in given:
        answer(lms.site, question, right)
    after = clock(lms)
    lms.wait_for(f"API.cmi.interactions.childArray.length === {len(given)}")
    held = held_interactions(lms)
    assert [i["id"] for i in held] == [q.id for q, _ in given]  # in the order answered, each once
    for interaction, (question, right) in zip(held, given, strict=True):
        assert_reported(interaction, question, right)
        assert before <= interaction["time"] <= after

    # "Try again" is for learning: no second interaction, and the first is left as it was; the
    # next new answer is the next interaction (a report after the retries: nothing else was added)
    try_again_and_answer(lms, given[0][0], not given[0][1])
    try_again_and_answer(lms, given[2][0], not given[2][1])
    fifth = questions(module)[4]
    answer(lms.site, fifth, right=True)
    lms.wait_for(f"API.cmi.interactions.childArray.length > {len(given)}")
    assert held_interactions(lms)[:len(given)] == held and [i["id"] for i in held_interactions(lms)[len(given):]] == [fifth.id]
    held = held_interactions(lms)
    # A retaken module's new first answers are not reported again either.
    lms.site.locator("body").evaluate(f"() => {{ const s = courseProgress.load(); delete s.modules['{module}']; courseProgress.save(s); }}")
    try_again_and_answer(lms, given[1][0], not given[1][1])
    lms.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 1")  # its report is done
    assert held_interactions(lms) == held
    assert len(lms.cmi("suspend_data")) <= SUSPEND_DATA_LIMIT
    lms.close_course()
    lms.wait_for("lms.finished")
    assert held_interactions(lms) == held


def test_a_learner_who_resumes_gets_no_duplicate_interactions(browser, context, lms_url):
    lms = LMS(context, lms_url)
    lms.site.locator(".md-content h1").first.wait_for()
    first, second, third = questions("discharge")[:3]
    lms.open_module("discharge")
    answer(lms.site, first, right=True)
    answer(lms.site, second, right=False)
    lms.wait_for("API.cmi.interactions.childArray.length === 2")
    lms.close_course()
    lms.wait_for("lms.finished")
    earlier = held_interactions(lms)
    saved = {"suspend_data": lms.cmi("suspend_data"), "interactions": {str(n): i for n, i in enumerate(earlier)},
             "core": {"lesson_status": lms.cmi("core.lesson_status"), "lesson_location": lms.cmi("core.lesson_location"),
                      "entry": "resume"}}

    # the next session, on another PC: the earlier answers come back from suspend_data
    other_pc = new_context(browser, lms_url)
    try:
        again = LMS(other_pc, lms_url, saved)
        again.site.locator('.module-progress[data-module="discharge"]:not([hidden])').first.wait_for()
        assert again.page.evaluate("API.LMSGetValue('cmi.interactions._count')") == "2"
        answer(again.site, first, right=False)  # answered in the earlier session (the page starts unticked)
        answer(again.site, third, right=True)
        again.wait_for("API.cmi.interactions.childArray.length === 3")
        again.close_course()
        again.wait_for("lms.finished")
        held = held_interactions(again)
        assert held[:2] == earlier and [i["id"] for i in held] == [first.id, second.id, third.id]
        assert_reported(held[2], third, right=True)
    finally:
        other_pc.close()
    assert other_pc.outside_requests == [] and other_pc.errors == []


def test_an_interaction_the_lms_refused_is_sent_again_once(context, lms_url):
    faults = [{"method": "LMSSetValue", "element": "cmi.interactions.0.result", "times": 1, "how": "false"},
              {"method": "LMSSetValue", "element": "cmi.interactions.1.id", "times": 1, "how": "false"}]
    lms = LMS(context, lms_url, faults=faults)
    lms.site.locator(".md-content h1").first.wait_for()
    given = list(zip(questions("craft")[:3], [True, False, True], strict=True))
    lms.open_module("craft")
    answer(lms.site, *given[0])  # its result is refused
    lms.wait_for("lms.injected === 1")
    assert lms.notice.count() == 1
    answer(lms.site, *given[1])  # the result goes again; this question's id is refused: it waits its turn
    lms.wait_for("lms.injected === 2")
    answer(lms.site, *given[2])
    lms.wait_for("API.cmi.interactions.childArray.length === 3")
    held = held_interactions(lms)
    assert [i["id"] for i in held] == [q.id for q, _ in given]
    for interaction, (question, right) in zip(held, given, strict=True):
        assert_reported(interaction, question, right)
    assert lms.notice.count() == 0  # everything saved: the notice has gone
    assert answered(lms) == {q.id: "1" if right else "0" for q, right in given}


def test_an_lms_without_interactions_still_gets_progress_and_the_learner_is_not_troubled(context, lms_url):
    faults = [{"method": "LMSGetValue", "element": "cmi.interactions._count", "times": 99, "how": "false", "code": "401"}]
    lms = LMS(context, lms_url, faults=faults)
    lms.site.locator(".md-content h1").first.wait_for()
    first = questions("craft")[0]
    lms.open_module("craft")
    answer(lms.site, first, right=True)
    lms.wait_for("API.cmi.suspend_data.split('.')[2].replace(/-/g, '').length === 1")
    assert lms.lms("injected") == 1  # asked once, at the start
    assert held_interactions(lms) == [] and lms.notice.count() == 0
    assert answered(lms) == {first.id: "1"}
