"""ZIP files that are the same bytes whenever their contents are the same.

A rebuild without data changes must change nothing a journalist downloaded,
so every entry gets one fixed timestamp and fixed permissions, in a fixed
order, whatever the clock or the file system says.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever system builds it
    return info


def write_zip(target: Path, members: list[tuple[str, bytes]]) -> Path:
    """Write `members` (archive name, bytes) in the order given."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members:
            archive.writestr(_entry(name), data, compresslevel=9)
    return target


def normalise_zip(path: Path, rewrite: dict[str, Callable[[bytes], bytes]] | None = None) -> Path:
    """Rewrite a ZIP made by another library (an XLSX) with fixed timestamps, keeping entry
    order; `rewrite` maps entry names to functions that fix their content."""
    rewrite = rewrite or {}
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, rewrite.get(info.filename, lambda data: data)(archive.read(info)))
                   for info in archive.infolist()]
    return write_zip(path, members)


def folder_members(folder: Path, prefix: str = "") -> list[tuple[str, bytes]]:
    """Every file under `folder`, sorted by name, as archive members."""
    return [(prefix + path.relative_to(folder).as_posix(), path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()]
