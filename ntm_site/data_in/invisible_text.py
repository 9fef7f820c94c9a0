"""Refuse invisible characters in the data: bidi controls and zero-width characters.

A right-to-left override can make 'Can Lộc' display as another name or a
figure read backwards; a zero-width space makes two names that look the same
differ (and escape a uniqueness check). Vietnamese needs none of them, and
they arrive by accident (copied from a web page or a PDF) or on purpose, so
any of them in a descriptor, a schema or a CSV file is an error naming the
place, with the character written as its code point. Commit messages, which
cannot be refused once made, are neutralised where shown (safe_text.one_line).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from ..common.problems import Problem
from ..common.project import Project
from ..common.safe_text import INVISIBLE, code_point, show_invisible
from .catalogue import Package, relative_file


def _strings(node: object, place: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a JSON document (keys included), with where it is: 'licenses[0].title'."""
    if isinstance(node, str):
        yield place, node
    elif isinstance(node, dict):
        for key, value in node.items():
            inner = f"{place}.{key}" if place else str(key)
            yield inner, str(key)
            yield from _strings(value, inner)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{place}[{i}]")


def _cells(path: Path) -> Iterator[tuple[int, str, str]]:
    """(row, column, text) of every cell and header of a CSV file; nothing for a file
    without an invisible character (the usual case, seen in one pass over its text) or
    one the file checks refuse anyway (unreadable, not UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    if INVISIBLE.isdisjoint(text):
        return
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for i, name in enumerate(header):
        yield 1, f"#{i + 1}", name
    for row_number, cells in enumerate(rows, start=2):
        for i, cell in enumerate(cells):
            yield row_number, header[i] if i < len(header) else f"#{i + 1}", cell


def _problem(project: Project, package: str, path: Path, column: str, text: str, row: int | None = None) -> Problem:
    chars = ", ".join(dict.fromkeys(code_point(c) for c in text if c in INVISIBLE))
    params = {"column": column, "chars": chars}
    return Problem(package=package, file=relative_file(project, path), rule="invisible-character",
                   message_vi=project.messages.get("invisible_text.found", "vi", **params),
                   message_en=project.messages.get("invisible_text.found", "en", **params),
                   row=row, column=column, value=show_invisible(text))


def invisible_characters(project: Project, package: Package, file_limit: int) -> list[Problem]:
    """Invisible characters in a package's descriptor, its tables' schemas and CSV files."""
    problems = [_problem(project, package.name, package.directory / "datapackage.json", place, text)
                for place, text in _strings(package.descriptor) if INVISIBLE.intersection(text)]
    for table in package.tables.values():
        schema_path = _schema_path(package, table.name)
        problems += [_problem(project, package.name, schema_path, place, text)
                     for place, text in _strings(table.schema) if INVISIBLE.intersection(text)]
        if table.path.is_file() and table.path.stat().st_size <= file_limit:
            problems += [_problem(project, package.name, table.path, column, text, row)
                         for row, column, text in _cells(table.path) if INVISIBLE.intersection(text)]
    return problems


def _schema_path(package: Package, resource: str) -> Path:
    """Where a resource's schema file is, as its descriptor names it."""
    for entry in package.descriptor.get("resources", []):
        if isinstance(entry, dict) and entry.get("name") == resource and isinstance(entry.get("schema"), str):
            return package.directory / entry["schema"]
    return package.directory / "datapackage.json"
