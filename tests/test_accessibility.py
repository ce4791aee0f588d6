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


NO_TRANSITIONS = """const sheet = new CSSStyleSheet();
sheet.replaceSync("*, *::before, *::after { transition: none !important; }");
document.adoptedStyleSheets = [sheet];"""


@pytest.fixture
def axe_page(page):
    """`page`, with axe-core in every document it opens, and no colour transitions (axe would read
    colours half-way to the new scheme). Scripts added before loading: nothing to send per page."""
    assert AXE.exists(), "run `make test`, which installs axe-core with npm"
    page.context.add_init_script(path=str(AXE))
    page.context.add_init_script(script=NO_TRANSITIONS)
    return page


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_axe_violations_on_any_page_in_either_scheme(axe_page, site_url, real_site, shard):
    pages = built_pages(real_site[0])
    assert len(pages) >= SHARDS
    found = {}
    for path in pages[shard::SHARDS]:
        axe_page.goto(f"{site_url}/{path.removeprefix('./')}")
        violations = axe_violations(axe_page, "light") + axe_violations(axe_page, "dark", COLOUR_RULES)
        if violations:
            found[path] = violations
    assert found == {}
    assert axe_page.outside_requests == []


def test_the_dark_scheme_is_really_checked(axe_page, site_url):
    """The scheme switch takes effect: the page's text colour changes, and a low-contrast element
    added in the dark scheme is caught."""
    axe_page.goto(f"{site_url}/")
    colour = "() => getComputedStyle(document.querySelector('article')).color"
    light = axe_page.evaluate(colour)
    assert axe_violations(axe_page, "dark", COLOUR_RULES) == []
    assert axe_page.evaluate(colour) != light
    axe_page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
                         '<p style="color:#222">Dark grey on the dark background</p>')""")
    assert any("color-contrast" in v for v in axe_violations(axe_page, "dark", COLOUR_RULES))


def test_no_axe_violations_once_feedback_is_shown_in_either_scheme(axe_page, site_url):
    axe_page.goto(f"{site_url}/modules/confidentiality/")
    for number, quiz in enumerate(axe_page.locator(".quiz").all()[:4]):  # right and wrong answers
        quiz.locator("input[data-correct]" if number % 2 else "input:not([data-correct])").first.check()
        quiz.get_by_role("button", name="Submit").click()
    assert axe_page.locator(".quiz .wrong").count() and axe_page.locator(".quiz .correct").count()
    assert axe_violations(axe_page, "light") + axe_violations(axe_page, "dark", COLOUR_RULES) == []
