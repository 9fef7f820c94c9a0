"""Search finds Vietnamese words typed with or without diacritics, in both languages."""
import json
import re

import pytest

from ntm_site.search_index import fold, folded_words


def test_fold_removes_tone_marks_and_d_bar():
    assert fold("Giải ngân, Đức Thọ, Hương Khê") == "Giai ngan, Duc Tho, Huong Khe"


def test_folded_words_lists_only_words_that_change_once():
    assert folded_words("Giải ngân giải ngân OCOP 2024") == ["Giai", "ngan"]


def test_index_holds_both_spellings(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    [funding] = [d for d in index["docs"] if d["location"] == "giai-ngan/"]
    assert "giải ngân" in funding["title"].lower()
    # "Vốn và giải ngân" is also findable as "Von va giai ngan": each folded word is a word of the text.
    assert folded_words(funding["title"]) and set(folded_words(funding["title"])) <= set(re.findall(r"\w+", funding["text"]))
    english = json.loads((built_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert any("disbursement" in d["text"].lower() for d in english["docs"])


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", [("giai ngan", "giải ngân"), ("giải ngân", "giải ngân"), ("huong khe", "Hương Khê")])
def test_typing_in_the_search_box_finds_the_page(browser, site_server, query, expected):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site_server}/", wait_until="networkidle")
        page.locator("input.md-search__input").press_sequentially(query, delay=30)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10000)
        titles = " ".join(results.all_inner_texts()).lower()
        assert expected.lower() in titles
    finally:
        context.close()
