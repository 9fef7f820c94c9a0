"""The files of a chart: Vega-Lite spec, static SVG and PNG, the plotted data, an embed page.

Rendering is the slow part of a build, so SVG and PNG are cached by the hash
of what determines them (spec and renderer version): a rebuild after one CSV
change renders only the charts whose data changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import vl_convert
from jinja2 import Environment

from .charts import Chart, interactive_spec

PNG_SCALE = 2  # sharp on high-density screens and in print


def _cached(cache: Path | None, spec: dict, kind: str, render) -> bytes:
    key = hashlib.sha256(json.dumps([spec, kind, vl_convert.__version__], sort_keys=True).encode()).hexdigest()
    path = cache / f"{key}.{kind}" if cache else None
    if path is not None and path.exists():
        return path.read_bytes()
    data = render()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A name of its own, so two builds sharing the cache never collide; the
        # rename is atomic, so a reader sees the whole file or none.
        handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    return data


_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"')


def svg_size(path: Path) -> tuple[int, int] | None:
    """The width and height a rendered SVG declares, for the page's <img> to
    reserve its space before the image loads (no layout shift)."""
    found = _SVG_SIZE.search(path.read_bytes()[:2000])
    return (round(float(found[1])), round(float(found[2]))) if found else None


def write_chart_files(chart: Chart, folder: Path, *, cache: Path | None = None,
                      env: Environment | None = None, context: dict | None = None) -> dict[str, Path]:
    """Write every file of `chart` into `folder`; with `env`, also its standalone embed page."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{chart.id}.{chart.lang}"
    paths = {kind: folder / f"{stem}.{suffix}" for kind, suffix in
             (("spec", "vl.json"), ("svg", "svg"), ("png", "png"), ("csv", "csv"), ("embed", "html"))}
    paths["spec"].write_text(json.dumps(interactive_spec(chart), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    paths["svg"].write_bytes(_cached(cache, chart.spec, "svg", lambda: vl_convert.vegalite_to_svg(chart.spec).encode("utf-8")))
    paths["png"].write_bytes(_cached(cache, chart.spec, "png", lambda: vl_convert.vegalite_to_png(chart.spec, scale=PNG_SCALE)))
    # The page's own drawings, one per width it is shown at (charts.PAGE_VARIANTS).
    for name, spec in chart.page_specs.items():
        paths[name] = folder / f"{stem}.{name}.svg"
        paths[name].write_bytes(_cached(cache, spec, "svg", lambda spec=spec: vl_convert.vegalite_to_svg(spec).encode("utf-8")))
    # Whole numbers without a trailing .0; a BOM so Excel opens the Vietnamese text correctly.
    whole = {c: "Int64" for c in chart.data.columns
             if pd.api.types.is_float_dtype(chart.data[c]) and (chart.data[c].dropna() % 1 == 0).all()}
    chart.data.astype(whole).to_csv(paths["csv"], index=False, encoding="utf-8-sig", lineterminator="\n")
    if env is not None:
        paths["embed"].write_text(env.get_template("embed.html.j2").render(chart=chart, stem=stem, **(context or {})),
                                  encoding="utf-8")
    else:
        del paths["embed"]
    return paths
