"""The files of a chart: Vega-Lite spec, static SVG and PNG, the plotted data, an embed page.

Rendering is the slow part of a build, so SVG and PNG are cached by the hash
of what determines them (spec, renderer version, PNG scale): a rebuild after
one CSV change renders only the charts whose data changed, and a cold build
renders on every core (`render_into_cache`).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import vl_convert
from jinja2 import Environment

from .charts import Chart, interactive_spec
from .render_worker import render, render_into

PNG_SCALE = 2  # sharp on high-density screens and in print


def _key(spec: dict) -> str:
    return hashlib.sha256(json.dumps([spec, vl_convert.__version__, PNG_SCALE], sort_keys=True).encode()).hexdigest()


# Starting a rendering process costs about a second (Python, then the
# renderer's warm-up); below this many charts per process it does not pay.
CHARTS_PER_PROCESS = 12


def render_into_cache(specs: list[dict], cache: Path, svg_only: list[dict] = ()) -> int:
    """Draw every spec the cache lacks, as SVG and PNG (`svg_only`: SVG alone),
    on every core when there are many; returns how many.

    Each process draws with the same renderer version, so the files are the
    same bytes whichever process drew them.
    """
    cache = cache.resolve()
    todo = {}
    for spec, png in [(s, True) for s in specs] + [(s, False) for s in svg_only]:
        key = _key(spec)
        if not all((cache / f"{key}.{kind}").exists() for kind in (("svg", "png") if png else ("svg",))):
            todo[key] = (json.dumps(spec, sort_keys=True), png or todo.get(key, ("", False))[1])
    processes = min(os.cpu_count() or 1, len(todo) // CHARTS_PER_PROCESS)
    if processes <= 1:
        render_into(cache, todo, PNG_SCALE)
        return len(todo)
    items = list(todo.items())
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        children = []
        for n in range(processes):
            share = Path(work) / f"share-{n}.json"
            share.write_text(json.dumps(dict(items[n::processes])), encoding="utf-8")
            children.append(subprocess.Popen(
                [sys.executable, "-m", "ntm_site.site_pages.render_worker", str(cache), str(PNG_SCALE), str(share)],
                cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        failures = [child.communicate()[1].decode("utf-8", "replace") for child in children]
    failures = [f for f, child in zip(failures, children) if child.returncode != 0]
    if failures:
        raise RuntimeError("A chart could not be drawn:\n" + "\n".join(failures))
    return len(todo)


def _drawn(spec: dict, cache: Path | None, png: bool = True) -> tuple[bytes, bytes | None]:
    if cache is None:
        return render(json.dumps(spec, sort_keys=True), PNG_SCALE if png else 0)
    key = _key(spec)
    if not (cache / f"{key}.svg").exists() or (png and not (cache / f"{key}.png").exists()):
        render_into_cache([spec] if png else [], cache, [] if png else [spec])
    return (cache / f"{key}.svg").read_bytes(), (cache / f"{key}.png").read_bytes() if png else None


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
    # The page's own drawings, one per width it is shown at (charts.PAGE_VARIANTS).
    for name, spec in chart.page_specs.items():
        paths[name] = folder / f"{stem}.{name}.svg"
        paths[name].write_bytes(_drawn(spec, cache, png=False)[0])
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
