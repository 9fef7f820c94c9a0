"""Foreign keys checked against the tables they point at, each read once per run.

Frictionless checks a table's foreign keys by reading every table they point
at again, for each table that points at it: 71 such readings (mostly of the
reference tables) for the 33 tables of the data, most of `validate`'s time. Here frictionless validates each
table without its foreign keys, and `KeyCheck`, added to that same
validation, looks each row's keys up in `KeyValues`. Those are the rows of
each table pointed at, as its own validation read them (the reference
package is validated first), or read once with frictionless when a table is
needed before it is validated or its findings were kept: either way typed
as frictionless types them. The errors are frictionless's own `foreign-key`
errors, with the same note, in the same place among a row's errors, and
counted against the same error limit, so the messages built from them do
not change.

Imports frictionless: imported only when some package is validated.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import attrs
from frictionless import Check, Resource, errors


def table_id(resource: dict) -> str:
    """A table as frictionless is given it (path and schema): the same table seen
    from several packages is one."""
    return json.dumps(resource, sort_keys=True)


class KeyValues:
    """The values of the keys rows point at, from each table's rows, read once per run.

    `targets` are the ids of the tables some key points at: the rows of those
    are kept when their validation reads them all (`recorder`)."""

    def __init__(self, basepath: Path, targets: set[str]):
        self._basepath = str(basepath)
        self._targets = targets
        self._rows: dict[str, list | None] = {}
        self._values: dict[tuple[str, tuple[str, ...]], set | None] = {}

    def values(self, resource: dict, fields: tuple[str, ...]) -> set | None:
        """The tuples of `fields` in the rows of `resource` (a frictionless resource
        descriptor), rows whose key cells are all blank left out as frictionless does;
        None when frictionless cannot read the table (its own validation says why)."""
        table = table_id(resource)
        if (table, fields) not in self._values:
            rows = self._read(table, resource)
            self._values[table, fields] = None if rows is None else {
                cells for cells in (tuple(row.get(name) for name in fields) for row in rows) if set(cells) != {None}}
        return self._values[table, fields]

    def recorder(self, resource: dict) -> list[Check]:
        """A check keeping the rows of `resource`'s validation, if a key points at it."""
        table = table_id(resource)
        if table not in self._targets or table in self._rows:
            return []
        return [RowRecorder(keep=lambda rows: self._rows.setdefault(table, rows))]

    def _read(self, table: str, resource: dict) -> list | None:
        if table not in self._rows:
            try:
                with Resource(resource, basepath=self._basepath) as opened:
                    self._rows[table] = list(opened.row_stream)
            except Exception:  # noqa: BLE001  (any table frictionless cannot open; its validation reports it)
                self._rows[table] = None
        return self._rows[table]


@attrs.define(kw_only=True, repr=False)
class RowRecorder(Check):
    """Keeps a table's rows as its validation reads them, for the keys that point at it.

    Frictionless calls `validate_end` only when it read every row (not when it
    stopped at its error limit), so a partial table is never kept."""

    type = "ntm-row-recorder"

    keep: object = None
    _rows: list = attrs.field(factory=list, init=False)

    def validate_row(self, row) -> Iterable:
        self._rows.append(row)
        yield from []

    def validate_end(self) -> Iterable:
        self.keep(self._rows)
        yield from []


@attrs.define(kw_only=True, repr=False)
class KeyCheck(Check):
    """Frictionless's foreign-key check of one table, with its lookups from `KeyValues`.

    `keys` are (fields, the resource name as written, the resource it names,
    that resource's fields), in the schema's order."""

    type = "ntm-foreign-keys"
    Errors = [errors.ForeignKeyError]

    keys: list = attrs.field(factory=list)
    lookups: KeyValues | None = None
    _groups: list = attrs.field(factory=list, init=False)

    def validate_start(self) -> Iterable:
        # As frictionless: a key on a field the table's header does not give is not checked.
        expected = {field.name for field in self.resource.header.get_expected_fields()}
        self._groups = []
        for fields, name, target, target_fields in self.keys:
            values = self.lookups.values(target, target_fields)
            if values is not None and set(fields) <= expected:
                self._groups.append((fields, name, target_fields, values))
        yield from []

    def validate_row(self, row) -> Iterable:
        # Frictionless's own test and note (frictionless/resources/table.py).
        for fields, name, target_fields, values in self._groups:
            cells = tuple(row[field] for field in fields)
            if set(cells) == {None} or cells in values:
                continue
            note = 'for "%s": values "%s" not found in the lookup table "%s" as "%s"' % (
                ", ".join(fields), ", ".join(str(cell) for cell in cells), name, ", ".join(target_fields))
            yield errors.ForeignKeyError.from_row(row, note=note, field_names=list(fields), field_values=list(cells),
                                                  reference_name=name, reference_field_names=list(target_fields))
