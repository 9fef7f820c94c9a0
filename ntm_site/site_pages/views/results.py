"""/ket-qua/: every figure of the report's observation tables, by theme, with its place in the report."""
from __future__ import annotations

from ...data_in.catalogue import Catalogue
from ...data_in.observations import PROVINCE, all_observations, breakdown_series, display_unit, printed_as, value_text
from ...data_in.periods import OBSERVATION_SERIES, change_text, latest_with_previous, series_with_several_dates, time_chart_id
from ..charts import breakdown_id_for
from . import PageInputs
from .common import locator, note, notes, period_text, present, target_name, unit_name


def chart_ids(catalogue: Catalogue) -> list[str]:
    observations = all_observations(catalogue)
    # Province figures over time here; a district's are on its own page.
    over_time = [time_chart_id(*key) for key in series_with_several_dates(observations) if key[3] == PROVINCE]
    return [breakdown_id_for(*key) for key in breakdown_series(observations)] + over_time


def change_rows(catalogue: Catalogue, loc, symbols) -> list[list]:
    """Figures given by more than one report: latest, previous, change. Empty with one report."""
    observations = all_observations(catalogue)
    keys = set(series_with_several_dates(observations))
    if not keys:
        return []
    rows = []
    for change in latest_with_previous(observations, OBSERVATION_SERIES):
        latest, previous = change.latest, change.previous
        if previous is None or tuple(latest[c] for c in OBSERVATION_SERIES) not in keys:
            continue
        rows.append([target_name(catalogue, latest, loc), unit_name(catalogue, latest["unit_code"], loc, short=True),
                     loc.code("kind", latest["kind"]), value_text(latest, loc, symbols), loc.date(latest["as_of"]),
                     value_text(previous, loc, symbols),
                     change_text(change, loc, scale=display_unit(latest["unit"], loc, symbols)[0]), locator(latest, loc)])
    return rows


def results_page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    observations = all_observations(catalogue)
    indicators = catalogue.indexed("reference", "indicators", "indicator_id")
    symbols = catalogue.indexed("reference", "measure_units", "unit_id")
    observations = observations.assign(theme=observations["indicator_id"].map(indicators["theme"]))
    themes = list(loc.messages.tree["codes"]["theme"])  # the catalogue's order
    groups = []
    for theme in themes:
        rows = observations[observations["theme"] == theme]
        if rows.empty:
            continue
        groups.append({
            "id": theme, "title": loc.code("theme", theme),
            # The value second: on a phone it opens the line under the figure's name.
            "rows": [[target_name(catalogue, r, loc), value_text(r, loc, symbols), loc.code("kind", r["kind"]),
                      unit_name(catalogue, r["unit_code"], loc, short=True), period_text(r, loc), locator(r, loc),
                      notes(note(r, loc), printed_as(r, loc, symbols))]
                     for _, r in rows.iterrows()],
            "charts": [cid for cid in inputs.spec.charts if indicators.loc[cid.split("--")[1], "theme"] == theme],
        })
    documents = catalogue.table("documents", "cited_documents") if "documents" in catalogue.packages else None
    return {
        "change_rows": change_rows(catalogue, loc, symbols),
        "groups": groups,
        "document_rows": [] if documents is None else [
            [r["document_ref"], r[f"issuer_{loc.lang}"], loc.date(r["date_issued"]) if present(r["date_issued"]) else None,
             r[f"subject_{loc.lang}"], note(r, loc), locator(r, loc)]
            for _, r in documents.iterrows()],
    }


VIEWS = {"results.md.j2": results_page}
