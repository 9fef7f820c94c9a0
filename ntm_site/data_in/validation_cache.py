"""Frictionless's findings on a package, kept between runs while nothing they depend on changed.

Frictionless is most of `validate`'s time, and a maintainer's edit touches
one package. A package's findings depend on its files and the reference
tables its foreign keys read (their bytes), the descriptor handed to
frictionless (schemas included), the message catalogue the findings are
worded from, where the files are (findings name them), and the code:
validate.py, foreign_keys.py and the frictionless version. They are kept
under the hash of all of those, as JSON; anything that cannot be read back
is validated again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import stat
from importlib.metadata import version
from pathlib import Path

from ..common.cache_files import json_bytes, mark_used, store
from ..common.problems import Problem
from ..common.project import Project

KEY_VERSION = 1
_CODE = [Path(__file__).resolve().parent / name for name in ("validate.py", "foreign_keys.py")]


def basis(project: Project) -> bytes:
    """What every package's findings depend on alike."""
    return json.dumps([KEY_VERSION, version("frictionless"), [code.read_text(encoding="utf-8") for code in _CODE],
                       str(project.root.resolve()), str(project.datapackages.resolve()), project.messages.tree],
                      sort_keys=True, default=str).encode("utf-8")


def findings_key(project: Project, descriptor: dict, common: bytes) -> str | None:
    """The key of a package's findings (`descriptor` as handed to frictionless), or None
    when a file is not a regular file (then it is validated, and reported, as it is)."""
    digest = hashlib.sha256(common)
    digest.update(json.dumps(descriptor, sort_keys=True).encode("utf-8"))
    for resource in descriptor["resources"]:
        path = project.datapackages / resource["path"]
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                return None
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            return None
    return digest.hexdigest()


def _file(cache: Path, key: str) -> Path:
    return cache / "validation" / f"{key}.json"


def load_findings(cache: Path, key: str) -> list[Problem] | None:
    if not mark_used(_file(cache, key)):
        return None
    try:
        return [Problem(**entry) for entry in json.loads(_file(cache, key).read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None


def save_findings(cache: Path, key: str, findings: list[Problem]) -> None:
    store(_file(cache, key), json_bytes([dataclasses.asdict(f) for f in findings]))
