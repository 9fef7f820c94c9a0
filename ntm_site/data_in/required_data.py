"""The packages and tables the site cannot be built without.

Pages and charts read certain tables by name (listed here), and the rules in
`config/rules.yml`, targets in `config/targets.yml` and follow-ups in
`config/followups.yml` name more. Each such table must:
- exist: its package folder and a resource of that name;
- use the shared schema named after it (`schemas/<table>.json`; observation
  tables use `schemas/observations.json`), since pages read its columns;
- hold at least one row, since pages and charts show its first rows.
`validate` checks this, so a deleted package or an emptied table fails there,
with a message, rather than in the middle of a build.
"""
from __future__ import annotations

from pathlib import Path


from ..common.problems import Problem
from ..common.project import Project
from ..common.yaml_files import read_yaml_file
from .catalogue import Catalogue, relative_file

# Tables the page views and chart builders read (ntm_site/site_pages/views/, charts.py, pages.py, downloads.py).
PAGE_TABLES = {
    "reference": ["admin_units", "breakdowns", "criteria", "criteria_sets", "indicators", "measure_units",
                  "sources", "townships"],
    "criteria": ["district_criteria_status", "district_criteria_summary", "progress_counts",
                 "province_requirement_status", "township_civilised_urban", "unit_recognition"],
    "ocop": ["ocop_activity", "ocop_products", "ocop_rating_localities"],
    "funding": ["capital_disbursement", "sponsorship"],
}
OBSERVATIONS = "observations"


def _tables_in(node: object) -> set[str]:
    """Every `package/table` a rules or targets file names under a `table` key."""
    if isinstance(node, dict):
        found = {node["table"]} if isinstance(node.get("table"), str) and "/" in node["table"] else set()
        return found.union(*(_tables_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_tables_in(v) for v in node))
    return set()


def required_tables(project: Project) -> dict[str, set[str]]:
    required = {package: set(tables) for package, tables in PAGE_TABLES.items()}
    for name in ("rules.yml", "targets.yml", "followups.yml"):
        path = project.config / name
        if path.exists():
            for ref in _tables_in(read_yaml_file(path)):
                package, table = ref.split("/", 1)
                required.setdefault(package, set()).add(table)
    return required


def expected_schema(table: str) -> str:
    return f"../../schemas/{table}.json"


def _problem(project: Project, owner: str, file: Path, rule: str, key: str, **params) -> Problem:
    messages = project.messages
    return Problem(package=owner, file=relative_file(project, file), rule=rule,
                   message_vi=messages.get(f"input.{key}", "vi", **params),
                   message_en=messages.get(f"input.{key}", "en", **params))


def required_data_problems(project: Project, catalogue: Catalogue) -> list[Problem]:
    """Missing packages and tables, wrong schemas, empty tables.

    A package folder that exists but could not be read, or a resource that is
    declared but was refused, has been reported already: not again here.
    """
    problems = []
    for package_name, tables in sorted(required_tables(project).items()):
        folder = project.datapackages / package_name
        package = catalogue.packages.get(package_name)
        if package is None:
            if not folder.exists() and not folder.is_symlink():
                problems.append(_problem(project, package_name, folder, "missing-package", "missing_package",
                                         package=package_name))
            continue
        declared = {r["name"]: r for r in package.descriptor["resources"]
                    if isinstance(r, dict) and isinstance(r.get("name"), str)}
        descriptor = package.directory / "datapackage.json"
        for table_name in sorted(tables):
            if table_name not in declared:
                problems.append(_problem(project, package_name, descriptor, "missing-table", "missing_table",
                                         table=table_name))
                continue
            table = package.tables.get(table_name)
            if table is None:
                continue
            schema = expected_schema(OBSERVATIONS if table_name == OBSERVATIONS else table_name)
            if declared[table_name].get("schema") != schema:
                problems.append(_problem(project, package_name, descriptor, "wrong-schema", "wrong_schema",
                                         table=table_name, schema=schema))
            if table.row_count == 0:
                problems.append(_problem(project, package_name, table.path, "empty-table", "empty_table",
                                         table=table_name))
    return problems
