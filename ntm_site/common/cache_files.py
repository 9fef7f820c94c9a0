"""The build cache's files: written so that no reader ever sees half of one, marked
when a build uses one, and removed once no build has used them for a month."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

# The ntm_site package: its code shapes everything the caches keep.
CODE = Path(__file__).resolve().parents[1]


def store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own, so two builds sharing the cache never collide; the
    # rename is atomic, so a reader sees the whole file or none.
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(partial, path)


# An entry no build has used for this long goes at the end of the next build. Entries
# are keyed by the hash of what they are made from, so an edit leaves the old ones
# behind unused; without this the cache (and CI's copy of it) only ever grows.
UNUSED_DAYS = 30


def mark_used(path: Path) -> bool:
    """Whether the entry `path` is in the cache; if it is, it is marked as used now (its
    modification time), so `prune_unused` keeps it. Checking and marking are one step, so
    a build pruning the cache at the same time can remove an entry found here only in the
    instant between reading its age and removing it."""
    try:
        os.utime(path)
        return True
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:  # there, but not ours to mark (a cache on a read-only disk): used as it is
        return os.path.exists(path)


def prune_unused(cache: Path, days: float = UNUSED_DAYS, now: float | None = None) -> int:
    """Remove the entries of `cache` no build has marked used for `days` days: the files of
    each kind's folder (and of the cache itself), and the downloads' folders, each as one
    entry. Returns how many went."""
    cutoff = (time.time() if now is None else now) - days * 86400
    removed = 0
    folders = [cache] + [kind for kind in _children(cache) if kind.is_dir() and not kind.is_symlink()]
    for folder in folders:
        for entry in _children(folder):
            try:
                if entry.is_symlink() or entry.lstat().st_mtime >= cutoff or (folder == cache and entry.is_dir()):
                    continue
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
                removed += 1
            except OSError:  # gone meanwhile, or not ours to remove: the next build tries again
                continue
    return removed


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _plain(value):
    # numpy and pandas scalars (a row number from a pandas index) as the Python value they hold
    return value.item() if hasattr(value, "item") else str(value)


def json_bytes(value) -> bytes:
    """`value` as JSON (ASCII: a lone surrogate from an untrusted descriptor is escaped, not an error)."""
    return json.dumps(value, default=_plain).encode("ascii")


@functools.cache
def code_digest(package: Path = CODE) -> bytes:
    """Hash of the package's Python code, each module by path and content: what
    the code made before it changed is stale. Once per process (the code a
    process runs does not change under it)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
