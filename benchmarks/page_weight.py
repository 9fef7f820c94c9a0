#!/usr/bin/env python3
"""Bytes a phone downloads per page, compressed, printed as a table (a benchmark, not a test).

For every HTML page of a built site: the page plus the stylesheets, scripts
and eager images it references, and the data the theme fetches as the page
loads (its sitemap, and its search index unless the page holds it back until
the reader reaches for search) ("first load", before any interaction), and,
for pages with charts, what the interactive charts add (the Vega runtime and
the chart specs, fetched by charts.js). Sizes are gzip level 6, as a typical
web server sends them. Budget: first load <= 150 KB, interactive <= 450 KB.

    python benchmarks/page_weight.py [site]
"""
from __future__ import annotations

import gzip
import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

FIRST_LOAD_BUDGET = 150 * 1024
INTERACTIVE_BUDGET = 450 * 1024
_REFS = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>', re.I)
_SPEC = re.compile(r'data-vega-spec="([^"]+)"')
_THEME_BASE = re.compile(r'<script id="__config"[^>]*>[^<]*?"base":\s*"([^"]*)"')
# Fetched by the theme's script on every first page view, relative to the site's
# base: the search index (MkDocs: search/search_index.json; Zensical: search.json)
# and the sitemap (instant navigation).
_THEME_DATA = ("search/search_index.json", "search.json", "sitemap.xml")
# A page that holds the MkDocs search index back until the reader reaches for
# search (overrides/partials/search-on-demand.html) does not fetch it on load.
_INDEX_ON_DEMAND = "ntmSearchIndex"


@lru_cache(maxsize=None)
def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def local_file(site: Path, page: Path, ref: str) -> Path | None:
    url = urlparse(urljoin("http://site/" + page.relative_to(site).as_posix(), ref))
    if url.netloc != "site":
        return None
    path = site / url.path.lstrip("/")
    if path.is_dir() or url.path.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def weigh(site: Path, page: Path) -> tuple[int, int]:
    html = page.read_text(encoding="utf-8")
    first = gzipped(page)
    for match in _REFS.finditer(html):
        tag, ref = match.group(0), match.group(1)
        if tag.lower().startswith("<link") and "stylesheet" not in tag and "icon" not in tag:
            continue  # alternates, canonical, prefetch hints: not downloaded for the first view
        if 'loading="lazy"' in tag:
            continue  # lazy images below the fold
        path = local_file(site, page, ref)
        if path is not None:
            first += gzipped(path)
    base = _THEME_BASE.search(html)
    if base:
        names = [n for n in _THEME_DATA if not (n == "search/search_index.json" and _INDEX_ON_DEMAND in html)]
        fetched = (local_file(site, page, f"{base.group(1).rstrip('/')}/{name}") for name in names)
        first += sum(gzipped(path) for path in fetched if path)
    specs = _SPEC.findall(html)
    interactive = first
    if specs:
        bundle = next((p for p in [local_file(site, page, "assets/javascripts/vega.bundle.js")] if p), None)
        root = page.parent
        while bundle is None and root != site.parent:
            candidate = root / "assets/javascripts/vega.bundle.js"
            bundle = candidate if candidate.exists() else None
            root = root.parent
        interactive += gzipped(bundle) if bundle else 0
        interactive += sum(gzipped(p) for p in (local_file(site, page, s) for s in specs) if p)
    return first, interactive


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site").resolve()
    rows = [(p.relative_to(site).as_posix(), *weigh(site, p)) for p in sorted(site.rglob("*.html"))
            if "/assets/" not in p.as_posix()]
    print(f"{'page':58} {'first load KB':>14} {'interactive KB':>15}")
    over = 0
    for name, first, interactive in rows:
        flag = " !" if first > FIRST_LOAD_BUDGET or interactive > INTERACTIVE_BUDGET else ""
        over += bool(flag)
        print(f"{name:58} {first / 1024:14.1f} {interactive / 1024:15.1f}{flag}")
    firsts = sorted(r[1] for r in rows)
    print(f"\n{len(rows)} pages; first load median {firsts[len(firsts) // 2] / 1024:.1f} KB, "
          f"largest {firsts[-1] / 1024:.1f} KB; largest interactive {max(r[2] for r in rows) / 1024:.1f} KB; "
          f"{over} over budget (first load {FIRST_LOAD_BUDGET // 1024} KB, interactive {INTERACTIVE_BUDGET // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
