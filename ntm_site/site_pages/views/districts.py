"""/dia-phuong/: one page per district-level unit, and an index comparing them."""
from __future__ import annotations

import pandas as pd

from ...data_in.catalogue import Catalogue
from ...data_in.observations import (PROVINCE, all_observations, district_comparable_series, series_units, unbroken, uniform_series,
                                     printed_as, unit_observations, value_text)
from ...data_in.periods import series_with_several_dates, time_chart_id
from ..charts import comparison_id
from . import PageInputs
from .admin_changes import district_context
from ...common.i18n import in_running_text
from .common import UnitParagraphs, criteria_table, note, notes, present, unit_name
from .compare import comparison
from .district_map import district_maps, locator_map
from .district_summary import summary as district_summary
from .timeline import milestones


def district_units(catalogue: Catalogue) -> pd.DataFrame:
    units = catalogue.reference.tables["admin_units"].frame
    return units[units["level"] == "district"]


# A unit page highlights itself in one chart per series: that is units x units
# bars in all. Past this many units a series is compared in the index chart and
# the unit's rank and share only, so the build grows linearly with the data.
MAX_UNITS_FOR_UNIT_CHARTS = 30


def chart_ids(catalogue: Catalogue, highlight_slug: str | None = None, unit_code: int | None = None) -> list[str]:
    """Comparison charts for the series the report gives by unit (and, for a unit page, that include it)."""
    uniform = uniform_series(catalogue)
    series = [key for key in district_comparable_series(catalogue) if key not in uniform]
    units_of = series_units(catalogue)
    ids = []
    for key in series:
        if unit_code is not None and (len(units_of[key]) > MAX_UNITS_FOR_UNIT_CHARTS or unit_code not in units_of[key]):
            continue
        ids.append(comparison_id(*key, highlight_slug))
    if unit_code is not None:  # the unit's own figures over time, where later reports give them
        ids += [time_chart_id(*key) for key in series_with_several_dates(all_observations(catalogue)) if key[3] == unit_code]
    return ids


def index(inputs: PageInputs) -> dict:
    loc = inputs.loc
    name = loc.t("compare.file_name")
    compare = comparison(inputs.catalogue, loc)
    names = {int(u.unit_code): getattr(u, f"name_{loc.lang}") for u in district_units(inputs.catalogue).itertuples()}
    return {"compare": compare,
            "compare_files": {"csv": f"{name}.csv", "xlsx": f"{name}.xlsx"},
            "district_maps": district_maps(inputs.project, compare, names, loc)}


def _facts_by_theme(catalogue: Catalogue, code: int, loc, locate) -> list[dict]:
    mine = unit_observations(catalogue, code)
    indicators = catalogue.indexed("reference", "indicators", "indicator_id")
    breakdowns = catalogue.indexed("reference", "breakdowns", "breakdown_id")
    symbols = catalogue.indexed("reference", "measure_units", "unit_id")
    groups: dict[str, list] = {}
    for _, row in mine.iterrows():
        indicator = indicators.loc[row["indicator_id"]]
        name = indicator[f"name_{loc.lang}"]
        if row["breakdown_id"] != "total":
            name += f" ({breakdowns.loc[row['breakdown_id'], f'name_{loc.lang}']})"
        rank = rank_text(row, loc)
        share = None if pd.isna(row["share_of_province"]) else loc.percent(round(float(row["share_of_province"]), 1))
        value = value_text(row, loc, symbols)
        if not pd.isna(row["one_of"]):  # one of the units a series names: said so, not "1"
            value = loc.t("district.one_of", count=loc.number(row["one_of"]))
        groups.setdefault(indicator["theme"], []).append(
            [name, value, loc.code("kind", row["kind"]), rank, share, locate(row, loc),
             notes(note(row, loc), printed_as(row, loc, symbols))])
    return [{"theme": loc.code("theme", theme), "rows": rows} for theme, rows in groups.items()]


def summary_line(row, set_name: str, loc) -> str:
    """What the report says about a district's criteria count, without inventing what it does not."""
    total = int(row["criteria_total"])
    if pd.isna(row["met_count"]) and pd.isna(row["not_met_count"]):
        return loc.t("district.criteria_summary_none", set=set_name)
    if pd.isna(row["met_count"]):
        return loc.t("district.criteria_summary_unmet_only", set=set_name, not_met=int(row["not_met_count"]), total=total)
    # "Basically met" is said as such, never folded into "met" (Thạch Hà: 4 of 9 basically met).
    counts = [(row[column], loc.t(f"criteria_counts.{column}", count=int(row[column])))
              for column in ("met_count", "basically_met_count", "not_met_count") if column in row and present(row[column])]
    parts = [text for count, text in counts if count > 0]
    return loc.t("criteria_counts.summary", set=set_name, parts=", ".join(parts), total=total)


def rank_text(row, loc) -> str | None:
    """'3 trên 11', 'joint 6 of 11', or nothing where a rank would mislead (fewer than
    three units, or every unit has the same value). One unbroken phrase, as a value is."""
    if pd.isna(row["rank"]) or row["ranked_among"] < 3 or row["distinct_values"] < 2:
        return None
    key = "district.rank_tied" if row["tied"] else "district.rank"
    return unbroken(loc.t(key, rank=int(row["rank"]), count=int(row["ranked_among"])))


def unit_page(inputs: PageInputs) -> dict:
    catalogue, loc, code = inputs.catalogue, inputs.loc, inputs.spec.unit
    unit = catalogue.indexed("reference", "admin_units", "unit_code").loc[code]
    criteria = criteria_table(catalogue)
    sets = catalogue.indexed("reference", "criteria_sets", "set_id")
    townships = catalogue.reference.tables["townships"].frame
    status = catalogue.table("criteria", "district_criteria_status")
    summary = catalogue.table("criteria", "district_criteria_summary")
    recognition = catalogue.table("criteria", "unit_recognition")
    township_status = catalogue.table("criteria", "township_civilised_urban").merge(townships, on="township_id")
    sponsorship = catalogue.table("funding", "sponsorship")
    localities = catalogue.table("ocop", "ocop_rating_localities")
    sponsorship_total = sponsorship[sponsorship["scope"] == "district_level"]["amount_mvnd"]
    locate = UnitParagraphs(inputs.project.root, catalogue).locate  # each row is about this unit
    return {
        "unit": unit,
        "unit_type": loc.code("unit_type", unit["type"]),
        "recognition_rows": [
            [loc.code("goal", r["goal"]), loc.code("recognition_status", r["status"]),
             loc.year(r["target_year"]) if present(r["target_year"]) else None, loc.code("basis", r["basis"]),
             note(r, loc), locate(r, loc)]
            for _, r in recognition[recognition["unit_code"] == code].iterrows()],
        "criteria_rows": [
            [criteria.loc[r["criterion_id"], f"name_{loc.lang}"],
             loc.code("status", r["status"]), locate(r, loc)]
            for _, r in status[status["unit_code"] == code].iterrows()],
        "summary": [summary_line(r, sets.loc[r["set_id"], f"name_{loc.lang}"], loc)
                    for _, r in summary[summary["unit_code"] == code].iterrows()],
        "township_rows": [
            [r[f"name_{loc.lang}"], r["unmet_count"], r["criteria_total"], locate(r, loc)]
            for _, r in township_status[township_status["unit_code"] == code].iterrows()],
        # Led by what the row is: on a phone the first column heads the card, and an
        # amount alone ("3.534") heads it with nothing said of what it counts.
        "sponsorship_rows": [
            [loc.t("district.sponsorship_item"), r["amount_mvnd"],
             None if sponsorship_total.empty else loc.percent(round(float(r["amount_mvnd"] / sponsorship_total.iloc[0] * 100), 1)),
             locate(r, loc), note(r, loc)]
            for _, r in sponsorship[(sponsorship["unit_code"] == code) & (sponsorship["scope"] == "district")].iterrows()],
        "ocop_rows": [[r["name_as_printed"], note(r, loc), locate(r, loc)] for _, r in localities[localities["unit_code"] == code].iterrows()],
        "themes": _facts_by_theme(catalogue, code, loc, locate),
        "timeline": milestones(catalogue, code, loc, locate),
        "province_name": in_running_text(unit_name(catalogue, PROVINCE, loc), loc.lang),
        "locator_map": locator_map(inputs.project, code, unit[f"short_name_{loc.lang}"], loc),
        "at_a_glance": district_summary(catalogue, code, unit[f"name_{loc.lang}"], loc, inputs.project),
        **district_context(catalogue, code, loc),  # where the unit is now (admin_changes)
    }


VIEWS = {"districts.md.j2": index, "district.md.j2": unit_page}
