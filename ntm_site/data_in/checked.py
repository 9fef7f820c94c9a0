"""The data, loaded and checked: the first stage of every command.

Apart from the rest of the build so that `validate` imports only what
checking needs (pandas, frictionless), not the charts, spreadsheets and site
generator a build adds.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..common.problems import Problem, ValidationFailed
from ..common.progress import Reporter
from ..common.project import Project
from . import catalogue as catalogue_stage
from .boundaries import check_boundaries
from .checks import RuleResult, problems_from, run_rules
from .loading import load
from .source_files import source_file_problems


@dataclass
class CheckedData:
    catalogue: catalogue_stage.Catalogue | None  # None when build() kept the site in place (nothing changed)
    rule_results: list[RuleResult]
    warnings: list[Problem]


def check(project: Project, reporter: Reporter = Reporter(), cache: Path | None = None) -> CheckedData:
    """Load, validate and run the consistency rules; raise on any error. `cache` (by default
    the project's): where frictionless's findings on unchanged packages are kept."""
    with reporter.stage("validate"):
        catalogue = load(project, cache or project.cache)
    with reporter.stage("checks"):
        results = run_rules(project, catalogue)
        problems = (problems_from(project, results) + source_file_problems(project.root, catalogue, project.messages)
                    + check_boundaries(project, catalogue))
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)
    return CheckedData(catalogue, results, problems)
