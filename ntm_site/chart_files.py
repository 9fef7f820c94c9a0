"""The files of a chart: Vega-Lite spec, static SVG and PNG, the plotted data, an embed page.

Rendering is the slow part of a build, so SVG and PNG are cached by the hash
of what determines them (spec, renderer version, PNG scale): a rebuild after
one CSV change renders only the charts whose data changed, and a cold build
renders on every core (`render_into_cache`).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import vl_convert
from jinja2 import Environment

from .charts import Chart, interactive_spec
from .render_worker import render

PNG_SCALE = 2  # sharp on high-density screens and in print


def _key(spec: dict) -> str:
    return hashlib.sha256(json.dumps([spec, vl_convert.__version__, PNG_SCALE], sort_keys=True).encode()).hexdigest()


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own, so two builds sharing the cache never collide; the
    # rename is atomic, so a reader sees the whole file or none.
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(partial, path)


# Starting a rendering process costs about a second (Python, then the
# renderer's warm-up); below this many charts per process it does not pay.
CHARTS_PER_PROCESS = 12


def render_into_cache(specs: list[dict], cache: Path) -> int:
    """Draw every spec the cache lacks, on every core when there are many; returns how many.

    The processes are spawned, not forked: a forked copy of a process whose
    renderer has started hangs. Each draws with the same renderer version, so
    the files are the same bytes whichever process drew them.
    """
    todo = {}
    for spec in specs:
        key = _key(spec)
        if key not in todo and not all((cache / f"{key}.{kind}").exists() for kind in ("svg", "png")):
            todo[key] = json.dumps(spec, sort_keys=True)
    processes = min(os.cpu_count() or 1, len(todo) // CHARTS_PER_PROCESS)
    scales = [PNG_SCALE] * len(todo)
    if processes > 1:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            drawn = list(pool.map(render, todo.values(), scales, chunksize=4))
    else:
        drawn = list(map(render, todo.values(), scales))
    for key, (svg, png) in zip(todo, drawn):
        _store(cache / f"{key}.svg", svg)
        _store(cache / f"{key}.png", png)
    return len(todo)


def _drawn(spec: dict, cache: Path | None) -> tuple[bytes, bytes]:
    if cache is None:
        return render(json.dumps(spec, sort_keys=True), PNG_SCALE)
    key = _key(spec)
    if not (cache / f"{key}.svg").exists() or not (cache / f"{key}.png").exists():
        render_into_cache([spec], cache)
    return (cache / f"{key}.svg").read_bytes(), (cache / f"{key}.png").read_bytes()


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
    svg, png = _drawn(chart.spec, cache)
    paths["svg"].write_bytes(svg)
    paths["png"].write_bytes(png)
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
