"""The districts comparison as files a journalist opens in a spreadsheet.

A CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese names) and
an XLSX with labelled headers, numbers stored as numbers, a frozen header row
and readable column widths; both byte-identical from one build to the next.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ..common.i18n import Localiser
from ..published.archives import normalise_zip
from ..published.people_tables import plain_value
from ..published.spreadsheets import FIXED_DATE, _fixed_modified
from .views.compare import Comparison


def write_comparison_files(table: Comparison, loc: Localiser, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    frame = table.frame(loc)
    name = loc.t("compare.file_name")
    csv_path = folder / f"{name}.csv"
    csv_path.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8-sig")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = loc.t("compare.heading")[:31]
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([plain_value(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame[column] if v is not None])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width + 2, 8), 40)
    workbook.properties.creator = "ntm-ha-tinh open data"
    workbook.properties.created = FIXED_DATE
    xlsx_path = folder / f"{name}.xlsx"
    workbook.save(xlsx_path)
    normalise_zip(xlsx_path, {"docProps/core.xml": _fixed_modified})
    return {"csv": csv_path, "xlsx": xlsx_path}
