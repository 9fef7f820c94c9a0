"""/muc-tieu/: the 2024 targets against reported progress, and the province requirements."""
from __future__ import annotations

import pandas as pd

from ...data_in.followups import follow_up
from ...data_in.observations import all_observations, value_text
from ...data_in.targets import evaluate
from . import PageInputs
from .common import criteria_table, locator, note, period_text, present, target_name, unit_name
from .core import required_text


def _labelled(number: str, label: str) -> str:
    """A figure with its words: "13,43% vốn ... đã giải ngân", the per cent sign against
    the number as everywhere else on the site, "60 xã ..." with a space."""
    return f"{number}{label}" if label.startswith("%") else f"{number} {label}".rstrip()


def targets_page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    symbols = catalogue.reference.tables["measure_units"].frame.set_index("unit_id")
    rows = []
    for t in evaluate(inputs.project, catalogue):
        progress = None
        if t.progress_value is not None:
            label = t.label[loc.lang] if t.label else ""
            progress = f"{_labelled(loc.number(t.progress_value), label)} ({loc.date(t.progress_as_of)})"
        elif t.context:
            # What the report gives instead, said as such: never counted toward the target.
            given = "; ".join(f"{_labelled(loc.number(value), label[loc.lang])} ({loc.date(row['as_of'])})"
                              for value, label, row in t.context)
            progress = loc.t("target_context.not_given", given=given)
        rows.append([
            target_name(catalogue, t.target, loc), unit_name(catalogue, t.target["unit_code"], loc, short=True),
            value_text(t.target, loc, symbols), loc.date(t.target["as_of"]), progress,
            None if t.expected_share is None else loc.percent(round(t.expected_share * 100, 1)),
            loc.code("target_status", t.status), locator(t.target, loc)])
    observations = all_observations(catalogue)
    targets = observations[observations["package"] == "targets"]

    def listing(kind: str) -> list[list]:
        return [[target_name(catalogue, r, loc), unit_name(catalogue, r["unit_code"], loc, short=True),
                 value_text(r, loc, symbols), loc.date(r["as_of"]), note(r, loc), locator(r, loc)]
                for _, r in targets[targets["kind"] == kind].iterrows()]

    sources = catalogue.indexed("reference", "sources", "source_id")

    def followup_item(f) -> dict:
        item = {"target": target_name(catalogue, f.target, loc),
                "unit": unit_name(catalogue, f.target["unit_code"], loc, short=True),
                "promised": value_text(f.target, loc, symbols), "deadline": loc.date(f.target["as_of"]),
                # A target for a period (the year, its second half) says which: two targets of one
                # indicator, due the same day, read as one said twice without it.
                "period": period_text(f.target, loc) if present(f.target.get("period_start")) else None,
                "status": f.status, "status_text": loc.t(f"history.followup.status.{f.status}"),
                "later": None, "source": None, "url": None,
                "note": f.note[loc.lang] if f.note else None}
        if f.source_id is not None:
            source = sources.loc[f.source_id]
            value = round(f.value, 1)
            said = loc.percent(value) if f.target["unit"] == "percent" else loc.number(value)
            item["later"] = loc.t("history.followup.later", value=said, date=loc.date(f.as_of))
            item["source"], item["url"] = source[f"short_citation_{loc.lang}"], source["url"]
        return item

    status = catalogue.table("criteria", "province_requirement_status")
    criteria = criteria_table(catalogue)
    return {
        "target_rows": rows,
        "followups": [followup_item(f) for f in follow_up(inputs.project, catalogue)],
        "remaining_rows": listing("target_remaining"),
        "requirement_rows": listing("requirement"),
        "province_rows": [
            [criteria.loc[r["requirement_id"], f"short_name_{loc.lang}"], loc.code("status", r["status"]),
             None if pd.isna(r["current_value"]) else loc.percent(r["current_value"]),
             required_text(r, loc), locator(r, loc)]
            for _, r in status.iterrows()],
    }


VIEWS = {"targets.md.j2": targets_page}
