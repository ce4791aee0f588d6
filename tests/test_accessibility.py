"""axe-core (npm, installed by `make test`) on every built page, in the light and dark schemes,
and on quiz feedback once shown. WCAG 2.2 A and AA rules."""

from __future__ import annotations

import pytest
from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def built_pages(site) -> list[str]:
    return sorted(path.relative_to(site).parent.as_posix() + "/" for path in site.rglob("index.html"))


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_page(page, site_url, real_site, scheme):
    assert AXE.exists(), "run `make test`, which installs axe-core with npm"
    page.emulate_media(color_scheme=scheme)
    found = {}
    for path in built_pages(real_site[0]):
        page.goto(f"{site_url}/{path.removeprefix('./')}")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
    assert page.outside_requests == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_once_feedback_is_shown(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}/modules/confidentiality/")
    for number, quiz in enumerate(page.locator(".quiz").all()[:4]):  # right and wrong answers
        quiz.locator("input[data-correct]" if number % 2 else "input:not([data-correct])").first.check()
        quiz.get_by_role("button", name="Submit").click()
    assert page.locator(".quiz .wrong").count() and page.locator(".quiz .correct").count()
    assert axe_violations(page) == []
