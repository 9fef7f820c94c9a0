"""/ket-qua/: every figure of the report's observation tables, by theme, with its place in the report."""
from __future__ import annotations

from ..catalogue import Catalogue
from ..charts import breakdown_id_for
from ..observations import all_observations, breakdown_series, value_text
from . import PageInputs
from .common import locator, note, period_text, present, target_name, unit_name


def chart_ids(catalogue: Catalogue) -> list[str]:
    return [breakdown_id_for(*key) for key in breakdown_series(all_observations(catalogue))]


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
            "rows": [[target_name(catalogue, r, loc), unit_name(catalogue, r["unit_code"], loc, short=True),
                      loc.code("kind", r["kind"]), value_text(r, loc, symbols), period_text(r, loc), locator(r, loc), note(r, loc)]
                     for _, r in rows.iterrows()],
            "charts": [cid for cid in inputs.spec.charts if indicators.loc[cid.split("--")[1], "theme"] == theme],
        })
    documents = catalogue.table("documents", "cited_documents") if "documents" in catalogue.packages else None
    return {
        "groups": groups,
        "document_rows": [] if documents is None else [
            [r["document_ref"], r[f"issuer_{loc.lang}"], loc.date(r["date_issued"]) if present(r["date_issued"]) else None,
             r[f"subject_{loc.lang}"], note(r, loc), locator(r, loc)]
            for _, r in documents.iterrows()],
    }


VIEWS = {"results.md.j2": results_page}
