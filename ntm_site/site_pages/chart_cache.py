"""The charts of a language, kept between builds while nothing they come from changed.

Making the specs (Altair) costs seconds on every build. A chart depends on the
data, the schemas, the configuration and message catalogue, and the code, so
the charts of one language are stored under the hash of all of those: a
rebuild with no change reads them back; any change makes them again. Stored
as JSON (not pickle): the cache is a file like any other the build reads.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import altair
import pandas as pd

from ..common.cache_files import code_digest, store
from ..common.i18n import Localiser
from ..common.project import Project
from ..data_in.provenance import many_rows_ref
from .charts import Chart, Highlight, PlainSourceLine, SourceLine


def charts_key(project: Project, lang: str) -> str:
    """Hash of everything a chart is made from."""
    digest = hashlib.sha256(json.dumps([lang, altair.__version__, pd.__version__]).encode())
    digest.update(code_digest())
    for folder in (project.datapackages, project.schemas, project.config):
        for path in sorted(p for p in folder.glob("**/*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


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
            "data": {"columns": list(data.columns), "dtypes": [str(t) for t in data.dtypes],
                     "rows": data.to_numpy(dtype=object).tolist()}}


def _from_json(entry: dict, loc: Localiser) -> Chart:
    table = entry["data"]
    frame = pd.DataFrame(table["rows"], columns=table["columns"], dtype=object)
    frame = frame.astype(dict(zip(table["columns"], table["dtypes"])))
    highlight = Highlight(**entry["highlight"]) if entry["highlight"] else None
    return Chart(**{**entry, "data": frame, "source_line": _source_from_json(entry["source_line"], loc),
                    "highlight": highlight})


def load_charts(cache: Path, key: str, loc: Localiser) -> dict[str, Chart] | None:
    path = cache / f"{key}.json"
    if not path.exists():
        return None
    try:
        return {entry["id"]: _from_json(entry, loc) for entry in json.loads(path.read_text(encoding="utf-8"))}
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable entry is made again, not trusted


def save_charts(cache: Path, key: str, charts: dict[str, Chart]) -> None:
    text = json.dumps([_to_json(c) for c in charts.values()], ensure_ascii=False, sort_keys=True, default=str)
    store(cache / f"{key}.json", text.encode("utf-8"))
