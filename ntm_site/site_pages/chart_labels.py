"""Category labels that wrap onto a second or third line instead of being cut.

A phone's chart has about 120 px for the names beside its bars; cut there,
"Tổng số xã đạt chuẩn nông thôn mới" became "Tổng số xã đạt chu…" and a
reader could not tell what a bar measured. In the drawings made for a page
(charts.page_variant), each name wider than that is broken between words into
lines that fit, measured with the charts' own font (the renderer lays text out
with it), and its band made tall enough for them. A name is never changed:
Vega draws the lines from a lookup written into the axis, the data keep the
name whole (tooltips, tables, downloads).
"""
from __future__ import annotations

import functools
import json

from .render_worker import CHART_FONT_DIR

# The font the renderer lays every chart's text out with (labels are not bold).
CHART_FONT_FILE = CHART_FONT_DIR / "NTMChartSans-Regular.ttf"
MAX_LINES = 4  # a longer name keeps its fourth line cut at the label limit
LINE_GAP = 2  # Vega puts a label's lines its font size + 2 px apart
BAND_PADDING = 6  # room left in a band above and below its label's lines
DEFAULT_STEP = 20  # Vega-Lite's band height where a chart sets none


@functools.cache
def _advances() -> tuple[dict[int, int], int]:
    """Each character's advance width in the chart font, and the font's units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(CHART_FONT_FILE)
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}, font["head"].unitsPerEm


def text_width(text: str, font_size: float) -> float:
    """Width in px of `text` in the chart font; a character the font lacks counts as an em
    (wider than any the fallback font draws), so that a line judged to fit does."""
    advances, em = _advances()
    return sum(advances.get(ord(character), em) for character in text) * font_size / em


def wrapped(label: str, limit: float, font_size: float) -> list[str]:
    """`label` broken between words into lines of at most `limit` px (a single word
    wider than that keeps a line of its own and is cut there by the renderer)."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines[:MAX_LINES - 1] + [" ".join(lines[MAX_LINES - 1:])] if len(lines) > MAX_LINES else lines


# Characters written as escapes in a name's literal: markup's, and the two line
# separators some JavaScript parsers refuse inside a string.
_ESCAPED = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def _literal(text: str) -> str:
    # A string literal of Vega's expression language: JSON's escapes are JavaScript's,
    # so no name (quotes, backslashes, "</script>") can end the literal or the spec.
    return json.dumps(text, ensure_ascii=False).translate(_ESCAPED)


def _category_axis(part: dict) -> dict | None:
    """The y encoding of `part` (a spec or one of its layers) if it names categories
    on an axis: the labels beside bars and rows. charts.js picks the same ones."""
    y = part.get("encoding", {}).get("y")
    if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and y.get("axis", {}) is not None and "field" in y:
        return y
    return None


def _category_axes(spec: dict):
    return filter(None, map(_category_axis, [spec, *spec.get("layer", [])]))


def wrapping(spec: dict) -> dict | None:
    """What the browser needs to wrap the names of a live chart as `spec` (a page variant)
    wraps them: the axis of each part ([spec, *layers]) with wrapped names, and the band
    height; None if no name wraps. The live chart is drawn from the wide variant, whose
    names wrap later; on a phone, charts.js puts these in its place."""
    axes = [(y or {}).get("axis") if y and "labelExpr" in (y.get("axis") or {}) else None
            for y in map(_category_axis, [spec, *spec.get("layer", [])])]
    return {"axes": axes, "height": spec["height"]} if any(axes) else None


def wrap_category_labels(spec: dict, limit: float, font_size: float) -> None:
    """Let the long category names of `spec` (a page variant, changed in place) wrap."""
    rows = [row for dataset in spec.get("datasets", {}).values() for row in dataset]
    height = spec.get("height", {"step": DEFAULT_STEP})
    if not isinstance(height, dict) or "step" not in height:
        return  # a fixed height: taller bands would not fit in it, so names stay cut
    needed = height["step"]
    for y in _category_axes(spec):
        names = dict.fromkeys(row.get(y["field"]) for row in rows)
        lines = {name: wrapped(name, limit, font_size) for name in names if isinstance(name, str)}
        lines = {name: parts for name, parts in lines.items() if len(parts) > 1}
        if not lines:
            continue
        test = "datum.label === {}".format
        expression = "datum.label"
        for name, parts in reversed(lines.items()):
            expression = f"{test(_literal(name))} ? [{', '.join(map(_literal, parts))}] : {expression}"
        # Vega sets the first line where a one-line label goes: the block moves up by
        # half its extra lines, so that it is centred on its band as one line would be.
        offsets = [{"test": test(_literal(name)), "value": -(len(parts) - 1) * (font_size + LINE_GAP) / 2}
                   for name, parts in lines.items()]
        y["axis"] = {**y.get("axis", {}), "labelExpr": expression, "labelOffset": {"condition": offsets, "value": 0}}
        needed = max(needed, max(len(parts) for parts in lines.values()) * (font_size + LINE_GAP) + BAND_PADDING)
    if needed != height["step"]:
        spec["height"] = {**height, "step": needed}
