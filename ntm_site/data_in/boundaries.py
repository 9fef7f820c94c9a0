"""The district boundaries: a GeoJSON resource kept apart from the figures.

The boundaries come under GPL-3.0 (their source's licence), the figures under
CC BY 4.0, so they live in their own package outside `datapackages/`
(`geodata/boundaries/`, beside it), with a descriptor stating source and
licence. Here they are checked (a map would otherwise fail far from the
cause) and copied into the site as downloads; drawing maps is for the pages.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from ..common.problems import Problem
from ..common.project import Project
from .catalogue import Catalogue, relative_file

PACKAGE = "boundaries"
PUBLISHED_FOLDER = "boundaries"  # under du-lieu/, beside the data packages' downloads


def folder(project: Project) -> Path:
    # Beside datapackages/ (like schemas/), so a copy of the data carries its boundaries.
    return project.datapackages.parent / "geodata" / PACKAGE


def _problem(project: Project, path: Path, rule: str, **params) -> Problem:
    messages = project.messages
    return Problem(package=PACKAGE, file=relative_file(project, path), rule=rule,
                   message_vi=messages.get(f"boundaries.errors.{rule}", "vi", **params),
                   message_en=messages.get(f"boundaries.errors.{rule}", "en", **params))


def _resource_path(base: Path, resource: dict) -> Path | None:
    ref = resource.get("path")
    if not isinstance(ref, str) or "/" in ref or "\\" in ref or ref in ("", ".", "..") or "://" in ref:
        return None
    return base / ref


def check_boundaries(project: Project, catalogue: Catalogue) -> list[Problem]:
    """Everything a map relies on: licence stated, file as described, one shape per known unit."""
    base = folder(project)
    descriptor_path = base / "datapackage.json"
    if not base.exists():
        return []
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [_problem(project, descriptor_path, "descriptor", error=str(error))]
    problems = []
    if not descriptor.get("licenses") or not descriptor.get("sources"):
        problems.append(_problem(project, descriptor_path, "licence"))
    codes = set(int(c) for c in catalogue.reference.tables["admin_units"].frame["unit_code"])
    for resource in descriptor.get("resources", []):
        path = _resource_path(base, resource)
        if path is None:
            problems.append(_problem(project, descriptor_path, "unsafe-path", path=resource.get("path")))
            continue
        try:
            data = path.read_bytes()
        except OSError:
            problems.append(_problem(project, path, "missing-file"))
            continue
        limit = project.settings["limits"]["file_bytes"]
        if len(data) > limit:
            problems.append(_problem(project, path, "too-large", size=len(data), limit=limit))
            continue
        expected = (resource.get("bytes"), resource.get("hash"))
        if expected != (len(data), "sha256:" + hashlib.sha256(data).hexdigest()):
            problems.append(_problem(project, path, "hash"))
        problems += _check_features(project, path, data, codes)
    return problems


def _check_features(project: Project, path: Path, data: bytes, codes: set[int]) -> list[Problem]:
    try:
        collection = json.loads(data.decode("utf-8"))
        features = collection["features"] if collection.get("type") == "FeatureCollection" else None
    except (ValueError, AttributeError, KeyError):
        features = None
    if not isinstance(features, list):
        return [_problem(project, path, "not-geojson")]
    problems, seen = [], set()
    for number, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        code = (feature.get("properties") or {}).get("unit_code")
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(_problem(project, path, "geometry", feature=number))
        if not isinstance(code, int) or code not in codes:
            problems.append(_problem(project, path, "unknown-code", feature=number, code=code))
        elif code in seen:
            problems.append(_problem(project, path, "repeated-code", feature=number, code=code))
        seen.add(code)
    return problems


def publish_boundaries(project: Project, downloads: Path) -> list[Path]:
    """Copy the descriptor and its files to du-lieu/boundaries/ (nothing when there are none)."""
    base = folder(project)
    if not base.exists():
        return []
    target = downloads / PUBLISHED_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    written = [Path(shutil.copyfile(base / "datapackage.json", target / "datapackage.json"))]
    for resource in descriptor.get("resources", []):
        written.append(Path(shutil.copyfile(_resource_path(base, resource), target / resource["path"])))
    return written
