"""Safe with any input: text from YAML, front matter and settings shows exactly as typed on every
generated page and never becomes markup; bad input is a `path:line` message, never a traceback."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from conftest import FIXTURE, HOOK, ROOT, SampleCourse, built_once, mkdocs_build
from test_service import SERVICE_NAV, VALID, line_of, problems, with_service
from test_word_documents import all_text

from hooks import render
from hooks.course import load_course

MODULE = "modules/01-sample/index.md"
BANK = "quizzes/sample.yml"
REFERENCES = "data/references.yml"
GLOSSARY = "data/glossary.yml"

# Hostile and awkward text: HTML, script, quotes, a table bar, Markdown emphasis, an entity, a
# word in angle brackets, a heading mark and a link to script.
HOSTILE = ('<b>bold</b> <img src=x onerror=alert(1)> "quoted" a|b *star* _under_ &amp; <Family> '
           '# [x](javascript:alert(1))')
URL = "https://example.org/a_(b)*c?q=1&r=2"
FIXTURE_URL = "https://research.birmingham.ac.uk/en/publications/family-interventions-in-the-treatment-of-alcohol-and-drug-problem"


class PageParser(HTMLParser):
    """The visible text of a page (title and body, no scripts) and every element in it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.elements, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(page: Path) -> PageParser:
    parser = PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def collapsed(text: str) -> str:
    return " ".join(text.split())


def assert_shows_exactly(page: Path, typed: str = HOSTILE) -> PageParser:
    """The page shows `typed` as text and has no element the text could have made."""
    parsed = parse(page)
    assert collapsed(typed) in collapsed("".join(parsed.text)), page
    for tag, attrs in parsed.elements:
        assert tag not in ("b", "family") and "onerror" not in attrs, (page, tag, attrs)
        assert not (tag == "img" and attrs.get("src") == "x"), page
        assert not str(attrs.get("href", "")).lower().startswith("javascript:"), (page, attrs)
    return parsed


HOSTILE_SERVICE = """\
extra:
  service:
    example: false
    name: {h}
    contact:
      address: {h}
      phone: {h}
      email: families@example.org
      website: {url}
      opening_hours: {h}
    family_lead:
      name: {h}
      role: {h}
      contact: {h}
    information_sharing_levels: [1, 2]
    commitments: [whole-family-approach, carer-assessment]
    emergency: {h}
    support_organisations:
      - name: {h}
        offers: {h}
        contact: 01632 960 402
    policy_owner: {h}
    jurisdiction: england
    review_date: "REVIEW"
"""


def with_progress_pages(sample) -> None:
    """The pages the module footer links to, so the sample course builds strictly."""
    for page in ("progress", "completion-record"):
        sample.write(f"docs/{page}.md", f"# {page}\n")
        sample.replace("mkdocs.yml", "  - Home: index.md\n", f"  - Home: index.md\n  - {page}.md\n")


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# One build of the sample course with hostile text in every field that reaches a page -----------

@pytest.fixture(scope="session")
def hostile_site():
    """(site, build result, course): the sample course with hostile text in every field, built once per run."""

    def build(folder):
        root = folder / "course"
        shutil.copytree(FIXTURE, root)
        sample = SampleCourse(root)
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("HOOK_PATH", str(HOOK)))
        h = yaml_quoted(HOSTILE)
        for old in ("title: A sample module", "summary: A tiny module used by the tests.",
                    "text: Explain the three levels.", "text: Explain consent.", "text: Explain review."):
            sample.replace(MODULE, old, f"{old.split(':')[0]}: {h}")
        sample.replace(MODULE, "audience: [treatment staff]", f"audience: [{h}]")
        for old in ("scenario: Ann's mother phones the service.",
                    "question: What can you tell her under a Level 2 agreement?",
                    "feedback: Right. Level 2 covers attendance.",
                    "feedback: Not at Level 2. Session content needs Level 3."):
            sample.replace(BANK, old, f"{old.split(':')[0]}: {h}")
        sample.replace(BANK, "text: That Ann came today.", f"text: {yaml_quoted(HOSTILE + ' 1')}")
        sample.replace(BANK, "text: What Ann said in her session.", f"text: {yaml_quoted(HOSTILE + ' 2')}")
        sample.replace(REFERENCES, "cite: SER Family Support Network, n.d.", f"cite: {h}")
        sample.replace(REFERENCES, "text: SER Family Support Network (n.d.). "
                                   "*Involving family members and carers in treatment services*.",
                       f"text: {h}\n  url: {yaml_quoted(URL)}\n  note: {h}")
        sample.write(GLOSSARY, (root / GLOSSARY).read_text()
                     + f"hostile:\n  term: {h}\n  definition: {h}\n  sources: [copello2005]\n")
        block = HOSTILE_SERVICE.format(h=h, url=yaml_quoted(URL))
        with_service(sample, block)
        sample.replace("mkdocs.yml", "  - Glossary: glossary.md\n", SERVICE_NAV)
        with_progress_pages(sample)
        return mkdocs_build(config, folder / "site")

    folder, result = built_once("hostile", build)
    return folder / "site", result, SampleCourse(folder / "course")


def test_hostile_text_builds_strictly(hostile_site):
    _, result, sample = hostile_site
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output and "Traceback" not in output, output
    assert sample.problems() == []


def test_module_page_header_quiz_title_nav_and_description_show_the_text(hostile_site):
    site, _, _ = hostile_site
    page = site / "modules" / "sample" / "index.html"
    parsed = assert_shows_exactly(page)
    metas = [attrs for tag, attrs in parsed.elements if tag == "meta" and attrs.get("name") == "description"]
    assert [m["content"] for m in metas] == [HOSTILE]
    html = page.read_text()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and collapsed(HOSTILE) in collapsed(parse_fragment(title))
    assert html.count('<div class="quiz"') == 3
    text = collapsed("".join(parsed.text))
    for option in (HOSTILE + " 1", HOSTILE + " 2"):
        assert collapsed(option) in text
    assert text.count(collapsed(HOSTILE)) >= 9  # title, audience, 3 objectives, scenario, question, 2 feedback


def parse_fragment(html: str) -> str:
    parser = PageParser()
    parser.feed(html)
    return "".join(parser.text)


@pytest.mark.parametrize("page", ["references/index.html", "glossary/index.html", "modules/index.html",
                                  "trainers/answer-key/sample/index.html", "trainers/cards/sample/index.html",
                                  "trainers/session-packs/sample/index.html", "trainers/index.html",
                                  "trainers/handouts/sample/index.html", "trainers/whole-course/index.html",
                                  "trainers/confidence-questionnaire/index.html", "trainers/guides/sample/index.html"])
def test_generated_page_shows_the_text_exactly(hostile_site, page):
    site, _, _ = hostile_site
    assert_shows_exactly(site / page)


def test_reference_link_keeps_its_address(hostile_site):
    site, _, _ = hostile_site
    parsed = assert_shows_exactly(site / "references" / "index.html")
    hrefs = [attrs["href"] for tag, attrs in parsed.elements if tag == "a" and "example.org" in attrs.get("href", "")]
    assert hrefs == ["https://example.org/a_%28b%29*c?q=1&r=2"]


def test_course_map_table_keeps_its_columns(hostile_site):
    site, _, _ = hostile_site
    html = (site / "modules" / "index.html").read_text()
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert len(re.findall(r"<td", row)) == 4


SERVICE_PAGES = ["service/index.html", "service/information-sharing-agreement/index.html",
                 "service/carer-assessment/index.html", "service/discharge-checklist/index.html",
                 "service/self-audit/index.html", "service/families/index.html"]


@pytest.mark.parametrize("page", SERVICE_PAGES)
def test_service_page_shows_the_settings_exactly(hostile_site, page):
    site, _, _ = hostile_site
    parsed = assert_shows_exactly(site / page)
    assert collapsed("".join(parsed.text)).count(collapsed(HOSTILE)) >= 2, page


def test_policy_shows_every_setting_and_keeps_its_tables(hostile_site):
    site, _, _ = hostile_site
    parsed = assert_shows_exactly(site / "service" / "index.html")
    text = collapsed("".join(parsed.text))
    assert text.count(collapsed(HOSTILE)) >= 12  # every text setting
    html = (site / "service" / "index.html").read_text()
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert len(re.findall(r"<td", row)) == 3 and "01632 960 402" in row  # the phone is in its own cell
    assert 'href="https://example.org/a_%28b%29*c?q=1&amp;r=2"' in html


def test_word_documents_hold_the_settings_exactly(hostile_site):
    site, _, _ = hostile_site
    documents = {path.name: docx.Document(path) for path in (site / "service").glob("*.docx")}
    assert len(documents) == len(SERVICE_PAGES)
    for name, document in documents.items():
        assert collapsed(all_text(document)).count(collapsed(HOSTILE)) >= 2, name  # the footer and the page
    policy = documents["family-involvement-policy.docx"]
    links = [r.target_ref for r in policy.part.rels.values() if r.is_external]
    assert links == ["https://example.org/a_%28b%29*c?q=1&r=2"]  # the website; nothing from the text


# Web and email addresses: only https:, http:, mailto: and tel:, refused at their line -----------

@pytest.mark.parametrize("url, words", [
    ("javascript:alert(1)", "starts with 'javascript:', which pages never link to"),
    ("JavaScript:alert(1)", "starts with 'javascript:'"),
    ("data:text/html,<script>alert(1)</script>", "starts with 'data:'"),
    ("vbscript:msgbox(1)", "starts with 'vbscript:'"),
    ("/relative/page", "is not a full address"),
    ("www.example.org", "is not a full address"),
    ("https://exa mple.org", "is not a valid web address"),
    ("https://", "is not a valid web address"),
])
def test_reference_url_with_a_bad_scheme_is_refused_at_its_line(sample, url, words):
    sample.replace(REFERENCES, "url: " + FIXTURE_URL,
                   f"url: {yaml_quoted(url)}")
    found = [p for p in sample.problems() if p.startswith(f"{REFERENCES}:4: ")]
    assert len(found) == 1 and words in found[0] and "'url'" in found[0], sample.problems()


@pytest.mark.parametrize("url", ["https://example.org/", "http://example.org/x?a=1", "mailto:a@example.org",
                                 "tel:+441632960000"])
def test_allowed_schemes_are_accepted(sample, url):
    sample.replace(REFERENCES, "url: " + FIXTURE_URL,
                   f"url: {yaml_quoted(url)}")
    assert sample.problems() == []


@pytest.mark.parametrize("setting, value, words", [
    ("website", "www.example.org", "'website' 'www.example.org' is not a full address (start it with https://"),
    ("website", "javascript:alert(1)", "'website' 'javascript:alert(1)' starts with 'javascript:'"),
    ("website", "data:text/html,x", "starts with 'data:'"),
    ("email", "families at example.org", "'email' 'families at example.org' is not an email address"),
    ("email", "a@b", "is not an email address"),
])
def test_service_addresses_are_checked_at_their_mkdocs_yml_line(sample, setting, value, words):
    config = with_service(sample, VALID.replace("      opening_hours",
                                                f"      {setting}: {yaml_quoted(value)}\n      opening_hours"))
    found = problems(config)
    start = f"mkdocs.yml:{line_of(config, setting + ':')}: extra.service.contact: "
    assert len(found) == 1 and found[0].startswith(start), found
    assert words in found[0]


# Encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("rel, line", [(MODULE, 18), (BANK, 4), (REFERENCES, 2), (GLOSSARY, 4),
                                       ("data/language.yml", 2)])
def test_a_file_that_is_not_utf8_is_refused_at_its_line(sample, rel, line):
    path = sample.root / rel
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] += b" Caf\xe9"
    path.write_bytes(b"\n".join(lines))
    found = [p for p in sample.problems() if p.startswith(f"{rel}:")]
    assert found == [f"{rel}:{line}: this file is not UTF-8 text (byte 0xe9 on this line is not UTF-8) "
                     "(save the file with the UTF-8 encoding (in most editors: Save As, Encoding: UTF-8) "
                     "and check the characters on this line)"], sample.problems()


@pytest.mark.parametrize("rel", [MODULE, BANK, REFERENCES, GLOSSARY, "data/language.yml",
                                 "docs/trainers/guides/sample.md"])
def test_a_byte_order_mark_is_accepted(sample, rel):
    path = sample.root / rel
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert sample.problems() == []


def test_a_module_page_that_is_not_utf8_fails_the_build_with_messages_not_a_traceback(sample, tmp_path):
    path = sample.root / MODULE
    path.write_bytes(path.read_bytes().replace(b"Some detail.", b"Caf\xe9 detail."))
    result = mkdocs_build(sample.root / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert f"{MODULE}:26: this file is not UTF-8 text" in output


# Repeated keys, at both lines ---------------------------------------------------------------

def test_a_repeated_front_matter_field_is_reported_at_both_lines(sample):
    sample.replace(MODULE, "order: 1\n", "order: 1\ntitle: Another title\n")
    assert sample.problems() == [
        f"{MODULE}:3: 'title' is set twice in the same block (again at line 5) "
        "(keep one 'title:' line; with two, the second would silently replace the first)",
        f"{MODULE}:5: 'title' is set twice in the same block (first at line 3) "
        "(keep one 'title:' line; with two, the second would silently replace the first)"]


def test_a_repeated_reference_key_is_reported_at_both_lines(sample):
    sample.write(REFERENCES, (sample.root / REFERENCES).read_text() + "copello2005:\n  cite: Other\n  text: Other.\n")
    found = sample.problems()
    assert [p.split(": ")[0] for p in found] == [f"{REFERENCES}:1", f"{REFERENCES}:8"], found
    assert all("'copello2005' is set twice" in p for p in found)


def test_a_repeated_correct_is_reported_at_both_lines(sample):
    sample.replace(BANK, "      correct: true\n      feedback: Right. Level 2 covers attendance.",
                   "      correct: true\n      feedback: Right. Level 2 covers attendance.\n      correct: false")
    found = [p for p in sample.problems() if "set twice" in p]
    assert [p.split(": ")[0] for p in found] == [f"{BANK}:8", f"{BANK}:10"], sample.problems()


def test_a_repeated_setting_in_mkdocs_yml_is_reported_at_both_lines(sample):
    config = with_service(sample, VALID.replace("    policy_owner: Team leader\n",
                                                "    policy_owner: Team leader\n    policy_owner: Manager\n"))
    found = problems(config)
    first = line_of(config, "policy_owner: Team leader")
    assert [p.split(": ")[0] for p in found] == [f"mkdocs.yml:{first}", f"mkdocs.yml:{first + 1}"], found


# The stigmatising-terms list -----------------------------------------------------------------

@pytest.mark.parametrize("text, start, words", [
    ("addict: person who uses drugs\n", "data/language.yml:1", "must be a list of entries"),
    ("[]\n", "data/language.yml:1", "must be a list of entries"),
    ("- avoid: [addict]\n", "data/language.yml:1", "entry 1: 'prefer' is missing"),
    ("- avoid: addict\n  prefer: person who uses drugs\n", "data/language.yml:1", "entry 1: 'avoid' must be a list"),
])
def test_a_language_list_in_the_wrong_shape_is_an_error(sample, text, start, words):
    sample.write("data/language.yml", text)
    found = sample.problems()
    assert len(found) == 1 and found[0].startswith(start + ": ") and words in found[0], found


def test_a_missing_language_list_is_an_error(sample):
    (sample.root / "data/language.yml").unlink()
    assert sample.problems() == ["data/language.yml:1: the stigmatising terms list is missing "
                                 "(create data/language.yml; the README shows its shape)"]


# Quiz markup in question text ------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, field", [
    ("scenario: Ann's mother phones the service.", "scenario: Ann writes </quiz> in a note.", 4, "scenario"),
    ("question: What can you tell her under a Level 2 agreement?", "question: What does <quiz> mean?", 5, "question"),
    ("text: That Ann came today.", "text: '* [x] That Ann came today.'", 7, "text"),
    ("feedback: Right. Level 2 covers attendance.",
     "feedback: |-\n        Right.\n        - [x] Level 2 covers attendance.", 9, "feedback"),
    ("scenario: Ann's mother phones the service.",
     "scenario: |-\n    Ann's mother phones.\n    - [ ] a box", 4, "scenario"),
])
def test_quiz_markup_in_question_text_is_refused(sample, old, new, line, field):
    sample.replace(BANK, old, new)
    found = sample.problems()
    start = f"{BANK}:{line}: question 'sample-levels': '{field}' contains quiz markup"
    assert len(found) == 1 and found[0].startswith(start), found


def test_a_refused_question_is_never_handed_to_mkdocs_quiz(sample):
    sample.replace(BANK, "      correct: false\n      feedback: Not at Level 2.",
                   "      correct: true\n      feedback: Not at Level 2.")
    course, found = load_course(sample.root)
    assert found and course.questions["sample-levels"].refused
    page = render.expand_page((sample.root / MODULE).read_text(), MODULE, course)
    assert page.count("<quiz>") == 2 and "The question `sample-levels` has problems" in page
    assert course.page_questions[MODULE] == ["sample-consent", "sample-review"]  # labels match the quizzes


def test_a_refused_question_builds_without_a_traceback(sample, tmp_path):
    sample.replace(BANK, "      correct: true\n      feedback: Right. Level 2 covers attendance.",
                   "      correct: false\n      feedback: Right. Level 2 covers attendance.")
    sample.replace(BANK, "scenario: Ann's mother phones the service.", "scenario: Ann writes </quiz> and <quiz>.")
    result = mkdocs_build(sample.root / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert f"{BANK}:4: question 'sample-levels': 'scenario' contains quiz markup" in output
    assert f"{BANK}:6: question 'sample-levels': a 'single' question needs exactly one correct option" in output


# Overlays: nothing nested is taken from the example block ----------------------------------------

def overlay(sample, contact: str) -> Path:
    with_service(sample, VALID.replace("example: false", "example: true").replace(
        "      opening_hours",
        "      email: example@example.org\n      website: https://www.example.org\n      opening_hours"))
    block = VALID.replace("REVIEW", (datetime.date.today() + datetime.timedelta(days=100)).isoformat())
    block = re.sub(r"    contact:\n(      .*\n)+", contact, block)
    sample.write("branch/mkdocs.yml", "INHERIT: ../mkdocs.yml\nsite_name: Branch\ndocs_dir: ../docs\n" + block)
    return sample.root / "branch" / "mkdocs.yml"


def test_an_overlay_that_leaves_out_email_and_website_is_refused(sample):
    config = overlay(sample, "    contact:\n      address: 1 Quay\n      phone: 01632 960 500\n"
                             "      opening_hours: Always\n")
    assert problems(config, sample.root) == [
        f"branch/mkdocs.yml:8: extra.service: '{name}' comes from the example service in mkdocs.yml "
        f"(write your own '{key}:' in this block, or '{key}: null' if you have none, so the example's details "
        "are not published as yours)" for name, key in (("contact.email", "email"), ("contact.website", "website"))]


def test_an_overlay_may_write_null_for_what_it_does_not_have(sample):
    config = overlay(sample, "    contact:\n      address: 1 Quay\n      phone: 01632 960 500\n"
                             "      email: null\n      website: null\n      opening_hours: Always\n")
    assert problems(config, sample.root) == []


def test_check_command_checks_an_overlay_the_way_the_build_does(sample):
    config = overlay(sample, "    contact:\n      address: 1 Quay\n      phone: 01632 960 500\n"
                             "      opening_hours: Always\n")
    result = subprocess.run([sys.executable, "-m", "hooks", "check", "--config", str(config)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["branch/mkdocs.yml:8"] * 2


# Quiz option order (issue 12.3) ------------------------------------------------------------------

def test_the_right_option_is_in_no_predictable_place(real_site):
    site, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    positions = []
    for page in (site / "modules").glob("*/index.html"):
        for quiz in re.findall(r'<div class="quiz".*?</fieldset>', page.read_text(), re.S):
            inputs = re.findall(r"<input\b[^>]*>", quiz)
            positions.append(next(i for i, tag in enumerate(inputs) if "data-correct" in tag))
    assert len(positions) >= 64
    first = positions.count(0) / len(positions)
    assert first < 0.5 and len(set(positions)) >= 3, positions


def test_option_order_is_fixed_per_question_id(sample):
    course, _ = load_course(sample.root)
    item = course.questions["sample-consent"]
    assert [o.text for o in render.shown_options(item)] == [o.text for o in render.shown_options(item)]
    assert "data-shuffle-answers" not in render.quiz_markup(item)


# A failed build keeps the last good site ---------------------------------------------------------

@pytest.mark.build
def test_a_failed_build_leaves_the_previous_site_intact(sample, tmp_path):
    with_progress_pages(sample)
    site = tmp_path / "site"
    build = [sys.executable, "-m", "scripts.build_site", "--config", str(sample.root / "mkdocs.yml"), "--site-dir", str(site)]
    site.mkdir()
    (site / "old.txt").write_text("old")
    assert subprocess.run(build, capture_output=True, text=True, cwd=ROOT).returncode == 0
    assert (site / "index.html").is_file() and not (site / "old.txt").exists()
    good = (site / "modules" / "sample" / "index.html").read_text()
    sample.replace(MODULE, "order: 1", "order: one")
    result = subprocess.run(build, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "still holds the last good build" in result.stderr, result.stderr
    assert (site / "modules" / "sample" / "index.html").read_text() == good
    assert not list(tmp_path.glob(".site-building-*"))  # no half-built folder left behind
