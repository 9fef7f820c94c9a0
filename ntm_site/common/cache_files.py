"""Writing a file of the build cache so that no reader ever sees half of it."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
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
