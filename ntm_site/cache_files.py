"""Writing a file of the build cache so that no reader ever sees half of it."""
from __future__ import annotations

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
