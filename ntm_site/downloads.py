"""Publish each package as files a journalist can download and re-validate.

The published `datapackage.json` is self-contained: schemas are inlined, the
reference tables its foreign keys point at are copied beside it, and every
resource states its size and sha256 hash, so frictionless (or anyone) can
check the files against it.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .archives import folder_members, write_zip
from .catalogue import REFERENCE_PACKAGE, Catalogue, Package, Table
from .i18n import LANGUAGES, Localiser
from .periods import cited_source
from .spreadsheets import write_workbook
from .sqlite_export import write_database

ALL_DATA_ZIP = "ntm-ha-tinh-du-lieu.zip"
DATABASE = "ntm-ha-tinh.sqlite"


@dataclass(frozen=True)
class DownloadFile:
    name: str
    bytes: int
    sha256: str
    table: str | None  # resource name, or None for the descriptor and bundles

    @classmethod
    def of(cls, path: Path, table: str | None = None) -> "DownloadFile":
        return cls(path.name, path.stat().st_size, _sha256(path), table)


@dataclass
class Downloads:
    packages: dict[str, list[DownloadFile]] = field(default_factory=dict)
    site: list[DownloadFile] = field(default_factory=list)  # all-data ZIP, SQLite


def _referenced_tables(catalogue: Catalogue, package: Package) -> list[Table]:
    """Reference tables reachable from this package's foreign keys."""
    if package.name == REFERENCE_PACKAGE:
        return []
    reference = catalogue.reference.tables
    wanted: list[str] = []
    pending = list(package.tables.values())
    while pending:
        table = pending.pop()
        for key in table.schema.get("foreignKeys", []):
            target = key["reference"]["resource"]
            if target in reference and target not in wanted and target not in package.tables:
                wanted.append(target)
                pending.append(reference[target])
    return [reference[name] for name in sorted(wanted)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def readme_text(package: Package, loc: Localiser, source: dict) -> str:
    """README of a package bundle: what it is, its licence and how to cite it, in both languages."""
    parts = []
    for lang in LANGUAGES:
        other = Localiser(lang, loc.messages)
        if package.descriptor.get("cited_as"):  # transcribed from many web pages, not the report
            parts.append(other.t("history.readme", title=package.text("title", lang),
                                 description=package.text("description", lang), version=package.descriptor.get("version", ""),
                                 name=package.name, cited_as=package.text("cited_as", lang)))
            continue
        parts.append(other.t("bundle.readme", title=package.text("title", lang), description=package.text("description", lang),
                             version=package.descriptor.get("version", ""), name=package.name,
                             issuer=source[f"issuer_{lang}"], report=source[f"title_{lang}"], date=other.date(source["date"])))
    return "\n\n".join(parts) + "\n"


def publish_package(catalogue: Catalogue, package: Package, folder: Path, loc: Localiser) -> list[DownloadFile]:
    folder.mkdir(parents=True, exist_ok=True)
    tables = list(package.tables.values()) + _referenced_tables(catalogue, package)
    resources, files = [], []
    for table in tables:
        target = folder / table.path.name
        shutil.copyfile(table.path, target)
        digest, size = _sha256(target), target.stat().st_size
        source = next(r for r in catalogue.packages[table.package].descriptor["resources"] if r["name"] == table.name)
        resources.append({**source, "path": target.name, "schema": table.schema, "bytes": size, "hash": f"sha256:{digest}"})
        files.append(DownloadFile(target.name, size, digest, table.name))
    descriptor = {**package.descriptor, "resources": resources}
    descriptor_path = folder / "datapackage.json"
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files.insert(0, DownloadFile.of(descriptor_path))
    source = cited_source(catalogue, package.name)
    readme = readme_text(package, loc, source).encode("utf-8")
    members = [("datapackage.json", descriptor_path.read_bytes()), ("README.txt", readme)]
    members += [(f.name, (folder / f.name).read_bytes()) for f in files if f.table]
    bundle = write_zip(folder / f"{package.name}.zip", [(f"{package.name}/{name}", data) for name, data in members])
    workbook = write_workbook(folder / f"{package.name}.xlsx", tables, loc)
    return [DownloadFile.of(bundle), DownloadFile.of(workbook)] + files


def publish_all(catalogue: Catalogue, folder: Path, loc: Localiser) -> Downloads:
    downloads = Downloads()
    for name, package in catalogue.packages.items():
        downloads.packages[name] = publish_package(catalogue, package, folder / name, loc)
    # Everything in one ZIP: each package's folder as published (descriptor, CSVs).
    members = []
    for name in catalogue.packages:
        members += [(f"{name}/{m}", data) for m, data in folder_members(folder / name)
                    if m.endswith((".csv", ".json"))]
    downloads.site.append(DownloadFile.of(write_zip(folder / ALL_DATA_ZIP, members)))
    downloads.site.append(DownloadFile.of(write_database(folder / DATABASE, catalogue)))
    return downloads
