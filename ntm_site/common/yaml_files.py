"""Reading the YAML files of config/ (and mkdocs.yml) fast.

The message catalogue alone is thousands of lines, read by every command;
libyaml's parser (when PyYAML was built with it, as its wheels are) reads
it in a fraction of the time of the pure-Python one, with the same safe
subset: plain data, no Python objects.

A process that makes many projects (the tests make hundreds; `serve` one per
rebuild) reads the same files again and again: `read_yaml_file` parses a
file's bytes once per process and hands each caller a copy of its own.
"""
from __future__ import annotations

import functools
import pickle
from pathlib import Path
from typing import IO

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(source: str | bytes | IO) -> object:
    """Like yaml.safe_load."""
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader


@functools.lru_cache(maxsize=64)
def _parsed(content: bytes) -> bytes:
    # Kept pickled: unpickling makes a fresh copy twenty times faster than parsing
    # again, so no caller can change what another one reads. Only this process's
    # own pickles are ever unpickled.
    return pickle.dumps(read_yaml(content.decode("utf-8")))


def read_yaml_file(path: Path) -> object:
    """The file's YAML (UTF-8), parsed once per process for the same bytes: an
    edited file is parsed again. The caller's copy is its own to change."""
    return pickle.loads(_parsed(Path(path).read_bytes()))  # noqa: S301 - our own pickle, see _parsed
