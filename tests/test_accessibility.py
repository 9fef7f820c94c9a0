"""axe-core (bundled with axe-playwright-python, no download) on the main pages, in both languages,
as built by MkDocs and by Zensical."""
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = ["", "muc-tieu/", "tieu-chi/", "ocop/", "giai-ngan/", "ket-qua/", "dia-phuong/", "dia-phuong/can-loc/",
         "du-lieu/", "du-lieu/funding/", "chat-luong-du-lieu/", "thay-doi/", "gioi-thieu/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def serious_violations(browser, axe, url: str) -> list[tuple]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(300)  # let the page scripts finish (charts, labels)
        violations = axe.run(page).response["violations"]
        return [(v["id"], v["impact"], v["nodes"][0]["html"][:120]) for v in violations
                if v["impact"] in ("serious", "critical")]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(browser, site_server, axe, lang, path):
    assert serious_violations(browser, axe, f"{site_server}/{lang}{path}") == []


# The theme's code differs under Zensical: a sample of page kinds, both languages.
@pytest.mark.parametrize("path", ["", "giai-ngan/", "dia-phuong/can-loc/", "du-lieu/funding/", "en/", "en/ocop/"])
def test_zensical_build_has_no_serious_or_critical_violations(browser, zensical_server, axe, path):
    assert serious_violations(browser, axe, f"{zensical_server}/{path}") == []
