"""Draw charts: Vega-Lite spec -> SVG and PNG, into the chart cache.

Alone in its module so that a rendering process started by a build
(`python -m ntm_site.site_pages.render_worker CACHE SCALE JOBS.json`)
imports only the renderer. A plain child process rather than a
multiprocessing pool: a forked copy of a process whose renderer has started
hangs, and a spawned pool would run the caller's main script again.

A job is one drawing (`key`, `spec` as JSON text, `png`: whether a PNG is
wanted too), maybe with `copies`: drawings made from its SVG by swapping
colours and a subtitle sentence in (charts.Recolouring), each with its own
key and spec, drawn from its spec when a swap could not give the same image.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from html import escape
from pathlib import Path

import vl_convert

from ntm_site.common.cache_files import mark_used, store

# Where a template's subtitle has the highlight sentence (charts.recolouring).
# Between word joiners, which the data never holds (invisible characters are
# refused by the checks, safe_text.INVISIBLE), so no data text can be taken for it.
TEMPLATE_MARKER = "\u2060HIGHLIGHT\u2060"
# The width and height a drawing declares (chart_files.svg_size reads them too).
SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"')
SUBTITLE_PX = 10  # the download's subtitle font size (charts._finish)
# Wider than the average letter of any sans-serif font at that size, so that a
# sentence judged to fit inside the drawing's width surely does.
GENEROUS_EM = 0.7
TITLE_LEFT_PX = 30  # more than the title's distance from the drawing's left edge
# The charts' own font, named first in every spec (charts._finish): the renderer
# lays text out with it whatever fonts the machine has (chart_font/README.md).
# A reader's browser does not have it and uses its own sans-serif.
CHART_FONT_DIR = Path(__file__).parent / "chart_font"
CHART_FONT = "NTM Chart Sans, sans-serif"


@functools.cache
def chart_font_digest() -> str:
    """The font files' hash, part of every drawing's cache key: another font, another drawing."""
    digest = hashlib.sha256()
    for path in sorted(CHART_FONT_DIR.glob("*.ttf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _use_chart_font() -> None:
    # Once per process, before the first drawing (the renderer keeps its fonts for the process).
    vl_convert.register_font_directory(str(CHART_FONT_DIR))


def render(spec_json: str, png_scale: float) -> tuple[bytes, bytes | None]:
    """SVG, and PNG at `png_scale` unless it is 0."""
    _use_chart_font()
    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    return svg.encode("utf-8"), _png(svg, png_scale)


def _png(svg: str, png_scale: float) -> bytes | None:
    # From the SVG just drawn: laying the chart out again would double the time.
    _use_chart_font()
    return vl_convert.svg_to_png(svg, scale=png_scale) if png_scale else None


def recoloured(template_svg: str, colours: dict[str, str], template_line: str | None = None,
               line: str | None = None, sentence: str | None = None) -> str | None:
    """The drawing `template_svg` becomes with each placeholder fill replaced and,
    in a download, the marker replaced by `sentence` (or removed with the space
    before it when the sentence is ""), which makes the subtitle line `line`.
    None where the result might differ from drawing the chart itself: a line
    that might not fit the drawing's width (the renderer would have widened
    it), or text the renderer would escape (written as it writes it)."""
    svg = template_svg
    for placeholder, colour in colours.items():
        svg = svg.replace(f'fill="{placeholder}"', f'fill="{colour}"')
    if sentence is None:
        return svg
    size = SVG_SIZE.search(svg[:2000])
    if (escape(sentence) != sentence or " " + TEMPLATE_MARKER not in svg or size is None
            or max(len(template_line), len(line)) * SUBTITLE_PX * GENEROUS_EM + TITLE_LEFT_PX > float(size[1])):
        return None
    return svg.replace(" " + TEMPLATE_MARKER, " " + sentence if sentence else "")


def _draw(cache: Path, key: str, spec_json: str, png: bool, png_scale: float) -> str:
    svg, picture = render(spec_json, png_scale if png else 0)
    store(cache / f"{key}.svg", svg)
    if picture is not None:
        store(cache / f"{key}.png", picture)
    return svg.decode("utf-8")


def render_into(cache: Path, jobs: list[dict], png_scale: float) -> None:
    """Draw each job into `cache` as <key>.svg (and <key>.png), and its copies."""
    for job in jobs:
        kept = cache / f"{job['key']}.svg"
        if "copies" in job and mark_used(kept):  # a template drawn by an earlier build (other jobs are all missing)
            svg = kept.read_text(encoding="utf-8")
        else:
            svg = _draw(cache, job["key"], job["spec"], job["png"], png_scale)
        for copy in job.get("copies", ()):
            made = recoloured(svg, copy["colours"], copy.get("template_line"), copy.get("line"), copy.get("sentence"))
            if made is None:
                _draw(cache, copy["key"], copy["spec"], copy["png"], png_scale)
                continue
            store(cache / f"{copy['key']}.svg", made.encode("utf-8"))
            if copy["png"]:
                store(cache / f"{copy['key']}.png", _png(made, png_scale))


if __name__ == "__main__":
    render_into(Path(sys.argv[1]), json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")), float(sys.argv[2]))
