"""Page views: for each template, a function from the loaded data to what it shows.

A view selects and orders rows and resolves codes to labels; its template
only lays them out. Values stay numbers until the template formats them for
its language; every text comes from the data or the message catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ...common.i18n import Localiser
from ...common.project import Project
from ...data_in.catalogue import Catalogue
from ...data_in.checks import RuleResult


@dataclass(frozen=True)
class PageInputs:
    catalogue: Catalogue
    loc: Localiser
    spec: "object"  # pages.PageSpec (not imported: pages imports views)
    rule_results: list[RuleResult]
    rule_titles: dict[str, str]
    project: Project
    changes: list = field(default_factory=list)  # changelog.Commit, newest first


def views() -> dict[str, Callable[[PageInputs], dict]]:
    from . import admin_changes, changes, core, districts, quality, results, source, targets
    return {**core.VIEWS, **districts.VIEWS, **quality.VIEWS, **results.VIEWS, **targets.VIEWS, **changes.VIEWS,
            **source.VIEWS, **admin_changes.VIEWS}
