"""Checks on the files themselves, before frictionless reads a cell.

A file that is too large, empty, not UTF-8 or starts a cell with a formula
character gets one clear message here; frictionless would otherwise report it
as a cascade of confusing cell errors (or, for a foreign key, on another file).

Decisions, documented in datapackages/README.md:
- UTF-8 with or without a byte-order mark, LF or CRLF line ends: accepted.
- Text is normalised to Unicode NFC when loaded (Vietnamese tone marks have
  two encodings; both are accepted, one is published).
- A text cell must not begin with =, +, -, @, tab or carriage return: Excel
  would run it as a formula when a reader opens the CSV. Such cells are
  rejected, not silently altered, so the published value is the entered one.
"""
from __future__ import annotations

import codecs

from .catalogue import Catalogue, Table, relative_file
from .invisible_text import invisible_characters
from .problems import Problem
from .project import Project

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_LIMITS = {"file_bytes": 5_000_000, "package_bytes": 20_000_000}


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


def _formula_cells(project: Project, table: Table, text: str) -> list[Problem]:
    import csv
    import io

    text_columns = {f["name"] for f in table.fields if f["type"] == "string"}
    problems = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    for row_number, cells in enumerate(reader, start=2):
        for column, cell in zip(header, cells):
            if column in text_columns and cell.startswith(FORMULA_STARTS):
                problems.append(_problem(project, table, "formula-cell", "files.formula", row=row_number,
                                         column=column, value=cell))
    return problems


def check_files(project: Project, catalogue: Catalogue) -> list[Problem]:
    limits = {**DEFAULT_LIMITS, **project.settings.get("limits", {})}
    problems: list[Problem] = []
    for package in catalogue.packages.values():
        problems += invisible_characters(project, package, limits["file_bytes"])
        package_bytes = 0
        for table in package.tables.values():
            size = table.path.stat().st_size
            package_bytes += size
            if size > limits["file_bytes"]:
                # Do not read it at all: a mistaken huge upload must fail fast.
                problems.append(_problem(project, table, "file-too-large", "files.too_large",
                                         size=f"{size:,}", limit=f"{limits['file_bytes']:,}"))
                continue
            data = table.path.read_bytes()
            if not data.strip(codecs.BOM_UTF8 + b" \r\n\t"):
                problems.append(_problem(project, table, "empty-file", "files.empty"))
                continue
            text, problem = _decode(project, table, data)
            if problem:
                problems.append(problem)
                continue
            problems += _formula_cells(project, table, text)
        if package_bytes > limits["package_bytes"]:
            params = {"size": f"{package_bytes:,}", "limit": f"{limits['package_bytes']:,}"}
            problems.append(Problem(
                package=package.name, file=relative_file(project, package.directory), rule="package-too-large",
                message_vi=project.messages.get("files.package_too_large", "vi", **params),
                message_en=project.messages.get("files.package_too_large", "en", **params)))
    return problems
