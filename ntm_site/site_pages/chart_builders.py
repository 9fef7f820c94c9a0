"""Every chart by its id: the one place that knows all the builders.

The builders live in `charts` (one figure) and `time_charts` (one series over
the reports); this table sits above both so that neither imports the other.
"""
from __future__ import annotations

from altair.utils.schemapi import debug_mode

from ..common.i18n import Localiser
from ..common.project import Project
from ..data_in.catalogue import Catalogue
from ..data_in.periods import TIME_PREFIX
from .charts import (breakdown_comparison, BREAKDOWN_PREFIX, capital_plan_vs_disbursed, Chart, commune_counts_over_time,
                     COMPARE_PREFIX, district_criteria_matrix, ocop_half_year_activity,
                     ocop_valid_by_star, requirement_progress, sponsorship_by_district,
                     targets_progress, unit_comparison)
from .time_charts import time_series


BUILDERS = {
    "targets-progress": targets_progress,
    "requirement-progress": requirement_progress,
    "district-criteria-matrix": district_criteria_matrix,
    "ocop-valid-by-star": ocop_valid_by_star,
    "ocop-half-year-activity": ocop_half_year_activity,
    "capital-plan-vs-disbursed": capital_plan_vs_disbursed,
    "sponsorship-by-district": sponsorship_by_district,
    "commune-counts-over-time": commune_counts_over_time,
}


def build_chart(chart_id: str, catalogue: Catalogue, loc: Localiser, project: Project | None = None,
                built: dict | None = None) -> Chart:
    """Build a chart by id; `project` gives builders access to configuration (targets);
    `built`, the charts already built in this language, saves drawing a series again."""
    # Altair's debug mode checks every object against the Vega-Lite schema as it is made, a
    # tenth of a chart's time; the finished specs are checked once, in the tests (test_charts.py).
    with debug_mode(False):
        return _build(chart_id, catalogue, loc, project, built)


def _build(chart_id: str, catalogue: Catalogue, loc: Localiser, project: Project | None, built: dict | None) -> Chart:
    if chart_id.startswith(COMPARE_PREFIX + "--"):
        chart = unit_comparison(catalogue, loc, chart_id, built)
        if built is not None:
            built.setdefault(chart_id, chart)
        return chart
    if chart_id.startswith(BREAKDOWN_PREFIX + "--"):
        return breakdown_comparison(catalogue, loc, chart_id)
    if chart_id.startswith(TIME_PREFIX + "--"):
        return time_series(catalogue, loc, chart_id)
    return BUILDERS[chart_id](catalogue, loc, project)
