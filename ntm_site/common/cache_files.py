"""Writing a file of the build cache so that no reader ever sees half of it."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


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
