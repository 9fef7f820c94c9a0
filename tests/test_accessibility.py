"""axe-core (bundled with axe-playwright-python, no download) on the main pages, in both languages."""
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = ["", "muc-tieu/", "tieu-chi/", "ocop/", "giai-ngan/", "ket-qua/", "dia-phuong/", "dia-phuong/can-loc/",
         "du-lieu/", "du-lieu/funding/", "chat-luong-du-lieu/", "thay-doi/", "gioi-thieu/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(browser, site_server, axe, lang, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{site_server}/{lang}{path}", wait_until="networkidle")
        page.wait_for_timeout(300)  # let the page scripts finish (charts, labels)
        violations = axe.run(page).response["violations"]
        serious = [(v["id"], v["impact"], v["nodes"][0]["html"][:120]) for v in violations
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        context.close()
