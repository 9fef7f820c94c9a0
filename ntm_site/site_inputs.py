"""Whether the site in the output folder is already what a build would make.

A build is a function of its inputs: the data and its schemas, the boundaries,
the configuration and message catalogue, the hand-written pages and theme,
the source texts, the code and templates, the installed packages, the data's
git history, the engine and the site address. Their hash (`site_inputs_key`, file
contents only, never timestamps) is written into the site's stamp together
with a hash of the site's own files. When a later build finds the same inputs
and the site still holds exactly the files that were written, that site is
already the result: the build keeps it and only repeats what it said (the
data's warnings, kept in the cache under the same key).

Anything unusual (a special file or a symlinked folder among the inputs, a
stamp or site that does not match, warnings missing from the cache) means a
full build: the shortcut may be missed, never taken wrongly.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
from pathlib import Path

from .common.cache_files import json_bytes, mark_used, store
from .common.problems import Problem
from .common.project import Project
from .data_in.history import git
from .output_folder import STAMP, STAMP_MAX_BYTES, has_stamp

# Raised whenever what the key covers changes meaning.
KEY_VERSION = 1

# Folders and files of the checkout a build reads (the code and templates are in ntm_site/).
CHECKOUT_INPUTS = ("config", "docs", "overrides", "sources", "ntm_site", "mkdocs.yml")
_SKIPPED = {"__pycache__"}

_INPUTS_LINE = "inputs "
_FILES_LINE = "files "


class _Unusual(Exception):
    """An input the hash cannot vouch for: build in full."""


def _hash_tree(digest, label: str, top: Path) -> None:
    """Every regular file under `top` (or `top` itself), by path relative to it and content."""
    digest.update(f"\0{label}\0".encode())
    if not top.exists():
        digest.update(b"(none)")
        return
    if top.is_file():
        digest.update(_file_digest(top))
        return
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(s for s in subfolders if s not in _SKIPPED)
        for name in subfolders:
            if os.path.islink(os.path.join(folder, name)):
                raise _Unusual(name)  # its contents would not be walked
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = Path(folder, name)
            digest.update(path.relative_to(top).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(_file_digest(path))


def _file_digest(path: Path) -> bytes:
    info = path.stat()  # follows a symlinked file to what it names, as the build's readers do
    if not stat.S_ISREG(info.st_mode):
        raise _Unusual(str(path))  # a FIFO must never be opened; the build says what it is
    return hashlib.sha256(path.read_bytes()).digest()


def _installed_packages() -> list[str]:
    """Name and version of every installed package (from the names of their metadata folders)."""
    found = []
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            found += sorted(name for name in os.listdir(entry) if name.endswith((".dist-info", ".egg-info")))
    return found


def site_inputs_key(project: Project, engine: str) -> str | None:
    """Hash of everything a build reads, or None when an input is unusual."""
    root = project.root
    head = git(project.datapackages.parent, "rev-parse", "HEAD")  # the changelog and "last changed" dates
    digest = hashlib.sha256(json.dumps([KEY_VERSION, engine, project.site_url, project.repository_url, sys.version, head,
                                        _installed_packages()]).encode())
    try:
        for label, path in (("data", project.datapackages), ("schemas", project.schemas),
                            ("geodata", project.datapackages.parent / "geodata"),
                            *((name, root / name) for name in CHECKOUT_INPUTS)):
            _hash_tree(digest, label, path)
    except (_Unusual, OSError):
        return None
    return digest.hexdigest()


def site_digest(site: Path) -> str | None:
    """Hash of a built site's files (its stamp aside), or None if it holds anything but files and folders."""
    digest = hashlib.sha256()
    try:
        for folder, subfolders, files in os.walk(site):
            subfolders.sort()
            if any(os.path.islink(os.path.join(folder, name)) for name in subfolders):
                return None
            for name in sorted(files):
                path = Path(folder, name)
                if folder == str(site) and name == STAMP:
                    continue
                info = path.lstat()
                if not stat.S_ISREG(info.st_mode):
                    return None
                digest.update(path.relative_to(site).as_posix().encode("utf-8", "surrogateescape") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def stamp_record(key: str | None, site: Path) -> str:
    """The stamp's lines for a site built from inputs `key` (nothing when there is no key)."""
    files = site_digest(site) if key else None
    return f"{_INPUTS_LINE}{key}\n{_FILES_LINE}{files}\n" if key and files else ""


def _recorded(out: Path) -> dict[str, str]:
    if not has_stamp(out):  # a regular file, small, ours
        return {}
    try:
        lines = (out / STAMP).read_bytes()[:STAMP_MAX_BYTES].decode("utf-8", "replace").splitlines()
    except OSError:
        return {}
    return {prefix: line[len(prefix):] for line in lines for prefix in (_INPUTS_LINE, _FILES_LINE)
            if line.startswith(prefix)}


def _warnings_file(cache: Path, key: str) -> Path:
    return cache / "builds" / f"{key}.json"


def save_warnings(cache: Path, key: str, warnings: list[Problem]) -> None:
    store(_warnings_file(cache, key), json_bytes([dataclasses.asdict(w) for w in warnings]))


def unchanged_site(out: Path, key: str | None, cache: Path) -> list[Problem] | None:
    """The warnings of the build that made the site at `out`, if that site is what a build
    from inputs `key` would make and is intact; None if a build is needed."""
    if key is None:
        return None
    recorded = _recorded(out)
    if recorded.get(_INPUTS_LINE) != key or not mark_used(_warnings_file(cache, key)):
        return None
    try:
        warnings = [Problem(**entry) for entry in json.loads(_warnings_file(cache, key).read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None
    if recorded.get(_FILES_LINE) != site_digest(out):  # a file removed or edited since: build again
        return None
    return warnings
