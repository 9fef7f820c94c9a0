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
from dataclasses import dataclass
from pathlib import Path

from .catalogue import REFERENCE_PACKAGE, Catalogue, Package, Table


@dataclass(frozen=True)
class DownloadFile:
    name: str
    bytes: int
    sha256: str
    table: str | None  # resource name, or None for the descriptor


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


def publish_package(catalogue: Catalogue, package: Package, folder: Path) -> list[DownloadFile]:
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
    files.insert(0, DownloadFile("datapackage.json", descriptor_path.stat().st_size, _sha256(descriptor_path), None))
    return files


def publish_all(catalogue: Catalogue, folder: Path) -> dict[str, list[DownloadFile]]:
    return {name: publish_package(catalogue, package, folder / name) for name, package in catalogue.packages.items()}
