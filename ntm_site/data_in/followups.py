"""Promises followed up: each target of the report against later public sources.

The rule that turns later rows into kept / partly kept / not kept / reached after
the deadline / no later source is documented in config/followups.yml and stated on /muc-tieu/.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..common.project import Project
from ..common.yaml_files import read_yaml_file
from .catalogue import Catalogue
from .targets import end_of, start_of

STATUSES = ("kept", "partly_kept", "not_kept", "reached_later", "no_later_source")


@dataclass(frozen=True)
class FollowUp:
    target: pd.Series  # the target row (observations schema)
    status: str
    value: float | None = None  # the later figure the status rests on
    as_of: str | None = None
    source_id: str | None = None
    note: dict | None = None


def load_followups(project: Project) -> list[dict]:
    return read_yaml_file(project.config / "followups.yml")["followups"]


def _matches(frame: pd.DataFrame, where: dict) -> pd.DataFrame:
    for column, value in where.items():
        frame = frame[frame[column].astype(str) == str(value)]
    return frame


def _later_rows(catalogue: Catalogue, evidence: dict, report_date: str) -> pd.DataFrame:
    package, table = evidence["table"].split("/")
    frame = _matches(catalogue.table(package, table), evidence.get("where", {}))
    sources = catalogue.indexed("reference", "sources", "source_id")
    # A source dated in the report's month may predate it: only later months count.
    later = frame["source_id"].map(lambda s: end_of(sources.loc[s, "date"]) > end_of(report_date))
    frame = frame[later & frame[evidence["date"]].notna()].copy()
    frame["_date"] = frame[evidence["date"]].astype(str)
    if "column" in evidence:
        value = frame[evidence["column"]].astype(float)
        if "percent_of" in evidence:
            value = value / frame[evidence["percent_of"]].astype(float) * 100
        frame["_value"] = value
    else:  # each row is one occurrence (one dossier, one decision)
        frame["_value"] = 1.0
    return frame.sort_values("_date")


def _judge(rule: str, rows: pd.DataFrame, target: float, deadline, period_start, baseline: float | None):
    """(status, deciding row or None, value) for one target."""
    if rows.empty:
        return "no_later_source", None, None
    if rule == "event":
        first = rows.iloc[0]
        if first["_value"] < target:
            return "no_later_source", None, None
        return ("kept" if end_of(first["_date"]) <= deadline else "partly_kept"), first, first["_value"]
    if rule == "sum":
        within = rows[rows["_date"].map(lambda d: (period_start or end_of(d)) <= end_of(d) <= deadline)]
        total = within["_value"].sum()
        if not within.empty and total >= target:
            return "kept", within.iloc[-1], total
        return "no_later_source", None, None
    by_deadline = rows[rows["_date"].map(lambda d: end_of(d) <= deadline)]
    reached = by_deadline[by_deadline["_value"] >= target]
    if not reached.empty:
        return "kept", reached.iloc[0], reached.iloc[0]["_value"]
    after = rows[rows["_date"].map(lambda d: end_of(d) > deadline)]
    if after.empty:
        return "no_later_source", None, None
    row = after.loc[after["_date"].map(end_of).sort_values(kind="stable").index[-1]]  # the newest figure
    if row["_value"] >= target:
        # At the target, but only by a figure dated after the deadline: whether it was on
        # time is not known. Said so, with the figure, rather than "no later source".
        return "reached_later", row, row["_value"]
    progressed = baseline is not None and row["_value"] > baseline
    return ("partly_kept" if progressed else "not_kept"), row, row["_value"]


def _baseline(catalogue: Catalogue, spec: dict | None) -> float | None:
    if not spec:
        return None
    package, table = spec["table"].split("/")
    rows = _matches(catalogue.table(package, table), spec["where"])
    return None if rows.empty else float(rows.iloc[0][spec.get("column", "value")])


def follow_up(project: Project, catalogue: Catalogue) -> list[FollowUp]:
    """One FollowUp per target row of the report, in the order the report lists them.

    Worked out once per build (every unit's page asks); callers must not modify it."""
    return catalogue.derived(f"follow-ups of {project.config}", lambda: _follow_up(project, catalogue))


def _follow_up(project: Project, catalogue: Catalogue) -> list[FollowUp]:
    targets = catalogue.table("targets", "observations")
    targets = targets[targets["kind"].isin(["target", "target_remaining"])]
    sources = catalogue.indexed("reference", "sources", "source_id")
    entries = load_followups(project)
    out = []
    for _, target in targets.iterrows():
        entry = next((e for e in entries if all(str(target[c]) == str(v) for c, v in e["target"].items())), None)
        if entry is None:
            out.append(FollowUp(target, "no_later_source"))
            continue
        # Later than the report that set the target, whichever report that is.
        rows = _later_rows(catalogue, entry["evidence"], str(sources.loc[target["source_id"], "date"]))
        period_start = start_of(target["period_start"]) if pd.notna(target.get("period_start")) else None
        status, row, value = _judge(entry["rule"], rows, float(target["value"]), end_of(target["as_of"]),
                                    period_start, _baseline(catalogue, entry.get("baseline")))
        out.append(FollowUp(target, status, value, None if row is None else row["_date"],
                            None if row is None else row["source_id"], entry.get("note")))
    return out
