"""The input gate: discover the packages, check their files, validate them, then load.

Kept apart from `catalogue` (which only reads) because the checks themselves
read the catalogue: here they all meet, and nothing below imports this.
"""
from __future__ import annotations

from pathlib import Path

from ..common.problems import ValidationFailed
from ..common.project import Project
from .catalogue import Catalogue, discover, load_frames
from .file_checks import check_files
from .required_data import required_data_problems
from .validate import validate


def load(project: Project, cache: Path | None = None) -> Catalogue:
    """Discover, validate and load: the one entry point later stages need.

    Every error of a run is listed: a table whose file cannot be read is left
    out of frictionless's validation (its cell errors would only repeat the
    file error), but every other table, in its package and in all others, is
    still validated, and cell-level findings (a formula, a control character)
    do not stop frictionless from reading the same table. With a `cache`,
    frictionless's findings on unchanged packages are read back (validation_cache.py).
    """

    catalogue, problems = discover(project)
    problems += check_files(project, catalogue)
    problems += required_data_problems(project, catalogue)
    problems += validate(project, catalogue, cache)
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)
    load_frames(catalogue)
    return catalogue
