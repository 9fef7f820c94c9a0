"""The site builds and works under Zensical, Material for MkDocs' successor.

Material for MkDocs reaches end of life in May 2027. These tests keep the move
open: the same generated pages, mkdocs.yml and template override, built by
Zensical, give the same pages (tests in test_build.py run on both engines),
a search that ignores diacritics, and charts that come alive in the browser.
"""
import json

import pytest

from conftest import serve
from test_browser import open_page


def test_zensical_builds_the_same_pages_as_mkdocs(zensical_site, built_site):
    def pages(site):
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))

    assert pages(zensical_site) == pages(built_site)


def test_zensical_search_index_holds_both_spellings(zensical_site):
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    funding = " ".join(item["text"] for item in index["items"] if item["location"].startswith("giai-ngan/")).lower()
    assert "giải ngân" in funding and "giai" in funding and "ngan" in funding


@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    url, server = serve(zensical_site)
    yield url
    server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("query,expected_page", [("giai ngan", "/giai-ngan/"), ("huong khe", "/dia-phuong/huong-khe/")])
def test_zensical_search_finds_words_typed_without_diacritics(browser, zensical_server, query, expected_page):
    context, page, record = open_page(browser, f"{zensical_server}/")
    try:
        # On a phone the header's search icon opens the search; on wider screens a search button does.
        page.locator("label[for=__search]:visible, .md-search__button:visible").first.click()
        page.locator("input[role=combobox]").press_sequentially(query, delay=30)
        first = page.locator("a[role=option]").first
        first.wait_for(timeout=10000)
        assert first.get_attribute("href").endswith(expected_page)
        assert record["errors"] == [] and record["hosts"] == {"127.0.0.1"}
    finally:
        context.close()


@pytest.mark.browser
def test_zensical_charts_come_alive_and_the_language_selector_keeps_the_page(browser, zensical_server):
    context, page, record = open_page(browser, f"{zensical_server}/giai-ngan/")
    try:
        page.locator(".ntm-chart").first.hover()
        page.wait_for_selector(".ntm-chart--live .ntm-chart__live svg", timeout=15000)
        # The link's resolved address, as a reader's click would follow it.
        page.goto(page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').href"))
        assert page.url == f"{zensical_server}/en/giai-ngan/"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert record["errors"] == [] and record["hosts"] == {"127.0.0.1"}
    finally:
        context.close()
