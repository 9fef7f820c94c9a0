"""A phone draws the first screen first (issue 11, Lighthouse on the targets page).

While a page loads, the blocks below the first screen are skipped
(content-visibility: auto in ntm.css), so each time the theme's script asks for
a size the browser lays out one screen, not the whole page. Skipping must cost
readers nothing: once the page has loaded, a11y.js draws every skipped block
(Chromium gives screen readers nothing of a skipped block), drawing them moves
nothing on the page (nor what a reader who scrolled at once is reading), a link
to a section far down still lands on it, print gets everything, and the phone
sweep's overflow checks still measure every block.
"""
from __future__ import annotations

import time

import pytest

from page_sweep import DRAW_EVERYTHING, SKIPPED, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

LAST_CARD = """() => { const rows = document.querySelectorAll('.md-content__inner > .ntm-table tbody > tr');
  return rows[rows.length - 1].cells[0].textContent.trim(); }"""

# After scrolling through the page a screen at a time (every part of it on screen once): where each block,
# table card and list item of the article is and how big, as [top, height, width].
# A frame that never comes (a tab the browser stopped drawing) fails the test, saying so,
# instead of leaving it waiting for ever (it once held a run for twenty minutes).
BOXES = """async () => {
  const frame = () => new Promise((drawn, stalled) => {
    const late = setTimeout(() => stalled(new Error('no frame drawn in 10 s; the tab is '
      + document.visibilityState)), 10000);
    requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(late); drawn(); }));
  });
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) { scrollTo(0, y); await frame(); }
  scrollTo(0, 0); await frame();
  return [...document.querySelectorAll('.md-content__inner > *, .md-content__inner tbody > tr, .md-content__inner li')]
    .filter(e => !e.closest('details:not([open])'))
    .map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.top + scrollY), Math.round(r.height), Math.round(r.width)]; });
}"""


def open_page(browser, url, viewport=PHONE, without_a11y_script=False):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    if without_a11y_script:  # the theme runs, but nothing draws the skipped blocks afterwards
        page.route("**/a11y.js", lambda route: route.abort())
    page.goto(url, wait_until="load")
    return context, page


def accessible_names(context, page) -> str:
    nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return "\n".join(node.get("name", {}).get("value") or "" for node in nodes if not node.get("ignored"))


def test_a_phone_skips_the_blocks_below_the_first_screen_while_loading(browser, site_server):
    context, page = open_page(browser, f"{site_server}/muc-tieu/", without_a11y_script=True)
    try:
        page.wait_for_timeout(300)
        skipped = page.evaluate(SKIPPED)
        assert len(skipped) > 30, skipped  # the long tables' cards and what is in them
        # The first screen is drawn: the heading, the introduction and the first chart.
        assert page.evaluate("""() => ['h1', '.md-content__inner > p', '.ntm-chart__static img']
            .every(s => document.querySelector(s).checkVisibility({contentVisibilityAuto: true}))""")
        # Skipped content is missing from what a screen reader gets, hence a11y.js.
        assert page.evaluate(LAST_CARD) not in accessible_names(context, page)
        # The phone sweep's style draws everything, so its overflow checks measure every block.
        page.add_style_tag(content=DRAW_EVERYTHING)
        assert page.evaluate(SKIPPED) == []
    finally:
        context.close()


def test_every_skipped_block_is_drawn_for_screen_readers_once_the_page_has_loaded(browser, site_server):
    context, page = open_page(browser, f"{site_server}/muc-tieu/")
    try:
        settle(page)  # every skipped block drawn
        assert page.evaluate(LAST_CARD) in accessible_names(context, page)
        # And a page opened without JavaScript skips nothing.
    finally:
        context.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_server}/muc-tieu/", wait_until="load")
        assert page.evaluate(SKIPPED) == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}])
@pytest.mark.parametrize("path", ["muc-tieu/", "dia-phuong/can-loc/", "ket-qua/", ""])
def test_drawing_the_skipped_blocks_moves_nothing(tabs, site_server, path, viewport):
    with tabs.open(f"{site_server}/{path}", viewport) as page:
        page.evaluate("""() => { window.shifts = []; new PerformanceObserver(list => list.getEntries()
            .forEach(e => window.shifts.push([e.value, Math.round(e.startTime), e.sources.map(x => x.node
              ? x.node.nodeName + '.' + x.node.className + ' ' + (x.node.textContent || '').trim().slice(0, 30) : '?')])))
            .observe({type: 'layout-shift', buffered: true}); }""")
        settle(page)  # every skipped block drawn
        drawn = page.evaluate(BOXES)
        # Only what moved from the load event on, when a11y.js starts drawing: before it, a
        # slow machine may draw a table's first rows before the parser has read the rest,
        # whose longer cells then widen its columns (seen at 0.025 of the screen, 0.2 s in).
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
        shifts = [shift for shift in page.evaluate("window.shifts") if shift[1] >= loaded]
        assert sum(value for value, _, _ in shifts) < 0.01, f"the page jumped while its blocks were drawn: {shifts}"
    with tabs.open(f"{site_server}/{path}", viewport) as page:
        page.add_style_tag(content=DRAW_EVERYTHING)  # never skipped
        assert page.evaluate(BOXES) == drawn


# Where each table of the article is, and how big, as [top, left, width, height], and
# its first row's cells' widths (tables folded in a closed <details> take no room).
TABLES = """() => [...document.querySelectorAll('.md-content__inner .ntm-table table')].filter(t => !t.closest('details'))
  .map(t => { const r = t.getBoundingClientRect();
              return [r.top + scrollY, r.left, r.width, r.height, [...t.rows[0].cells].map(c => c.offsetWidth)]; })"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}])
def test_the_themes_table_boxes_move_no_table(tabs, site_server, viewport):
    """The theme's script wraps every table in boxes of its own once the page is drawn;
    on a slow device the reader saw each table grow 40 px taller (and a narrow one
    shrink to its words), pushing the page down. Every table lies where it does
    without the script."""
    for path in ("ket-qua/", "dia-phuong/can-loc/"):
        with tabs.open(f"{site_server}/{path}", viewport, javascript=False) as page:
            unwrapped = page.evaluate(TABLES)
        with tabs.open(f"{site_server}/{path}", viewport) as page:
            page.add_style_tag(content=DRAW_EVERYTHING)
            assert page.locator(".md-typeset__scrollwrap").count() >= len(unwrapped) > 5  # the theme wrapped them
            assert page.evaluate(TABLES) == unwrapped, path


def test_a_link_to_a_section_far_down_lands_on_it(browser, site_server):
    context, page = open_page(browser, f"{site_server}/muc-tieu/#muc-tieu-6-thang-cuoi-nam-2024")
    try:
        settle(page)  # every skipped block drawn
        page.wait_for_timeout(300)
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        top = page.evaluate("document.getElementById('muc-tieu-6-thang-cuoi-nam-2024').getBoundingClientRect().top")
        assert page.evaluate("scrollY") > 2000
        assert header - 5 <= top <= header + 80, (header, top)
    finally:
        context.close()


# a11y.js draws in idle moments: held here until the test lets it go, so that the
# reader's scroll surely comes first, however fast or slow the machine is.
HOLD_IDLE_CALLBACKS = """
window.heldIdle = [];
window.requestIdleCallback = (callback) => { window.heldIdle.push(callback); return window.heldIdle.length; };
window.releaseIdle = () => {
  window.requestIdleCallback = (callback) => setTimeout(() => callback({didTimeout: false, timeRemaining: () => 5}), 0);
  window.heldIdle.splice(0).forEach(callback => window.requestIdleCallback(callback));
};
"""


def test_a_reader_who_scrolled_down_at_once_is_not_moved_by_the_drawing(browser, site_server):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.add_init_script(HOLD_IDLE_CALLBACKS)
        page.goto(f"{site_server}/muc-tieu/", wait_until="load")
        page.evaluate("scrollTo(0, 3000)")
        # What comes into view is drawn by the browser at the next frame; then the reader reads.
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert page.evaluate(SKIPPED), "a11y.js has not drawn everything yet"
        before = page.evaluate("""() => { window.reading = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
            return window.reading.getBoundingClientRect().top; }""")
        page.evaluate("releaseIdle()")
        settle(page)  # every skipped block drawn
        page.wait_for_timeout(300)
        assert abs(page.evaluate("window.reading.getBoundingClientRect().top") - before) <= 2
    finally:
        context.close()


def test_print_gets_every_block(browser, site_server):
    context, page = open_page(browser, f"{site_server}/muc-tieu/", without_a11y_script=True)
    try:
        assert page.evaluate(SKIPPED), "blocks are skipped on screen"
        page.emulate_media(media="print")
        assert page.evaluate("""() => [...document.querySelectorAll('.md-content__inner *')]
            .filter(e => getComputedStyle(e).contentVisibility !== 'visible').length""") == 0
    finally:
        context.close()


def test_the_header_is_drawn_once_when_the_theme_script_comes_late(browser, site_server):
    # The theme marks the page "js" (which shows its search box) only when its
    # script runs; a page drawn before that, as a slow network makes it, had
    # its header redrawn and the language button moved (a layout shift).
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()

    def late(route):
        time.sleep(0.8)  # holds the script, not the page: the page is drawn meanwhile
        route.continue_()
    try:
        page.route("**/assets/javascripts/bundle.*.js", late)
        page.add_init_script("""window.shifts = []; new PerformanceObserver(list => list.getEntries()
            .forEach(e => window.shifts.push({at: e.startTime, score: e.value,
                moved: e.sources.map(s => s.node && (s.node.nodeName + '.' + s.node.className))})))
            .observe({type: 'layout-shift', buffered: true});""")
        page.goto(f"{site_server}/ket-qua/", wait_until="load")
        page.wait_for_timeout(500)
        assert page.evaluate("performance.getEntriesByName('first-contentful-paint').length") == 1
        # Only what moved once the script had arrived: before that, a slow machine
        # may draw the first rows of a table before the parser has read the rest,
        # whose longer cells then widen its columns. That is the page arriving,
        # not the theme redrawing it (seen in CI, 0.002 of the screen, 0.4 s
        # before the script arrived).
        arrived = page.evaluate("""Math.min(...performance.getEntriesByType('resource')
            .filter(r => r.name.includes('/bundle.')).map(r => r.responseEnd))""")
        shifts = page.evaluate("window.shifts")
        assert [shift for shift in shifts if shift["at"] >= arrived] == [], (arrived, shifts)
    finally:
        context.close()
