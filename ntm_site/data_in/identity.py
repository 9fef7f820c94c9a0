"""Which names a package and its tables may have, so nothing published overwrites anything else.

A package is published as the folder `du-lieu/<name>/` (its page, descriptor,
CSVs, ZIP and workbook), its tables as `<package>_<table>` in the SQLite
database, and the reference tables it points at are copied into its folder.
So:
- a package's `name` is its folder's name (a safe slug, see `descriptors`);
- no two packages share a name, and only the folder `reference/` may be
  called `reference`;
- no package takes a name the site uses for its own folders (`assets`,
  `search`, a language code such as `en`, `index`...), so a package URL can
  never be mistaken for one, wherever package pages are placed;
- within a package, no two resources share a name or a file;
- no package's file or table has the name of a reference table (it would
  replace the copy of that table in the package's download folder);
- no two tables end up with one SQLite table name (`model_areas` +
  `observations` and `model` + `areas_observations` would).
Each collision is reported naming both places.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .descriptors import Finding

if TYPE_CHECKING:
    from .catalogue import Package
    from ..common.project import Project

REFERENCE_PACKAGE = "reference"
# Folders and pages of the built site a package folder must never shadow.
SITE_NAMES = frozenset({"assets", "search", "index", "javascripts", "stylesheets", "images", "404", "sitemap"})

Located = tuple[str, Path, Finding]  # package, file, finding


def reserved_names(project: "Project") -> frozenset[str]:
    # Page slugs are not reserved: package pages live under du-lieu/, beside
    # nothing else (the ocop package and the /ocop/ page coexist).
    return SITE_NAMES | set(project.settings.get("languages", []))


def _place(package: "Package") -> str:
    return f"{package.directory.parent.name}/{package.directory.name}/"


def claim(project: "Project", taken: dict[str, "Package"], package: "Package") -> Located | None:
    """Why `package` may not have its name (None if it may)."""
    descriptor = package.directory / "datapackage.json"
    name = package.name
    if name == REFERENCE_PACKAGE and package.directory.name != REFERENCE_PACKAGE or name in reserved_names(project):
        return name, descriptor, Finding.of("reserved-name", "reserved_name", value=name)
    if name in taken:
        return name, descriptor, Finding.of("duplicate-package", "duplicate_package", value=name,
                                            first=_place(taken[name]), second=_place(package))
    if name != package.directory.name:
        return name, descriptor, Finding.of("name-mismatch", "name_mismatch", value=name, folder=package.directory.name)
    return None


def within_package(package: "Package", resources: list) -> list[Located]:
    """Two resources of one package with one name or one file."""
    found: list[Located] = []
    descriptor = package.directory / "datapackage.json"
    for key, rule in (("name", "duplicate-resource"), ("path", "duplicate-file")):
        first: dict[str, str] = {}
        for resource in resources:
            if not isinstance(resource, dict) or not isinstance(resource.get(key), str):
                continue
            value, label = resource[key], str(resource.get("name"))
            if value in first:
                found.append((package.name, descriptor, Finding.of(rule, rule.replace("-", "_"), value=value,
                                                                   first=first[value], second=label)))
            else:
                first[value] = label
    return found


def collisions(packages: dict[str, "Package"]) -> list[Located]:
    """Names that would collide once published, across packages."""
    found: list[Located] = []
    reference = packages.get(REFERENCE_PACKAGE)
    if reference is not None:
        reference_names = {t.name for t in reference.tables.values()} | {t.path.name for t in reference.tables.values()}
        for package in packages.values():
            if package is reference:
                continue
            for table in package.tables.values():
                for value in {table.name, table.path.name} & reference_names:
                    found.append((package.name, package.directory / "datapackage.json",
                                  Finding.of("file-collision", "file_collision", value=value, package=package.name)))
    sql_names: dict[str, str] = {}
    for package in packages.values():
        for table in package.tables.values():
            sql_name, place = f"{package.name}_{table.name}", f"{package.name}/{table.name}"
            if sql_name in sql_names:
                found.append((package.name, package.directory / "datapackage.json",
                              Finding.of("sql-name-collision", "sql_name_collision", value=sql_name,
                                         first=sql_names[sql_name], second=place)))
            else:
                sql_names[sql_name] = place
    return found
