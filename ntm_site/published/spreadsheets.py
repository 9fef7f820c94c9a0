"""An Excel workbook per package: a sheet per table, shaped for people (labelled
headers, names beside codes, typed values, widths, a frozen header), then a sheet
describing the fields.

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
from openpyxl.utils import get_column_letter

from ..common.i18n import Localiser
from ..data_in.catalogue import Catalogue, Table, localised
from .archives import normalise_zip
from .people_tables import people_columns, people_frame, unique_labels

FIXED_DATE = dt.datetime(2000, 1, 1)  # workbook metadata must not record the build time


def _append(sheet, row: int, values: list) -> None:
    """Write `values` as row `row`, the sheet's next. The caller counts the rows:
    openpyxl's own count (max_row) looks at every cell, which made a sheet quadratic."""
    sheet.append(values)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"  # never "f" (formula), whatever the text starts with


def _sheet_name(name: str, taken: set[str]) -> str:
    # Excel limits sheet names to 31 characters.
    base, candidate, n = name[:31], name[:31], 2
    while candidate in taken:
        suffix = f"~{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


# Excel number formats: grouped thousands, up to three decimals; years bare.
NUMBER_FORMATS = {"number": "#,##0.###", "integer": "#,##0", "year": "0", "date": "yyyy-mm-dd"}


def number_format(kind: str, value) -> str | None:
    """A cell's format: a whole number of a decimal column as a whole number, since
    "#,##0.###" shows it with a dangling separator ("397,202.", "397.202,")."""
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return NUMBER_FORMATS["integer"]
    return NUMBER_FORMATS.get(kind)


def write_workbook(target: Path, tables: list[Table], loc: Localiser, catalogue: Catalogue | None = None) -> Path:
    """A sheet per table shaped for people (people_tables), the fields sheet last."""
    workbook = Workbook()
    bold = Font(bold=True)
    taken: set[str] = set()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.name, taken))
        columns = people_columns(catalogue, table, loc)
        _append(sheet, 1, unique_labels(columns))
        rows = zip(*(c.values for c in columns)) if columns and columns[0].values else []
        for number, row in enumerate(rows, start=2):
            _append(sheet, number, list(row))
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.kind in NUMBER_FORMATS:
                for cell in sheet[letter][1:]:
                    cell.number_format = number_format(column.kind, cell.value) or cell.number_format
            longest = max([len(str(column.label))] + [len(str(v)) for v in column.values if v is not None])
            sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 50)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    fields_sheet = workbook.create_sheet(_sheet_name(loc.t("xlsx.fields_sheet"), taken))
    _append(fields_sheet, 1, [loc.t(f"xlsx.{key}") for key in ("table", "field", "type", "label", "description")])
    specs = [(table, spec) for table in tables for spec in table.fields]
    for number, (table, spec) in enumerate(specs, start=2):
        _append(fields_sheet, number, [table.name, spec["name"], spec["type"], localised(spec, "title", loc.lang),
                                       localised(spec, "description", loc.lang)])
    for cell in fields_sheet[1]:
        cell.font = bold
    fields_sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (24, 24, 10, 40, 60)):
        fields_sheet.column_dimensions[letter].width = width
    workbook.properties.creator = "ntm-ha-tinh open data"
    workbook.properties.created = FIXED_DATE
    workbook.save(target)
    # openpyxl stamps the save time as "modified"; a rebuild must not change the file.
    return normalise_zip(target, {"docProps/core.xml": _fixed_modified})


def write_people_csv(target: Path, table: Table, loc: Localiser, catalogue: Catalogue | None = None) -> Path:
    """The "Excel-friendly" CSV: the workbook's sheet as CSV, UTF-8 with a byte-order
    mark (so Excel reads the Vietnamese), labelled headers, names beside codes."""
    frame = people_frame(catalogue, table, loc)
    frame.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return target


def _fixed_modified(core: bytes) -> bytes:
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core)
