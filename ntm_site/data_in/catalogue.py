"""Read the data packages into plain Python: descriptors, schemas and typed tables.

A package in `datapackages/<name>/` names its shared schema in `schemas/`; the
reference package holds the tables every other package points at (places,
criteria, sources). Reading never trusts a path: data files must sit inside
their package folder and schemas inside `schemas/`.

Descriptors and schemas are untrusted input (`descriptors` checks their
shape, `identity` their names); `load` then runs the file checks, the
required-data checks and frictionless, and lists every problem at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

from . import identity
from .descriptors import (Finding, descriptor_problems, plain_file, read_json, resource_names, resource_problems,
                          schema_problems)
from .history import last_changed
from ..common.i18n import nfc
from ..common.problems import Problem, ValidationFailed
from ..common.project import Project

REFERENCE_PACKAGE = "reference"
T = TypeVar("T")


def localised(descriptor: dict, key: str, lang: str) -> str:
    """A package's or field's text in `lang`.

    Descriptors and schema fields carry Vietnamese in the standard keys
    (`title`, `description`) and English in `*_en`; a missing English text
    falls back to the Vietnamese.
    """
    return descriptor.get(key if lang == "vi" else f"{key}_en", descriptor.get(key, ""))


@dataclass
class Table:
    package: str
    name: str
    path: Path
    schema: dict
    frame: pd.DataFrame | None = None
    # Set by the file checks: data rows counted, and whether frictionless may read the file.
    row_count: int | None = None
    readable: bool = True

    @property
    def fields(self) -> list[dict]:
        return self.schema["fields"]

    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)

    @property
    def primary_key(self) -> list[str]:
        return field_names(self.schema.get("primaryKey"))

    @property
    def key_fields(self) -> set[str]:
        """The fields of its primary key and of its foreign keys."""
        return set(self.primary_key).union(*(field_names(foreign.get("fields"))
                                             for foreign in self.schema.get("foreignKeys") or []))


def field_names(value: object) -> list[str]:
    """A key's fields as a Table Schema may write them: one name, a list, or nothing."""
    return [value] if isinstance(value, str) else list(value or [])


@dataclass
class Package:
    name: str
    directory: Path
    descriptor: dict
    tables: dict[str, Table] = field(default_factory=dict)

    def text(self, key: str, lang: str) -> str:
        return localised(self.descriptor, key, lang)


@dataclass
class Catalogue:
    packages: dict[str, Package]
    # Tables derived from the loaded data, computed once: the data does not
    # change after loading, and hundreds of pages ask for the same ones.
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def table(self, package: str, name: str) -> pd.DataFrame:
        return self.packages[package].tables[name].frame

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for, the same object after.
        Callers must not modify what they get."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def indexed(self, package: str, name: str, key: str) -> pd.DataFrame:
        """A table indexed by its key column (kept as a column too), built once."""
        return self.derived(f"{package}/{name} by {key}", lambda: self.table(package, name).set_index(key, drop=False))

    def last_changed(self, package: Package) -> str | None:
        """ISO date of the last commit that touched the package, asked of git once
        (pages and citations ask for it many times: a git process each time)."""
        return self.derived(f"{package.name} last changed", lambda: last_changed(package.directory))

    @property
    def reference(self) -> Package:
        return self.packages[REFERENCE_PACKAGE]

    def main_source(self, package: Package) -> pd.Series:
        """The sources row most of the package's rows cite (the report, for the
        report's packages; the resolution, for admin_changes), to credit it."""
        sources = self.reference.tables["sources"].frame
        # The sources table lists sources rather than citing one.
        cited = pd.concat([pd.Series([], dtype=object)] + [
            t.frame["source_id"] for t in package.tables.values()
            if "source_id" in t.frame and (t.package, t.name) != (REFERENCE_PACKAGE, "sources")])
        cited = cited[cited.isin(sources["source_id"])]
        if cited.empty:
            return sources.iloc[0]
        return sources.set_index("source_id", drop=False).loc[cited.value_counts().index[0]]


def relative_file(project: Project, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(project.root.resolve()))
    except ValueError:
        return str(path)


def finding_problem(project: Project, package: str, path: Path, finding: Finding) -> Problem:
    """A descriptor or schema finding as a bilingual Problem naming its file."""
    key, messages = f"input.{finding.key}", project.messages

    def message(lang: str) -> str:
        # JSON kinds ("object", "list"...) are words, said in each language.
        kinds = {k: messages.get(f"input.kinds.{finding.params[k]}", lang) for k in ("expected", "got") if k in finding.params}
        return messages.get(key, lang, **{**finding.params, **kinds})

    return Problem(package=package, file=relative_file(project, path), rule=finding.rule,
                   message_vi=message("vi"), message_en=message("en"), value=finding.params.get("value"))


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


@dataclass
class _Folder:
    """A package folder whose descriptor has been read, before its resources are."""
    directory: Path
    descriptor: dict


def discover(project: Project) -> tuple[Catalogue, list[Problem]]:
    """Read every package descriptor and its schemas; tables stay unloaded.

    Nothing read here is trusted: see `descriptors` for the rules. A package
    folder or descriptor that cannot be used is reported and left out; a
    resource that cannot be used is reported and the package's other
    resources are still read, so one mistake does not hide the others.
    """
    problems: list[Problem] = []
    folders: list[_Folder] = []
    if not project.datapackages.is_dir():
        return Catalogue({}), [finding_problem(project, project.datapackages.name, project.datapackages,
                                               Finding.of("missing-file", "missing_file", path=str(project.datapackages)))]
    for directory in sorted(project.datapackages.iterdir()):
        if directory.is_symlink():
            problems.append(finding_problem(project, directory.name, directory,
                                            Finding.of("symlink", "symlink", path=directory.name)))
            continue
        if not directory.is_dir():
            continue
        descriptor_path = directory / "datapackage.json"
        descriptor, finding = read_json(descriptor_path)
        if finding is not None and finding.rule == "missing-file":
            finding = Finding.of("missing-descriptor", "missing_descriptor")
        if finding is not None and finding.rule == "malformed-json":
            finding = Finding(rule="malformed-descriptor", key=finding.key, params=finding.params)
        findings, readable = ([finding], False) if finding else descriptor_problems(descriptor)
        problems += [finding_problem(project, directory.name, descriptor_path, f) for f in findings]
        if readable:
            folders.append(_Folder(directory, descriptor))
    reference_tables = {name for f in folders if f.directory.name == REFERENCE_PACKAGE
                        for name in resource_names(f.descriptor)}
    packages: dict[str, Package] = {}
    for folder in folders:
        package = Package(name=folder.descriptor["name"], directory=folder.directory, descriptor=folder.descriptor)
        own = resource_names(folder.descriptor)
        problems += [finding_problem(project, *located) for located in identity.within_package(package, folder.descriptor["resources"])]
        for index, resource in enumerate(folder.descriptor["resources"]):
            if isinstance(resource, dict):
                table = _read_resource(project, package, resource, index, own | reference_tables, problems)
                if table is not None:
                    package.tables.setdefault(table.name, table)
        refused = identity.claim(project, packages, package)
        if refused is not None:
            problems.append(finding_problem(project, *refused))
            continue
        packages[package.name] = package
    problems += [finding_problem(project, *located) for located in identity.collisions(packages)]
    return Catalogue(packages), problems


def _read_resource(project: Project, package: Package, resource: dict, index: int, resources: set,
                   problems: list[Problem]) -> Table | None:
    descriptor_path = package.directory / "datapackage.json"
    findings = resource_problems(resource, index)
    problems += [finding_problem(project, package.name, descriptor_path, f) for f in findings]
    if findings:
        return None
    name, path_ref, schema_ref = resource["name"], resource["path"], resource["schema"]
    data_path = package.directory / path_ref
    refused = plain_file(data_path)
    if refused is not None:
        problems.append(finding_problem(project, package.name, data_path, refused))
        return None
    schema = _read_schema(project, package, name, schema_ref, resources, problems)
    if schema is None:
        return None
    return Table(package=package.name, name=name, path=data_path, schema=schema)


def _read_schema(project: Project, package: Package, name: str, ref: object, resources: set,
                 problems: list[Problem]) -> dict | None:
    """The schema of resource `name`: inline, or a file in schemas/; None (and a problem) if unusable."""
    if isinstance(ref, dict):
        schema, schema_path = ref, package.directory / "datapackage.json"
    else:
        schema_path = package.directory / ref
        refused = plain_file(schema_path)
        if refused is not None and refused.rule != "missing-file":
            problems.append(finding_problem(project, package.name, schema_path, refused))
            return None
        if not _inside(schema_path, project.schemas):
            problems.append(finding_problem(project, package.name, package.directory / "datapackage.json",
                                            Finding.of("unsafe-schema-path", "unsafe_schema_path", name=name, value=ref)))
            return None
        schema, finding = read_json(schema_path)
        if finding is not None:
            if finding.rule in ("missing-file", "malformed-json"):
                finding = Finding(rule="malformed-schema", key=finding.key, params=finding.params)
            problems.append(finding_problem(project, package.name, schema_path, finding))
            return None
    findings = schema_problems(schema, resources)
    problems += [finding_problem(project, package.name, schema_path, f) for f in findings]
    return None if findings else schema


# Table Schema's default spellings of true and false; a field may name its own.
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")


def _booleans(spec: dict) -> Callable[[pd.Series], pd.Series]:
    # Every spelling the schema allows is kept: validation has accepted them all.
    spelling = {"": None, **{v: True for v in spec.get("trueValues", DEFAULT_TRUE)},
                **{v: False for v in spec.get("falseValues", DEFAULT_FALSE)}}
    return lambda s: s.map(spelling).astype("boolean")


# Table Schema type -> how pandas holds it once validated.
_CONVERTERS = {
    "integer": lambda spec: lambda s: pd.to_numeric(s.replace("", None)).astype("Int64"),
    "year": lambda spec: lambda s: pd.to_numeric(s.replace("", None)).astype("Int64"),
    "number": lambda spec: lambda s: pd.to_numeric(s.replace("", None)).astype("Float64"),
    "boolean": _booleans,
}


def typed_frame(table: Table) -> pd.DataFrame:
    """Load a table that has passed validation, with pandas types from its schema."""
    raw = pd.read_csv(table.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = pd.DataFrame(index=raw.index)
    for spec in table.fields:
        column = raw[spec["name"]]
        converter = _CONVERTERS.get(spec["type"])
        if converter is not None:
            frame[spec["name"]] = converter(spec)(column)
        else:
            # A plain object column keeps None for blanks (pandas' own string
            # dtype would turn them into NaN, which templates would print).
            frame[spec["name"]] = pd.Series([nfc(v) if v != "" else None for v in column], index=raw.index, dtype=object)
    return frame


def load_frames(catalogue: Catalogue) -> None:
    for package in catalogue.packages.values():
        for table in package.tables.values():
            table.frame = typed_frame(table)
