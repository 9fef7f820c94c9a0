"""Draw one chart: Vega-Lite spec -> SVG and PNG. Alone in its module so a
rendering process started for a build imports only the renderer."""
from __future__ import annotations

import json

import vl_convert


def render(spec_json: str, png_scale: float) -> tuple[bytes, bytes]:
    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    # From the SVG just drawn: laying the chart out again would double the time.
    return svg.encode("utf-8"), vl_convert.svg_to_png(svg, scale=png_scale)
