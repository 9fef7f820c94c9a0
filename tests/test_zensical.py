"""The site builds and works under Zensical, Material for MkDocs' successor.

Material for MkDocs reaches end of life in May 2027. These tests keep the move
open: the same generated pages, mkdocs.yml and template override, built by
Zensical, give the same pages (tests in test_build.py run on both engines),
a search that ignores diacritics, and charts that come alive in the browser.
"""
import json
import re

import pytest
from playwright.sync_api import expect

from ntm_site.site_pages.search_index import folded_words
from test_browser import open_page

# What each generator writes of its own (theme code, search index, sitemap
# archive); everything else in the site comes from the generated docs.
ENGINE_OWN = re.compile(r"(^|/)(search/|search\.json$|sitemap\.xml\.gz$|assets/(javascripts/(bundle\.|workers/|lunr/|LICENSE)"
                        r"|stylesheets/(main|palette|classic/|modern/)|images/favicon))")


def site_files(site):
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()
            and not ENGINE_OWN.search(p.relative_to(site).as_posix())}


def test_zensical_publishes_the_same_pages_and_files_as_mkdocs(zensical_site, built_site):
    zensical, mkdocs = site_files(zensical_site), site_files(built_site)
    assert sorted(zensical) == sorted(mkdocs)
    assert "404.html" in zensical and "du-lieu/funding/funding.xlsx" in zensical
    # Downloads and chart files are the generated ones, byte for byte.
    copied = [path for path in mkdocs if path.startswith(("du-lieu/", "en/du-lieu/", "assets/charts/")) and not path.endswith(".html")]
    assert len(copied) > 100
    assert [p for p in copied if zensical[p].read_bytes() != mkdocs[p].read_bytes()] == []


def test_zensical_search_index_holds_both_spellings(zensical_site):
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    [funding] = [item for item in index["items"] if item["location"] == "giai-ngan/"]
    assert "giải ngân" in funding["title"].lower()
    # "Vốn và giải ngân" is also findable as "Von va giai ngan": each folded word is a word of the text.
    assert folded_words(funding["title"]) and set(folded_words(funding["title"])) <= set(re.findall(r"\w+", funding["text"]))


@pytest.mark.browser
@pytest.mark.parametrize("query,expected_page", [("giai ngan", "/giai-ngan/"), ("huong khe", "/dia-phuong/huong-khe/")])
def test_zensical_search_finds_words_typed_without_diacritics(tabs, zensical_server, query, expected_page):
    with open_page(tabs, f"{zensical_server}/") as (page, record):
        # On a phone the header's search icon opens the search; on wider screens a search button does.
        page.locator("label[for=__search]:visible, .md-search__button:visible").first.click()
        page.locator("input[role=combobox]").press_sequentially(query, delay=30)
        # The first result of the whole query: the list may still show the results of the
        # letters typed before the last (for "huong k", another page first) when it appears,
        # and Zensical updates its options in place, so the first one is watched until then.
        first = page.locator("a[role=option]").first
        expect(first).to_have_attribute("href", re.compile(re.escape(expected_page) + "$"), timeout=10000)
        assert record["errors"] == [] and record["hosts"] == {"127.0.0.1"}


@pytest.mark.browser
def test_zensical_charts_come_alive_and_the_language_selector_keeps_the_page(tabs, zensical_server):
    with open_page(tabs, f"{zensical_server}/giai-ngan/") as (page, record):
        page.locator(".ntm-chart").first.hover()
        page.wait_for_selector(".ntm-chart--live .ntm-chart__live svg", timeout=15000)
        # The link's resolved address, as a reader's click would follow it.
        page.goto(page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').href"))
        assert page.url == f"{zensical_server}/en/giai-ngan/"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert record["errors"] == [] and record["hosts"] == {"127.0.0.1"}
