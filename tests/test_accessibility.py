"""axe-core (npm, installed by `make test`) on every built page, whole, in the light and dark
schemes, and on quiz feedback once shown. WCAG 2.2 A and AA rules.

Speed: one page load checks both schemes (Material switches scheme with an attribute on <body>);
the dark scheme re-runs only the rules that depend on colour; axe reports violations only; and the
pages are shared out among SHARDS tests, which pytest-xdist runs side by side.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # the only rules whose result depends on the scheme
SCHEMES = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme values
SHARDS = 8


def built_pages(site) -> list[str]:
    """Every page's path, largest first, so that dealing them out in turn gives each shard a fair share."""
    files = sorted(site.rglob("index.html"), key=lambda path: (-path.stat().st_size, path))
    return [path.relative_to(site).parent.as_posix() + "/" for path in files]


def axe_violations(page, scheme: str, rules: list[str] | None = None) -> list[str]:
    """Violations on the whole page in one scheme: of every WCAG rule, or only of `rules`."""
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", SCHEMES[scheme])
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate("runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})", run_only)
    return [f"{scheme}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def add_axe(page) -> None:
    """axe-core, and no colour transitions: axe would read colours half-way to the new scheme."""
    page.add_script_tag(path=str(AXE))
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")


def both_schemes(page) -> list[str]:
    add_axe(page)
    return axe_violations(page, "light") + axe_violations(page, "dark", COLOUR_RULES)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_axe_violations_on_any_page_in_either_scheme(page, site_url, real_site, shard):
    assert AXE.exists(), "run `make test`, which installs axe-core with npm"
    pages = built_pages(real_site[0])
    assert len(pages) >= SHARDS
    found = {}
    for path in pages[shard::SHARDS]:
        page.goto(f"{site_url}/{path.removeprefix('./')}")
        violations = both_schemes(page)
        if violations:
            found[path] = violations
    assert found == {}
    assert page.outside_requests == []


def test_the_dark_scheme_is_really_checked(page, site_url):
    """The scheme switch takes effect: the page's text colour changes, and a low-contrast element
    added in the dark scheme is caught."""
    page.goto(f"{site_url}/")
    add_axe(page)
    colour = "() => getComputedStyle(document.querySelector('article')).color"
    light = page.evaluate(colour)
    assert axe_violations(page, "dark", COLOUR_RULES) == []
    assert page.evaluate(colour) != light
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
                     '<p style="color:#222">Dark grey on the dark background</p>')""")
    assert any("color-contrast" in v for v in axe_violations(page, "dark", COLOUR_RULES))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_once_feedback_is_shown(page, site_url, scheme):
    page.goto(f"{site_url}/modules/confidentiality/")
    for number, quiz in enumerate(page.locator(".quiz").all()[:4]):  # right and wrong answers
        quiz.locator("input[data-correct]" if number % 2 else "input:not([data-correct])").first.check()
        quiz.get_by_role("button", name="Submit").click()
    assert page.locator(".quiz .wrong").count() and page.locator(".quiz .correct").count()
    add_axe(page)
    assert axe_violations(page, scheme) == []
