"""Checks on the files themselves, before frictionless reads a cell.

A file that is too large, empty, not UTF-8 or not parseable as CSV gets one
clear message here and is then left out of frictionless's validation
(`Table.readable`), which would otherwise report it as a cascade of confusing
cell errors (or, for a foreign key, on another file). Cell findings (a
formula, a control character...) do not stop frictionless from checking the
same table: every error of a run is listed.

Decisions, documented in datapackages/README.md:
- UTF-8 with or without a byte-order mark, LF or CRLF line ends: accepted.
- Text is normalised to Unicode NFC when loaded (Vietnamese tone marks have
  two encodings; both are accepted, one is published), so two key values
  that are equal after NFC are duplicates.
- No cell or column name may start a spreadsheet formula (see
  `unsafe_text.starts_formula`), in any column: only a plain number in a
  numeric column ("-5") may start with a sign. Such cells are rejected, not
  silently altered, so the published value is the entered one.
- No control character (NUL, tab, line break, escape...) in any cell.
- A cell holds at most 10,000 characters (`limits.cell_chars`): a longer
  one is a mistake (a pasted document), and some CSV readers refuse it.
- NaN and infinity are not numbers; partial dates (2024, 2024-06,
  2024-06-30) must be real dates: no 2024-02-30, no month 13.
- Text that becomes a Vega-Lite field name (unit names) may not contain the
  characters Vega reads as a field path or Altair as a type: . [ ] \\ : " '
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import unicodedata

from ..common.problems import Problem
from ..common.project import Project
from ..common.unsafe_text import control_character, plain_number, starts_formula
from .catalogue import Catalogue, Table, relative_file
from .invisible_text import invisible_characters

DEFAULT_LIMITS = {"file_bytes": 5_000_000, "package_bytes": 20_000_000, "cell_chars": 10_000}
NUMERIC_TYPES = ("number", "integer", "year")
# The schemas' pattern for a date of any precision (as_of, period_*).
PARTIAL_DATE_PATTERN = "^\\d{4}(-\\d{2}(-\\d{2})?)?$"
# Table columns whose text charts use as a Vega-Lite field name.
CHART_FIELD_TEXT = {("reference", "measure_units"): ("name_vi", "name_en")}
CHART_FIELD_BREAKERS = '.[]\\:"\''


def _problem(project: Project, table: Table, rule: str, messages_key: str, **params) -> Problem:
    messages = project.messages
    return Problem(
        package=table.package, file=relative_file(project, table.path), rule=rule,
        message_vi=messages.get(messages_key, "vi", **params), message_en=messages.get(messages_key, "en", **params),
        row=params.get("row"), column=params.get("column"), value=params.get("value"))


def _decode(project: Project, table: Table, data: bytes) -> tuple[str | None, Problem | None]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, _problem(project, table, "encoding-utf16", "files.utf16")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, _problem(project, table, "encoding-not-utf8", "files.not_utf8", row=line,
                              value=data[error.start: error.start + 4].hex(" "))


def _rows(project: Project, table: Table, text: str) -> tuple[list[list[str]] | None, Problem | None]:
    """The CSV's rows as the csv module reads them, or the syntax problem that stops it."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as error:
        return None, _problem(project, table, "csv-syntax", "input.csv_syntax", row=reader.line_num, error=str(error))
    return rows, None


def _not_a_date(text: str) -> bool:
    parts = text.split("-")
    try:
        if len(parts) == 3:
            dt.date.fromisoformat(text)
        elif len(parts) == 2:
            dt.date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return True
    return False


def _cell_problems(project: Project, table: Table, rows: list[list[str]], max_chars: int) -> list[Problem]:
    specs = {f["name"]: f for f in table.fields}
    header = rows[0] if rows else []
    chart_columns = CHART_FIELD_TEXT.get((table.package, table.name), ())
    problems = []
    for column in header:
        if starts_formula(column) or control_character(column):
            problems.append(_problem(project, table, "formula-cell", "input.formula_label", row=1, column=column, value=column))
    for row_number, cells in enumerate(rows[1:], start=2):
        for column, cell in zip(header, cells):
            spec = specs.get(column, {})
            kind = spec.get("type", "string")
            place = {"row": row_number, "column": column, "value": cell}
            if len(cell) > max_chars:
                problems.append(_problem(project, table, "cell-too-long", "input.cell_too_long", row=row_number,
                                         column=column, value=cell[:40] + "…", size=f"{len(cell):,}", limit=f"{max_chars:,}"))
                continue
            if kind in NUMERIC_TYPES and plain_number(cell):
                continue  # "-5" is a number, typed as one everywhere it is published
            if kind in NUMERIC_TYPES and _not_finite(cell):
                problems.append(_problem(project, table, "not-finite", "input.not_finite", **place))
            elif starts_formula(cell):
                problems.append(_problem(project, table, "formula-cell", "input.formula_cell", **place))
            elif (character := control_character(cell)) is not None:
                problems.append(_problem(project, table, "control-character", "input.control_cell", **place,
                                         character=character))
            elif spec.get("constraints", {}).get("pattern") == PARTIAL_DATE_PATTERN and cell and _not_a_date(cell):
                problems.append(_problem(project, table, "impossible-date", "input.impossible_date", **place))
            elif column in chart_columns and any(c in cell for c in CHART_FIELD_BREAKERS):
                problems.append(_problem(project, table, "chart-unsafe-text", "input.chart_text", **place,
                                         characters=" ".join(CHART_FIELD_BREAKERS)))
    return problems


def _not_finite(cell: str) -> bool:
    try:
        return not math.isfinite(float(cell))
    except ValueError:
        return False  # not a number at all: frictionless reports the type error


def _key_columns(table: Table) -> list[list[str]]:
    keys = []
    primary = table.schema.get("primaryKey")
    if primary:
        keys.append([primary] if isinstance(primary, str) else list(primary))
    keys += [[f["name"]] for f in table.fields if f.get("constraints", {}).get("unique")]
    return keys


def _nfc_duplicates(project: Project, table: Table, rows: list[list[str]]) -> list[Problem]:
    """Keys that differ as typed but are one key once normalised to NFC, as the site reads them."""
    header, problems = (rows[0] if rows else []), []
    for columns in _key_columns(table):
        if not all(c in header for c in columns):
            continue  # frictionless reports the missing column
        indexes = [header.index(c) for c in columns]
        first: dict[tuple, tuple[int, tuple]] = {}
        for row_number, cells in enumerate(rows[1:], start=2):
            if len(cells) != len(header):
                continue
            typed = tuple(cells[i] for i in indexes)
            normal = tuple(unicodedata.normalize("NFC", v) for v in typed)
            if normal in first and first[normal][1] != typed:
                problems.append(_problem(project, table, "nfc-duplicate", "input.nfc_duplicate", row=row_number,
                                         column=", ".join(columns), value=", ".join(normal), first=first[normal][0]))
            first.setdefault(normal, (row_number, typed))
    return problems


def check_files(project: Project, catalogue: Catalogue) -> list[Problem]:
    limits = {**DEFAULT_LIMITS, **project.settings.get("limits", {})}
    problems: list[Problem] = []
    for package in catalogue.packages.values():
        problems += invisible_characters(project, package, limits["file_bytes"])
        package_bytes = 0
        for table in package.tables.values():
            table.readable = False  # until every file-level check below has passed
            size = table.path.stat().st_size
            package_bytes += size
            if size > limits["file_bytes"]:
                # Do not read it at all: a mistaken huge upload must fail fast.
                problems.append(_problem(project, table, "file-too-large", "files.too_large",
                                         size=f"{size:,}", limit=f"{limits['file_bytes']:,}"))
                continue
            try:
                data = table.path.read_bytes()
            except OSError as error:  # e.g. no permission to read it
                problems.append(_problem(project, table, "unreadable-file", "input.unreadable_file",
                                         path=table.path.name, error=error.strerror or str(error)))
                continue
            if not data.strip(codecs.BOM_UTF8 + b" \r\n\t"):
                problems.append(_problem(project, table, "empty-file", "files.empty"))
                continue
            text, problem = _decode(project, table, data)
            if problem is None:
                rows, problem = _rows(project, table, text)
            if problem is not None:
                problems.append(problem)
                continue
            table.readable = True
            # Blank lines hold no data (frictionless skips them too).
            table.row_count = sum(1 for cells in rows[1:] if any(c.strip() for c in cells))
            problems += _cell_problems(project, table, rows, limits["cell_chars"])
            problems += _nfc_duplicates(project, table, rows)
        if package_bytes > limits["package_bytes"]:
            params = {"size": f"{package_bytes:,}", "limit": f"{limits['package_bytes']:,}"}
            problems.append(Problem(
                package=package.name, file=relative_file(project, package.directory), rule="package-too-large",
                message_vi=project.messages.get("files.package_too_large", "vi", **params),
                message_en=project.messages.get("files.package_too_large", "en", **params)))
            for table in package.tables.values():
                table.readable = False
    return problems
