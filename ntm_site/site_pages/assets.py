"""Static files the site serves itself: the Vega runtime for interactive charts."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import vl_convert


def write_vega_bundle(target: Path, cache: Path) -> Path:
    """Write vega + vega-lite + vega-embed as one script, with no network.

    Making the bundle takes a few seconds, so it is cached by vl-convert's
    version: the bundle only changes when that pinned dependency does.
    """
    cached = cache / f"vega.bundle.{vl_convert.__version__}.js"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=cache, suffix=".partial")  # no collision between builds
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(vl_convert.javascript_bundle())
        os.replace(partial, cached)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return target
