#!/usr/bin/env python3
"""How long a data commit waits, as a multiple of the site generator's own time.

In one run, on the real data (a temporary clone of this checkout, so the
changelog reads the same git history and the one-cell edit never touches
datapackages/), each in a fresh process as a maintainer or CI would run it:

  (a) cold build, empty cache        (b) rebuild, nothing changed
  (c) rebuild after one CSV cell     (d) `validate` alone (with no findings
      kept, then again after one more cell, with the others' findings kept)
  (e) bare `mkdocs build` of the very docs (a) generated, both languages,
      and the same with Zensical

Each is printed in seconds, per stage, and as a multiple of (e), the floor a
build cannot go below. Only ratios within one run are meaningful: on a shared
machine the seconds move with the load, the ratios much less. (e) runs the
generator on each language one after the other; the build makes the languages
at the same time, one per process, so its stages below `build_languages` are
those of the first language (the others' run beside them).

    python benchmarks/build_speed.py           # real data
    python benchmarks/build_speed.py --runs 3  # median of three of each
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITED_FILE = "funding/sponsorship.csv"  # one cell of it changes for (c)

# Runs in the child: the build as `build_site.py build` runs it, with each
# stage timed by wrapping the functions build.py calls (no change to the code).
CHILD = r"""
import json, shutil, sys, time
from pathlib import Path
start = time.perf_counter()
sys.path.insert(0, {root!r})
import ntm_site.build as b
import ntm_site.language_site as ls
from ntm_site.common.project import Project
stages = {{}}
def timed(name, function):
    def run(*args, **kwargs):
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - t
    return run
# The stage functions, by name, where build.py and language_site.py call them (those of
# this version). Those inside build_languages (charts, pages, generator) are timed for the
# first language only: the others run at the same time, each in a process of its own.
STAGES = ("site_inputs_key", "unchanged_site", "check", "history", "build_charts", "build_chart", "draw_charts",
          "build_languages", "write_docs", "write_chart_files", "publish_all", "render_pages", "add_folded_words",
          "swap_in", "remove_staging")
for module in (b, ls):
    for name in STAGES:
        if hasattr(module, name):
            setattr(module, name, timed(name, getattr(module, name)))
import dataclasses
ls.ENGINES["mkdocs"] = dataclasses.replace(ls.ENGINES["mkdocs"], run=timed("site generator", ls.ENGINES["mkdocs"].run))
stages["imports"] = time.perf_counter() - start
project = Project(root=Path({root!r}), datapackages_dir=Path({data!r}))
b.build(project, Path({out!r}), cache=Path({cache!r}))
print(json.dumps(stages))
"""


def _cpu() -> float:
    """CPU seconds of the finished child processes (and theirs): unlike wall
    time, hardly moved by other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_command(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of a command."""
    start, cpu = time.perf_counter(), _cpu()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start, _cpu() - cpu, result.stdout


def run_child(data: Path, out: Path, cache: Path) -> tuple[float, float, dict]:
    code = CHILD.format(root=str(ROOT), data=str(data), out=str(out), cache=str(cache))
    wall, cpu, stdout = timed_command([sys.executable, "-c", code], ROOT)
    return wall, cpu, json.loads(stdout.splitlines()[-1])


# Untimed: the Markdown and configuration each language's build hands to the site
# generator, written as the build writes them (the build removes its own), for (e).
DOCS = r"""
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from ntm_site import language_site as ls
from ntm_site.common.project import Project
from ntm_site.data_in.changelog import history
from ntm_site.data_in.checked import check
project = Project(root=Path({root!r}), datapackages_dir=Path({data!r}))
cache, keep = Path({cache!r}), Path({keep!r})
data = check(project, cache=cache)
changes = history(project.datapackages.parent, project.datapackages.name)
languages = project.settings["languages"]
for lang in languages:
    charts = ls.build_charts(project, data, lang, cache)
    ls.write_docs(project, data, lang, keep / f"docs-{{lang}}", cache, changes, charts)
    site = keep / "site" if lang == languages[0] else keep / "site" / lang
    ls.mkdocs_config(project, lang, keep / f"docs-{{lang}}", site, keep / f"mkdocs.{{lang}}.yml", data.catalogue)
"""


def generated_docs(data: Path, cache: Path, keep: Path) -> None:
    timed_command([sys.executable, "-c", DOCS.format(root=str(ROOT), data=str(data), cache=str(cache), keep=str(keep))], ROOT)


def change_one_cell(data: Path, step: int) -> None:
    """A maintainer's correction: one district's amount, lower (the named
    districts may not exceed their total), different in every run."""
    path = data / EDITED_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("amount_mvnd")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[0] == "district":
            cells[column] = str(int(cells[column]) - step)
            lines[n] = ",".join(cells)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bare_generators(keep: Path) -> dict[str, float]:
    """(e): each generator on its own, over the docs the build generated, both languages."""
    configs = sorted(keep.glob("mkdocs.*.yml"))
    figures = {}
    for name, command in (("mkdocs", ["mkdocs", "build", "--quiet", "-f"]), ("zensical", ["zensical", "build", "--config-file"])):
        runs = [timed_command([sys.executable, "-m", *command, c.name], keep) for c in configs]
        figures[name] = (sum(r[0] for r in runs), sum(r[1] for r in runs), {})
    return figures


def one_run(folder: Path, step: int) -> dict:
    data, cache, keep = folder / "repo/datapackages", folder / f"cache-{step}", folder / f"keep-{step}"
    keep.mkdir()
    figures = {}
    figures["cold"] = run_child(data, folder / "site", cache)
    generated_docs(data, cache, keep)
    figures["no change"] = run_child(data, folder / "site", cache)
    change_one_cell(data, step)
    figures["one cell"] = run_child(data, folder / "site", cache)
    validate = [sys.executable, str(ROOT / "build_site.py"), "validate", "--data", str(data)]
    # First with no findings kept for this data (its folder is new), then with them kept,
    # as a maintainer's second run after correcting a cell of one package.
    figures["validate"] = timed_command(validate, ROOT)[:2] + ({},)
    change_one_cell(data, 1)
    figures["validate again"] = timed_command(validate, ROOT)[:2] + ({},)
    figures.update(bare_generators(keep))
    return figures


def main(argv: list[str]) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=1, help="median of this many runs of each (default 1)")
    args = options.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ntm-build-speed-") as folder:
        folder = Path(folder)
        # A clone holds the committed data and its history; the edit stays in the clone.
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder / "repo")], check=True)
        runs = [one_run(folder, step) for step in range(1, args.runs + 1)]
    def median(key: str, part: int) -> float:
        return statistics.median(r[key][part] for r in runs)

    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else "?"
    print(f"Real data, {args.runs} run(s), median; load average at the end {load} on {os.cpu_count()} cores.")
    print("Wall seconds, and CPU seconds (user+system, all processes; less moved by other work on the")
    print("machine, but parallel drawing adds CPU to save wall time). Multiples of (e), bare mkdocs.")
    bare_wall, bare_cpu = median("mkdocs", 0), median("mkdocs", 1)
    print(f"{'':40} {'wall s':>7} {'x(e)':>5} {'CPU s':>7} {'x(e)':>5}")
    for key, label in (("mkdocs", "(e) bare mkdocs build, both languages"), ("zensical", "    bare zensical build, both languages"),
                       ("cold", "(a) cold build, empty cache"), ("no change", "(b) rebuild, nothing changed"),
                       ("one cell", "(c) rebuild after one cell"), ("validate", "(d) validate, nothing kept"),
                       ("validate again", "    validate after one more cell")):
        wall, cpu = median(key, 0), median(key, 1)
        print(f"{label + ':':40} {wall:7.1f} {wall / bare_wall:5.1f} {cpu:7.1f} {cpu / bare_cpu:5.1f}")
        stages = runs[len(runs) // 2][key][2]  # wall seconds in build.py's stage functions
        for stage, value in sorted(stages.items(), key=lambda kv: -kv[1]):
            print(f"      {stage:34} {value:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
