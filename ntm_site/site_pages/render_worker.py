"""Draw charts: Vega-Lite spec -> SVG and PNG, into the chart cache.

Alone in its module so that a rendering process started by a build
(`python -m ntm_site.site_pages.render_worker CACHE SCALE SPECS.json`)
imports only the renderer. A plain child process rather than a
multiprocessing pool: a forked copy of a process whose renderer has started
hangs, and a spawned pool would run the caller's main script again.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import vl_convert

from ntm_site.common.cache_files import store


def render(spec_json: str, png_scale: float) -> tuple[bytes, bytes | None]:
    """SVG, and PNG at `png_scale` unless it is 0."""
    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    # From the SVG just drawn: laying the chart out again would double the time.
    return svg.encode("utf-8"), vl_convert.svg_to_png(svg, scale=png_scale) if png_scale else None


def render_into(cache: Path, specs: dict[str, tuple[str, bool]], png_scale: float) -> None:
    """Draw each spec (by cache key: JSON text, and whether a PNG is wanted) into
    `cache` as <key>.svg and <key>.png."""
    for key, (spec_json, with_png) in specs.items():
        svg, png = render(spec_json, png_scale if with_png else 0)
        store(cache / f"{key}.svg", svg)
        if png is not None:
            store(cache / f"{key}.png", png)


if __name__ == "__main__":
    render_into(Path(sys.argv[1]), json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")), float(sys.argv[2]))
