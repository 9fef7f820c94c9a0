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

from ..common.i18n import LANGUAGES, Localiser
from ..data_in.catalogue import REFERENCE_PACKAGE, Catalogue, Package, Table
from ..data_in.provenance import source_path
from ..data_in.source_text import footnote_anchor, section_anchor
from . import download_cache
from .archives import folder_members, write_zip
from .spreadsheets import write_people_csv, write_workbook
from .sqlite_export import write_database

ALL_DATA_ZIP = "ntm-ha-tinh-du-lieu.zip"
EXCEL_CSV = ".excel.csv"  # the suffix of the CSVs shaped for people (spreadsheets.write_people_csv)
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
    boundaries: list[DownloadFile] = field(default_factory=list)  # GPL-3.0, apart from the figures


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


def readme_text(package: Package, loc: Localiser, source: dict, site_base: str | None = None) -> str:
    """README of a package bundle: what it is, its licence and how to cite it, in both languages.

    It says where the report's text is on the site, and how the `section` and
    `footnote` columns name its anchors, so a reader of the CSV can find each
    figure's sentence (with the full address when the site's is known)."""
    parts = []
    page = source_path(source["source_id"])
    for lang in LANGUAGES:
        other = Localiser(lang, loc.messages)
        if package.descriptor.get("cited_as"):  # transcribed from many web pages, not the report
            parts.append(other.t("history.readme", title=package.text("title", lang),
                                 description=package.text("description", lang), version=package.descriptor.get("version", ""),
                                 name=package.name, cited_as=package.text("cited_as", lang)))
            continue
        text = other.t("bundle.readme", title=package.text("title", lang), description=package.text("description", lang),
                       version=package.descriptor.get("version", ""), name=package.name,
                       issuer=source[f"issuer_{lang}"], report=source[f"title_{lang}"], date=other.date(source["date"]))
        where = f"{site_base}{page}" if site_base else f"/{page}"
        text += "\n\n" + other.t("source_page.readme", url=where, section_anchor=section_anchor("A.II.1.4.b"),
                                   footnote_anchor=footnote_anchor(10))
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def all_readme(catalogue: Catalogue, loc: Localiser, site_base: str | None = None) -> str:
    """README of the ZIP of every package: what each folder is, in both languages."""
    parts = []
    for lang in LANGUAGES:
        other = Localiser(lang, loc.messages)
        packages = "\n".join(
            other.t("bundle.all_package", name=name, title=package.text("title", lang),
                    licence=", ".join(str(lic.get("name", "")) for lic in package.descriptor.get("licenses", [])) or "–")
            for name, package in catalogue.packages.items())
        text = other.t("bundle.all_readme", site=other.t("site.name"), packages=packages)
        if site_base:
            text += "\n\n" + other.t("bundle.all_address", url=site_base)
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def publish_package(catalogue: Catalogue, package: Package, folder: Path, loc: Localiser,
                    site_base: str | None = None) -> list[DownloadFile]:
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
    source = catalogue.main_source(package)
    readme = readme_text(package, loc, source, site_base).encode("utf-8")
    members = [("datapackage.json", descriptor_path.read_bytes()), ("README.txt", readme)]
    members += [(f.name, (folder / f.name).read_bytes()) for f in files if f.table]
    bundle = write_zip(folder / f"{package.name}.zip", [(f"{package.name}/{name}", data) for name, data in members])
    workbook = write_workbook(folder / f"{package.name}.xlsx", tables, loc, catalogue)
    # Beside each standard CSV (kept exactly as the package defines it), one for
    # people opening it in Excel: labelled headers, names beside codes, a BOM.
    for_excel = [DownloadFile.of(write_people_csv(folder / f"{table.path.stem}{EXCEL_CSV}", table, loc, catalogue), table.name)
                 for table in package.tables.values()]
    return [DownloadFile.of(bundle), DownloadFile.of(workbook)] + files + for_excel


def publish_all(catalogue: Catalogue, folder: Path, loc: Localiser, site_base: str | None = None,
                cache: Path | None = None) -> Downloads:
    """Every package's files, and the site-wide ones. With a `cache`, a package whose
    inputs did not change is copied from there (download_cache.py)."""
    downloads = Downloads()
    common = download_cache.common_key(loc, site_base) if cache else None
    for name, package in catalogue.packages.items():
        key = download_cache.package_key(common, catalogue, package) if cache else None
        kept = download_cache.restore(cache, key, folder / name) if key else None
        if kept is not None:
            downloads.packages[name] = [DownloadFile(**f) for f in kept]
            continue
        downloads.packages[name] = publish_package(catalogue, package, folder / name, loc, site_base)
        if key:
            download_cache.keep(cache, key, folder / name, downloads.packages[name])
    # Everything in one ZIP: each package's folder as published (descriptor, CSVs) with
    # its README, and a README of the whole: offline, the files still say what they are.
    members = [("README.txt", all_readme(catalogue, loc, site_base).encode("utf-8"))]
    for name, package in catalogue.packages.items():
        members.append((f"{name}/README.txt", readme_text(package, loc, catalogue.main_source(package), site_base).encode("utf-8")))
        members += [(f"{name}/{m}", data) for m, data in folder_members(folder / name)
                    if m.endswith((".csv", ".json")) and not m.endswith(EXCEL_CSV)]
    downloads.site.append(DownloadFile.of(write_zip(folder / ALL_DATA_ZIP, members)))
    downloads.site.append(DownloadFile.of(write_database(folder / DATABASE, catalogue)))
    return downloads
