#!/usr/bin/env python3
"""Draw the picture a shared link shows when a page has no chart of its own
(docs/assets/images/the-chia-se.png, 1200 x 630, the size link previews use).

Run once after changing the site's name; the PNG is committed. The text comes
from config/messages.yml (site.name in both languages), drawn with the chart
renderer's own fonts, so no font is fetched or needed on the machine.
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

import vl_convert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ntm_site.common.project import default_project  # noqa: E402


def card_svg(title_vi: str, title_en: str) -> str:
    # The name on two lines, split at its colon ("Nông thôn mới Hà Tĩnh" / "số liệu mở").
    head, _, tail = title_vi.partition(":")
    lines = [html.escape(head.strip()), html.escape(tail.strip())]
    en = html.escape(title_en)
    font = 'font-family="DejaVu Sans, Liberation Sans, sans-serif"'
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#1b5e20"/>
<rect x="0" y="560" width="1200" height="70" fill="#0d3d12"/>
<text x="80" y="220" {font} font-size="72" fill="#ffffff">{lines[0]}</text>
<text x="80" y="310" {font} font-size="56" fill="#ffffff">{lines[1]}</text>
<text x="80" y="400" {font} font-size="34" fill="#c8e6c9">{en}</text>
<text x="80" y="605" {font} font-size="28" fill="#ffffff">CC BY 4.0</text>
</svg>"""


def main() -> None:
    messages = default_project().messages
    svg = card_svg(messages.get("site.name", "vi"), messages.get("site.name", "en"))
    target = ROOT / "docs" / "assets" / "images" / "the-chia-se.png"
    target.write_bytes(vl_convert.svg_to_png(svg, scale=1))
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
