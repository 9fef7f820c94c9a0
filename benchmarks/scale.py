#!/usr/bin/env python3
"""Build time and memory as the data grows (a benchmark that prints figures, not a test).

SYNTHETIC DATA: the generator copies the real packages into a temporary folder
(never into datapackages/) and adds a package "synthetic_scale" of made-up
district-level units and figures, k times the report's district rows, over
several periods. Every made-up name says SYNTHETIC. The site built from it is
thrown away.

For k in the chosen factors, in a fresh process each: validate time, build
time and peak memory; then a rebuild after changing one CSV, which reuses the
rendered charts of everything else (content-hash cache); then the same site
built by Zensical (Material for MkDocs' successor), with the time each site
generator takes on its own.

    python benchmarks/scale.py            # 1x and 10x
    python benchmarks/scale.py 1 10 100   # the full run (1x and 10x took 17 minutes at load 5-8; 100x much longer)
"""
from __future__ import annotations

import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDICATORS = ["land_consolidation_ha", "commune_health_stations_invested", "model_villages_new",
              "model_area_villages_recognised", "que_lam_linkage_area_ha"]
PERIODS = ["2024-06-30", "2024-12-31", "2025-06-30"]


def generate(target: Path, factor: int) -> int:
    """Write the real data plus `factor` x 13 SYNTHETIC units; return the number of synthetic rows."""
    shutil.copytree(ROOT / "datapackages", target / "datapackages")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    units_path = target / "datapackages/reference/admin_units.csv"
    with open(units_path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        # A made-up province holds the made-up districts, so rules about Ha Tinh's 13 units still hold.
        writer.writerow([99, "synthetic-province", "province", "tinh", "SYNTHETIC tỉnh", "SYNTHETIC province",
                         "SYNTHETIC", "SYNTHETIC", "", "", ""])
        for i in range(13 * factor):
            code = 100000 + i
            writer.writerow([code, f"synthetic-{i}", "district", "huyen", f"SYNTHETIC huyện {i}", f"SYNTHETIC district {i}",
                             f"SYNTHETIC {i}", f"SYNTHETIC {i}", 99, "", ""])
    sources_path = target / "datapackages/reference/sources.csv"
    with open(sources_path, encoding="utf-8", newline="") as handle:
        columns = next(csv.reader(handle))
    # By column name: the sources table gains columns; one not named here is left empty.
    source = {"source_id": "synthetic", "date": "2099", "title_vi": "SYNTHETIC benchmark data",
              "title_en": "SYNTHETIC benchmark data"}
    source.update({c: "SYNTHETIC" for c in ("issuer_vi", "issuer_en", "document_number", "date_printed",
                                            "short_citation_vi", "short_citation_en", "citation_vi", "citation_en")})
    with open(sources_path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([source.get(c, "") for c in columns])
    package = target / "datapackages/synthetic_scale"
    package.mkdir()
    descriptor = json.loads((ROOT / "datapackages/infrastructure/datapackage.json").read_text(encoding="utf-8"))
    descriptor.update(name="synthetic_scale", title="SYNTHETIC benchmark data", title_en="SYNTHETIC benchmark data",
                      description="SYNTHETIC: made-up figures for a build-speed benchmark.",
                      description_en="SYNTHETIC: made-up figures for a build-speed benchmark.")
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    header = ["indicator_id", "unit_code", "breakdown_id", "kind", "value", "value_lower", "value_upper", "qualifier", "unit",
              "period_start", "as_of", "source_id", "section", "footnote", "note_vi", "note_en"]
    units_of = {"land_consolidation_ha": "ha", "que_lam_linkage_area_ha": "ha"}
    rows = 0
    with open(package / "observations.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(13 * factor):
            for n, indicator in enumerate(INDICATORS):
                for p, as_of in enumerate(PERIODS):
                    writer.writerow([indicator, 100000 + i, "total", "actual", (i * 7 + n * 3 + p) % 97 + 1, "", "", "",
                                     units_of.get(indicator, "count"), "", as_of, "synthetic", "A.II.1.3.2", "",
                                     "SYNTHETIC", "SYNTHETIC"])
                    rows += 1
    return rows


def measure(data: Path, out: Path, engine: str = "mkdocs") -> dict:
    """Validate and build in this process; report seconds (in all, and in the
    site generator alone) and peak memory."""
    sys.path.insert(0, str(ROOT))
    import dataclasses

    from ntm_site.site_pages import engines
    from ntm_site.build import build, check
    from ntm_site.common.project import Project

    generator_seconds = []

    def timed(run):
        def run_and_time(*args):
            start = time.perf_counter()
            run(*args)
            generator_seconds.append(time.perf_counter() - start)
        return run_and_time

    chosen = engines.ENGINES[engine]
    engines.ENGINES[engine] = dataclasses.replace(chosen, run=timed(chosen.run))
    project = Project(root=ROOT, datapackages_dir=data)
    start = time.perf_counter()
    check(project)
    validated = time.perf_counter()
    build(project, out, cache=out.parent / "cache", engine=engine)
    built = time.perf_counter()
    # The generator is timed in this process: the first language's run (the
    # others run at the same time, each in a process of its own). Peak memory is
    # the largest of this process and the children it waited for.
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"validate_s": validated - start, "build_s": built - validated, "generator_s": sum(generator_seconds),
            "peak_mb": peak / 1024}


def measure_in_child(folder: Path, engine: str) -> dict:
    """A fresh process each time, so peak memory is this build's own."""
    script = (f"import json, sys, pathlib; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import scale; "
              f"print(json.dumps(scale.measure(pathlib.Path({str(folder / 'datapackages')!r}), "
              f"pathlib.Path({str(folder / 'site')!r}), {engine!r})))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"The {engine} build of the synthetic data failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def change_one_cell(folder: Path) -> None:
    path = folder / "datapackages/synthetic_scale/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[4] = str(int(cells[4]) + 1)
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def progress(line: str) -> None:
    """Each measurement as soon as it is made (stderr): a long run stopped early still says something."""
    print(line, file=sys.stderr, flush=True)


def run(factor: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"ntm-scale-{factor}x-") as folder:
        folder = Path(folder)
        rows = generate(folder, factor)
        first = measure_in_child(folder, "mkdocs")
        pages = sum(1 for _ in (folder / "site").rglob("*.html"))
        progress(f"{factor}x: {pages} pages, validate {first['validate_s']:.1f} s, first build {first['build_s']:.1f} s, "
                 f"peak {first['peak_mb']:.0f} MB")
        # One CSV changes: every chart not built from it comes from the cache.
        change_one_cell(folder)
        again = measure_in_child(folder, "mkdocs")
        progress(f"{factor}x: rebuild after one cell {again['build_s']:.1f} s")
        # The same site by Zensical, charts from the cache as in the rebuild.
        zensical = measure_in_child(folder, "zensical")
        return {"factor": factor, "synthetic_rows": rows, "pages": pages, **first, "rebuild_s": again["build_s"],
                "mkdocs_s": again["generator_s"], "zensical_s": zensical["generator_s"],
                "zensical_build_s": zensical["build_s"]}


def main(argv: list[str]) -> int:
    factors = [int(a) for a in argv[1:]] or [1, 10]
    print("SYNTHETIC data, generated outside datapackages/ and discarded after the run.")
    print("build: first build, MkDocs; rebuild: after one CSV cell changes; mkdocs/zensical: the site")
    print("generator's own seconds within a rebuild (charts cached), MkDocs and Zensical; Zensical's")
    print("include starting its own Python process (it runs in a child process).")
    print(f"{'size':>5} {'rows':>7} {'pages':>6} {'validate s':>11} {'build s':>8} {'rebuild s':>10} {'peak MB':>8}"
          f" {'mkdocs s':>9} {'zensical s':>11}")
    results = []
    for factor in factors:
        r = run(factor)
        results.append(r)
        print(f"{r['factor']:>4}x {r['synthetic_rows']:>7} {r['pages']:>6} {r['validate_s']:>11.1f} {r['build_s']:>8.1f} "
              f"{r['rebuild_s']:>10.1f} {r['peak_mb']:>8.0f} {r['mkdocs_s']:>9.1f} {r['zensical_s']:>11.1f}")
    # Each size against the one before: from 1x to 10x the unit pages lose their
    # per-unit charts (past 30 units), so a ratio to 1x alone would flatter.
    for base, r in zip(results, results[1:]):
        grow = r["synthetic_rows"] / base["synthetic_rows"]
        print(f"{r['factor']}x vs {base['factor']}x: data x{grow:.0f}, build time x{r['build_s'] / base['build_s']:.1f}, "
              f"rebuild time x{r['rebuild_s'] / base['rebuild_s']:.1f}, validate time x{r['validate_s'] / base['validate_s']:.1f}")
    for r in results:
        print(f"{r['factor']}x: Zensical takes x{r['zensical_s'] / r['mkdocs_s']:.2f} the time of MkDocs "
              f"({r['zensical_build_s']:.1f} s for the whole build with Zensical)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
