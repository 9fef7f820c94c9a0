"""One SQLite database of every package, with the schemas' keys, for sqlite3 or datasette.

Tables are named <package>_<table> (several packages have an `observations`
table); primary and foreign keys come from the Table Schemas.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from ..data_in.catalogue import REFERENCE_PACKAGE, Catalogue, Table

SQL_TYPES = {"integer": "INTEGER", "year": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def table_name(package: str, table: str) -> str:
    return f"{package}_{table}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_list(fields) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


def _owner(catalogue: Catalogue, table: Table, target: str) -> str:
    return table.package if target in catalogue.packages[table.package].tables else REFERENCE_PACKAGE


def referenced_columns(catalogue: Catalogue) -> dict[str, set[tuple[str, ...]]]:
    """Column sets that foreign keys point at, by SQL table: SQLite needs them unique."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for package in catalogue.packages.values():
        for table in package.tables.values():
            for key in table.schema.get("foreignKeys", []):
                target = key["reference"]["resource"] or table.name
                found.setdefault(table_name(_owner(catalogue, table, target), target), set()).add(
                    tuple(_as_list(key["reference"]["fields"])))
    return found


def _create_statement(catalogue: Catalogue, table: Table, unique: set[tuple[str, ...]]) -> str:
    parts = [f"{_quote(f['name'])} {SQL_TYPES.get(f['type'], 'TEXT')}" for f in table.fields]
    primary = tuple(_as_list(table.schema.get("primaryKey", [])))
    if primary:
        parts.append(f"PRIMARY KEY ({', '.join(map(_quote, primary))})")
    for columns in sorted(unique - {primary}):
        parts.append(f"UNIQUE ({', '.join(map(_quote, columns))})")
    for key in table.schema.get("foreignKeys", []):
        target = key["reference"]["resource"] or table.name
        owner = _owner(catalogue, table, target)
        parts.append(f"FOREIGN KEY ({', '.join(map(_quote, _as_list(key['fields'])))}) REFERENCES "
                     f"{_quote(table_name(owner, target))} ({', '.join(map(_quote, _as_list(key['reference']['fields'])))})")
    return f"CREATE TABLE {_quote(table_name(table.package, table.name))} (\n  " + ",\n  ".join(parts) + "\n)"


def _value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def write_database(target: Path, catalogue: Catalogue) -> Path:
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        # Reference tables first, so every foreign key points at a table that exists.
        ordered = sorted(catalogue.packages.values(), key=lambda p: (p.name != REFERENCE_PACKAGE, p.name))
        unique = referenced_columns(catalogue)
        for package in ordered:
            for table in package.tables.values():
                connection.execute(_create_statement(catalogue, table, unique.get(table_name(package.name, table.name), set())))
                columns = [f["name"] for f in table.fields]
                placeholders = ", ".join("?" for _ in columns)
                connection.executemany(
                    f"INSERT INTO {_quote(table_name(package.name, table.name))} VALUES ({placeholders})",
                    [[_value(v) for v in row] for row in table.frame[columns].itertuples(index=False)])
        connection.commit()
        connection.execute("VACUUM")  # compact, and the same bytes for the same data
    finally:
        connection.close()
    partial.replace(target)
    return target
