"""Static files the site serves itself: the Vega runtime for interactive charts."""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import vl_convert

from ..common.cache_files import mark_used


def write_vega_bundle(target: Path, cache: Path) -> Path:
    """Write vega + vega-lite + vega-embed as one script, with no network."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached_vega_bundle(cache), target)
    return target


def cached_vega_bundle(cache: Path) -> Path:
    """The bundle, made once into `cache`: making it takes a second or more, and it
    only changes with vl-convert's version, a pinned dependency."""
    cached = cache / f"vega.bundle.{vl_convert.__version__}.js"
    if mark_used(cached):
        return cached
    cache.mkdir(parents=True, exist_ok=True)
    # Both languages' processes reach for it at the start of a cold build: the
    # second waits for the first instead of making it too (two seconds of CPU).
    with _held(cache / "vega.bundle.lock"):
        if not mark_used(cached):
            handle, partial = tempfile.mkstemp(dir=cache, suffix=".partial")  # no collision between builds
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(vl_convert.javascript_bundle())
            os.replace(partial, cached)
    return cached


@contextlib.contextmanager
def _held(lock: Path):
    """An exclusive lock on `lock` while the block runs; none where the file cannot be
    opened for writing (the bundle is then made as it would be without one)."""
    try:
        handle = open(lock, "a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
