"""Frictionless validation of every package, with errors a maintainer can act on.

A package is described together with the reference tables its foreign keys
point at (places, criteria, sources), which is all its findings depend on;
frictionless validates its own tables once each, and their foreign keys are
looked up in the rows of the tables they point at, read once per run
(foreign_keys.py). The reference tables are validated once, as their own
package, and first. Errors become bilingual `Problem`s from the message
catalogue.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..common.problems import Problem
from ..common.project import Project
from .catalogue import REFERENCE_PACKAGE, Catalogue, Package, relative_file
from .validation_cache import basis, findings_key, load_findings, save_findings

_FK_NOTE = re.compile(r'for "(?P<fields>[^"]+)": values "(?P<values>[^"]*)" not found in the lookup table "(?P<target>[^"]*)"')
_CONSTRAINT_NOTE = re.compile(r'constraint "(?P<name>\w+)" is "(?P<limit>.*)"')
_TYPE_NOTE = re.compile(r'type is "(?P<type>[^/"]+)')
_ERROR_LIMIT = re.compile(r"reached error limit: (?P<limit>\d+)")


def _reachable_keys(schema: dict, present: set[str]) -> dict:
    # A foreign key to a table left out (unreadable, or refused earlier) would
    # only repeat that table's own problem on every row: drop it, keep the rest.
    keys = [k for k in schema.get("foreignKeys", []) if (k["reference"]["resource"] or "") in present | {""}]
    return {**schema, "foreignKeys": keys} if "foreignKeys" in schema else schema


def _frictionless_descriptor(project: Project, catalogue: Catalogue, package: Package) -> dict:
    """The package with the reference tables its keys may point at: all its findings depend on."""
    tables = [t for t in package.tables.values() if t.readable]
    if package.name != REFERENCE_PACKAGE and REFERENCE_PACKAGE in catalogue.packages:
        tables += [t for t in catalogue.reference.tables.values() if t.readable and t.name not in package.tables]
    present = {t.name for t in tables}
    return {
        "name": package.name,
        "resources": [
            {
                "name": table.name,
                # Relative to the datapackages folder, so frictionless's own
                # path safety rules hold for every file it opens.
                "path": table.path.resolve().relative_to(project.datapackages.resolve()).as_posix(),
                "schema": _reachable_keys(table.schema, present),
                "format": "csv",
                "encoding": "utf-8",
            }
            for table in tables
        ],
    }


def _without_keys(resource: dict) -> dict:
    schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    return {**resource, "schema": schema}


def _keys(descriptor: dict, resource: dict) -> list[tuple]:
    """A table's foreign keys: (fields, the resource name as written, the resource it
    names as frictionless is given it, that resource's fields), in the schema's order.
    A key names a resource of the descriptor, or the table itself (by its name or
    none), as frictionless resolves it."""
    tables = {r["name"]: r for r in descriptor["resources"]}

    def fields(names):
        return (names,) if isinstance(names, str) else tuple(names)

    return [(fields(key["fields"]), name, _without_keys(resource if name in ("", resource["name"]) else tables[name]),
             fields(key["reference"]["fields"]))
            for key in resource["schema"].get("foreignKeys", []) for name in [key["reference"]["resource"]]]


def _own(package: Package, descriptor: dict) -> list[dict]:
    return [r for r in descriptor["resources"] if r["name"] in package.tables and package.tables[r["name"]].readable]


def _validate_own(project: Project, package: Package, descriptor: dict, lookups) -> tuple[list, list]:
    """(errors of the package as a whole, a task per own table), as `Package.validate`
    gives them, but for the package's own tables only, each validated once without
    its foreign keys: `KeyCheck` checks those in the same pass over its rows, and
    `KeyValues` keeps the rows of the tables keys point at (foreign_keys.py). The
    reference tables beside them are not validated again (they are, once, as their
    own package)."""
    from frictionless import Checklist, FrictionlessException
    from frictionless import Package as FrictionlessPackage

    from .foreign_keys import KeyCheck

    resources = _own(package, descriptor)
    try:
        # Frictionless validates the descriptor here; each table's part again in its
        # `validate` (`Package.validate` validates the whole a second time, in vain).
        validated = FrictionlessPackage({**descriptor, "resources": [_without_keys(r) for r in resources]},
                                        basepath=str(project.datapackages.resolve()))
    except FrictionlessException as exception:
        return exception.to_errors(), []
    tasks = []
    for resource in resources:
        keys = _keys(descriptor, resource)
        checks = ([KeyCheck(keys=keys, lookups=lookups)] if keys else []) + lookups.recorder(_without_keys(resource))
        tasks += validated.get_resource(resource["name"]).validate(Checklist(checks=checks)).tasks
    return [], tasks


def validate(project: Project, catalogue: Catalogue, cache: Path | None = None) -> list[Problem]:
    """Frictionless's findings on every readable table (see `Table.readable`), package by package.

    With a cache, a package whose findings are kept under the hash of all they
    depend on is not validated again (validation_cache.py)."""
    common = basis(project) if cache else b""
    descriptors = {package.name: _frictionless_descriptor(project, catalogue, package)
                   for package in catalogue.packages.values() if any(t.readable for t in package.tables.values())}
    lookups = None  # made for the first package validated: with all findings kept, frictionless is not imported
    found: dict[str, list[Problem]] = {}
    # The reference package first: the tables most keys point at are then looked up
    # in the rows their own validation read, not read again.
    for name in sorted(descriptors, key=lambda name: name != REFERENCE_PACKAGE):
        package, descriptor = catalogue.packages[name], descriptors[name]
        key = findings_key(project, descriptor, common) if cache else None
        found[name] = load_findings(cache, key) if key else None
        if found[name] is None:
            if lookups is None:
                from .foreign_keys import KeyValues, table_id

                targets = {table_id(target) for d in descriptors.values()
                           for resource in d["resources"] for _, _, target, _ in _keys(d, resource)}
                lookups = KeyValues(project.datapackages.resolve(), targets)
            found[name] = _package_findings(project, package, descriptor, lookups)
            if key:
                save_findings(cache, key, found[name])
    return [problem for name in descriptors for problem in found[name]]


def _package_findings(project: Project, package: Package, descriptor: dict, lookups) -> list[Problem]:
    problems: list[Problem] = []
    try:
        package_errors, tasks = _validate_own(project, package, descriptor, lookups)
    except Exception as error:  # frictionless raises on descriptors it cannot read
        problems.append(Problem(
            package=package.name, file=relative_file(project, package.directory / "datapackage.json"),
            rule="invalid-descriptor",
            message_vi=f"Không đọc được mô tả gói: {error}",
            message_en=f"The package descriptor cannot be read: {error}"))
        return problems
    # Errors of the package as a whole (a schema frictionless cannot use), not of one table.
    problems += [Problem(package=package.name, file=relative_file(project, package.directory / "datapackage.json"),
                         rule=error.type,
                         message_vi=project.messages.get("input.package_error", "vi", error=error.message),
                         message_en=project.messages.get("input.package_error", "en", error=error.message))
                 for error in package_errors]
    for task in tasks:
        table = package.tables[task.name]
        for error in task.errors:
            problems.append(_problem(project, package.name, relative_file(project, table.path), error))
        problems += _capped(project, package.name, relative_file(project, table.path), task.warnings)
    return problems


def _capped(project: Project, package: str, file: str, warnings: list[str]) -> list[Problem]:
    """Frictionless stops listing a table's errors at a limit: say so, never silently."""
    found = []
    for warning in warnings:
        match = _ERROR_LIMIT.search(warning)
        if match:
            limit = match["limit"]
            found.append(Problem(package=package, file=file, rule="error-cap",
                                 message_vi=project.messages.get("input.error_cap", "vi", limit=limit),
                                 message_en=project.messages.get("input.error_cap", "en", limit=limit)))
    return found


def _problem(project: Project, package: str, file: str, error) -> Problem:
    """Turn one frictionless error into a Problem with catalogue messages."""
    messages = project.messages
    kind = error.type
    note = getattr(error, "note", "") or ""
    params = {"note": note, "column": getattr(error, "field_name", None) or "", "value": "", "limit": ""}
    type_name = ""  # for type errors: the schema type, labelled per language below
    value = getattr(error, "cell", None)
    column = getattr(error, "field_name", None)
    if kind == "constraint-error":
        match = _CONSTRAINT_NOTE.search(note)
        if match:
            kind = f"constraint-{match['name']}"
            params["limit"] = match["limit"]
    elif kind == "type-error":
        match = _TYPE_NOTE.search(note)
        type_name = match["type"] if match else ""
    elif kind == "foreign-key":
        match = _FK_NOTE.search(note)
        if match:
            column, value = match["fields"], match["values"]
            params["target"] = match["target"]
    elif kind == "incorrect-label":
        value = getattr(error, "label", None)
    elif kind in ("primary-key", "unique-error"):
        cells = getattr(error, "cells", None) or []
        value = value if value is not None else ", ".join(str(c) for c in cells)
    if value is not None:
        params["value"] = value
    params["column"] = column or ""
    key = f"validation.{kind}" if messages.has(f"validation.{kind}") else "validation.generic"

    def message(lang: str) -> str:
        type_key = f"types.{type_name}"
        type_label = messages.get(type_key, lang) if type_name and messages.has(type_key) else type_name
        return messages.get(key, lang, **params, type=type_label)

    return Problem(
        package=package,
        file=file,
        row=getattr(error, "row_number", None),
        column=column,
        value=None if value is None else str(value),
        rule=kind,
        message_vi=message("vi"),
        message_en=message("en"),
    )
