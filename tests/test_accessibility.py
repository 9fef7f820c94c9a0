"""axe-core (bundled with axe-playwright-python, no download) on the main pages, in both languages,
as built by MkDocs and by Zensical."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from page_sweep import ACCESSIBILITY_LANGUAGES, ACCESSIBILITY_PAGES, axe_violations, settle

pytestmark = pytest.mark.browser


def serious(violations: list[dict]) -> list[tuple]:
    return [(v["id"], v["impact"], v["nodes"][0]["html"][:120]) for v in violations
            if v["impact"] in ("serious", "critical")]


# The MkDocs site: axe ran in the phone sweep, which opens every page once (tests/page_sweep.py).
@pytest.mark.parametrize("lang", ACCESSIBILITY_LANGUAGES)
@pytest.mark.parametrize("path", ACCESSIBILITY_PAGES)
def test_no_serious_or_critical_accessibility_violations(phone_sweep, lang, path):
    violations = phone_sweep[lang + path].axe_violations
    assert violations is not None, f"axe did not run on /{lang}{path}"
    assert serious(violations) == []


@pytest.fixture(scope="module")
def axe():
    return Axe()


def serious_violations(tabs, axe, url: str) -> list[tuple]:
    with tabs.open(url) as page:
        settle(page)
        return serious(axe_violations(axe, page))


# The theme's code differs under Zensical: a sample of page kinds, both languages.
@pytest.mark.parametrize("path", ["", "giai-ngan/", "dia-phuong/can-loc/", "du-lieu/funding/", "en/", "en/ocop/"])
def test_zensical_build_has_no_serious_or_critical_violations(tabs, zensical_server, axe, path):
    assert serious_violations(tabs, axe, f"{zensical_server}/{path}") == []


def test_axe_as_the_sweep_runs_it_still_reports_what_it_finds(tabs, site_server, axe):
    """The sweep asks axe for violations only (AXE_OPTIONS): faint text and an image
    without a text alternative, added to a real page, are still reported as serious."""
    with tabs.open(f"{site_server}/du-lieu/") as page:
        settle(page)
        page.evaluate("""() => {
          const article = document.querySelector('.md-content__inner');
          const faint = document.createElement('p');
          faint.textContent = 'faint text';
          faint.style.color = '#eeeeee';
          article.append(faint, document.createElement('img'));
        }""")
        found = {rule for rule, impact, html in serious(axe_violations(axe, page))}
    assert {"color-contrast", "image-alt"} <= found
