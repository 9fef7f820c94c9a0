"""Open the built pages in real headless Chromium over a loopback HTTP server."""
import contextlib
import re
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHART_PAGES = ["", "tieu-chi/", "ocop/", "giai-ngan/"]
OTHER_PAGES = ["du-lieu/", "du-lieu/funding/", "gioi-thieu/"]


@contextlib.contextmanager
def open_page(tabs, url, *, javascript=True):
    """A phone-sized tab (conftest.Tabs) at `url`, with what it logged as errors and the hosts it asked."""
    record = {"errors": [], "hosts": set()}
    listeners = {"console": lambda m: record["errors"].append(m.text) if m.type == "error" else None,
                 "pageerror": lambda e: record["errors"].append(str(e)),
                 "request": lambda r: record["hosts"].add(urlparse(r.url).hostname)}
    with tabs.open(url, javascript=javascript, listeners=listeners, wait_until="networkidle") as page:
        yield page, record


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_render_interactively_without_errors(tabs, site_server, path):
    with open_page(tabs, f"{site_server}/{path}") as (page, record):
        figures = page.locator(".ntm-chart").count()
        assert figures >= 1
        # Nothing of the chart runtime is fetched until a reader reaches for a chart.
        assert not any(e.endswith("vega.bundle.js") for e in page.evaluate("performance.getEntries().map(e => e.name)"))
        for i in range(figures):
            page.locator(".ntm-chart").nth(i).hover()
        page.wait_for_function(f"document.querySelectorAll('.ntm-chart--live').length === {figures}", timeout=15000)
        # vega draws its marks as SVG groups with role graphics-object
        marks = page.locator(".ntm-chart__live svg .role-mark path, .ntm-chart__live svg .role-mark rect")
        assert marks.count() > 0
        assert page.locator(".ntm-chart__static img").first.is_hidden()
        assert record["errors"] == []
        assert record["hosts"] == {"127.0.0.1"}


def test_a_finger_scrolling_past_a_chart_fetches_nothing_a_tap_brings_it_alive(tabs, site_server):
    """A swipe that starts on a chart (a touch pointer entering it, a touch starting on it)
    is a reader scrolling past: it must not fetch the chart runtime over mobile data. A tap
    (a click) on the chart, like a mouse entering it, does."""
    def fetched(page):
        return any(e.endswith("vega.bundle.js") for e in page.evaluate("performance.getEntries().map(e => e.name)"))

    with open_page(tabs, f"{site_server}/giai-ngan/") as (page, record):
        page.evaluate("""() => { const figure = document.querySelector('.ntm-chart');
            figure.dispatchEvent(new PointerEvent('pointerenter', {pointerType: 'touch'}));
            figure.dispatchEvent(new Event('touchstart')); }""")
        page.wait_for_timeout(500)
        assert not fetched(page) and page.locator(".ntm-chart--live").count() == 0
        page.evaluate("() => document.querySelector('.ntm-chart .ntm-chart__static img').click()")
        page.wait_for_selector(".ntm-chart--live", timeout=15000)
        assert fetched(page) and record["errors"] == []


@pytest.mark.parametrize("path", ["giai-ngan/", "en/dia-phuong/huong-khe/"])
def test_the_embed_code_a_journalist_copies_holds_the_charts_full_address(tabs, site_server, path):
    """Built without the site's address, the embed code named its page by a path from the
    page ("../assets/charts/…"), which breaks once pasted elsewhere: read over the web, it
    holds the full address, which serves the chart's embed page."""
    import re
    import urllib.request

    with open_page(tabs, f"{site_server}/{path}") as (page, record):
        page.locator(".ntm-chart-embed summary").first.click()
        code = page.locator(".ntm-chart-embed code").first.inner_text()
        help_text = page.locator(".ntm-chart-embed__help").first.inner_text()
        [address] = re.findall(r'<iframe class="ntm-embed" src="([^"]+)"', code)
        assert address.startswith(f"{site_server}/") and "/assets/charts/" in address and ".." not in address
        with urllib.request.urlopen(address) as response:
            assert response.status == 200 and b"ntm-chart__live" in response.read()  # the embed page
        assert help_text == page.locator(".ntm-chart-embed__help").first.get_attribute("data-filled")
        assert record["errors"] == []


def test_the_copy_button_copies_the_embed_code_as_shown(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server)
    try:
        page = context.new_page()
        page.goto(f"{site_server}/en/giai-ngan/")
        embed = page.locator(".ntm-chart-embed").first
        embed.locator("summary").click()
        button = embed.locator("button.ntm-copy")
        assert button.is_visible() and button.bounding_box()["height"] >= 44
        button.click()
        page.wait_for_function("b => b.textContent === b.dataset.copied", arg=button.element_handle(), timeout=5000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == embed.locator("code").inner_text() and copied.startswith(f'<iframe class="ntm-embed" src="{site_server}/en/assets/charts/')
    finally:
        context.close()


def test_the_embed_code_keeps_vietnamese_words_whole_and_their_accents_in_place(tabs, site_server):
    """The embed code names the chart by its Vietnamese title. In a monospace font the
    system's fonts set accents beside their letters ("Vôń" for "Vốn"), and breaking
    anywhere split words ("k" / "ế hoạch"): the code is set in the text's font, and
    only an address too long for the line breaks within itself."""
    with tabs.open(f"{site_server}/giai-ngan/") as page:
        embed = page.locator(".ntm-chart-embed").first
        embed.locator("summary").click()
        code = embed.locator("code")
        style = code.evaluate("""c => { const s = getComputedStyle(c), p = getComputedStyle(c.closest('article').querySelector('p'));
                                        return [s.fontFamily, p.fontFamily, s.wordBreak] }""")
        assert style[0] == style[1] and style[2] != "break-all"
        # Each word of the title is on one line: a line's words end where its box does.
        words = code.evaluate("""c => {
            const text = c.firstChild, title = text.data.match(/title="([^"]*)"/), out = [];
            let at = text.data.indexOf(title[1]);
            for (const word of title[1].split(' ')) {
                const range = document.createRange();
                range.setStart(text, at); range.setEnd(text, at + word.length);
                out.push([word, range.getClientRects().length]);
                at += word.length + 1;
            }
            return out }""")
        assert words and all(lines == 1 for _, lines in words), words

def test_a_corrected_text_reads_across_a_small_phone_with_its_changed_words_marked(tabs, site_server):
    """At 320 px a corrected citation beside its label took forty lines of a word or two;
    a correction's cells now set their label above the text, which starts at the card's
    left edge and may take its whole width, and the words the correction changed are marked."""
    with tabs.open(f"{site_server}/thay-doi/", viewport={"width": 320, "height": 800}) as page:
        cells = page.evaluate("""() => [...document.querySelectorAll('.ntm-change__details td')]
            .filter(td => td.querySelector('del, ins')).map(td => {
                td.closest('details').open = true;
                const card = td.closest('tr').getBoundingClientRect(), range = document.createRange();
                range.selectNodeContents(td);
                const lines = [...range.getClientRects()].filter(r => r.width > 0);
                return [Math.min(...lines.map(r => r.left)) - card.left, td.querySelector('del, ins').getBoundingClientRect().height];
            })""")
    assert len(cells) >= 2  # the history holds corrected citations, before and after
    assert [c for c in cells if not (c[0] < 24 and c[1] > 0)] == []


def embed_codes(site, base_url: str) -> list[str]:
    """The embed code of every kind of chart, both languages, as a page shows it, with the
    address filled in as charts.js fills it once the page is read over the web. A series
    drawn with each district marked in turn (so-sanh--<series>--<district>) is one kind:
    its drawings differ in colour and in the district's name alone."""
    import html
    import posixpath
    import re

    codes = {}
    for page in sorted(site.rglob("index.html")):
        folder = "/" + page.parent.relative_to(site).as_posix() + "/"
        for path, code in re.findall(r'data-embed-src="([^"]+)">(&lt;iframe.*?)</code>', page.read_text(encoding="utf-8")):
            address = base_url + posixpath.normpath(posixpath.join(folder, path))
            name = posixpath.basename(path)
            kind = name.rsplit("--", 1)[0] + name[-8:] if name.startswith("so-sanh--") else name
            codes.setdefault(kind, html.unescape(code).replace(f'src="{path}"', f'src="{address}"'))
    return list(codes.values())


# Each embedded chart's page in its frame as [address, its height, the frame's, the
# bottom of its caption]: what the page needs, what the frame gives, and where the chart ends.
# (Not an advert's frame beside them: its page is another site's, closed to the article.)
FRAMES = """() => [...document.querySelectorAll('iframe:not(#advert)')].map(f => {
  const d = f.contentDocument;
  return [f.src, d.documentElement.scrollHeight, f.clientHeight,
          d.querySelector('figcaption').getBoundingClientRect().bottom + 8]; })"""


# Each frame shows the drawing its width asks for (the wide one from the width its <source>
# names), loaded: after a resize the browser switches drawings and loads the other one.
DRAWN_FOR_THEIR_WIDTH = """() => [...document.querySelectorAll('iframe:not(#advert)')].every(f => {
  const d = f.contentDocument, img = d.querySelector('img'), wide = d.querySelector('source');
  const wanted = wide && f.contentWindow.matchMedia(wide.media).matches ? '.wide.svg' : '.narrow.svg';
  return img.complete && img.naturalWidth > 0 && img.currentSrc.endsWith(wanted); })"""


def test_an_embedded_chart_fits_its_frame_on_a_phone_and_beside_an_article(tabs, site_server, built_site):
    """The embed code's frame once cut the chart's source off on a phone. A frame's height is
    fixed (an iframe does not grow with its page), so it is set for the taller layout: each
    chart's page fits its frame in a phone's column and beside an article, ending near the
    frame's bottom on a phone; on a laptop, where the words take fewer lines, the frame keeps
    the room they took on the phone and no more."""
    codes = embed_codes(built_site, site_server)
    assert len(codes) > 40
    # The frame as an article that strips scripts shows it: its own height only.
    frames = "".join(code.split("<script>")[0].replace(' loading="lazy"', "") for code in codes)
    assert "<script" not in frames
    # An article's column: the page's margins on a phone (the smallest, 320 px, cut captions
    # off by up to 10 px), at most 700 px beside a menu on a laptop.
    with tabs.open(f"{site_server}/", viewport={"width": 360, "height": 900}) as page:
        page.set_content(f'<body style="margin:0 16px;max-width:700px">{frames}</body>', wait_until="load")
        for width, most_room in ((320, 90), (360, 90), (1280, 220)):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(DRAWN_FOR_THEIR_WIDTH, timeout=10_000)
            measured = page.evaluate(FRAMES)
            assert len(measured) == len(codes)
            assert [m for m in measured if m[1] > m[2]] == [], width  # nothing cut off
            assert [m for m in measured if m[2] - m[3] > most_room] == [], width


# Each frame as [address, its page's height, the frame's height].
FRAME_AND_PAGE = """() => [...document.querySelectorAll('iframe:not(#advert)')].map(f =>
  [f.src, Math.ceil(f.contentDocument.body.getBoundingClientRect().height), f.clientHeight])"""


def test_the_embed_codes_script_fits_each_frame_to_its_chart_and_only_to_it(tabs, site_server, built_site, tmp_path):
    """On a phone the fixed frame left up to 90 px blank under a chart: the embed code's
    script sets each frame as tall as its chart's page says it is, at every width. The same
    message from the article itself, or from another site's frame beside the charts (an
    advert's), changes nothing."""
    from conftest import serve

    codes = embed_codes(built_site, site_server)
    assert all(code.count("<script>") == 1 for code in codes)
    frames = "".join(code.replace(' loading="lazy"', "") for code in codes)
    (tmp_path / "advert.html").write_text(
        "<script>setInterval(() => parent.postMessage({ntmEmbedHeight: 10}, '*'), 50)</script>", encoding="utf-8")
    other_site, server = serve(tmp_path)
    advert = f'<iframe id="advert" src="{other_site}/advert.html" style="height:300px"></iframe>'
    with tabs.open(f"{site_server}/", viewport={"width": 360, "height": 900}) as page:
        page.set_content(f'<body style="margin:0 16px;max-width:700px">{frames}{advert}</body>', wait_until="load")
        for width in (320, 390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(DRAWN_FOR_THEIR_WIDTH, timeout=10_000)
            page.wait_for_function(f"({FRAME_AND_PAGE})().every(([, wanted, frame]) => frame === wanted)", timeout=10_000)
            measured = page.evaluate(FRAMES)
            assert [m for m in measured if m[1] > m[2]] == [], width  # nothing cut off
        # The article itself cannot resize a frame by the same message, nor can the advert its own.
        before = page.evaluate(FRAME_AND_PAGE)
        page.evaluate("() => window.postMessage({ntmEmbedHeight: 10}, '*')")
        page.wait_for_timeout(300)
        assert page.evaluate(FRAME_AND_PAGE) == before
        # (the advert does send it: the article hears it)
        page.evaluate("""origin => new Promise(heard => addEventListener('message', e => e.origin === origin && heard()))""",
                      other_site)
        assert page.evaluate("document.getElementById('advert').clientHeight") == 300
    server.shutdown()


def test_a_link_in_an_embedded_chart_opens_a_tab_and_leaves_the_chart_in_the_article(browser, site_server, built_site):
    """Followed inside a news article's frame, the report's section replaced the chart there."""
    code = next(code for code in embed_codes(built_site, site_server) if "capital-plan-vs-disbursed.vi" in code)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        article = context.new_page()
        article.goto(f"{site_server}/")  # an article on some page; the frame comes from the site
        article.set_content("<p>An article.</p>" + code.replace(' loading="lazy"', ""), wait_until="load")
        frame = article.frame_locator("iframe")
        links = frame.locator("figcaption a")
        assert links.count() >= 3  # the report's section, the chart's page, the CSV
        for i in range(links.count()):
            with context.expect_page(timeout=10_000) as opened:  # a tab of its own (the CSV's closes as it downloads)
                links.nth(i).click()
            if not opened.value.is_closed():
                opened.value.close()
            assert article.frames[1].url.endswith("capital-plan-vs-disbursed.vi.html"), i  # the chart stays
        assert frame.locator("h1").inner_text().strip()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "en/muc-tieu/"])
def test_a_live_chart_on_a_phone_wraps_long_names_as_its_drawing_does(tabs, site_server, path):
    """The live chart that replaces a drawing is made from the wide spec; on a phone it
    takes the narrow drawing's wrapped names (charts.js), never names cut short."""
    with open_page(tabs, f"{site_server}/{path}") as (page, record):
        figures = page.locator(".ntm-chart").count()
        for i in range(figures):
            page.locator(".ntm-chart").nth(i).hover()
        page.wait_for_function(f"document.querySelectorAll('.ntm-chart--live').length === {figures}", timeout=15000)
        labels = page.evaluate("""() => [...document.querySelectorAll('.ntm-chart__live svg .role-axis-label text')]
            .map(t => [t.querySelectorAll('tspan').length, t.textContent])""")
        assert any(lines > 1 for lines, _ in labels), labels  # some name wrapped
        assert [text for _, text in labels if text.endswith("…")] == []
        assert record["errors"] == []


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_load_without_errors_or_other_hosts(tabs, site_server, path):
    with open_page(tabs, f"{site_server}/{path}") as (page, record):
        assert page.locator("h1").count() == 1
        assert record["errors"] == []
        assert record["hosts"] == {"127.0.0.1"}
        # Pages without charts never fetch the chart runtime.
        assert not any(r.endswith("vega.bundle.js") for r in page.evaluate("performance.getEntries().map(e => e.name)"))


def test_charts_are_readable_without_javascript(tabs, site_server):
    with open_page(tabs, f"{site_server}/giai-ngan/", javascript=False) as (page, record):
        image = page.locator(".ntm-chart__static img").first
        assert image.is_visible()
        assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
        # the data table behind the chart opens without JavaScript too
        page.locator(".ntm-chart-data summary").first.click()
        assert "61.751" in page.locator(".ntm-chart-data .ntm-table").first.inner_text()


def test_tooltip_shows_vietnamese_numbers(tabs, site_server, catalogue):
    with open_page(tabs, f"{site_server}/giai-ngan/") as (page, record):
        page.locator("#bieu-do-capital-plan-vs-disbursed").hover()
        page.wait_for_selector("#bieu-do-capital-plan-vs-disbursed.ntm-chart--live")
        bar = page.locator("#bieu-do-capital-plan-vs-disbursed .role-mark path").first
        bar.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5000)
        assert "." in tooltip.inner_text() and any(ch.isdigit() for ch in tooltip.inner_text())
        # Each bar's tip: the plan's has no rate ("–", not a blank read as 0), the disbursed
        # one's has the report's rate with a decimal comma.
        tips = {}
        for index in range(page.locator("#bieu-do-capital-plan-vs-disbursed .role-mark path").count()):
            page.mouse.move(0, 0)
            page.locator("#bieu-do-capital-plan-vs-disbursed .role-mark path").nth(index).hover()
            tooltip.wait_for(state="visible", timeout=5000)
            text = tooltip.inner_text()
            tips.setdefault("Kế hoạch" if "Kế hoạch" in text else "Đã giải ngân", []).append(text)
        assert len(tips["Kế hoạch"]) == len(tips["Đã giải ngân"]) == 2, tips
        assert all(re.search(r"Tỷ lệ giải ngân \(%\)\s*–", t) for t in tips["Kế hoạch"]), tips
        capital = catalogue.table("funding", "capital_disbursement")
        rates = {f"{rate:g}".replace(".", ",") for kind, rate in zip(capital["capital_type"], capital["rate_reported_pct"])
                 if kind != "total"}
        assert {re.search(r"Tỷ lệ giải ngân \(%\)\s*([\d,]+)", t).group(1) for t in tips["Đã giải ngân"]} == rates, tips


# One page of each kind: without JavaScript (a script that failed on a slow
# connection, or a reader who turned it off) no page may scroll sideways on a
# phone. The theme's hidden language list once widened every page by 30 px.
NO_SCRIPT_PAGES = ["", "dia-phuong/", "dia-phuong/can-loc/", "giai-ngan/", "du-lieu/funding/", "nguon/vpdp-2024-06/",
                   "en/", "en/dia-phuong/can-loc/"]


@pytest.mark.parametrize("path", NO_SCRIPT_PAGES)
def test_no_sideways_scrolling_on_a_phone_without_javascript(tabs, site_server, path):
    with open_page(tabs, f"{site_server}/{path}", javascript=False) as (page, _):
        width = page.evaluate("document.documentElement.clientWidth")
        wider = page.evaluate("""(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed')
            .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)""", width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wider


@pytest.mark.parametrize("path", ["ket-qua/", "en/ket-qua/", "muc-tieu/", "giai-ngan/", "en/tieu-chi/",
                                  "chat-luong-du-lieu/", "en/chat-luong-du-lieu/", "en/du-lieu/funding/"])
def test_tables_fit_the_column_on_a_laptop(tabs, site_server, path):
    """At 1366 px the article column is about 690 px: the theme's minimum of 5rem a column
    and its 1.25em of padding a side made the results page's seven columns wider than that,
    and its notes were cut at the column's edge behind a scroll bar screens below. (A few
    tables still scroll sideways there, the data pages' previews of many columns among
    them: their words need more room than the column has.)"""
    from page_sweep import DRAW_EVERYTHING

    with tabs.open(f"{site_server}/{path}", viewport={"width": 1366, "height": 900}) as page:
        page.add_style_tag(content=DRAW_EVERYTHING)  # blocks below the first screen are measured too
        widths = page.evaluate("""() => [...document.querySelectorAll('.ntm-table')].filter(box => box.checkVisibility())
            .map(box => [box.clientWidth, box.scrollWidth, box.previousElementSibling && box.previousElementSibling.textContent.slice(0, 40)])""")
        assert len(widths) >= 1
        assert [w for w in widths if w[1] > w[0] + 1] == []  # [shown, needed, what comes before]


LAPTOP = {"width": 1366, "height": 900}
MENU_LINKS = "[...document.querySelectorAll('.md-nav--primary a.md-nav__link')].filter(a => a.checkVisibility()).length"


def test_the_side_menu_takes_room_on_a_laptop_only_where_it_lists_other_pages(tabs, site_server):
    # Beside the tabs, the quality page's side menu listed that page alone (and a
    # data package's nothing) in a column of 240 px its tables needed; a district's
    # lists the other districts, and a phone's drawer is the menu everywhere.
    def article_width(page):
        return page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")

    with tabs.open(f"{site_server}/dia-phuong/can-loc/", viewport=LAPTOP) as page:
        assert page.evaluate(MENU_LINKS) >= 13
        with_menu = article_width(page)
    for path in ("chat-luong-du-lieu/", "en/du-lieu/funding/"):
        with tabs.open(f"{site_server}/{path}", viewport=LAPTOP) as page:
            assert not page.locator(".md-sidebar--primary").is_visible(), path
            assert article_width(page) >= with_menu + 200, path
    with tabs.open(f"{site_server}/chat-luong-du-lieu/") as page:  # a phone
        page.click("label.md-header__button[for='__drawer']")
        page.wait_for_timeout(400)  # the drawer slides in
        assert page.evaluate(MENU_LINKS) >= 10


def test_a_table_wider_than_the_column_shows_a_shadow_where_more_of_it_lies(tabs, site_server):
    """The English districts compared scrolls sideways on a laptop; a reader saw it end at
    "Comm… cultur…" with nothing to say there was more. Its box darkens at the edge beyond
    which it goes on, and only there: the right edge at the start, the left at the end."""
    import io

    from PIL import Image

    def edges(page) -> tuple[float, float]:
        """How dark the box's first and last 6 px are, along a stretch with no text in it."""
        box = page.locator(".ntm-compare-wrap")
        shot = Image.open(io.BytesIO(box.screenshot())).convert("L")
        width, height = shot.size
        band = lambda left: [shot.getpixel((x, y)) for x in range(left, left + 6) for y in range(height // 2, height // 2 + 200)]
        return 255 - max(band(0)), 255 - max(band(width - 6))  # max: a letter in the band does not count

    with tabs.open(f"{site_server}/en/dia-phuong/", viewport=LAPTOP) as page:
        box = page.locator(".ntm-compare-wrap")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth + 20")  # the table goes on past the column
        box.evaluate("e => e.style.setProperty('color', 'transparent')")  # the text aside: only the box's background
        box.scroll_into_view_if_needed()
        left, right = edges(page)
        assert right > 8 and left == 0, (left, right)
        box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        left, right = edges(page)
        assert left > 8 and right == 0, (left, right)


# The header's names (the site's, then the page's once scrolled) as [text, lines shown,
# lines it needs]: on a phone each may take two lines, and only then is it cut.
HEADER_NAMES = """() => [...document.querySelectorAll('.md-header__topic .md-ellipsis')].map(e => {
  const line = parseFloat(getComputedStyle(e).lineHeight);
  return [e.textContent.trim(), Math.round(e.clientHeight / line), Math.round(e.scrollHeight / line)]; })"""


@pytest.mark.parametrize("width", [390, 360])
def test_a_phone_header_shows_the_site_name_whole(tabs, site_server, width):
    """Cut to one line, the Vietnamese name read "Nông thôn mới Hà …": on a phone it wraps
    onto a second line instead. The English name, "Ha Tinh New Rural Development (NTM): open
    data" until it lost "open data" even on two lines, is short enough for them."""
    for path in ("", "en/"):
        with tabs.open(f"{site_server}/{path}", viewport={"width": width, "height": 800}) as page:
            site_name, page_title = page.evaluate(HEADER_NAMES)
        assert site_name[2] <= site_name[1] <= 2, (path, site_name)  # whole, on two lines at most
        assert page_title[2] <= page_title[1], (path, page_title)


# Each figure of a list table as a phone shows it: [its name's bottom, the room of a line,
# then each part as [role, top of its first line, how many lines it takes, any label drawn
# before it, its width]].
LIST_ROWS = """() => [...document.querySelectorAll('.ntm-table--list tbody tr')].filter(r => r.checkVisibility()).map(row => {
  const name = row.cells[0].getBoundingClientRect();
  const parts = [...row.cells].slice(1).filter(c => c.checkVisibility()).map(cell => {
    const range = document.createRange(); range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [cell.className.replace('ntm-cell-', '').split(' ')[0], Math.round(cell.getBoundingClientRect().top), tops.size,
            getComputedStyle(cell, '::before').content, cell.getBoundingClientRect().width];
  });
  return [Math.round(name.bottom), row.cells[0].clientWidth, parts]; })"""


@pytest.mark.parametrize("path, figures", [("ket-qua/", 150), ("en/ket-qua/", 150), ("dia-phuong/can-loc/", 4), ("ocop/", 8),
                                           ("tieu-chi/", 5), ("en/muc-tieu/", 5)])
def test_a_phone_lists_each_figure_as_its_name_then_its_value_on_one_line_with_its_context(tabs, site_server, path, figures):
    """The results page showed each of its 212 figures as a card of six labelled lines (82
    screens on a phone): each is now its name, then a line that opens with its value,
    followed by its kind, place, date and section, each kept whole, then its note. Only a
    district's rank and share, and a requirement's current and required levels, keep their
    label ("Thứ hạng: 3 trên 13", "Mức yêu cầu: ≥ 70%"): bare, they say nothing."""
    with tabs.open(f"{site_server}/{path}", viewport={"width": 390, "height": 844}) as page:
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        rows = page.evaluate(LIST_ROWS)
    assert len(rows) > figures
    for name_bottom, room, parts in rows:
        roles = [role for role, *_ in parts]
        assert roles[0] == "value", parts
        labels = [(role, label) for role, _top, _lines, label, _width in parts]
        assert [(role, label) for role, label in labels
                if (label not in ("none", "normal")) != (role in ("rank", "share", "current", "required"))] == []
        value_top = parts[0][1]
        assert value_top >= name_bottom - 1, parts  # under the name
        short = [p for p in parts if p[0] in ("value", "kind", "unit", "period", "rank")]
        assert [p for p in short if p[2] != 1] == [], parts  # each whole, on one line
        if len(short) > 1 and short[0][4] + short[1][4] < room:
            assert short[1][1] == value_top, parts  # the value and what follows share its line


# Words (names, numbers, dates) split over two lines in the given cells, as [cell, word].
SPLIT_WORDS = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.checkVisibility()).flatMap(cell => {
  const split = [], walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) split.push([cell.textContent.trim().slice(0, 30), m[0]]);
    }
  }
  return split; })"""


@pytest.mark.parametrize("path, cells, width", [
    ("dia-phuong/", ".ntm-compare :is(th, td)", 768),
    ("en/", ".ntm-chart-data td:not(.ntm-address)", 1366),
])
def test_wide_tables_keep_names_numbers_and_dates_whole(tabs, site_server, path, cells, width):
    # In a column narrower than the comparison's fifteen figures (a tablet held upright,
    # as a laptop's was beside the side menu), a district's name read "Hươn / g Sơn": the
    # theme lets links break inside a word. The home page's data table read "15 / 8" and
    # "Ja / nu / ary": the rule meant for its web addresses applied to every cell.
    with tabs.open(f"{site_server}/{path}", viewport={"width": width, "height": 768}) as page:
        page.evaluate("document.querySelectorAll('details.ntm-chart-data').forEach(d => d.open = true)")
        assert page.evaluate(f"document.querySelectorAll('{cells}').length") > 20
        assert page.evaluate(SPLIT_WORDS, cells) == []


@pytest.mark.parametrize("path", ["giai-ngan/", "en/giai-ngan/"])
def test_an_open_chart_tool_stays_within_a_phones_width(tabs, site_server, path):
    # The embed code, once opened, made a phone's page 461 px wide: a flex item is
    # as wide as its content's longest line unless told otherwise.
    with tabs.open(f"{site_server}/{path}") as page:
        page.evaluate("document.querySelectorAll('.ntm-chart-tools details').forEach(d => d.open = true)")
        assert page.evaluate("document.querySelectorAll('.ntm-chart-tools details[open] pre').length") >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("width", [390, 1366])
def test_a_chart_tool_opens_below_the_row_and_its_name_stays_under_the_finger(tabs, site_server, width):
    """Opening "Embed" moved the whole tool, its name included, below the others: the name the
    reader had just tapped jumped to the next line. The names stay in their row, in order;
    what each opens comes below the row."""
    with tabs.open(f"{site_server}/giai-ngan/", viewport={"width": width, "height": 844}) as page:
        tools = page.locator(".ntm-chart-tools").first
        names = tools.locator("summary")
        assert names.count() == 3
        def boxes():  # on the page, not in the window: a click may scroll
            return tools.evaluate("""t => [...t.querySelectorAll('summary')].map(s => {
                const r = s.getBoundingClientRect();
                return {x: r.x, y: r.y + scrollY, width: r.width, height: r.height}; })""")
        before = boxes()
        assert len({round(b["y"]) for b in before}) == 1, before  # one row
        for tapped in (1, 0, 2):
            names.nth(tapped).click()
            assert boxes() == before, f"tool {tapped} opened at {width} px: the names moved"
        opened = tools.locator("details[open] > :not(summary)")
        assert opened.count() >= 3
        row_bottom = max(b["y"] + b["height"] for b in before)
        tops = tools.evaluate("t => [...t.querySelectorAll('details[open] > :not(summary)')].map(e => e.getBoundingClientRect().y + scrollY)")
        assert min(tops) >= row_bottom, (tops, row_bottom)
        assert tops == sorted(tops)  # in the names' order
        assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 1024, 1366, 1920])
def test_the_home_headlines_fill_their_rows(tabs, site_server, width):
    """Three cards a row beside the contents list left the fourth alone on a row of its own.
    Every row of cards is full: one a row on a phone, two by two wider."""
    with tabs.open(f"{site_server}/", viewport={"width": width, "height": 900}) as page:
        tops = page.evaluate("[...document.querySelectorAll('.ntm-headline')].map(c => Math.round(c.getBoundingClientRect().top + scrollY))")
    assert len(tops) == 4
    per_row = [tops.count(top) for top in dict.fromkeys(tops)]
    assert len(set(per_row)) == 1, f"{width} px: cards per row {per_row}"
    assert per_row[0] == (1 if width < 600 else 2), per_row


def test_a_phone_card_without_a_note_does_not_say_so(tabs, site_server, project):
    # "Ghi chú: –" on card after card of the funding and results pages; a card with
    # a note still shows it.
    label = project.messages.get("columns.note", "vi")
    with tabs.open(f"{site_server}/giai-ngan/") as page:
        notes = page.evaluate("""(label) => [...document.querySelectorAll('.ntm-table--cards td')]
            .filter(td => td.dataset.label === label && td.checkVisibility()).map(td => td.textContent.trim())""", label)
    assert notes and "–" not in notes and all(notes), notes
