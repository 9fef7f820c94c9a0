"""The charts of a language, each kept between builds while nothing it comes from changed.

Making the specs (Altair) costs about a second per language on every build.
A chart depends on the code, the configuration and message catalogue, the
schemas, and the data it reads. Each chart is stored under the hash of the
code, configuration, schemas, package descriptors (which say what packages
and tables there are), the chart's id, the set of packages it read and their
files (`ChartInputs.chart_key`). Which packages a chart reads is noted while
it is built (`chart_reads`) and kept in a small index per language ({chart id:
packages}), so that the next build can compute the keys before building:
after one cell of one package changes, only the charts that read that package
are made again; with nothing changed, none. (A file of the whole language
beside them saved nothing: reading it took about as long as reading the
charts one by one, and writing it cost that again on every change.) Stored as
JSON (not pickle): the cache is a file like any other the build reads.

Why a chart read back this way is the chart the builder would make: a
builder is a deterministic function of the code, the configuration, the
schemas, the descriptors and the data of the packages it reads. The entry
under a key was made by a build that read exactly the packages named in the
key, from files whose content the key holds. If the key computed now is the
same, all of those are unchanged; run again, the builder would make the same
reads in the same order, each giving the same values, so it would read the
same packages and make the same chart. The index only guesses which packages
to hash: a wrong guess (a chart that would now read another package) gives a
key no build stored, and the chart is made. Reads that cannot be put down to
packages count as reading every package (`chart_reads`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable

import altair
import pandas as pd

from ..common.cache_files import code_digest, mark_used, store
from ..common.i18n import Localiser
from ..common.project import Project
from ..data_in.catalogue import Catalogue
from ..data_in.provenance import many_rows_ref
from .chart_reads import Recorder
from .charts import Chart, Highlight, PlainSourceLine, SourceLine


def _file_digests(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).digest()
            for path in sorted(p for p in folder.glob("**/*") if p.is_file())}


class ChartInputs:
    """The hashes of what the charts of one language are made from, each file read once."""

    def __init__(self, project: Project, lang: str):
        self.data = _file_digests(project.datapackages)
        common = hashlib.sha256(json.dumps([lang, altair.__version__, pd.__version__]).encode())
        common.update(code_digest())
        for folder in (project.schemas, project.config):
            for name, digest in _file_digests(folder).items():
                common.update(name.encode() + b"\0" + digest)
        # Which packages and tables there are: every file's name, every descriptor's content.
        for name, digest in self.data.items():
            common.update(b"data\0" + name.encode() + b"\0" + (digest if name.endswith("datapackage.json") else b""))
        self.common = common.digest()
        self._packages: dict[str, bytes] = {}

    def _package(self, catalogue: Catalogue, name: str) -> bytes:
        if name not in self._packages:
            digest = hashlib.sha256(name.encode() + b"\0")
            package = catalogue.packages.get(name)
            if package is None:
                digest.update(b"\0missing")
            else:
                prefix = package.directory.name + "/"  # a folder of datapackages/ (discover)
                for file_name, file_digest in self.data.items():
                    if file_name.startswith(prefix):
                        digest.update(file_name.encode() + b"\0" + file_digest)
            self._packages[name] = digest.digest()
        return self._packages[name]

    def chart_key(self, catalogue: Catalogue, chart_id: str, read: Iterable[str]) -> str:
        """Hash of what one chart is made from, had it read the packages `read`."""
        read = sorted(read)
        digest = hashlib.sha256(self.common + json.dumps([chart_id, read]).encode())
        for name in read:
            digest.update(self._package(catalogue, name))
        return digest.hexdigest()


def cached_charts(project: Project, catalogue: Catalogue, lang: str, folder: Path,
                  chart_ids: Iterable[str], build_chart: Callable) -> dict[str, Chart]:
    """The charts `chart_ids` of `lang`: each read back from `folder` when nothing it
    comes from changed, made by `build_chart` (noting what it reads) when it did."""
    loc = Localiser(lang, project.messages)
    inputs = ChartInputs(project, lang)
    index = _load_index(folder, lang)
    recorder = Recorder(catalogue, project)
    charts, reads = {}, {}
    for chart_id in chart_ids:
        known = index.get(chart_id)
        chart = None if known is None else load_chart(folder, inputs.chart_key(catalogue, chart_id, known), loc)
        if chart is not None:
            reads[chart_id] = known
        else:
            chart, read = recorder.build(build_chart, chart_id, loc)
            reads[chart_id] = sorted(read)
            save_chart(folder, inputs.chart_key(catalogue, chart_id, read), chart)
        charts[chart_id] = chart
    if reads != index:
        store(_index_path(folder, lang), json.dumps(reads, sort_keys=True).encode("utf-8"))
    return charts


def _index_path(folder: Path, lang: str) -> Path:
    return folder / f"index-{lang}.json"


def _load_index(folder: Path, lang: str) -> dict[str, list[str]]:
    """{chart id: packages read} of the language's last build; {} when there is none or it is unreadable."""
    mark_used(_index_path(folder, lang))  # rewritten only when it changes
    try:
        index = json.loads(_index_path(folder, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict):
        return {}
    return {k: v for k, v in index.items() if isinstance(v, list) and all(isinstance(p, str) for p in v)}


def _source_to_json(line) -> dict:
    if isinstance(line, PlainSourceLine):
        return {"sentence": line.sentence}
    return {"citation": line.citation, "source_id": line.ref.source_id, "sections": list(line.ref.sections)}


def _source_from_json(entry: dict, loc: Localiser):
    if "sentence" in entry:
        return PlainSourceLine(entry["sentence"])
    return SourceLine(entry["citation"], many_rows_ref(entry["source_id"], entry["sections"], loc))


def _to_json(chart: Chart) -> dict:
    data = chart.data
    return {"id": chart.id, "lang": chart.lang, "title": chart.title, "unit": chart.unit,
            "source_line": _source_to_json(chart.source_line),
            "as_of": chart.as_of, "alt_text": chart.alt_text, "spec": chart.spec, "page_specs": chart.page_specs,
            "highlight": dataclasses.asdict(chart.highlight) if chart.highlight else None,
            "not_for_reading": list(chart.not_for_reading), "rows_name_their_sources": chart.rows_name_their_sources,
            "data": {"columns": list(data.columns), "dtypes": [str(t) for t in data.dtypes],
                     "rows": data.to_numpy(dtype=object).tolist()}}


def _from_json(entry: dict, loc: Localiser) -> Chart:
    table = entry["data"]
    frame = pd.DataFrame(table["rows"], columns=table["columns"], dtype=object)
    frame = frame.astype(dict(zip(table["columns"], table["dtypes"])))
    highlight = Highlight(**entry["highlight"]) if entry["highlight"] else None
    return Chart(**{**entry, "data": frame, "source_line": _source_from_json(entry["source_line"], loc),
                    "highlight": highlight, "not_for_reading": tuple(entry["not_for_reading"])})


def _json_text(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_chart(cache: Path, key: str, loc: Localiser) -> Chart | None:
    entry = _read(cache / f"{key}.json") if mark_used(cache / f"{key}.json") else None
    try:
        return None if entry is None else _from_json(entry, loc)
    except (ValueError, KeyError, TypeError):
        return None


def save_chart(cache: Path, key: str, chart: Chart) -> None:
    store(cache / f"{key}.json", _json_text(_to_json(chart)))
