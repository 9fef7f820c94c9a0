"""An Excel workbook per package: a sheet per table and a sheet describing the fields.

Text is always written as text: openpyxl would store a string starting with
"=" as a formula. Validation already refuses such text (`unsafe_text`); this
is the second line of defence, so a workbook can never carry a live formula.
Numbers are written as numbers (typed by the schema), so "-5" stays -5.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from .archives import normalise_zip
from .catalogue import Table, localised
from .i18n import Localiser

FIXED_DATE = dt.datetime(2000, 1, 1)  # workbook metadata must not record the build time


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy / pandas scalars -> plain Python numbers
        return value.item()
    return value


def _append(sheet, values: list) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never "f" (formula), whatever the text starts with


def _sheet_name(name: str, taken: set[str]) -> str:
    # Excel limits sheet names to 31 characters.
    base, candidate, n = name[:31], name[:31], 2
    while candidate in taken:
        suffix = f"~{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def write_workbook(target: Path, tables: list[Table], loc: Localiser) -> Path:
    workbook = Workbook()
    bold = Font(bold=True)
    fields_sheet = workbook.active
    fields_sheet.title = loc.t("xlsx.fields_sheet")[:31]
    headers = [loc.t(f"xlsx.{key}") for key in ("table", "field", "type", "label", "description")]
    _append(fields_sheet, headers)
    taken = {fields_sheet.title}
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.name, taken))
        columns = [f["name"] for f in table.fields]
        _append(sheet, columns)
        for row in table.frame[columns].itertuples(index=False):
            _append(sheet, [_cell(v) for v in row])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for spec in table.fields:
            _append(fields_sheet, [table.name, spec["name"], spec["type"], localised(spec, "title", loc.lang),
                                   localised(spec, "description", loc.lang)])
    for cell in fields_sheet[1]:
        cell.font = bold
    workbook.properties.creator = "ntm-ha-tinh open data"
    workbook.properties.created = FIXED_DATE
    workbook.save(target)
    # openpyxl stamps the save time as "modified"; a rebuild must not change the file.
    return normalise_zip(target, {"docProps/core.xml": _fixed_modified})


def _fixed_modified(core: bytes) -> bytes:
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core)
