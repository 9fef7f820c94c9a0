"""Category labels that wrap onto further lines instead of being cut.

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

# The font the renderer lays every chart's text out with (labels are not bold; an
# embed page's title is).
CHART_FONT_FILE = CHART_FONT_DIR / "NTMChartSans-Regular.ttf"
CHART_BOLD_FONT_FILE = CHART_FONT_DIR / "NTMChartSans-Bold.ttf"
MAX_LINES = 4  # a longer name keeps its fourth line cut at the label limit
LINE_GAP = 2  # Vega puts a label's lines its font size + 2 px apart
BAND_PADDING = 6  # room left in a band above and below its label's lines
DEFAULT_STEP = 20  # Vega-Lite's band height where a chart sets none
DEFAULT_LABEL_PADDING = 2  # Vega's room between an axis's ticks and its labels
COLUMN_GAP = 6  # room left between the names of neighbouring columns


@functools.cache
def _advances(bold: bool = False) -> tuple[dict[int, int], int]:
    """Each character's advance width in the chart font, and the font's units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(CHART_BOLD_FONT_FILE if bold else CHART_FONT_FILE)
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}, font["head"].unitsPerEm


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """Width in px of `text` in the chart font; a character the font lacks counts as an em
    (wider than any the fallback font draws), so that a line judged to fit does."""
    advances, em = _advances(bold)
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


def _parts(spec: dict) -> list[dict]:
    return [spec, *spec.get("layer", [])]


def _category_axis(part: dict, channel: str) -> dict | None:
    """The `channel` encoding of `part` (a spec or one of its layers) if it names
    categories on an axis. charts.js takes the same ones from the spec's usermeta."""
    encoding = part.get("encoding", {}).get(channel)
    if (isinstance(encoding, dict) and encoding.get("type") in ("nominal", "ordinal")
            and encoding.get("axis", {}) is not None and "field" in encoding):
        return encoding
    return None


def _wrapped_names(names: list[str], limit: float, font_size: float) -> dict[str, list[str]]:
    """The lines of each name wider than `limit`."""
    lines = {name: wrapped(name, limit, font_size) for name in names}
    return {name: parts for name, parts in lines.items() if len(parts) > 1}


def _lookup(lines: dict[str, list[str]]) -> str:
    """The axis's labelExpr: each wrapped name's lines, any other label as it is."""
    expression = "datum.label"
    for name, parts in reversed(lines.items()):
        expression = f"datum.label === {_literal(name)} ? [{', '.join(map(_literal, parts))}] : {expression}"
    return expression


def _by_line_count(lines: dict[str, list[str]], value_for) -> dict:
    """An axis property that depends on how many lines a label has: value_for(count)."""
    return {"condition": [{"test": f"datum.label === {_literal(name)}", "value": value_for(len(parts))}
                          for name, parts in lines.items()], "value": value_for(1)}


def wrap_category_labels(spec: dict, limit: float, font_size: float) -> None:
    """Let the long category names of `spec` (a page variant, changed in place) wrap."""
    rows = [row for dataset in spec.get("datasets", {}).values() for row in dataset]

    def names(encoding: dict) -> list[str]:
        return [name for name in dict.fromkeys(row.get(encoding["field"]) for row in rows) if isinstance(name, str)]

    _wrap_rows(spec, names, limit, font_size)
    _wrap_columns(spec, names, font_size)


def _wrap_rows(spec: dict, names, limit: float, font_size: float) -> None:
    """Names beside bars and rows (y), on lines of `limit` px, each band tall enough for them."""
    height = spec.get("height", {"step": DEFAULT_STEP})
    if not isinstance(height, dict) or "step" not in height:
        return  # a fixed height: taller bands would not fit in it, so names stay cut
    line, needed = font_size + LINE_GAP, height["step"]
    for y in filter(None, (_category_axis(part, "y") for part in _parts(spec))):
        lines = _wrapped_names(names(y), limit, font_size)
        if not lines:
            continue
        # Vega sets the first line where a one-line label goes: the block moves up by
        # half its extra lines, so that it is centred on its band as one line would be.
        y["axis"] = {**y.get("axis", {}), "labelExpr": _lookup(lines),
                     "labelOffset": _by_line_count(lines, lambda count: -(count - 1) * line / 2)}
        needed = max(needed, max(map(len, lines.values())) * line + BAND_PADDING)
    if needed != height["step"]:
        spec["height"] = {**height, "step": needed}


def _wrap_columns(spec: dict, names, font_size: float) -> None:
    """Names above or below columns (x) set level, on lines as wide as a column (the
    district matrix's "Thạch Hà" ran into "Đức Thọ" on a phone). Vega writes a label's
    lines downwards from the first: on an axis at the top, a name moves up by its extra lines."""
    width = spec.get("width")
    for x in filter(None, (_category_axis(part, "x") for part in _parts(spec))):
        axis = x.get("axis", {})
        columns = names(x)
        if axis.get("labelAngle") != 0 or not isinstance(width, (int, float)) or not columns:
            continue  # turned labels, or a width the browser decides
        lines = _wrapped_names(columns, width / len(columns) - COLUMN_GAP, font_size)
        if not lines:
            continue
        axis = {**axis, "labelExpr": _lookup(lines)}
        if axis.get("orient") == "top":
            padding, line = axis.get("labelPadding", DEFAULT_LABEL_PADDING), font_size + LINE_GAP
            axis["labelPadding"] = _by_line_count(lines, lambda count: padding + (count - 1) * line)
        x["axis"] = axis


def wrapping(spec: dict) -> dict | None:
    """What the browser needs to wrap the names of a live chart as `spec` (a page variant)
    wraps them: for each part ([spec, *layers]), the axes with wrapped names by channel,
    and the band height; None if no name wraps. The live chart is drawn from the wide
    variant, whose names wrap later; on a phone, charts.js puts these in their place."""
    axes = [{channel: encoding["axis"] for channel in ("x", "y")
             if (encoding := _category_axis(part, channel)) and "labelExpr" in encoding.get("axis", {})} or None
            for part in _parts(spec)]
    return {"axes": axes, "height": spec.get("height")} if any(axes) else None
