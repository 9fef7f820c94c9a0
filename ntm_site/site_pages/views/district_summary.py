"""The top of a district page: "how is my district doing?" in a few plain sentences.

Every sentence is built from the data with words from the message catalogue;
none states more than the report does. The order answers a citizen's
questions: is it recognised, what is planned for it, how far along are its
criteria, where does it stand out among the units, and where to look for what
the report does not give by district (money).
"""
from __future__ import annotations

import pandas as pd

from ...common.i18n import Localiser
from ...common.project import Project
from ...data_in.catalogue import Catalogue
from ...data_in.followups import follow_up
from ...data_in.observations import unit_observations, value_text
from ...data_in.targets import end_of
from .common import present, target_name
from .timeline import GOAL_STANDARD


def _source_label(catalogue: Catalogue, source_id: str, loc: Localiser) -> str:
    """Who published a source, and when: "Báo Hà Tĩnh, 17/10/2019"."""
    source = catalogue.indexed("reference", "sources", "source_id").loc[source_id]
    return source[f"issuer_{loc.lang}"] + (f", {loc.date(source['date'])}" if present(source.get("date")) else "")


def _decision(catalogue: Catalogue, code: int, goal: str, as_of: str, loc: Localiser) -> str | None:
    """The decision recognising the unit for `goal` that another source reports (the
    history package), with that source: what the report's counts only imply, or a
    decision after the report, said with its date and where it is from."""
    history = catalogue.table("history", "recognitions") if "history" in catalogue.packages else None
    if history is None:
        return None
    found = history[(history["unit_code"] == code) & (history["standard"] == GOAL_STANDARD.get(goal))
                    & (history["stage"] == "recognised") & history["decision_number"].map(present)
                    & history["decision_date"].map(present)]
    if found.empty:
        return None
    row = found.iloc[0]
    cited = _source_label(catalogue, row["source_id"], loc)
    later = str(row["decision_date"]) > str(end_of(str(as_of)))  # after the report's date
    # What the history row notes about its source (a page dated before the decision it reports)
    # or its fact, as the timeline says it under the milestone: a sentence of its own after
    # the source it is about.
    said = loc.t(f"district_summary.{'decided_later' if later else 'decided'}", decision=row["decision_number"],
                 date=loc.date(row["decision_date"]), source=cited)
    noted = row.get(f"note_{loc.lang}")
    return f"{said} {noted}" if present(noted) else said


def _recognition(catalogue: Catalogue, code: int, name: str, loc: Localiser) -> list[str]:
    rows = catalogue.table("criteria", "unit_recognition")
    lines = []
    for _, r in rows[rows["unit_code"] == code].iterrows():
        goal = loc.t(f"district_summary.goal.{r['goal']}")
        params = {"name": name, "goal": goal}
        if r["status"] == "recognised" and present(r.get("decision_ref")):
            lines.append(loc.t("district_summary.recognised_by", decision=r["decision_ref"],
                               date=loc.date(r["decision_date"]) if present(r.get("decision_date")) else "–", **params))
            continue
        lines.append(loc.t(f"district_summary.status.{r['status']}", **params))
        decided = _decision(catalogue, code, r["goal"], r["as_of"], loc)
        if decided:
            lines.append(decided)
    return lines


def _plans(catalogue: Catalogue, code: int, loc: Localiser, project: Project | None) -> list[str]:
    """What the report plans for this unit: the year it is to reach a standard
    (unit_recognition.target_year) and the targets that name it, each with its
    follow-up status from later sources (followups.py)."""
    lines = []
    recognition = catalogue.table("criteria", "unit_recognition")
    if "target_year" in recognition.columns:
        for _, r in recognition[(recognition["unit_code"] == code) & recognition["target_year"].notna()].iterrows():
            lines.append(loc.t("district_summary.plan_year", goal=loc.t(f"district_summary.goal.{r['goal']}"),
                               year=loc.year(r["target_year"])))
    if "targets" not in catalogue.packages:
        return lines
    symbols = catalogue.indexed("reference", "measure_units", "unit_id")
    followed = follow_up(project, catalogue) if project is not None else []
    for f in followed:
        r = f.target
        if r["unit_code"] != code:
            continue
        line = loc.t("district_summary.plan", what=target_name(catalogue, r, loc),
                     value=value_text(r, loc, symbols), date=loc.date(r["as_of"]))
        status = loc.t(f"history.followup.status.{f.status}")
        if f.as_of and f.source_id:  # what the status rests on: its date and source
            followed = loc.t("district_summary.followed_up_dated", status=status, date=loc.date(f.as_of),
                             source=_source_label(catalogue, f.source_id, loc))
        else:
            followed = loc.t("district_summary.followed_up", status=status)
        lines.append(line + " " + followed)
    return lines


def _criteria(catalogue: Catalogue, code: int, loc: Localiser) -> list[str]:
    summary = catalogue.table("criteria", "district_criteria_summary")
    sets = catalogue.indexed("reference", "criteria_sets", "set_id")
    status = catalogue.table("criteria", "district_criteria_status")
    lines = []
    for _, r in summary[summary["unit_code"] == code].iterrows():
        mine = status[(status["unit_code"] == code) & (status["set_id"] == r["set_id"])]
        counts = mine["status"].value_counts() if not mine.empty else pd.Series(dtype=int)
        params = {"set": sets.loc[r["set_id"], f"name_{loc.lang}"], "total": int(r["criteria_total"])}
        if present(r["met_count"]):
            # met_count counts criteria fully met; "basically met" has its own count (the report's own words).
            met = int(r["met_count"])
            basically = (int(r["basically_met_count"]) if present(r.get("basically_met_count"))
                         else int(counts.get("basically_met", 0)))
            key = ("district_summary.criteria_all_basically" if basically and not met else
                   "district_summary.criteria_met_basically" if basically else "district_summary.criteria_met")
            lines.append(loc.t(key, met=met + basically, basically=basically, **params))
        elif present(r["not_met_count"]):
            lines.append(loc.t("district_summary.criteria_unmet", not_met=int(r["not_met_count"]), **params))
        if present(r.get("progress_lower")):
            lines.append(loc.t("district_summary.progress", low=loc.number(r["progress_lower"]),
                               high=loc.number(r["progress_upper"]), **params))
    return lines


def _stands_out(catalogue: Catalogue, code: int, loc: Localiser) -> list[str]:
    """The figures where the unit ranks first and last among the units the report names."""
    rows = unit_observations(catalogue, code)
    ranked = rows[rows["rank"].notna() & (rows["ranked_among"] >= 3) & (rows["distinct_values"] >= 2)]
    if ranked.empty:
        return []
    indicators = catalogue.indexed("reference", "indicators", "indicator_id")
    lines = []

    def name(r):
        return target_name(catalogue, r, loc) if r["breakdown_id"] != "total" else indicators.loc[r["indicator_id"], f"name_{loc.lang}"]

    highest = ranked[ranked["rank"] == 1]
    lowest = ranked[ranked["rank"] == ranked["ranked_among"]]
    if not highest.empty:
        lines.append(loc.t("district_summary.highest", what="; ".join(sorted({name(r) for _, r in highest.iterrows()}))))
    if not lowest.empty:
        lines.append(loc.t("district_summary.lowest", what="; ".join(sorted({name(r) for _, r in lowest.iterrows()}))))
    return lines


def summary(catalogue: Catalogue, code: int, name: str, loc: Localiser, project: Project | None = None) -> list[str]:
    """Plain sentences, in the order a citizen asks; each one is true of the data."""
    lines = _recognition(catalogue, code, name, loc) or [loc.t("district_summary.no_recognition", name=name)]
    lines += _plans(catalogue, code, loc, project) or [loc.t("district_summary.no_plan")]
    lines += _criteria(catalogue, code, loc)
    lines += _stands_out(catalogue, code, loc)
    return lines
