"""Each chart is kept in the cache by the packages its builder read (chart_cache, chart_reads).

The promise: a chart read back from the cache is the chart a build without a
cache makes of the same data. Checked for a one-cell edit of every package
against charts made from scratch, specs and data (no drawing), and checked to catch the two ways a chart takes in data without
touching a table itself (a derived table computed for an earlier chart, a
highlighted series derived from its series): with either left out, a stale
chart is served and the same comparison fails.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ntm_site import language_site
from ntm_site.data_in.catalogue import Catalogue, discover, load_frames
from ntm_site.data_in.checked import CheckedData
from ntm_site.data_in.observations import all_observations
from ntm_site.common.i18n import Localiser
from ntm_site.common.project import Project
from ntm_site.site_pages import chart_reads
from ntm_site.site_pages.chart_builders import build_chart
from ntm_site.site_pages.chart_cache import _to_json
from ntm_site.site_pages.charts import Chart
from ntm_site.site_pages.chart_reads import Recorder

ROOT = Path(__file__).resolve().parent.parent
LANG = "en"
PACKAGES = sorted(d.name for d in (ROOT / "datapackages").iterdir() if (d / "datapackage.json").is_file())
OBSERVATION_PACKAGES = sorted(p for p in PACKAGES if (ROOT / "datapackages" / p / "observations.csv").is_file())


def loaded(project: Project) -> Catalogue:
    """The data as the build loads it, without the validation (the edits here keep every cell's type)."""
    catalogue, problems = discover(project)
    assert not [p for p in problems if p.is_error]
    load_frames(catalogue)
    return catalogue


def charts_of(project: Project, cache: Path | None = None) -> dict:
    return language_site.build_charts(project, CheckedData(loaded(project), [], []), LANG, cache)


def as_json(chart) -> str:
    return json.dumps(_to_json(chart), sort_keys=True, default=str, ensure_ascii=False)


def same_chart(one: Chart, other: Chart) -> bool:
    """Equal in every field of Chart, so that a field the cache does not keep shows here:
    the data in values and types, the source line as it reads and links."""
    for field in dataclasses.fields(Chart):
        mine, theirs = getattr(one, field.name), getattr(other, field.name)
        if isinstance(mine, pd.DataFrame):
            if not (mine.equals(theirs) and list(mine.dtypes) == list(theirs.dtypes)):
                return False
        elif field.name == "source_line":
            if (mine.text(), mine.html("../")) != (theirs.text(), theirs.html("../")):
                return False
        elif mine != theirs:
            return False
    return True


def differences(made: dict, expected: dict) -> list[str]:
    """The ids of the charts that differ in anything."""
    assert list(made) == list(expected)
    return [chart_id for chart_id, chart in made.items()
            if as_json(chart) != as_json(expected[chart_id]) or not same_chart(chart, expected[chart_id])]


def copy_of_the_data(folder: Path) -> Project:
    shutil.copytree(ROOT / "datapackages", folder / "datapackages")
    shutil.copytree(ROOT / "schemas", folder / "schemas")
    return Project(root=ROOT, datapackages_dir=folder / "datapackages")


def _cells(project: Project, package: str):
    """(file, row, column, type, value) of each cell of `package` that can change without
    changing what a row is: not a key, an id or a code, a date, or one of a list of values."""
    folder = project.datapackages / package
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((folder / schema).read_text(encoding="utf-8"))
        keys = set(schema.get("primaryKey") or [])
        for foreign in schema.get("foreignKeys", []):
            keys |= set([foreign["fields"]] if isinstance(foreign["fields"], str) else foreign["fields"])
        fields = {f["name"]: f for f in schema["fields"]}
        with open(folder / resource["path"], encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for number, row in enumerate(rows, start=2):
            for name, value in row.items():
                spec = fields[name]
                constrained = {"enum", "pattern"} & set(spec.get("constraints", {}))
                if (value and name not in keys and not name.endswith(("_id", "_code")) and not constrained
                        and spec["type"] in ("integer", "number", "string") and "format" not in spec):
                    yield f"{package}/{resource['path']}", number, name, spec["type"], value, row


def charted_figure(file: str, column: str, row: dict, shown: dict) -> bool:
    """Whether the cell is a figure a chart plots, as the chart ids and config/targets.yml say:
    a unit's figure in a series compared across units, a part of a provincial total, or a
    target the targets chart measures progress towards."""
    if column != "value":
        return False
    series = tuple(row.get(k) or "" for k in ("indicator_id", "breakdown_id", "kind", "as_of"))
    if row.get("unit_code") != "42" and "--".join(("so-sanh", *series)) in shown["ids"]:
        return True
    if row.get("unit_code") == "42" and series[1] != "total" and "--".join(("co-cau", series[0], *series[2:])) in shown["ids"]:
        return True
    return any(file.removesuffix(".csv") == target["target"]["table"] and "progress" in target
               and all(row.get(k) == v for k, v in target["target"]["where"].items()) for target in shown["targets"])


def edits(project: Project, package: str, shown: dict) -> list[tuple[str, int, str, str, str]]:
    """Edits of one cell of `package`, the likeliest to show first: of a figure a chart plots
    if there is one, else of text a chart shows (a name, a date as printed), else of a number
    a chart shows, else of any number, else of any text; the longest first (a "4" that a chart
    shows may be another 4). Each (file, row, column, old value, new value)."""
    cells = list(_cells(project, package))
    numbers = [c for c in cells if c[3] != "string"]
    texts = [c for c in cells if c[3] == "string"]
    charted = [c for c in numbers if charted_figure(c[0], c[2], c[5], shown)]
    numbers_shown = [c for c in numbers if float(c[4]) in shown["numbers"]]
    texts_shown = [c for c in texts if c[4] in shown["texts"] and len(c[4]) > 3]
    first = next(group for group in (charted, texts_shown, numbers_shown, numbers, texts) if group)
    return [(file, row, column, value,
             value + " (edited)" if kind == "string" else str(int(value) + 1) if kind == "integer" else repr(float(value) + 1))
            for file, row, column, kind, value, _ in sorted(first, key=lambda c: -len(c[4]))]


def one_cell(project: Project, package: str, shown: dict) -> tuple[str, int, str, str, str]:
    return edits(project, package, shown)[0]


def set_cell(project: Project, file: str, row: int, column: str, value: str) -> None:
    path = project.datapackages / file
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def shown_values(charts: dict) -> dict:
    numbers, texts = set(), set()
    for chart in charts.values():
        for value in chart.data.to_numpy(dtype=object).ravel():
            if isinstance(value, str):
                texts.add(value)
            elif value is not None:
                try:
                    numbers.add(float(value))
                except (TypeError, ValueError):
                    pass
    targets = yaml.safe_load((ROOT / "config" / "targets.yml").read_text(encoding="utf-8"))["targets"]
    return {"numbers": numbers, "texts": texts, "ids": set(charts), "targets": targets}


@pytest.fixture(scope="module")
def original(project, tmp_path_factory):
    """The real data's charts of one language, and a cache they warmed."""
    cache = tmp_path_factory.mktemp("warm-cache")
    return charts_of(project, cache), cache


class Counted:
    """`build_chart`, counting the charts it builds."""

    def __init__(self):
        self.built: list[str] = []

    def __call__(self, chart_id, *args, **kwargs):
        self.built.append(chart_id)
        return build_chart(chart_id, *args, **kwargs)


def rebuilt_after(package: str, original, folder: Path, monkeypatch, edit: tuple | None = None) -> dict:
    """One cell of `package` edited in a copy of the data (`edit`, or `one_cell`'s): the
    charts built with the cache warmed on the original data, those built from scratch,
    and which were rebuilt."""
    charts, warm = original
    cache = folder / "cache"
    shutil.copytree(warm, cache)
    project = copy_of_the_data(folder)
    edit = edit or one_cell(project, package, shown_values(charts))
    set_cell(project, *edit[:3], edit[4])
    counted = Counted()
    with monkeypatch.context() as patch:
        patch.setattr(language_site, "build_chart", counted)
        cached = charts_of(project, cache)
    return {"edit": edit, "cached": cached, "scratch": charts_of(project), "rebuilt": counted.built}


# The packages no chart draws a figure from (communication's series cover too few units to
# compare): their edits must change no chart.
NOT_CHARTED = {"admin_changes", "communication", "documents"}


@pytest.mark.parametrize("package", PACKAGES)
def test_after_one_cell_of_any_package_the_charts_are_those_made_from_scratch(package, original, tmp_path, monkeypatch):
    index = json.loads((original[1] / "specs" / f"index-{LANG}.json").read_text(encoding="utf-8"))
    # The first edit that shows in some chart (else this test would prove nothing); none shows
    # for a package no chart draws from. (A target's value shows only if progress is not nil.)
    for attempt, edit in enumerate(edits(copy_of_the_data(tmp_path / "look"), package, shown_values(original[0]))[:3]):
        result = rebuilt_after(package, original, tmp_path / str(attempt), monkeypatch, edit)
        assert differences(result["cached"], result["scratch"]) == [], edit
        changed = differences(result["scratch"], original[0])
        if changed or package in NOT_CHARTED:
            break
    assert bool(changed) == (package not in NOT_CHARTED), result["edit"]
    # Rebuilt: the charts that read the package, each once; every other one is read back.
    assert sorted(result["rebuilt"]) == sorted(c for c, read in index.items() if package in read)
    assert set(changed) <= set(result["rebuilt"])


def test_a_cell_of_funding_rebuilds_only_the_charts_of_funding(original, tmp_path, monkeypatch):
    """The benchmark's edit: a sponsorship amount. The charts drawn from the funding
    package are rebuilt, the targets chart (config/targets.yml measures a target by
    the capital disbursed) too; the 70-odd series charts are read back."""
    edit = ("funding/sponsorship.csv", 5, "amount_mvnd", "3534", "3486")  # below the next district
    rows = list(csv.DictReader((ROOT / "datapackages" / edit[0]).read_text(encoding="utf-8-sig").splitlines()))
    assert rows[edit[1] - 2][edit[2]] == edit[3]
    result = rebuilt_after("funding", original, tmp_path, monkeypatch, edit)
    assert differences(result["scratch"], original[0]) == ["sponsorship-by-district"]  # the edit shows
    assert sorted(result["rebuilt"]) == ["capital-plan-vs-disbursed", "sponsorship-by-district", "targets-progress"]
    assert differences(result["cached"], result["scratch"]) == []


def test_nothing_changed_reads_the_charts_back_without_building_any(original, monkeypatch, project):
    counted = Counted()
    monkeypatch.setattr(language_site, "build_chart", counted)
    again = charts_of(project, original[1])
    assert counted.built == [] and differences(again, original[0]) == []


def test_a_wrong_index_costs_builds_never_a_wrong_chart(original, tmp_path, monkeypatch):
    """The index of what each chart read only guesses which packages to hash: guessed
    wrong (here, every chart said to read admin_changes alone, which none reads), no
    stored chart has that key, and every chart is built again."""
    charts, warm = original
    cache = tmp_path / "cache"
    shutil.copytree(warm, cache)
    for index in cache.glob("specs/index-*.json"):
        index.write_text(json.dumps({chart_id: ["admin_changes"] for chart_id in charts}), encoding="utf-8")
    project = copy_of_the_data(tmp_path)
    file, row, column, old, new = one_cell(project, OBSERVATION_PACKAGES[0], shown_values(charts))
    set_cell(project, file, row, column, new)
    scratch = charts_of(project)
    counted = Counted()
    monkeypatch.setattr(language_site, "build_chart", counted)
    assert differences(charts_of(project, cache), scratch) == []
    assert len(counted.built) == len(charts)


# The two traps. Each test below first shows the recorded reads, then shows that
# without the way they are kept, a stale chart is served after a one-cell edit.

def test_a_derived_table_computed_for_an_earlier_chart_counts_as_read_by_a_later_one(catalogue, project):
    recorder = Recorder(catalogue, project)
    loc = Localiser(LANG, project.messages)

    def reads_observations(chart_id, view, *args):
        all_observations(view)
        return chart_id

    first = recorder.build(reads_observations, "first", loc)[1]
    second = recorder.build(reads_observations, "second", loc)[1]  # the memo of the first
    assert set(OBSERVATION_PACKAGES) <= first and "funding" not in first
    assert second == first


def a_highlighted_series(project, catalogue) -> tuple[str, str]:
    """(series id, highlighted id) of a district series the pages show with one unit marked."""
    ids = language_site._chart_ids(project, CheckedData(catalogue, [], []))
    highlighted = next(i for i in ids if i.startswith("so-sanh--") and len(i.split("--")) == 6)
    return highlighted.rsplit("--", 1)[0], highlighted


def test_a_highlighted_series_counts_as_reading_what_its_series_read(catalogue, project):
    recorder = Recorder(catalogue, project)
    loc = Localiser(LANG, project.messages)
    series_id, highlighted_id = a_highlighted_series(project, catalogue)
    series = recorder.build(build_chart, series_id, loc)[1]
    highlighted = recorder.build(build_chart, highlighted_id, loc)[1]  # from the series built just before
    assert set(OBSERVATION_PACKAGES) <= series
    assert highlighted == series


def without_memo_replay(self, key, compute):
    """RecordingCatalogue.derived with the memo's reads forgotten on a hit."""
    if key not in self._memo:
        with self._reads.recording() as read:
            self._memo[key] = (compute(), frozenset(read))
    return self._memo[key][0]


def without_series_replay(self, chart_id):
    """BuiltCharts.__getitem__ with the series' reads forgotten."""
    return self._charts[chart_id][0]


@pytest.mark.parametrize("left_out", [
    (chart_reads.RecordingCatalogue, "derived", without_memo_replay),
    (chart_reads.BuiltCharts, "__getitem__", without_series_replay),
], ids=["derived-table-reads", "highlighted-series-reads"])
def test_without_either_way_of_keeping_reads_a_stale_chart_is_served(left_out, project, tmp_path, monkeypatch):
    """The comparison of the first test catches each trap: with the cache warmed by
    code that forgets those reads, a one-cell edit of some observations package
    leaves charts out of date."""
    monkeypatch.setattr(*left_out)
    warm = tmp_path / "warm"
    charts = charts_of(project, warm)
    stale = []
    for package in OBSERVATION_PACKAGES:
        result = rebuilt_after(package, (charts, warm), tmp_path / package, monkeypatch)
        stale = differences(result["cached"], result["scratch"])
        if stale:
            break
    assert stale


def test_names_are_free_contents_are_reads_and_what_cannot_be_put_down_counts_as_everything(catalogue, project):
    recorder = Recorder(catalogue, project)
    loc = Localiser(LANG, project.messages)

    def reading(what):
        return recorder.build(lambda chart_id, view, loc, project, built: what(view, project), "chart", loc)[1]

    # Which packages and tables there are: in every key already (the descriptors).
    assert reading(lambda view, _: [(p.name, list(p.tables)) for p in view.packages.values()]) == set()
    assert reading(lambda view, _: view.packages["ocop"].descriptor) == {"ocop"}
    assert reading(lambda view, _: view.table("funding", "sponsorship")) == {"funding"}
    assert reading(lambda view, _: view.packages["criteria"].tables["progress_counts"].path) == {"criteria"}
    # The data folder read past the catalogue: every package.
    assert reading(lambda _, project: project.datapackages) == set(catalogue.packages)
    # A date from git's history is in no key: refused, not served stale.
    with pytest.raises(TypeError, match="git"):
        reading(lambda view, _: view.last_changed(view.packages["funding"]))
