"""The search index is fetched when a reader reaches for search, not with every page
(issue 11, Lighthouse on the targets page; overrides/partials/search-on-demand.html).

The theme fetched the whole index (about 60 KB compressed) as each page
started, before the page was drawn. Now a reader who never searches never
downloads it, and one who does still gets results: by tapping the search
button on a phone, by clicking into the box on a wide screen, or by arriving
at a shared search address (?q=).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def open_page(browser, url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url, wait_until="networkidle")
    return context, page, fetched


def index_requests(fetched):
    return [url for url in fetched if url.split("?")[0].endswith(INDEX)]


def search_finds_first(page, query, address):
    """Type `query`; the first result comes to be the page at `address`. Results are
    shown as each letter is typed, so the first list shown (for "g", "gi"...) may
    lead elsewhere: the check waits for the list of the whole query."""
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    expect(page.locator(".md-search-result__link").first).to_have_attribute(
        "href", re.compile(re.escape(address) + "/?$"), timeout=15_000)


@pytest.mark.parametrize("path", ["", "muc-tieu/", "en/"])
def test_a_page_loads_without_the_search_index(browser, site_server, path):
    context, page, fetched = open_page(browser, f"{site_server}/{path}", PHONE)
    try:
        page.wait_for_timeout(1500)  # the theme's start-up, and any idle work after it
        assert index_requests(fetched) == []
        assert page.locator("input.md-search__input").count() == 1  # search is still there
    finally:
        context.close()


@pytest.mark.parametrize("path, viewport, search, query", [
    ("muc-tieu/", PHONE, "label[for=__search]:visible", "giải ngân"),  # tapping the search icon on a phone
    ("en/", DESKTOP, "input.md-search__input", "disbursement"),  # clicking into the box on a wide screen
])
def test_reaching_for_search_fetches_the_index_once_and_finds(browser, site_server, path, viewport, search, query):
    context, page, fetched = open_page(browser, f"{site_server}/{path}", viewport)
    try:
        page.locator(search).first.click()
        search_finds_first(page, query, "giai-ngan")
        assert len(index_requests(fetched)) == 1
    finally:
        context.close()


def test_a_shared_search_address_fetches_the_index_at_once(browser, site_server):
    context, page, fetched = open_page(browser, f"{site_server}/?q=giai+ngan", PHONE)
    try:
        assert len(index_requests(fetched)) == 1
        page.locator(".md-search-result__link").first.wait_for(timeout=15_000)
    finally:
        context.close()
