"""Search finds Vietnamese words typed with or without diacritics, in both languages."""
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from ntm_site.site_pages.search_index import add_folded_words, fold, folded_words


def test_fold_removes_tone_marks_and_d_bar():
    assert fold("Giải ngân, Đức Thọ, Hương Khê") == "Giai ngan, Duc Tho, Huong Khe"


def test_folded_words_lists_only_words_that_change_once():
    assert folded_words("Giải ngân giải ngân OCOP 2024") == ["Giai", "ngan"]
    # A spelling the text has already needs no copy.
    assert folded_words("Hà Tĩnh (Ha Tinh), Hương Khê") == ["Huong", "Khe"]


def test_folded_words_go_where_each_generator_matches_them(tmp_path):
    # Material for MkDocs indexes the fields its index names: folded words get
    # fields of their own. Zensical's index names none: they join the text.
    mkdocs = tmp_path / "search_index.json"
    # Each section's title is folded; the text once per page, on the page's record.
    mkdocs.write_text(json.dumps({"config": {"fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
                                  "docs": [{"location": "giai-ngan/", "title": "Vốn và giải ngân", "text": "<p>Đức Thọ, OCOP</p>"},
                                           {"location": "giai-ngan/#do-dau", "title": "Đỡ đầu", "text": "Thọ, Hà"}]}))
    add_folded_words(mkdocs)
    index = json.loads(mkdocs.read_text())
    assert index["config"]["fields"] == {"title": {"boost": 1000}, "text": {"boost": 1},
                                         "title_folded": {"boost": 1000}, "text_folded": {"boost": 1}}
    assert index["docs"] == [{"location": "giai-ngan/", "title": "Vốn và giải ngân", "text": "<p>Đức Thọ, OCOP</p>",
                              "title_folded": "Von va giai ngan", "text_folded": "Duc Tho Ha"},
                             {"location": "giai-ngan/#do-dau", "title": "Đỡ đầu", "text": "Thọ, Hà", "title_folded": "Do dau"}]
    zensical = tmp_path / "search.json"
    zensical.write_text(json.dumps({"config": {"lang": ["vi"]}, "items": [{"location": "", "title": "Giải ngân", "text": "Đức Thọ"}]}))
    add_folded_words(zensical, records="items")
    assert json.loads(zensical.read_text())["items"][0]["text"] == "Đức Thọ Giai ngan Duc Tho"


def test_index_holds_both_spellings_and_shows_only_the_first(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    [funding] = [d for d in index["docs"] if d["location"] == "giai-ngan/"]
    assert "giải ngân" in funding["title"].lower()
    # "Vốn và giải ngân" is also findable as "Von va giai ngan", in fields the
    # search matches with the weight of the title and text but does not show.
    assert index["config"]["fields"]["title_folded"] == index["config"]["fields"]["title"]
    assert index["config"]["fields"]["text_folded"] == index["config"]["fields"]["text"]
    assert set(folded_words(funding["title"])) == {"Von", "va", "giai", "ngan"} <= set(funding["title_folded"].split())
    assert not {"giai", "ngan"} & set(re.findall(r"\w+", funding["text"].lower()))
    english = json.loads((built_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert any("disbursement" in d["text"].lower() for d in english["docs"])


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", [("giai ngan", "giải ngân"), ("giải ngân", "giải ngân"), ("huong khe", "Hương Khê")])
def test_typing_in_the_search_box_finds_the_page(tabs, site_server, query, expected):
    with tabs.open(f"{site_server}/", {"width": 1280, "height": 900}) as page:
        page.locator("input.md-search__input").press_sequentially(query, delay=30)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10000)
        titles = " ".join(results.all_inner_texts()).lower()
        assert expected.lower() in titles


# ------------------------------------------------------------------ results that read well
#
# What a reader sees of a page is its article's text: inline markup (links,
# emphasis) joins the letters around it, every other element (table cells,
# paragraphs, line breaks) separates them. The search shows parts of each page;
# every word it shows must be a word the page shows: not a diacritic-free copy
# made for matching ("giai" for "giải"), nor two table cells run together
# ("Can Lộc12,5").

INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
          "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
WORD = re.compile(r"\w+")


class ReadersText(HTMLParser):
    """The text of an HTML fragment as a reader sees it (scripts and styles left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def readers_text(html: str) -> str:
    parser = ReadersText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def shown_words(html: str) -> set[str]:
    return {w.lower() for w in WORD.findall(readers_text(html))}


def page_words(site, location: str) -> set[str]:
    """The words of the article of the built page that a search record points to."""
    page = (site / location.split("#")[0] / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", page, re.S)
    return shown_words(article.group(0))


@pytest.mark.parametrize("language", ["", "en/"])
def test_every_word_a_search_result_shows_is_a_word_of_its_page(built_site, language):
    index = json.loads((built_site / language / "search/search_index.json").read_text(encoding="utf-8"))
    pages, strangers = {}, {}
    for record in index["docs"]:
        page = language + record["location"].split("#")[0]
        if page not in pages:  # each page read once, not once per record of it
            pages[page] = page_words(built_site, page)
        words = pages[page]
        extra = shown_words(f"<h1>{record['title']}</h1><p>{record['text']}</p>") - words
        if extra:
            strangers[record["location"]] = sorted(extra)[:8]
    assert strangers == {}


def test_chart_tools_stay_out_of_the_search_results(built_site):
    # The download links and the embed code are the same after every chart;
    # results show what the page says instead.
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "&lt;iframe" in home and "data-search-exclude" not in home
    assert [d["location"] for d in index["docs"] if "iframe" in d["text"]] == []


FUNDING_PAGE = {"": "/giai-ngan/", "en/": "/en/giai-ngan/"}


def search_results(page, query: str) -> list[tuple[str, str]]:
    """Type `query` into the search box; (link, HTML) of each shown result, page and sections, best first."""
    box = page.locator("input.md-search__input")
    box.press_sequentially(query[:-1], delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    # The results of the full query, not of the letters typed before it: the
    # theme draws the list anew for each query, so mark the current one.
    page.evaluate("document.querySelector('.md-search-result__item').dataset.earlier = '1'")
    box.press_sequentially(query[-1], delay=30)
    page.wait_for_function("(() => { const first = document.querySelector('.md-search-result__item');"
                           " return first && !first.dataset.earlier; })()", timeout=10000)
    # Each result's title and text; not the line listing the query's words the
    # section lacks ("Missing: ngan"), which are the reader's words, not the page's.
    return page.eval_on_selector_all(".md-search-result__link", """links => links.map(a => {
        const article = a.querySelector('article').cloneNode(true);
        article.querySelectorAll('.md-search-result__terms').forEach(terms => terms.remove());
        return [a.getAttribute('href'), article.innerHTML];
    })""")


@pytest.mark.browser
@pytest.mark.parametrize("language,query", [("", "giải ngân"), ("", "giai ngan"), ("en/", "disbursement")])
def test_the_funding_page_comes_first_and_results_show_only_the_pages_words(tabs, built_site, site_server, language, query):
    with tabs.open(f"{site_server}/{language}") as page:
        page.locator("label[for=__search]:visible, .md-search__button:visible").first.click()
        results = search_results(page, query)
        assert urlparse(results[0][0]).path == FUNDING_PAGE[language], [link for link, _ in results[:5]]
        for link, html in results:
            path = urlparse(link).path.lstrip("/")
            extra = shown_words(html) - page_words(built_site, path)
            assert extra == set(), (link, readers_text(html)[:300])
        if query == "giai ngan":  # the words typed are not shown as words of the page
            funding = [readers_text(html).lower() for link, html in results if urlparse(link).path == FUNDING_PAGE[""]]
            assert funding and not any(re.search(r"\bgiai\b|\bngan\b", text) for text in funding)


@pytest.mark.browser
def test_table_cells_stay_apart_in_the_search_results(tabs, built_site, site_server):
    # The first two column headers of the first table on Can Lộc's page, as the page shows them.
    html = (built_site / "dia-phuong/can-loc/index.html").read_text(encoding="utf-8")
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    first, second = [readers_text(h).strip() for h in re.findall(r"<th\b[^>]*>(.*?)</th>", table, re.S)[:2]]
    with tabs.open(f"{site_server}/", {"width": 1280, "height": 900}) as page:
        shown = [readers_text(html) for link, html in search_results(page, f"{first} {second}")]
        assert any(re.search(rf"{re.escape(first)}\s+{re.escape(second)}", text) for text in shown), (first, second, shown[:3])
        assert not any(f"{first}{second}" in text for text in shown)


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Đông Kinh", "dong kinh"])
def test_a_new_communes_name_finds_its_line_first(tabs, built_site, site_server, catalogue, query):
    """"Đông Kinh" listed two pages about "kinh tế" first (each lacking "đông") and the page
    of the 69 new communes fifth: the list was one section ten thousand letters long. Each
    new commune is a result of its own, opening at its line, first for its name."""
    units = catalogue.table("admin_changes", "new_units")
    [unit] = [u for u in units.itertuples() if u.name_vi == "Đông Kinh"]
    with tabs.open(f"{site_server}/") as page:
        page.locator("label[for=__search]:visible, .md-search__button:visible").first.click()
        results = search_results(page, query)
    # The theme shows a page, then its sections: the page of the new communes first, its line first under it.
    assert urlparse(results[0][0]).path == "/dia-phuong/nay-la/", [link for link, _ in results[:5]]
    link, html = next((link, html) for link, html in results if urlparse(link).fragment)
    assert urlparse(link).path == "/dia-phuong/nay-la/" and urlparse(link).fragment == unit.new_unit_id, \
        [link for link, _ in results[:5]]
    assert "Đông Kinh" in readers_text(html)
    # its line says what it was formed from, with no link in it (a result is shown on any page)
    entry = (built_site / "dia-phuong/nay-la/index.html").read_text(encoding="utf-8")
    assert f'<li id="{unit.new_unit_id}">' in entry and "<a " not in html.split("</h1>", 1)[-1]
