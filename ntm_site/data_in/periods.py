"""Figures over time: the latest value of each series and the one before it.

The site began with one report; each later report adds rows for a new date to
the same tables. A *series* is what stays the same from report to report (an
indicator, breakdown, kind and place; a progress measure; a capital type), and
its date column says which report's figure a row is. Pages show the latest
row of each series and, when there is an earlier one, the change since it.
With one report every series has one row: no change is stated, nothing moves.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..common.i18n import Localiser
from .targets import end_of

# An observation's series: everything that identifies it except its date.
OBSERVATION_SERIES = ["indicator_id", "breakdown_id", "kind", "unit_code"]
TIME_PREFIX = "theo-thoi-gian"  # chart id prefix: one series over its dates


def date_column(frame: pd.DataFrame) -> str:
    """The column that dates a row: `as_of` (a stock or the end of a flow), else `period_end`."""
    for column in ("as_of", "period_end"):
        if column in frame.columns:
            return column
    raise ValueError("a table with periods needs an as_of or period_end column")


def _order(frame: pd.DataFrame, column: str) -> pd.Series:
    # ISO dates of any precision ("2024", "2024-06", "2024-06-30") compare by the last day they cover.
    return frame[column].map(lambda value: pd.Timestamp(end_of(value)) if pd.notna(value) and str(value) else pd.NaT)


def by_date(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows oldest first (stable: rows of one date keep their file order)."""
    order = _order(frame, date_column(frame))
    return frame.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")


def latest_rows(frame: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    """The latest row of each series, in the file order of those rows."""
    if frame.empty:
        return frame
    newest = by_date(frame).drop_duplicates(series, keep="last")
    return frame.loc[sorted(newest.index)]


def latest_date_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the table's latest date only: a chart of parts draws one report's parts."""
    if frame.empty:
        return frame
    order = _order(frame, date_column(frame))
    return frame[order == order.max()]


@dataclass(frozen=True)
class Change:
    latest: pd.Series
    previous: pd.Series | None

    def difference(self, column: str = "value") -> float | None:
        if self.previous is None:
            return None
        now, before = self.latest[column], self.previous[column]
        if pd.isna(now) or pd.isna(before):
            return None
        return float(now) - float(before)


def latest_with_previous(frame: pd.DataFrame, series: list[str]) -> list[Change]:
    """For each series, its latest row and the row dated just before it (None with one date)."""
    changes = []
    ordered = by_date(frame)
    for _, rows in ordered.groupby(series, sort=False, dropna=False):
        changes.append(Change(rows.iloc[-1], rows.iloc[-2] if len(rows) > 1 else None))
    return sorted(changes, key=lambda change: change.latest.name)


def change_of(frame: pd.DataFrame, series: list[str], where: dict) -> Change:
    """The Change of the one series `where` selects (e.g. {"measure": "communes_advanced_ntm"})."""
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column].astype(str) == str(value)]
    found = latest_with_previous(rows, series)
    if len(found) != 1:
        raise ValueError(f"{where} selects {len(found)} series; it must select one")
    return found[0]


def change_text(change: Change, loc: Localiser, column: str = "value", percent: bool = False, scale=1) -> str | None:
    """'+3 so với 30/06/2024' / '+3 since 30 June 2024'; None when there is no earlier figure.
    `scale`: what the figures beside it were multiplied by (observations.display_unit)."""
    difference = change.difference(column)
    if difference is None:
        return None
    difference = float(Decimal(str(difference)) * Decimal(str(scale))) if scale != 1 else difference
    date = loc.date(change.previous["as_of" if "as_of" in change.previous.index else "period_end"])
    if difference == 0:
        return loc.t("periods.unchanged", date=date)
    amount = loc.number(abs(difference)) if not percent else loc.t("periods.points", value=loc.number(round(abs(difference), 2)))
    return loc.t("periods.change", sign="+" if difference > 0 else "−", amount=amount, date=date)


def series_with_several_dates(observations: pd.DataFrame) -> list[tuple]:
    """Observation series (indicator, breakdown, kind, unit) with results at two dates or more.

    Results only (`kind` = actual): a later report's goal or plan is for another
    year, not a change of the earlier one."""
    rows = observations[observations["value"].notna() & (observations["kind"] == "actual")]
    dates = rows.groupby(OBSERVATION_SERIES, dropna=False)["as_of"].nunique()
    return [key for key, count in dates.items() if count >= 2]


def time_chart_id(indicator_id: str, breakdown_id: str, kind: str, unit_code: int) -> str:
    """File-safe id of the chart of one series over time."""
    return "--".join([TIME_PREFIX, indicator_id, breakdown_id, kind, str(unit_code)])

