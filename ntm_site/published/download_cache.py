"""A package's published files, kept between builds while nothing they come from changed.

Writing a package's downloads (workbook, ZIP, CSVs for Excel, descriptor) is
seconds per language, and a maintainer's edit touches one package. The files
of a package depend on its own files and descriptor, the reference package
(labels, the tables its foreign keys reach, the source it credits), the
message catalogue, the language, the site's address, and the code and the
libraries that write them. They are kept under the hash of all of those, and
copied back byte for byte; anything incomplete is written again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from ..common.cache_files import code_digest, json_bytes, mark_used, store
from ..common.i18n import Localiser
from ..data_in.catalogue import REFERENCE_PACKAGE, Catalogue, Package

KEY_VERSION = 1
LIBRARIES = ("openpyxl", "pandas")


def common_key(loc: Localiser, site_base: str | None) -> hashlib._Hash:
    """What every package's downloads depend on alike: language, address, words, code, libraries."""
    digest = hashlib.sha256(json.dumps([KEY_VERSION, loc.lang, site_base, [version(name) for name in LIBRARIES],
                                        loc.messages.tree], sort_keys=True, default=str).encode())
    digest.update(code_digest())
    return digest


def package_key(common: hashlib._Hash, catalogue: Catalogue, package: Package) -> str:
    digest = common.copy()
    reference = catalogue.packages.get(REFERENCE_PACKAGE)
    for source in [package] + ([reference] if reference is not None and reference is not package else []):
        digest.update(json.dumps([source.name, source.descriptor], sort_keys=True).encode())
        for table in source.tables.values():
            digest.update(json.dumps([table.name, table.path.name, table.schema], sort_keys=True).encode())
            digest.update(hashlib.sha256(table.path.read_bytes()).digest())
    return digest.hexdigest()


def restore(cache: Path, key: str, folder: Path) -> list | None:
    """The package's files copied from the cache into `folder`, and their list; None if not kept."""
    listing, kept = cache / f"{key}.json", cache / key
    if not (mark_used(listing) and mark_used(kept)):
        return None
    try:
        files = json.loads(listing.read_text(encoding="utf-8"))
        if not kept.is_dir():
            return None
        shutil.copytree(kept, folder, dirs_exist_ok=True)
    except (OSError, ValueError):
        return None
    return files


def keep(cache: Path, key: str, folder: Path, files: list) -> None:
    """Copy the package's freshly written files into the cache (whole, or not at all)."""
    cache.mkdir(parents=True, exist_ok=True)
    if (cache / key).is_dir():
        return
    partial = Path(tempfile.mkdtemp(dir=cache, suffix=".partial"))
    shutil.copytree(folder, partial, dirs_exist_ok=True)
    try:
        os.rename(partial, cache / key)  # atomic: the folder is whole or absent
    except OSError:  # another build kept it first
        shutil.rmtree(partial, ignore_errors=True)
        return
    store(cache / f"{key}.json", json_bytes([asdict(f) for f in files]))
