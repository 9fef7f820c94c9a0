"""A table shaped for people rather than machines: what the workbook and the
"Excel-friendly" CSV hold.

The Frictionless CSV stays as the package defines it (codes, field names).
For people, each column is headed by its label in the reader's language,
every code that names something in a reference table gets that name beside
it (a district's name beside `unit_code`, a criterion's beside its id), and
a code with words in the message catalogue (a status, a capital type) gets
the words beside it. Values keep their types: numbers as numbers, years as
whole numbers, dates as dates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..common.i18n import Localiser
from ..data_in.catalogue import Catalogue, Table, localised


@dataclass(frozen=True)
class Column:
    label: str
    kind: str  # the schema type, or "text" for an added name
    values: list


def plain_value(value):
    """A cell as a plain Python value (None for blanks), for writing to files."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy / pandas scalars -> plain Python values
        return value.item()
    return value


def _typed(value, kind: str):
    value = plain_value(value)
    if value is None:
        return None
    if kind in ("integer", "year"):
        return int(value)
    if kind == "number":
        return int(value) if float(value).is_integer() else float(value)
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return value


def _names_of(catalogue: Catalogue | None, table: Table, loc: Localiser) -> dict[str, tuple[list[str], dict]]:
    """For each foreign key to a reference table with names: the field the name
    goes beside (the key's last field), the key's fields, and key -> name."""
    names: dict[str, tuple[list[str], dict]] = {}
    if catalogue is None or "reference" not in catalogue.packages:
        return names
    reference = catalogue.reference.tables
    for key in table.schema.get("foreignKeys", []):
        fields, target = key.get("fields"), key.get("reference", {}).get("resource")
        target_fields = key.get("reference", {}).get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        target_fields = [target_fields] if isinstance(target_fields, str) else target_fields
        if not fields or not target_fields or target not in reference or target == table.name:
            continue
        frame = reference[target].frame
        column = next((c for c in (f"name_{loc.lang}", f"title_{loc.lang}", f"issuer_{loc.lang}") if c in frame.columns), None)
        if frame is not None and column is not None:
            lookup = {tuple(plain_value(v) for v in row[:-1]): row[-1]
                      for row in frame[list(target_fields) + [column]].itertuples(index=False)}
            names[fields[-1]] = (list(fields), lookup)
    return names


def _words_of(values: pd.Series, spec: dict, loc: Localiser) -> dict | None:
    """Words for a column of codes: the catalogue's group its schema field names
    (`codes`), else the group named like the field; None where that group lacks a code.
    Never a group found by its codes alone: the sponsorship period's stated/implied were
    once named in the recognitions' words for the same two codes."""
    present = {v for v in values.dropna().unique() if isinstance(v, str)}
    if not present:
        return None
    group = spec.get("codes") if isinstance(spec.get("codes"), str) else spec["name"]
    words = loc.messages.tree.get("codes", {}).get(group)
    if isinstance(words, dict) and present <= set(words):
        return {code: loc.code(group, code) for code in present}
    return None


def people_columns(catalogue: Catalogue | None, table: Table, loc: Localiser) -> list[Column]:
    names = _names_of(catalogue, table, loc)
    columns: list[Column] = []
    for spec in table.fields:
        field = spec["name"]
        values = table.frame[field]
        label = localised(spec, "title", loc.lang) or field
        columns.append(Column(label, spec["type"], [_typed(v, spec["type"]) for v in values]))
        if field in names:
            key_fields, lookup = names[field]
            keys = zip(*(table.frame[f] for f in key_fields))
            columns.append(Column(loc.t("xlsx.name_of", label=label), "text",
                                  [lookup.get(tuple(plain_value(v) for v in key)) for key in keys]))
        elif spec["type"] == "string" and spec.get("constraints", {}).get("enum"):
            words = _words_of(values, spec, loc)
            if words:
                columns.append(Column(loc.t("xlsx.name_of", label=label), "text",
                                      [words.get(plain_value(v)) if plain_value(v) is not None else None for v in values]))
    return columns


def unique_labels(columns: list[Column]) -> list[str]:
    """Headers as shown, each once (two fields may share a title)."""
    seen: dict[str, int] = {}
    labels = []
    for column in columns:
        seen[column.label] = seen.get(column.label, 0) + 1
        labels.append(column.label if seen[column.label] == 1 else f"{column.label} ({seen[column.label]})")
    return labels


def people_frame(catalogue: Catalogue | None, table: Table, loc: Localiser) -> pd.DataFrame:
    columns = people_columns(catalogue, table, loc)
    return pd.DataFrame({label: pd.Series(c.values, dtype=object) for label, c in zip(unique_labels(columns), columns)})
