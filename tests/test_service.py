"""The service settings (extra.service): each wrong setting reported at its line, the generated
policy and forms carry the settings, and a service's overlay config builds the whole course."""

from __future__ import annotations

import datetime
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, mkdocs_build
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from hooks import service_pages
from hooks.course import load_course
from hooks.language import StigmaChecker
from hooks.service import COMMITMENTS, WORDING, Service, load_service

OVERLAY = ROOT / "examples" / "service-overlay" / "mkdocs.yml"

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

def text_of(page: Path) -> str:
    """The visible text of a built page's article, with whitespace collapsed."""
    article = re.search(r"<article.*?</article>", page.read_text(), re.S).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def level_choices(page: Path) -> list[str]:
    """The levels a reader can tick on the agreement form."""
    section = page.read_text().split('id="the-level-agreed"')[1].split("</div>")[0]
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
        assert settings["name"] in text_of(site / rel), rel
    policy = text_of(site / "service/index.html")
    for value in [settings["contact"]["phone"], settings["contact"]["email"], settings["family_lead"]["name"],
                  settings["family_lead"]["contact"], settings["policy_owner"], " ".join(settings["emergency"].split())]:
        assert value in policy
    for organisation in settings["support_organisations"]:
        assert organisation["name"] in policy and organisation["offers"] in policy
    for key in settings["commitments"]:
        assert COMMITMENTS[key] in policy
    assert 'href="../modules/confidentiality/"' in (site / "service/index.html").read_text()
    assert level_choices(site / SERVICE_PAGES[1]) == ["Level 1", "Level 2", "Level 3"]
    carer = text_of(site / "service/carer-assessment/index.html")
    for area in [*(item["area"] for item in WORDING["carer_areas"]), "Goals for the next six months"]:
        assert area in carer
    checklist = text_of(site / "service/discharge-checklist/index.html")
    for words in ["Planned exit", "Unplanned exit", "Loss of tolerance", "Naloxone", "Re-engagement",
                  settings["contact"]["phone"]]:
        assert words in checklist
    audit = text_of(site / "service/self-audit/index.html")
    for words in ["Team meetings", "Case-note audit", "Satisfaction questionnaire"]:
        assert words in audit


def test_forms_are_styled_for_print(real_site):
    site, _ = real_site
    page = (site / "service/information-sharing-agreement/index.html").read_text()
    assert "assets/print-forms.css" in page
    assert page.count('class="signature-box"') == 3 and 'class="write-in"' in page
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


@pytest.fixture(scope="module")
def overlay_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("overlay-site")
    return site, mkdocs_build(OVERLAY, site)


def test_overlay_builds_the_whole_course_strictly_with_its_own_service(overlay_site, real_site):
    site, result = overlay_site
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output and "Traceback" not in output, output
    home = (site / "index.html").read_text()
    assert "Harbourside Recovery Service family training" in home and 'data-md-color-primary="indigo"' in home
    assert len(list((site / "modules").glob("*/index.html"))) == len(list((real_site[0] / "modules").glob("*/index.html")))
    policy = text_of(site / "service/index.html")
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
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(tmp_path / "serve")],
                   check=True, capture_output=True, env=env)
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
