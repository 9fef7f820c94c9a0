"""Reading the YAML files of config/ (and mkdocs.yml) fast.

The message catalogue alone is thousands of lines, read by every command;
libyaml's parser (when PyYAML was built with it, as its wheels are) reads
it in a fraction of the time of the pure-Python one, with the same safe
subset: plain data, no Python objects.
"""
from __future__ import annotations

from typing import IO

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(source: str | bytes | IO) -> object:
    """Like yaml.safe_load."""
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader
