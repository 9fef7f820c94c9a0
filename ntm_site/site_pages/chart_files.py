"""The files of a chart: Vega-Lite spec, static SVG and PNG, the plotted data.

Rendering is the slow part of a build, so SVG and PNG are cached by the hash
of what determines them (spec, renderer version, PNG scale): a rebuild after
one CSV change renders only the charts whose data changed, and a cold build
renders on every core (`render_into_cache`). A highlighted series' drawings
are made from one drawing of the series (charts.recolouring), cached under
the key of the spec they equal.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import vl_convert

from ..common.cache_files import mark_used
from ..common.i18n import Localiser
from .charts import Chart, Recolouring, interactive_spec, recolouring
from .render_worker import SVG_SIZE, chart_font_digest, render, render_into

PNG_SCALE = 2  # sharp on high-density screens and in print


def _key(spec: dict) -> str:
    return hashlib.sha256(json.dumps([spec, vl_convert.__version__, chart_font_digest(), PNG_SCALE],
                                     sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Drawing:
    """One image of a chart: its spec, whether a PNG is wanted beside the SVG,
    and for a highlighted series how it is made from the series' template.
    `key`: where the cache keeps it, hashed once (hashing every spec of a
    language was a tenth of a one-cell rebuild)."""
    spec: dict
    png: bool
    recolouring: Recolouring | None = None
    key: str = field(init=False, default="")

    def __post_init__(self):
        object.__setattr__(self, "key", _key(self.spec))


def drawings(chart: Chart) -> list[Drawing]:
    """The download (SVG and PNG) and the page's drawings of `chart`."""
    return [Drawing(spec, png, recolouring(chart, spec))
            for spec, png in [(chart.spec, True), *((s, False) for s in chart.page_specs.values())]]


# Starting a rendering process costs about a second (Python, then the
# renderer's warm-up); below this many drawings per process it does not pay.
CHARTS_PER_PROCESS = 12


def _missing(drawing: Drawing, cache: Path) -> bool:
    kinds = ("svg", "png") if drawing.png else ("svg",)
    return not all(mark_used(cache / f"{drawing.key}.{kind}") for kind in kinds)


def _jobs(todo: list[Drawing]) -> list[dict]:
    """The render worker's jobs: one per drawing, except that the drawings made
    from one template are copies in that template's job."""
    jobs: dict[str, dict] = {}
    for drawing in todo:
        job = {"key": drawing.key, "spec": json.dumps(drawing.spec, sort_keys=True), "png": drawing.png}
        made = drawing.recolouring
        if made is None:
            jobs.setdefault(job["key"], job)
            continue
        template_key = _key(made.template)
        template = jobs.setdefault(template_key, {"key": template_key, "png": False, "copies": [],
                                                  "spec": json.dumps(made.template, sort_keys=True)})
        template["copies"].append({**job, "colours": made.colours, "template_line": made.template_line,
                                   "line": made.subtitle_line, "sentence": made.sentence})
    return list(jobs.values())


def _shares(jobs: list[dict], processes: int) -> list[list[dict]]:
    """Jobs dealt out so that each process has about as much to do: a copy
    costs about a third of a drawing (its PNG), the longest jobs go first."""
    def cost(job: dict) -> float:
        return 1 + len(job.get("copies", ())) / 3
    shares, loads = [[] for _ in range(processes)], [0.0] * processes
    for job in sorted(jobs, key=cost, reverse=True):
        least = loads.index(min(loads))
        shares[least].append(job)
        loads[least] += cost(job)
    return shares


def render_into_cache(todo: list[Drawing], cache: Path, cores: int | None = None) -> int:
    """Draw every drawing the cache lacks, on `cores` processes (by default
    every core) when there are many; returns how many.

    Each process draws with the same renderer version, so the files are the
    same bytes whichever process drew them.
    """
    cache = cache.resolve()
    todo = [d for d in todo if _missing(d, cache)]
    jobs = _jobs(todo)
    processes = min(cores or os.cpu_count() or 1, len(jobs) // CHARTS_PER_PROCESS)
    if processes <= 1:
        render_into(cache, jobs, PNG_SCALE)
        return len({d.key for d in todo})
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        children = []
        for n, jobs_of_one in enumerate(_shares(jobs, processes)):
            share = Path(work) / f"share-{n}.json"
            share.write_text(json.dumps(jobs_of_one), encoding="utf-8")
            children.append(subprocess.Popen(
                [sys.executable, "-m", "ntm_site.site_pages.render_worker", str(cache), str(PNG_SCALE), str(share)],
                cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        failures = [child.communicate()[1].decode("utf-8", "replace") for child in children]
    failures = [f for f, child in zip(failures, children) if child.returncode != 0]
    if failures:
        raise RuntimeError("A chart could not be drawn:\n" + "\n".join(failures))
    return len({d.key for d in todo})


def _drawn(drawing: Drawing, cache: Path | None) -> tuple[bytes, bytes | None]:
    if cache is None:
        return render(json.dumps(drawing.spec, sort_keys=True), PNG_SCALE if drawing.png else 0)
    if _missing(drawing, cache):
        render_into_cache([drawing], cache)
    svg = (cache / f"{drawing.key}.svg").read_bytes()
    return svg, (cache / f"{drawing.key}.png").read_bytes() if drawing.png else None


def svg_size(path: Path) -> tuple[int, int] | None:
    """The width and height a rendered SVG declares, for the page's <img> to
    reserve its space before the image loads (no layout shift)."""
    found = SVG_SIZE.search(path.read_text(encoding="utf-8", errors="replace")[:2000])
    return (round(float(found[1])), round(float(found[2]))) if found else None


def chart_address(base: str | None, slug: str, chart_id: str) -> str | None:
    """The chart's place on the first page showing it (its figure's anchor), for a CSV read
    apart from the page; None where the site's address is unknown (a local build: CI builds
    with it). `base`: the language's address; `slug`: the page's, "" for the home page."""
    return f"{base}{f'{slug}/' if slug else ''}#bieu-do-{chart_id}" if base else None


def csv_context(chart: Chart, loc: Localiser, page_address: str | None) -> dict[str, str]:
    """The columns a chart's CSV repeats on every row, header to value, in the chart's
    language. A downloaded file travels without its page: each row says which chart it is,
    where its figures come from and how recent they are (as the caption does), under which
    licence it may be reused, and, where the site's address is known, the page showing it.
    A series whose rows name their own sources and dates has no single source line."""
    values = {"chart.csv_title": chart.title}
    if not chart.rows_name_their_sources:
        values |= {"chart.csv_source": chart.source, "columns.as_of": chart.as_of}
    if page_address:
        values["chart.csv_page"] = page_address
    values["chart.csv_licence"] = loc.t("chart.csv_licence_value")
    headers = {loc.t(key): value for key, value in values.items()}
    return {header: value for header, value in headers.items() if header not in chart.data.columns}


def write_chart_files(chart: Chart, folder: Path, context: dict[str, str], *, cache: Path | None = None,
                      drawn: list[Drawing] | None = None) -> dict[str, Path]:
    """Write every file of `chart` into `folder` (its embed page is written from the sizes
    of these drawings: pages.write_embed_page). `context`: the CSV's columns repeated on
    every row (`csv_context`). `drawn`: the chart's `drawings`, if the caller has them
    already."""
    download, *page_drawings = drawn or drawings(chart)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{chart.id}.{chart.lang}"
    paths = {kind: folder / f"{stem}.{suffix}" for kind, suffix in
             (("spec", "vl.json"), ("svg", "svg"), ("png", "png"), ("csv", "csv"))}
    paths["spec"].write_text(json.dumps(interactive_spec(chart), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    svg, png = _drawn(download, cache)
    paths["svg"].write_bytes(svg)
    paths["png"].write_bytes(png)
    # The page's own drawings, one per width it is shown at (charts.PAGE_VARIANTS).
    for name, drawing in zip(chart.page_specs, page_drawings):
        paths[name] = folder / f"{stem}.{name}.svg"
        paths[name].write_bytes(_drawn(drawing, cache)[0])
    # Whole numbers without a trailing .0; a BOM so Excel opens the Vietnamese text correctly.
    whole = {c: "Int64" for c in chart.data.columns
             if pd.api.types.is_float_dtype(chart.data[c]) and (chart.data[c].dropna() % 1 == 0).all()}
    chart.data.astype(whole).assign(**context).to_csv(paths["csv"], index=False, encoding="utf-8-sig", lineterminator="\n")
    return paths
