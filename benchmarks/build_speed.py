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
machine the seconds move with the load, the ratios much less.

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
# build.py's stage functions, by name (those of this version of build.py);
# build_chart and write_chart_files run inside build_charts / write_docs.
STAGES = ("site_inputs_key", "unchanged_site", "check", "history", "build_charts", "build_chart", "draw_charts", "write_docs",
          "write_chart_files", "publish_all", "render_pages", "add_folded_words", "swap_in")
for name in STAGES:
    if hasattr(b, name):
        setattr(b, name, timed(name, getattr(b, name)))
keep = Path({keep!r}) if {keep!r} else None
def generator(run):
    def run_and_keep(config_file):
        if keep is not None:  # the generated docs and config, for the bare generator runs
            lang = config_file.name.split(".")[1]
            shutil.copytree(config_file.parent / f"docs-{{lang}}", keep / f"docs-{{lang}}", dirs_exist_ok=True)
            shutil.copy(config_file, keep / config_file.name)
        return run(config_file)
    return timed("site generator", run_and_keep)
import dataclasses
b.ENGINES["mkdocs"] = dataclasses.replace(b.ENGINES["mkdocs"], run=generator(b.ENGINES["mkdocs"].run))
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


def run_child(data: Path, out: Path, cache: Path, keep: Path | None = None) -> tuple[float, float, dict]:
    code = CHILD.format(root=str(ROOT), data=str(data), out=str(out), cache=str(cache), keep=str(keep) if keep else "")
    wall, cpu, stdout = timed_command([sys.executable, "-c", code], ROOT)
    return wall, cpu, json.loads(stdout.splitlines()[-1])


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
    figures["cold"] = run_child(data, folder / "site", cache, keep)
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
