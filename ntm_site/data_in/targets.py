"""Targets against progress, with a status from a documented rule (config/targets.yml)."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..common.project import Project
from ..common.yaml_files import read_yaml_file
from .catalogue import Catalogue


@dataclass(frozen=True)
class TargetProgress:
    id: str
    target: pd.Series  # the target row (observations schema)
    progress: pd.Series | None  # the row holding the progress figure
    progress_value: float | None
    progress_as_of: str | None
    measure: str  # flow | level
    status: str  # achieved | in_progress | behind | no_data
    expected_share: float | None  # share of the target due by the progress date (flows)
    label: dict | None
    # What the report gives instead of progress (appraised but not recognised,
    # a ratio over other units): (value, label, row) shown, never counted.
    context: tuple = ()


def end_of(iso: str) -> dt.date:
    """The last day an ISO date of any precision covers: 2024 -> 31 Dec, 2024-06 -> 30 Jun."""
    parts = [int(p) for p in str(iso).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def start_of(iso: str) -> dt.date:
    parts = [int(p) for p in str(iso).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def elapsed_share(period_start: str | None, period_end: str, at: str) -> float:
    start = start_of(period_start) if period_start else dt.date(end_of(period_end).year, 1, 1)
    end, moment = end_of(period_end), end_of(at)
    total = (end - start).days + 1
    return min(max(((moment - start).days + 1) / total, 0.0), 1.0)


def status_of(measure: str, target: float, progress: float | None, expected_share: float | None) -> str:
    if progress is None:
        return "no_data"
    if progress >= target:
        return "achieved"
    if measure == "level":
        return "in_progress"
    return "in_progress" if progress / target >= expected_share else "behind"


def _select_target(catalogue: Catalogue, selector: dict) -> pd.Series | None:
    """The target row as the earliest report set it: a later report restating
    the goal, or setting the next year's with the same indicator, adds rows
    that must not turn a promise into another."""
    package, table = selector["table"].split("/")
    frame = catalogue.table(package, table)
    for column, value in selector["where"].items():
        frame = frame[frame[column].astype(str) == str(value)]
    if len(frame) > 1:
        dates = catalogue.indexed("reference", "sources", "source_id")["date"]
        reported = frame["source_id"].map(lambda s: end_of(dates[s]))
        frame = frame[reported == reported.min()]
    if len(frame) > 1:
        raise ValueError(f"target selector {selector} matches {len(frame)} rows of one report; it must match one")
    return None if frame.empty else frame.iloc[0]


def _matching(catalogue: Catalogue, selector: dict) -> pd.DataFrame:
    package, table = selector["table"].split("/")
    frame = catalogue.table(package, table)
    for column, value in selector["where"].items():
        frame = frame[frame[column].astype(str) == str(value)]
    return frame


def _latest(frame: pd.DataFrame, selector: dict) -> pd.Series | None:
    """The row of the latest date; one per date, as each report gives one."""
    if frame.empty:
        return None
    dates = frame.apply(_date_of, axis=1).map(end_of)
    newest = frame[dates == dates.max()]
    if len(newest) > 1:
        raise ValueError(f"selector {selector} matches {len(newest)} rows of one date; it must match one per date")
    return newest.iloc[0]


def _latest_progress(catalogue: Catalogue, selector: dict, target: pd.Series) -> pd.Series | None:
    """The progress row of the latest report dated by the target's deadline.

    Each report adds a row for the same measure; a target set in one report is
    followed by the later reports' figures, up to the date the target is due.
    """
    frame = _matching(catalogue, selector)
    if frame.empty:
        return None
    due = frame[frame.apply(_date_of, axis=1).map(end_of) <= end_of(target["as_of"])]
    return _latest(due, selector)


def _context(catalogue: Catalogue, item: dict) -> tuple:
    row = _latest(_matching(catalogue, item), item)
    if row is None:
        raise TargetConfigError(f"context selects no row: {item}")
    return float(row[item.get("column", "value")]), item["label"], row


def _date_of(row: pd.Series) -> str:
    for column in ("as_of", "period_end"):
        if column in row and row[column] is not None and not pd.isna(row[column]):
            return str(row[column])
    raise ValueError("a progress row needs an as_of or period_end date")


# An indicator so named counts what was put forward or appraised, not yet recognised.
PENDING_SUFFIX = "_submitted"


class TargetConfigError(ValueError):
    """config/targets.yml asks for progress the report does not give."""


def check_progress(entry: dict, progress: pd.Series) -> None:
    """Refuse progress that is not an achievement over the target's own units."""
    indicator = progress.get("indicator_id")
    if isinstance(indicator, str) and indicator.endswith(PENDING_SUFFIX):
        raise TargetConfigError(
            f"target '{entry['id']}': '{indicator}' counts what is appraised, not recognised; it cannot be progress "
            f"(show it as context) / mục tiêu '{entry['id']}': '{indicator}' là số đã thẩm định, chưa công nhận, không phải kết quả đã đạt")
    if entry["progress"].get("column") == "share_reported":
        out_of = progress.get("out_of")
        if entry.get("units") is None or out_of is None or pd.isna(out_of) or int(out_of) != int(entry["units"]):
            raise TargetConfigError(
                f"target '{entry['id']}': a ratio over {out_of} units is not progress toward a target over "
                f"{entry.get('units')} units / tỷ lệ trên {out_of} đơn vị không phải tiến độ của mục tiêu trên {entry.get('units')} đơn vị")


def load_targets(project: Project) -> list[dict]:
    return read_yaml_file(project.config / "targets.yml")["targets"]


def evaluate(project: Project, catalogue: Catalogue) -> list[TargetProgress]:
    results = []
    for entry in load_targets(project):
        target = _select_target(catalogue, entry["target"])
        if target is None:
            raise ValueError(f"target '{entry['id']}' selects no row: {entry['target']}")
        progress = _latest_progress(catalogue, entry["progress"], target) if "progress" in entry else None
        value = as_of = expected = None
        if progress is not None:
            check_progress(entry, progress)
            raw = progress[entry["progress"].get("column", "value")]
            value = None if pd.isna(raw) else float(raw)
            as_of = _date_of(progress)
            if entry["measure"] == "flow":
                expected = elapsed_share(target["period_start"], target["as_of"], as_of)
        results.append(TargetProgress(
            id=entry["id"], target=target, progress=progress, progress_value=value, progress_as_of=as_of,
            measure=entry["measure"], status=status_of(entry["measure"], float(target["value"]), value, expected),
            expected_share=expected, label=entry.get("progress_label"),
            context=tuple(_context(catalogue, item) for item in entry.get("context", []))))
    return results
