"""Read the data packages into plain Python: descriptors, schemas and typed tables.

A package in `datapackages/<name>/` names its shared schema in `schemas/`; the
reference package holds the tables every other package points at (places,
criteria, sources). Reading never trusts a path: data files must sit inside
their package folder and schemas inside `schemas/`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

from .i18n import nfc
from .problems import Problem, ValidationFailed
from .project import Project

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

    @property
    def fields(self) -> list[dict]:
        return self.schema["fields"]

    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)


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


def _descriptor_problem(package: str, file: str, rule: str, vi: str, en: str) -> Problem:
    return Problem(package=package, file=file, rule=rule, message_vi=vi, message_en=en)


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def _safe_data_path(ref: object) -> bool:
    # Only a plain relative file name inside the package: no URL, no absolute
    # path, no parent folder, no home folder.
    return (
        isinstance(ref, str)
        and ref != ""
        and "://" not in ref
        and not ref.startswith(("/", "~", "\\"))
        and ".." not in Path(ref).parts
    )


def discover(project: Project) -> tuple[Catalogue, list[Problem]]:
    """Read every package descriptor and its schemas; tables stay unloaded."""
    problems: list[Problem] = []
    packages: dict[str, Package] = {}
    for directory in sorted(p for p in project.datapackages.iterdir() if p.is_dir()):
        descriptor_path = directory / "datapackage.json"
        file = relative_file(project, descriptor_path)
        if not descriptor_path.exists():
            problems.append(_descriptor_problem(
                directory.name, file, "missing-descriptor",
                "Thư mục gói dữ liệu không có tệp datapackage.json.",
                "The package folder has no datapackage.json file."))
            continue
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            problems.append(_descriptor_problem(
                directory.name, file, "malformed-descriptor",
                f"datapackage.json không phải JSON hợp lệ: {error}.",
                f"datapackage.json is not valid JSON: {error}."))
            continue
        name = descriptor.get("name", directory.name)
        package = Package(name=name, directory=directory, descriptor=descriptor)
        for resource in descriptor.get("resources", []):
            table = _read_resource(project, package, resource, problems)
            if table is not None:
                package.tables[table.name] = table
        packages[name] = package
    if REFERENCE_PACKAGE not in packages:
        problems.append(_descriptor_problem(
            REFERENCE_PACKAGE, relative_file(project, project.datapackages), "missing-package",
            "Thiếu gói tham chiếu 'reference'.", "The 'reference' package is missing."))
    return Catalogue(packages), problems


def _read_resource(project: Project, package: Package, resource: dict, problems: list[Problem]) -> Table | None:
    file = relative_file(project, package.directory / "datapackage.json")
    name, path_ref, schema_ref = resource.get("name"), resource.get("path"), resource.get("schema")
    if not _safe_data_path(path_ref) or not _inside(package.directory / path_ref, package.directory):
        problems.append(_descriptor_problem(
            package.name, file, "unsafe-path",
            f"Tài nguyên '{name}' có đường dẫn '{path_ref}' không an toàn: chỉ dùng tên tệp nằm trong thư mục gói (không URL, không đường dẫn tuyệt đối, không '..').",
            f"Resource '{name}' has the unsafe path '{path_ref}': use a file name inside the package folder (no URL, no absolute path, no '..')."))
        return None
    data_path = package.directory / path_ref
    if not data_path.exists():
        problems.append(_descriptor_problem(
            package.name, relative_file(project, data_path), "missing-file",
            f"Không tìm thấy tệp dữ liệu của tài nguyên '{name}'.",
            f"The data file of resource '{name}' does not exist."))
        return None
    schema = _read_schema(project, package, name, schema_ref, problems)
    if schema is None:
        return None
    return Table(package=package.name, name=name, path=data_path, schema=schema)


def _read_schema(project: Project, package: Package, name: str, ref: object, problems: list[Problem]) -> dict | None:
    file = relative_file(project, package.directory / "datapackage.json")
    if isinstance(ref, dict):
        return ref
    schema_path = (package.directory / ref) if isinstance(ref, str) and "://" not in ref else None
    if schema_path is None or not _inside(schema_path, project.schemas):
        problems.append(_descriptor_problem(
            package.name, file, "unsafe-schema-path",
            f"Lược đồ của tài nguyên '{name}' phải là một tệp trong thư mục schemas/ (nhận được '{ref}').",
            f"The schema of resource '{name}' must be a file in the schemas/ folder (got '{ref}')."))
        return None
    try:
        return json.loads(schema_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        vi, en = "Không tìm thấy tệp lược đồ.", "The schema file does not exist."
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        vi, en = f"Tệp lược đồ không phải JSON hợp lệ: {error}.", f"The schema file is not valid JSON: {error}."
    problems.append(_descriptor_problem(package.name, relative_file(project, schema_path), "malformed-schema", vi, en))
    return None


# Table Schema type -> how pandas holds it once validated.
_CONVERTERS = {
    "integer": lambda s: pd.to_numeric(s.replace("", None)).astype("Int64"),
    "year": lambda s: pd.to_numeric(s.replace("", None)).astype("Int64"),
    "number": lambda s: pd.to_numeric(s.replace("", None)).astype("Float64"),
    "boolean": lambda s: s.map({"true": True, "false": False, "": None}).astype("boolean"),
}


def typed_frame(table: Table) -> pd.DataFrame:
    """Load a table that has passed validation, with pandas types from its schema."""
    raw = pd.read_csv(table.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = pd.DataFrame(index=raw.index)
    for spec in table.fields:
        column = raw[spec["name"]]
        convert = _CONVERTERS.get(spec["type"])
        if convert is not None:
            frame[spec["name"]] = convert(column)
        else:
            # A plain object column keeps None for blanks (pandas' own string
            # dtype would turn them into NaN, which templates would print).
            frame[spec["name"]] = pd.Series([nfc(v) if v != "" else None for v in column], index=raw.index, dtype=object)
    return frame


def load_frames(catalogue: Catalogue) -> None:
    for package in catalogue.packages.values():
        for table in package.tables.values():
            table.frame = typed_frame(table)


def load(project: Project) -> Catalogue:
    """Discover, validate and load: the one entry point later stages need."""
    from .file_checks import check_files  # these depend on discover; avoid a cycle
    from .validate import validate

    catalogue, problems = discover(project)
    problems += check_files(project, catalogue)
    # A package whose files cannot be read is not handed to frictionless: its
    # cell errors would only repeat the file error (and a broken reference
    # table would show up as foreign-key errors in every other package).
    unreadable = {p.package for p in problems if p.is_error}
    if REFERENCE_PACKAGE not in unreadable:
        problems += validate(project, catalogue, skip=unreadable)
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)
    load_frames(catalogue)
    return catalogue
