"""How a table of figures is laid out for reading, on a phone as on a desktop.

Rules (issue: no table needs sideways scrolling at 390 px):
- a column blank in every row is dropped: it tells the reader nothing;
- a context column (place, date, where in the report) holding one and the same
  value in every row (two rows or more) is dropped from the grid and said once
  above the table ("Đơn vị: Hà Tĩnh"), so the reader still learns it without
  reading it on every row; a figure's own column is never folded;
- every cell carries its column's label, so that on a narrow screen each row
  becomes a card of "label: value" lines (pure CSS, no JavaScript needed).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


def blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in ("", "–")
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class TableLayout:
    headers: list[str]
    rows: list[list]
    # (label, value) of the columns said once above the table.
    constants: list[tuple[str, object]]
    kept: list[int]  # the columns shown, by their place in the headers given


# Columns that give a row's context (place, date, where in the report...) and
# may be said once above the table; a figure's own column never is.
CONTEXT_COLUMNS = ("unit", "where", "as_of", "period", "kind", "reported_by", "measure_unit", "scope", "package",
                   "criteria_set", "source", "deadline")


def layout(headers: list[str], rows: list[list], foldable: frozenset = frozenset()) -> TableLayout:
    """`foldable`: the labels of context columns that may be said once above the table."""
    keep, constants = [], []
    for index, header in enumerate(headers):
        column = [row[index] for row in rows]
        if column and all(blank(v) for v in column):
            continue
        if (header in foldable and len(column) >= 2 and not blank(column[0])
                and all(_same(v, column[0]) for v in column)):
            constants.append((header, column[0]))
            continue
        keep.append(index)
    if not keep:  # never drop everything: a one-column table of one value stays a table
        keep, constants = list(range(len(headers))), []
    return TableLayout([headers[i] for i in keep], [[row[i] for i in keep] for row in rows], constants, keep)


def _same(a, b) -> bool:
    if blank(a) or blank(b):
        return False
    return str(a) == str(b)
