"""Files that are not files: FIFOs, sockets and devices where the build expects a regular file.

Opening a FIFO blocks until someone writes to it, so a named pipe left where a
CSV, descriptor, schema or config file should be would hang the build (and CI)
forever. Types are read with `stat`, which never opens anything, and the whole
input (config/, the data folder and its schemas/, docs/) is looked at once,
before any of it is read. Symlinks are followed for this check only: a link to
a FIFO hangs as surely as the FIFO itself (whether links are allowed at all is
the catalogue's rule).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable


class SpecialFile(Exception):
    """`path` is a FIFO, socket or device where a regular file is expected."""

    def __init__(self, path: Path, kind: str):
        self.path, self.kind = path, kind
        super().__init__(f"{path} is a {kind}, not a regular file")


def special_kind(path: Path) -> str | None:
    """'fifo', 'socket', 'device' or 'other' when `path` is not a regular file or folder; else None
    (also when it does not exist: a missing file has its own message where it is read)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def find_special_file(paths: Iterable[Path]) -> tuple[Path, str] | None:
    """The first special file among `paths` and everything inside those that are folders."""
    for path in paths:
        kind = special_kind(path)
        if kind:
            return path, kind
        if not path.is_dir():
            continue
        for folder, folders, files in os.walk(path):  # does not descend into linked folders
            folders.sort()
            for name in sorted(files):
                kind = special_kind(Path(folder, name))
                if kind:
                    return Path(folder, name), kind
    return None


def refuse_special_files(paths: Iterable[Path]) -> None:
    found = find_special_file(paths)
    if found:
        raise SpecialFile(*found)
