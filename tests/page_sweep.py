"""One browser pass over every page of the built site, for all the per-page checks.

Opening a page is what a browser check pays for. Instead of one pass per
check (a pass per phone size, another for accessibility), the sweep opens
each page once and measures everything there: axe-core's findings on the
accessibility pages, then, at each phone size in turn (the viewport resized
in the same page), sideways overflow and the charts' text as displayed.

The sweep only measures; the tests (test_readers.py, test_accessibility.py)
judge the measurements, each test on its own, so each can still fail. The
page scripts take no width decision between the two phone sizes (the chart
script's 560 px and the comparison table's 44.9375em are wider than both),
so a resized page is laid out as one opened at that size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PHONES = [(390, 844), (360, 740)]

# axe-core's pages, in both languages (the first phone size, as a reader opens them).
ACCESSIBILITY_PAGES = ["", "muc-tieu/", "tieu-chi/", "ocop/", "giai-ngan/", "ket-qua/", "dia-phuong/", "dia-phuong/can-loc/",
                       "du-lieu/", "du-lieu/funding/", "chat-luong-du-lieu/", "thay-doi/", "gioi-thieu/"]
ACCESSIBILITY_LANGUAGES = ["", "en/"]

# ntm.css lets a phone skip the blocks below the first screen while a page
# loads (content-visibility: auto; a11y.js draws them once it has loaded). A
# skipped block adds no width to the page and clips whatever overflows it, so
# measuring one would find nothing wrong: the sweep draws everything first, and
# OVERFLOW reports any element still skipped (tests/test_first_screen.py shows
# that blocks are skipped without this style).
DRAW_EVERYTHING = "*, *::before, *::after { content-visibility: visible !important; }"

# Elements of the article that are displayed but not drawn because of content-visibility.
SKIPPED = """() => [...document.querySelectorAll('.md-content__inner *')]
  .filter(e => e.checkVisibility() && !e.checkVisibility({contentVisibilityAuto: true}))
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def settle(page) -> None:
    """Wait until a loaded page is as a reader has it once its scripts are done: every
    block the phone skipped while loading drawn by a11y.js (charts come alive only when
    a reader reaches for one). Waiting for this state itself, rather than for the network
    to be quiet, spares half a second a page."""
    page.wait_for_function(f"({SKIPPED})().length === 0", timeout=15_000)


def open_settled(page, url: str) -> None:
    page.goto(url, wait_until="load")
    settle(page)


OVERFLOW = """() => {
  const out = [];
  const skipped = [...document.querySelectorAll('body *')].filter(e => getComputedStyle(e).contentVisibility !== 'visible');
  if (skipped.length) out.push('not drawn (content-visibility): ' + skipped.length + ' elements, measured nothing there');
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) out.push('page ' + root.scrollWidth);
  // Nothing of the article reaches past its column (the comparison's sort menu once did by
  // its margin), except what the theme lets bleed to the screen's edge on a phone (table
  // and code wrappers) and what scrolls inside a box of its own. Up to 4 px: a code span's
  // padding at the end of a line.
  const inner = document.querySelector('.md-content__inner');
  if (inner) {
    const edge = inner.getBoundingClientRect().right - parseFloat(getComputedStyle(inner).paddingRight);
    for (const e of inner.querySelectorAll('*')) {
      if (!e.checkVisibility() || e.closest('.md-typeset__scrollwrap, .highlight, pre')) continue;
      let box = e.parentElement;
      while (box !== inner && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
      const right = e.getBoundingClientRect().right;
      if (box === inner && right > edge + 4) out.push('past the column: ' + e.tagName.toLowerCase() + ' ' + Math.round(right - edge) + ' px');
    }
  }
  document.querySelectorAll('.md-content table').forEach((t, i) => {
    const box = t.closest('.ntm-table') || t.parentElement;
    if (t.checkVisibility() && t.getBoundingClientRect().width > box.clientWidth + 1)
      out.push('table ' + i + ' ' + Math.round(t.getBoundingClientRect().width) + '>' + box.clientWidth);
  });
  return out;
}"""

# Every static chart as displayed: [source, shown width, drawn width, its SVG's font sizes,
# whether any of its text (paths aside) has scientific notation]. A drawing's text is
# fetched once per page and kept for the next phone size (the same file, the same text).
CHART_TEXT = """async () => {
  const out = [];
  const texts = window.__sweptSvgText = window.__sweptSvgText || new Map();
  for (const img of document.querySelectorAll('.ntm-chart__static img')) {
    img.scrollIntoView();
    await img.decode().catch(() => null);
    if (!texts.has(img.currentSrc)) texts.set(img.currentSrc, await (await fetch(img.currentSrc)).text());
    const svg = texts.get(img.currentSrc);
    const sizes = [...svg.matchAll(/font-size="([0-9.]+)(px)?"/g)].map(m => Number(m[1]));
    out.push([img.currentSrc, img.clientWidth, img.naturalWidth, sizes, /[0-9]e[+-][0-9]/.test(svg.replace(/<path[^>]*>/g, ''))]);
  }
  return out;
}"""

# How far below its last line of text the page title's box ends, in px: more than
# a fraction of a line means a line with nothing on it (something invisible that
# still takes room, such as a permalink mark, wrapped there).
TITLE_GAP = """() => {
  const title = document.querySelector('.md-content h1');
  if (!title) return null;
  // Only text a reader sees: the permalink mark is laid out but transparent.
  const seen = node => { for (let e = node.parentElement; e && e !== title.parentElement; e = e.parentElement) {
    const style = getComputedStyle(e); if (style.opacity === '0' || style.visibility !== 'visible') return false; } return true; };
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT), lines = [];
  for (let node; (node = walker.nextNode());) {
    if (!node.textContent.trim() || !seen(node)) continue;
    const text = document.createRange();
    text.selectNodeContents(node);
    lines.push(...[...text.getClientRects()].filter(r => r.width > 0));
  }
  if (!lines.length) return null;
  const box = title.getBoundingClientRect(), style = getComputedStyle(title);
  return box.bottom - parseFloat(style.paddingBottom) - Math.max(...lines.map(r => r.bottom));
}"""

# All three, in one call per phone size: [OVERFLOW's findings, CHART_TEXT's charts, TITLE_GAP].
MEASURE = f"async () => [({OVERFLOW})(), await ({CHART_TEXT})(), ({TITLE_GAP})()]"


@dataclass
class PhoneView:
    overflow: list[str]
    charts: list[list]
    title_gap: float | None  # None: the page has no title


@dataclass
class PageRecord:
    phones: dict[tuple[int, int], PhoneView] = field(default_factory=dict)
    axe_violations: list[dict] | None = None  # None: not an accessibility page


# What axe reports, not what it checks: violations only (written out rather than left
# to axe-playwright-python's default; with every passed element too, axe takes twice
# as long on the results page), and each element by its HTML without the CSS
# selector, ancestry and XPath axe would work out for it (a fifth of axe's time on
# six pages measured; the same findings with and without, on pages with added faults).
AXE_OPTIONS = {"resultTypes": ["violations"], "selectors": False, "ancestry": False, "xpath": False}


def axe_violations(axe, page) -> list[dict]:
    return axe.run(page, options=AXE_OPTIONS).response["violations"]


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as a path below its address ("" for the home page)."""
    return sorted(str(p.parent.relative_to(site)).replace(".", "", 1) + "/" if p.parent != site else ""
                  for p in site.rglob("index.html") if "assets" not in p.parts)


def accessibility_pages() -> list[str]:
    return [lang + path for lang in ACCESSIBILITY_LANGUAGES for path in ACCESSIBILITY_PAGES]


def pages_to_sweep(site: Path) -> list[str]:
    """Every page of the site, and the accessibility pages (which should all be among them)."""
    return sorted(set(site_pages(site)) | set(accessibility_pages()))


def sweep(browser, base_url: str, pages: list[str]) -> dict[str, PageRecord]:
    """Measure each of `pages` (axe too on the accessibility pages among them)."""
    from axe_playwright_python.sync_playwright import Axe

    axe, audited = Axe(), set(accessibility_pages())
    records: dict[str, PageRecord] = {}
    width, height = PHONES[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for path in pages:
            record = records[path] = PageRecord()
            if path in audited:
                open_settled(page, f"{base_url}/{path}")
                record.axe_violations = axe_violations(axe, page)
            else:
                page.goto(f"{base_url}/{path}", wait_until="load")
            page.add_style_tag(content=DRAW_EVERYTHING)
            for width, height in PHONES:
                page.set_viewport_size({"width": width, "height": height})
                record.phones[(width, height)] = PhoneView(*page.evaluate(MEASURE))
            page.set_viewport_size({"width": PHONES[0][0], "height": PHONES[0][1]})
    finally:
        context.close()
    return records
