"""The service settings (extra.service): each wrong setting reported at its line, the generated
policy and forms carry the settings, and a service's overlay config builds the whole course."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import OVERLAY, ROOT, article_text, mkdocs_build, normalised, pdf_pages
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from hooks import service_pages
from hooks.course import load_course
from hooks.language import StigmaChecker
from hooks.law import NATIONS
from hooks.problems import Problems
from hooks.service import COMMITMENTS, WORDING, Service, load_service
from hooks.templating import markdown_text

VALID = """\
extra:
  service:
    example: false
    name: Glenside Community Drug Service
    contact:
      address: 3 Mill Lane, Glenside
      phone: 01632 960 400
      opening_hours: Monday to Friday 9am to 5pm
    family_lead:
      name: Ewan Baptiste
      role: Family worker
      contact: 01632 960 401
    information_sharing_levels: [1, 2]
    commitments:
      - whole-family-approach
      - carer-assessment
    emergency: Call 999 if a life is in danger.
    support_organisations:
      - name: Glenside Family Network
        offers: A weekly group for family members.
        contact: 01632 960 402
    policy_owner: Team leader
    jurisdiction: scotland
    review_date: "REVIEW"
"""

SERVICE_NAV = """\
  - Glossary: glossary.md
  - Your service:
      - service/index.md
      - service/families.md
      - service/information-sharing-agreement.md
      - service/carer-assessment.md
      - service/discharge-checklist.md
      - service/self-audit.md
"""


def future(days: int = 200) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def with_service(sample, block: str = VALID) -> Path:
    """The sample course's mkdocs.yml with a service block appended (the fixture's lines stay put)."""
    config = sample.root / "mkdocs.yml"
    config.write_text(config.read_text() + block.replace("REVIEW", future()))
    return config


def line_of(path: Path, text: str) -> int:
    """The number of the first line of `path` that contains `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def problems(config: Path, root: Path | None = None) -> list[str]:
    """The service problems as MkDocs would report them, reading the config the way MkDocs does."""
    with open(config, "rb") as fd:
        settings = yaml_load(fd, get_yaml_loader()).get("extra", {}).get("service")
    return [str(p) for p in load_service(config, settings, root or config.parent)[1].sorted()]


def only(found: list[str], start: str, words: str) -> None:
    assert len(found) == 1, found
    assert found[0].startswith(start + ": "), found
    assert words in found[0], found
    assert found[0].endswith(")"), "every problem says how to fix it"


def break_setting(sample, old: str, new: str) -> Path:
    config = with_service(sample)
    sample.replace("mkdocs.yml", old, new)
    return config


# Validation ------------------------------------------------------------------------------------

def test_valid_settings_have_no_problems(sample):
    assert problems(with_service(sample)) == []


def test_no_service_block_means_no_problems_and_no_pages(sample):
    assert problems(sample.root / "mkdocs.yml") == []
    course, _ = load_course(sample.root)
    assert service_pages.pages(None, load_service(sample.root / "mkdocs.yml", None, sample.root)[1], course) == {}


def test_missing_name_is_reported_at_the_service_block(sample):
    config = break_setting(sample, "    name: Glenside Community Drug Service\n", "")
    only(problems(config), f"mkdocs.yml:{line_of(config, '  service:')}",
         "extra.service: 'name' is missing (add a line 'name: Example Drug and Alcohol Service')")


def test_unknown_level_is_reported_at_its_line(sample):
    config = break_setting(sample, "information_sharing_levels: [1, 2]",
                           "information_sharing_levels:\n      - 1\n      - 4")
    only(problems(config), f"mkdocs.yml:{line_of(config, '      - 4')}",
         "information_sharing_levels item 2: 4 is not a level (the levels are 1, 2 and 3")


def test_repeated_level_is_reported(sample):
    config = break_setting(sample, "information_sharing_levels: [1, 2]", "information_sharing_levels: [2, 2]")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'information_sharing_levels')}",
         "the level 2 is listed twice")


def test_bad_date_is_reported_at_its_line(sample):
    config = break_setting(sample, f'review_date: "{future()}"', "review_date: 31/12/2030")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'review_date')}",
         "'review_date' must be a real date written YYYY-MM-DD, not '31/12/2030'")


def test_impossible_date_in_quotes_is_reported(sample):
    config = break_setting(sample, f'review_date: "{future()}"', 'review_date: "2030-02-30"')
    only(problems(config), f"mkdocs.yml:{line_of(config, 'review_date')}", "must be a real date")


def test_review_date_in_the_past_is_reported(sample):
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    config = break_setting(sample, f'review_date: "{future()}"', f"review_date: {yesterday}")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'review_date')}",
         f"extra.service: the review date {yesterday} has passed (review the policy")


def test_review_date_today_is_accepted(sample):
    config = break_setting(sample, f'review_date: "{future()}"', f'review_date: "{datetime.date.today()}"')
    assert problems(config) == []


def test_unknown_commitment_is_reported_at_its_line(sample):
    config = break_setting(sample, "      - carer-assessment\n", "      - carers-assessment\n")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'carers-assessment')}",
         "commitments item 2: 'carers-assessment' is not a known commitment (use these words exactly: "
         + ", ".join(COMMITMENTS))


def test_wrong_type_is_reported_at_its_line(sample):
    config = break_setting(sample, "    contact:\n      address: 3 Mill Lane, Glenside\n"
                                   "      phone: 01632 960 400\n      opening_hours: Monday to Friday 9am to 5pm\n",
                           "    contact: 01632 960 400\n")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'contact: 01632 960 400')}",
         "'contact' must be a block of 'name: value' lines")


def test_missing_nested_field_names_its_block(sample):
    config = break_setting(sample, "      role: Family worker\n", "")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'family_lead:')}",
         "extra.service.family_lead: 'role' is missing")


def test_misspelt_field_is_reported(sample):
    config = break_setting(sample, "    policy_owner:", "    policy_ower:")
    found = "\n".join(problems(config))
    assert f"mkdocs.yml:{line_of(config, 'policy_ower')}: extra.service: 'policy_ower' is not a service setting" in found
    assert "'policy_owner' is missing" in found


def test_every_problem_is_reported_in_one_run(sample):
    config = with_service(sample)
    sample.replace("mkdocs.yml", "    name: Glenside Community Drug Service\n", "")
    sample.replace("mkdocs.yml", "[1, 2]", "[1, 5]")
    sample.replace("mkdocs.yml", "      - carer-assessment\n", "      - hugs\n")
    sample.replace("mkdocs.yml", f'review_date: "{future()}"', "review_date: 2001-01-01")
    assert [p.split(": ")[0] for p in problems(config)] == [
        f"mkdocs.yml:{line_of(config, text)}" for text in ("  service:", "[1, 5]", "hugs", "2001-01-01")]


# Overlays (INHERIT): the line is in the file that holds the setting ------------------------------

def test_problem_in_an_overlay_is_reported_in_the_overlay_file(sample):
    with_service(sample, VALID.replace("example: false", "example: true"))
    overlay = sample.root / "branch" / "mkdocs.yml"
    sample.write("branch/mkdocs.yml", "INHERIT: ../mkdocs.yml\nsite_name: Branch\nextra:\n  service:\n"
                                      "    information_sharing_levels: [3, 9]\n")
    only(problems(overlay, sample.root), "branch/mkdocs.yml:5", "item 2: 9 is not a level")


def test_problem_in_the_inherited_file_is_reported_there(sample):
    config = break_setting(sample, "    policy_owner: Team leader\n", "    policy_owner: [Team, leader]\n")
    sample.write("branch/mkdocs.yml", "INHERIT: ../mkdocs.yml\nsite_name: Branch\n")
    only(problems(sample.root / "branch" / "mkdocs.yml", sample.root),
         f"mkdocs.yml:{line_of(config, 'policy_owner')}", "'policy_owner' must be text")


def test_a_real_service_may_not_publish_the_example_services_details(sample):
    with_service(sample, VALID.replace("example: false", "example: true"))
    sample.write("branch/mkdocs.yml", "INHERIT: ../mkdocs.yml\nextra:\n  service:\n    example: false\n"
                                      "    name: Branch Service\n")
    found = problems(sample.root / "branch" / "mkdocs.yml", sample.root)
    inherited = set(Service.model_fields) - {"example", "name"}  # the fields it did not set come from the example
    assert len(found) == len(inherited), found
    assert "branch/mkdocs.yml:3: extra.service: 'support_organisations' comes from the example " \
           "service in mkdocs.yml" in "\n".join(found)


# Builds -----------------------------------------------------------------------------------------

def level_choices(page: Path) -> list[str]:
    """The levels a reader can tick on the agreement form."""
    section = page.read_text().split('id="the-level-agreed')[1].split("</div>")[0]
    return re.findall(r"<li><strong>(Level \d)", section)


SERVICE_PAGES = ["service/index.html", "service/information-sharing-agreement/index.html",
                 "service/carer-assessment/index.html", "service/discharge-checklist/index.html",
                 "service/self-audit/index.html"]


def test_real_site_pages_carry_the_settings(real_site):
    site, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    settings = yaml.load((ROOT / "mkdocs.yml").read_text(), get_yaml_loader())["extra"]["service"]
    for rel in SERVICE_PAGES:
        assert 'class="admonition warning service-example"' in (site / rel).read_text(), rel
        assert settings["name"] in article_text(site / rel), rel
    policy = article_text(site / "service/index.html")
    for value in [settings["contact"]["phone"], settings["contact"]["email"], settings["family_lead"]["name"],
                  settings["family_lead"]["contact"], settings["policy_owner"], " ".join(settings["emergency"].split())]:
        assert value in policy
    for organisation in settings["support_organisations"]:
        assert organisation["name"] in policy and organisation["offers"] in policy
    for key in settings["commitments"]:
        assert COMMITMENTS[key] in policy
    assert 'href="../modules/confidentiality/"' in (site / "service/index.html").read_text()
    assert level_choices(site / SERVICE_PAGES[1]) == ["Level 1", "Level 2", "Level 3"]
    carer = article_text(site / "service/carer-assessment/index.html")
    for area in [*(item["area"] for item in WORDING["carer_areas"]), "Goals for the next six months"]:
        assert area in carer
    checklist = article_text(site / "service/discharge-checklist/index.html")
    for words in ["Planned exit", "Unplanned exit", "Loss of tolerance", "Naloxone", "Re-engagement",
                  settings["contact"]["phone"]]:
        assert words in checklist
    audit = article_text(site / "service/self-audit/index.html")
    for words in ["Team meetings", "Case-note audit", "Satisfaction questionnaire"]:
        assert words in audit


def test_forms_are_styled_for_print(real_site):
    site, _ = real_site
    page = (site / "service/information-sharing-agreement/index.html").read_text()
    assert "assets/print-forms.css" in page
    assert page.count('class="signatures"') == 1 and 'class="write-in"' in page and "counter(pages)" in page
    css = (site / "assets/print-forms.css").read_text()
    assert "size: A4" in css and "break-inside: avoid" in css


def test_generated_pages_use_no_stigmatising_terms(sample):
    rules = yaml.safe_load((ROOT / "data/language.yml").read_text())
    checker = StigmaChecker([(item["avoid"], item["prefer"]) for item in rules])
    config = ROOT / "mkdocs.yml"
    with open(config, "rb") as fd:
        settings = yaml_load(fd, get_yaml_loader())["extra"]["service"]
    service, _ = load_service(config, settings, ROOT)
    course, _ = load_course(ROOT)
    for src, markdown in service_pages.pages(service, _, course).items():
        assert checker.find(markdown) == [], src


def test_overlay_builds_the_whole_course_strictly_with_its_own_service(overlay_site, real_site):
    site, result = overlay_site
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output and "Traceback" not in output, output
    home = (site / "index.html").read_text()
    assert "Harbourside Recovery Service family training" in home and 'data-md-color-primary="indigo"' in home
    assert len(list((site / "modules").glob("*/index.html"))) == len(list((real_site[0] / "modules").glob("*/index.html")))
    policy = article_text(site / "service/index.html")
    assert "Harbourside Recovery Service" in policy and "Portmouth Families Together" in policy
    assert "We do not offer Level 3." in policy
    assert COMMITMENTS["staff-training"] not in policy and "Staff can take the family involvement course" in policy
    assert level_choices(site / SERVICE_PAGES[1]) == ["Level 1", "Level 2"]


def test_wrong_settings_fail_the_strict_build_and_are_not_published(sample, tmp_path):
    config = break_setting(sample, "    name: Glenside Community Drug Service\n", "")
    sample.replace("mkdocs.yml", "  - Glossary: glossary.md\n", SERVICE_NAV)
    result = mkdocs_build(config, tmp_path / "strict")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert f"mkdocs.yml:{line_of(config, '  service:')}: extra.service: 'name' is missing" in output
    # `mkdocs serve` (not strict) shows every service page with the problems instead of the content.
    assert mkdocs_build(config, tmp_path / "serve", strict=False).returncode == 0
    for rel in SERVICE_PAGES:
        page = (tmp_path / "serve" / rel).read_text()
        assert "service-incomplete" in page and "'name' is missing" in page, rel
        assert "Glenside Family Network" not in page and "01632 960 400" not in page, rel


def test_check_command_reports_the_settings_even_an_unquoted_impossible_date(sample):
    # MkDocs itself stops with a traceback on this date; `python -m hooks check` gives its line.
    config = break_setting(sample, f'review_date: "{future()}"', "review_date: 2030-02-30")
    result = subprocess.run([sys.executable, "-m", "hooks", "check", "--root", str(sample.root)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"mkdocs.yml:{line_of(config, 'review_date')}: extra.service: 'review_date' must be a real date written "
        "YYYY-MM-DD, not '2030-02-30' (write it in quotes, like 'review_date: \"2027-11-30\"')"]


# Jurisdiction (issue 13) ----------------------------------------------------------------------------

def test_missing_jurisdiction_is_reported_with_the_nations(sample):
    config = break_setting(sample, "    jurisdiction: scotland\n", "")
    only(problems(config), f"mkdocs.yml:{line_of(config, '  service:')}",
         f"extra.service: 'jurisdiction' is missing (write the nation whose law your service follows, one of: "
         f"{', '.join(NATIONS)}")


def test_wrong_jurisdiction_is_reported_at_its_line(sample):
    config = break_setting(sample, "jurisdiction: scotland", "jurisdiction: Scotland")
    only(problems(config), f"mkdocs.yml:{line_of(config, 'jurisdiction:')}",
         f"extra.service: 'jurisdiction' is 'Scotland', which is not one of the nations (write the nation whose law "
         f"your service follows, one of: {', '.join(NATIONS)}")


def test_nation_law_problems_are_reported_at_their_lines(sample):
    nations = sample.root / "data" / "nations.yml"
    sample.replace("data/nations.yml", "  sources: [copello2005]", "  sources: [nokey]")
    sample.replace("data/nations.yml", "  safeguarding: Wales safeguarding sentence.\n", "")
    sample.replace("data/nations.yml", "  name: Scotland", "  name: Alba")
    sample.write("data/nations.yml", nations.read_text() + "france:\n  name: France\n")
    assert set(sample.problems()) == {
        f"data/nations.yml:{line_of(nations, 'nokey')}: the source key 'nokey' is not in data/references.yml "
        "(check the spelling, or add 'nokey' to data/references.yml)",
        f"data/nations.yml:{line_of(nations, 'wales:')}: wales: 'safeguarding' is missing (add a line 'safeguarding: ...')",
        f"data/nations.yml:{line_of(nations, 'Alba')}: scotland: the name is 'Alba', not 'Scotland' (write 'name: Scotland')",
        f"data/nations.yml:{line_of(nations, 'france:')}: 'france' is not a nation the course covers "
        f"(use these words exactly: {', '.join(NATIONS)})"}


def test_a_missing_nation_is_reported_and_its_service_pages_are_not_published(sample):
    nations = sample.root / "data" / "nations.yml"
    nations.write_text(nations.read_text().split("scotland:")[0])
    found = sample.problems()
    assert "data/nations.yml:1: there is no block for Scotland" in "\n".join(found), found
    config = with_service(sample)  # a service in Scotland
    course, _ = load_course(sample.root)
    service, service_problems = load_service(config, yaml.safe_load(config.read_text())["extra"]["service"], sample.root)
    for markdown in service_pages.pages(service, service_problems, course).values():
        assert "service-incomplete" in markdown and "the text for Scotland has problems" in markdown


def real_service(**changes):
    with open(ROOT / "mkdocs.yml", "rb") as fd:
        settings = yaml_load(fd, get_yaml_loader())["extra"]["service"]
    service, found = load_service(ROOT / "mkdocs.yml", settings, ROOT)
    assert service is not None, found
    return service.model_copy(update=changes)


def test_each_nations_law_is_on_its_services_pages_and_no_other_nations():
    course, _ = load_course(ROOT)
    sentences = {nation: {getattr(law, field) for field in ("confidentiality", "safeguarding", "carers_assessment")}
                 for nation, law in course.nation_law.items()}
    assert set(sentences) == set(NATIONS)
    for nation in NATIONS:
        pages = service_pages.pages(real_service(jurisdiction=nation), Problems(), course)
        policy, families = pages[service_pages.POLICY], pages[service_pages.FAMILIES]
        agreement = pages[service_pages.AGREEMENT]
        for sentence in sentences[nation]:
            assert markdown_text(sentence) in policy and markdown_text(sentence) in families, (nation, sentence)
        law = course.nation_law[nation]
        for sentence in (law.confidentiality, law.safeguarding):  # the limits of confidentiality on the form
            assert markdown_text(sentence) in agreement, nation
        others = set().union(*(s for n, s in sentences.items() if n != nation)) - sentences[nation]
        for page in (policy, families, agreement):
            assert not [s for s in others if markdown_text(s) in page], nation


# Families and forms (issue 15) -----------------------------------------------------------------------

CLIENT_PAGES = [service_pages.FAMILIES, service_pages.AGREEMENT, service_pages.CARER_PLAN, service_pages.EXIT_CHECKLIST]


def test_nothing_handed_to_families_carries_citations_course_links_or_staff_lines():
    course, _ = load_course(ROOT)
    pages = service_pages.pages(real_service(), Problems(), course)
    for src in CLIENT_PAGES:
        assert "[@" not in pages[src], src
        assert "](../" not in pages[src].replace("](../index.md)", ""), src  # no link out of the service pages
        assert "This course is for staff" not in pages[src], src
    families = pages[service_pages.FAMILIES]
    assert families.startswith("---\nhide: [navigation, toc, path, footer]\n---\n"), families[:80]
    headings = re.findall(r"^## (.+)$", families, re.M)
    assert headings[0] == "In an emergency", headings


def test_the_policy_starts_with_the_emergency_and_links_to_the_families_page():
    course, _ = load_course(ROOT)
    policy = service_pages.pages(real_service(), Problems(), course)[service_pages.POLICY]
    assert re.findall(r"^## (.+)$", policy, re.M)[0] == "In an emergency"
    assert "](families.md)" in policy


def test_the_agreement_has_a_signature_row_for_each_family_member_named():
    course, _ = load_course(ROOT)
    agreement = service_pages.pages(real_service(), Problems(), course)[service_pages.AGREEMENT]
    named = agreement.split("## Family members or carers named in this agreement")[1].split("</div>")[0]
    family_rows = len(re.findall(r"^\|( &nbsp; \|)+$", named, re.M))
    signatures = agreement.split('<div class="signatures"')[1].split("</div>")[0]
    assert family_rows >= 1
    assert [row.split(" | ")[0] for row in re.findall(r"^\| (Family member or carer \d+ \| .*)$", signatures, re.M)] \
        == [f"Family member or carer {n}" for n in range(1, family_rows + 1)]
    assert "| Signed by | Name | Relationship or role | Signature | Date |" in signatures


def test_the_service_name_stays_text_in_the_printed_margins():
    course, _ = load_course(ROOT)
    name = 'A "quoted" \\ </style><b>Service</b>'
    for src, markdown in service_pages.pages(real_service(name=name), Problems(), course).items():
        style = markdown.split("<style>")[1].split("</style>")[0]
        assert "<" not in style and '"quoted"' not in style and "\\ " not in style, src
        assert markdown.count("</style>") == 1, src


def checked_tabs(page: Path) -> list[str]:
    """The label of the checked tab in each tabbed set (the law boxes) of a built page."""
    text = page.read_text()
    labels = dict(re.findall(r'<label for="?(__tabbed_\d+_\d+)"?>([^<]+)</label>', text))
    checked = re.findall(r'<input checked(?:="checked")? id="?(__tabbed_\d+_\d+)"?', text)
    sets = set(re.findall(r'name="?(__tabbed_\d+)"?', text))
    assert len(checked) == len(sets), page  # one checked tab per set
    return [labels[tab] for tab in checked]


def test_law_boxes_open_on_the_services_nation(overlay_site, real_site):
    for (site, _), config in ((overlay_site, OVERLAY), (real_site, ROOT / "mkdocs.yml")):
        nation = yaml.load(config.read_text(), get_yaml_loader())["extra"]["service"]["jurisdiction"]
        boxes = [tab for path in sorted((site / "modules").glob("*/index.html")) for tab in checked_tabs(path)]
        assert boxes and set(boxes) == {NATIONS[nation]}, (config, nation)
    assert NATIONS[nation] == "England" and "wales" in OVERLAY.read_text()  # the two examples differ


# Printed in Chromium (CSS paged media), read back with PDFium -------------------------------------

def printed(page, url: str) -> list[str]:
    """The text of each A4 sheet of a page printed as the browser's Print does (the page's own @page)."""
    page.goto(url)
    return pdf_pages(page.pdf(prefer_css_page_size=True))


FORMS = [service_pages.AGREEMENT, service_pages.CARER_PLAN, service_pages.EXIT_CHECKLIST, service_pages.SELF_AUDIT]


def page_url(site_url: str, src: str) -> str:
    return f"{site_url}/{src.removesuffix('index.md').removesuffix('.md')}/".replace("//service", "/service")


def test_every_printed_sheet_names_the_page_the_service_and_its_number(page, site_url):
    name = real_service().name
    for src in [service_pages.POLICY, service_pages.FAMILIES, *FORMS]:
        sheets = printed(page, page_url(site_url, src))
        for number, text in enumerate(sheets, 1):
            for words in (service_pages.TITLES[src], name, f"Page {number} of {len(sheets)}"):
                assert words in text, (src, number, words)
            if src in FORMS[:3]:  # forms about one person: a line for their name on every sheet
                assert "Person's name:" in text, (src, number)


def test_the_agreement_prints_its_signatures_on_the_sheet_with_the_level_agreed(page, site_url):
    sheets = printed(page, page_url(site_url, service_pages.AGREEMENT))
    levels = [n for n, text in enumerate(sheets) if "The level agreed, and signatures" in text]
    signatures = [n for n, text in enumerate(sheets) if "Signed by" in text and "Person in treatment" in text]
    assert len(levels) == 1 and signatures == levels, (levels, signatures)
    assert all(f"Family member or carer {n}" in sheets[levels[0]] for n in (1, 2, 3))


def test_the_families_page_opens_with_the_emergency_without_the_training_menus(page, site_url):
    sheets = printed(page, page_url(site_url, service_pages.FAMILIES))
    assert page.locator("article h2").first.inner_text().removesuffix("¶").strip() == "In an emergency"
    assert page.locator(".md-sidebar--primary").is_hidden() and page.locator(".md-sidebar--secondary").is_hidden()
    assert page.locator(".md-footer__inner").is_hidden()  # no "Next: ..." into the course
    text = " ".join(sheets)
    assert text.index("In an emergency") < text.index("How to contact us")


def test_nothing_printed_for_families_has_citations_course_links_or_staff_lines(page, site_url):
    cites = [normalised(reference.cite) for reference in load_course(ROOT)[0].references.values()]
    for src in CLIENT_PAGES:
        text = " ".join(printed(page, page_url(site_url, src)))
        assert "[@" not in text and "This course is for staff" not in text, src
        assert [cite for cite in cites if f"({cite}" in text or f"; {cite}" in text] == [], src  # as citations show
        links = page.eval_on_selector_all("article a[href]", "links => links.map(a => new URL(a.href).pathname)")
        assert [link for link in links if link.startswith(("/modules/", "/trainers/", "/references/"))] == [], src
