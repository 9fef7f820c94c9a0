"""What the core pages show, computed from the catalogue.

One function per template: it selects and orders rows and resolves codes to
labels; the template only lays them out. Values stay numbers (the template
formats them for the language), text comes from the data or the catalogue.
"""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from ...common.i18n import Localiser
from ...common.safe_text import link
from ...data_in.catalogue import Table, localised
from ...data_in.observations import PROVINCE
from ...data_in.periods import change_of, change_text, latest_rows
from ...data_in.provenance import many_rows_ref, published_sources
from ...published.citations import package_citation
from . import PageInputs
from .admin_changes import PAGE_SLUG as NOW_IS_SLUG, district_level_end
from .common import UnitParagraphs, criteria_table, locator, markup_message, note, period, present, unit_name, value_with_unit


def _requirements_by_status(catalogue, status: pd.DataFrame, loc: Localiser) -> list[tuple[str, list[str]]]:
    """Which of the province's requirements are met and which not, by their short
    names: the chart shows only those the report gives a percentage for."""
    criteria = criteria_table(catalogue)
    return [(loc.code("status", code), [criteria.loc[r, f"short_name_{loc.lang}"] for r in rows.index])
            for code in ("met", "basically_met", "not_met") if not (rows := status[status["status"] == code]).empty]


def reported_later(catalogue, level: str, after: str, loc: Localiser) -> Markup | None:
    """The province's newest count of `level` communes, where a later source (history/
    commune_counts) gives one from a later month than the report's `after`: the headline is
    the report's, and a reader copying it learns that a newer figure exists, and where."""
    if "history" not in catalogue.packages:
        return None
    counts = catalogue.table("history", "commune_counts")
    later = counts[(counts["unit_code"] == PROVINCE) & (counts["level"] == level)
                   & (counts["as_of"].str[:7] > str(after)[:7])].sort_values("as_of", kind="stable")
    if later.empty:
        return None
    row = later.iloc[-1]
    issuer = catalogue.indexed("reference", "sources", "source_id").loc[row["source_id"], f"issuer_{loc.lang}"]
    chart = Markup('<a href="#bieu-do-commune-counts-over-time">{}</a>').format(loc.t("headline.later_chart"))
    return markup_message(loc, "headline.later", value=loc.number(row["value"]), level=loc.t(f"timeline.level.{level}"),
                          date=loc.date(row["as_of"]), source=issuer, chart=chart)


def recognised_later(catalogue, unit_type: str, after: str, loc: Localiser, root: str) -> Markup | None:
    """The units of `unit_type` ("huyen") recognised as meeting the NTM standard by a decision
    of a later month than the report's `after` (history/recognitions): the districts headline
    is the report's count, and a reader copying it learns which came after, each linked."""
    if "history" not in catalogue.packages:
        return None
    decisions = catalogue.table("history", "recognitions")
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    later = decisions[(decisions["standard"] == "ntm") & (decisions["stage"] == "recognised")
                      & (decisions["decision_date"].fillna("").str[:7] > str(after)[:7])
                      & decisions["unit_code"].map(lambda code: units.at[code, "type"] == unit_type)]
    if later.empty:
        return None
    # A decision several sources report is one line; the row naming its number first.
    later = later.sort_values(["decision_date", "decision_number"], na_position="last", kind="stable")
    named = []
    for code, rows in later.groupby("unit_code", sort=False):
        row, unit = rows.iloc[0], units.loc[code]
        link = Markup('<a href="{}dia-phuong/{}/">{}</a>').format(root, unit["slug"], unit[f"short_name_{loc.lang}"])
        if present(row["decision_number"]):
            named.append(markup_message(loc, "headline.recognised_by", unit=link, date=loc.date(row["decision_date"]),
                                        decision=row["decision_number"]))
        else:  # a source that gives the decision's date, not its number
            named.append(markup_message(loc, "headline.recognised_on", unit=link, date=loc.date(row["decision_date"])))
    return markup_message(loc, "headline.recognised_later", units=Markup("; ").join(named))


def decided_later(catalogue, subject: str, after: str, loc: Localiser) -> Markup | None:
    """The province's decisions on `subject` ("ocop_4_star") of a later month than the
    report's `after` (history/province_decisions), each with the page reporting it: the
    OCOP headline is the report's stock, and a reader learns what was decided since."""
    if "history" not in catalogue.packages:
        return None
    decisions = catalogue.table("history", "province_decisions")
    later = decisions[(decisions["subject"] == subject) & decisions["decision_date"].map(present)
                      & decisions["count"].map(present) & (decisions["decision_date"].fillna("").str[:7] > str(after)[:7])]
    if later.empty:
        return None
    sources = catalogue.indexed("reference", "sources", "source_id")

    def cited(source_id: str) -> Markup:  # the page, linked where its address is a plain web address
        return link(sources.at[source_id, "url"], sources.at[source_id, f"issuer_{loc.lang}"], rel="noopener")

    said = []
    for _, row in later.sort_values("decision_date", kind="stable").iterrows():
        said.append(markup_message(loc, f"headline.decided_later.{subject}", decision=row["decision_number"],
                                   date=loc.date(row["decision_date"]), count=loc.number(row["count"]),
                                   source=cited(row["source_id"])))
        if present(row.get(f"note_{loc.lang}")):  # which products, first rated or again (7 and 1 of the 8)
            said.append(escape(row[f"note_{loc.lang}"]))
    return Markup(" ").join(said)


def home(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    # Each table may hold several reports' rows: headlines show the latest, with the change since the one before.
    counts = catalogue.table("criteria", "progress_counts")
    status = catalogue.table("criteria", "province_requirement_status").set_index("requirement_id")
    capital = catalogue.table("funding", "capital_disbursement")
    products = catalogue.table("ocop", "ocop_products")
    communes, districts, towns = (change_of(counts, ["measure", "unit_code"], {"measure": m, "unit_code": PROVINCE})
                                  for m in ("communes_advanced_ntm", "districts_ntm_recognised", "cities_towns_ntm_completed"))
    total = change_of(capital, ["capital_type"], {"capital_type": "total"})
    valid = products[products["measure"] == "valid_certificates"]
    valid_all = change_of(valid, ["star_rating"], {"star_rating": "all"})
    valid_latest = latest_rows(valid, ["star_rating"]).set_index("star_rating")
    units = catalogue.reference.tables["admin_units"].frame
    c, d, t, k, v = communes.latest, districts.latest, towns.latest, total.latest, valid_all.latest
    root = inputs.spec.root
    level_ended = district_level_end(catalogue)
    locate = UnitParagraphs(inputs.project.root, catalogue).locate  # a count opens the paragraph printing it
    return {
        "requirements_met": int((status["status"] == "met").sum()),
        "requirements_total": len(status),
        "requirements_by_status": _requirements_by_status(catalogue, status, loc),
        # The districts are 2024's: where the district level has ended, the home page says so.
        "district_level_ended": loc.date(level_ended) if level_ended else None,
        "now_is_page": f"dia-phuong/{NOW_IS_SLUG}/",
        "districts": [{"slug": u.slug, "name": getattr(u, f"short_name_{loc.lang}")}
                      for u in units[units["level"] == "district"].itertuples()],
        "headlines": [
        {"label": loc.t("headline.communes.label"),
         "value": f"{loc.number(c['value'])}/{loc.number(c['out_of'])}",
         "change": change_text(communes, loc),
         "detail": loc.t("headline.communes.detail", share=loc.percent(c["share_reported"]),
                         required=loc.percent(status.loc["321-7", "required_value"])),
         "source": markup_message(loc, "headline.as_of", date=loc.date(c["as_of"]), where=locate(c, loc).link(root)),
         "later": reported_later(catalogue, "advanced", c["as_of"], loc),
         "link": "tieu-chi/"},
        {"label": loc.t("headline.districts.label"),
         "value": f"{loc.number(d['value'])}/{loc.number(d['out_of'])}",
         "change": change_text(districts, loc),
         "detail": loc.t("headline.districts.detail", towns=loc.number(t["value"]), towns_total=loc.number(t["out_of"])),
         "source": markup_message(loc, "headline.as_of", date=loc.date(d["as_of"]), where=locate(d, loc).link(root)),
         "later": recognised_later(catalogue, "huyen", d["as_of"], loc, root),
         "link": "tieu-chi/"},
        {"label": loc.t("headline.capital.label"),
         "value": loc.percent(k["rate_reported_pct"]),
         "change": change_text(total, loc, "rate_reported_pct", percent=True),
         "detail": loc.t("headline.capital.detail", disbursed=loc.number(k["disbursed_mvnd"]), plan=loc.number(k["plan_mvnd"])),
         "source": markup_message(loc, "headline.as_of", date=loc.date(k["as_of"]), where=locate(k, loc).link(root)),
         "link": "giai-ngan/"},
        {"label": loc.t("headline.ocop.label"),
         "value": loc.number(v["value"]),
         "change": change_text(valid_all, loc),
         "detail": loc.t("headline.ocop.detail", four=loc.number(valid_latest.loc["4", "value"]), three=loc.number(valid_latest.loc["3", "value"])),
         "source": markup_message(loc, "headline.as_of", date=loc.date(v["as_of"]), where=locate(v, loc).link(root)),
         "later": decided_later(catalogue, "ocop_4_star", v["as_of"], loc),
         "link": "ocop/"},
    ]}


def required_text(row, loc) -> str | None:
    """'≥ 40%', '≥ 4 m²/người', or '100%' (nothing can exceed all)."""
    if pd.isna(row["required_value"]):
        return None
    value = value_with_unit(row["required_value"], row["required_unit"], loc)
    full = row["required_unit"] == "percent" and row["required_value"] == 100
    return value if full else f"≥ {value}"


def criteria_page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    criteria = criteria_table(catalogue)
    status = catalogue.table("criteria", "province_requirement_status")
    recognition = catalogue.table("criteria", "unit_recognition")
    summary = catalogue.table("criteria", "district_criteria_summary")
    district_status = catalogue.table("criteria", "district_criteria_status")
    townships = catalogue.reference.tables["townships"].frame.set_index("township_id")
    sets = catalogue.reference.tables["criteria_sets"].frame.set_index("set_id")
    locate = UnitParagraphs(inputs.project.root, catalogue).locate  # a district's row opens its paragraph

    def progress(row) -> str | None:
        if pd.isna(row["progress_lower"]):
            return None
        qualifier = loc.code("qualifier", row["progress_qualifier"]) + " " if present(row["progress_qualifier"]) else ""
        return f"{qualifier}{loc.number(row['progress_lower'])}–{loc.percent(row['progress_upper'])}"

    return {
        "requirements_met": int((status["status"] == "met").sum()),
        "requirements_total": len(status),
        "requirement_rows": [
            [criteria.loc[r["requirement_id"], f"name_{loc.lang}"], loc.code("status", r["status"]),
             value_with_unit(r["current_value"], r["current_unit"], loc),
             required_text(r, loc),
             locate(r, loc), note(r, loc)]  # the note last, on a line of its own on a phone
            for _, r in status.iterrows()],
        # The table is the report's; a district recognised after it is named under it, as on the home page.
        "recognised_later": recognised_later(catalogue, "huyen", recognition["as_of"].max(), loc, inputs.spec.root),
        "recognition_rows": [
            [unit_name(catalogue, r["unit_code"], loc), loc.code("goal", r["goal"]), loc.code("recognition_status", r["status"]),
             loc.year(r["target_year"]) if present(r["target_year"]) else None, loc.code("basis", r["basis"]),
             " ".join(x for x in (r["decision_ref"], loc.date(r["decision_date"]) if present(r["decision_date"]) else None) if present(x)) or None,
             note(r, loc), locate(r, loc)]
            for _, r in recognition.sort_values(["goal", "status", "unit_code"]).iterrows()],
        "count_rows": [
            [loc.code("progress_measure", r["measure"]), r["value"], r["out_of"],
             None if pd.isna(r["share_reported"]) else loc.percent(r["share_reported"]), loc.date(r["as_of"]), locate(r, loc)]
            for _, r in catalogue.table("criteria", "progress_counts").iterrows()],
        "summary_rows": [
            [unit_name(catalogue, r["unit_code"], loc), sets.loc[r["set_id"], f"name_{loc.lang}"],
             r["met_count"], r["basically_met_count"], r["not_met_count"], r["criteria_total"], progress(r), locate(r, loc)]
            for _, r in summary.iterrows()],
        "ntm_district_rows": [
            [unit_name(catalogue, r["unit_code"], loc), criteria.loc[r["criterion_id"], f"name_{loc.lang}"],
             loc.code("status", r["status"]), locate(r, loc)]
            for _, r in district_status[district_status["set_id"] == "huyen-ntm"].iterrows()],
        "township_rows": [
            [townships.loc[r["township_id"], f"name_{loc.lang}"],
             unit_name(catalogue, townships.loc[r["township_id"], "unit_code"], loc),
             r["unmet_count"], r["criteria_total"], locate(r, loc)]
            for _, r in catalogue.table("criteria", "township_civilised_urban").iterrows()],
    }


# What these count has no star rating (product ideas; localities): no rating is said for
# them, where "all ratings" read as if ideas had stars.
UNRATED_OCOP_MEASURES = ("ideas_registered", "rating_localities")


def ocop_page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    products = catalogue.table("ocop", "ocop_products")

    def rating(row) -> str | None:
        return None if row["measure"] in UNRATED_OCOP_MEASURES else loc.code("star_rating", row["star_rating"])

    return {
        "decided_later": decided_later(catalogue, "ocop_4_star", products["as_of"].max(), loc),
        # The count first after what it counts: on a phone each row is then "232 · 3 sao · ...".
        "product_rows": [
            [loc.code("ocop_measure", r["measure"]), r["value"], loc.code("star_rating", r["star_rating"]),
             loc.date(r["as_of"]), locator(r, loc)]
            for _, r in products.iterrows()],
        "activity_rows": [
            [loc.code("ocop_measure", r["measure"]), r["value"], rating(r), period(r, loc), locator(r, loc), note(r, loc)]
            for _, r in catalogue.table("ocop", "ocop_activity").iterrows()],
        "locality_rows": [
            [unit_name(catalogue, r["unit_code"], loc), r["name_as_printed"], note(r, loc), locator(r, loc)]
            for _, r in catalogue.table("ocop", "ocop_rating_localities").iterrows()],
    }


def funding_page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    return {
        "capital_rows": [
            [loc.code("capital_type", r["capital_type"]), r["plan_mvnd"], r["disbursed_mvnd"],
             loc.percent(r["rate_reported_pct"]), loc.date(r["as_of"]), r[f"reported_by_{loc.lang}"], locator(r, loc)]
            for _, r in catalogue.table("funding", "capital_disbursement").iterrows()],
        # Each row named by what it counts: a district by its name, the province's rows by
        # their level. (A "District" column beside the district's name headed five cards
        # alike on a phone, and "District level" beside "Ha Tinh Province" read as a contradiction.)
        "sponsorship_rows": [
            [unit_name(catalogue, r["unit_code"], loc) if r["scope"] == "district" else loc.code("sponsorship_scope", r["scope"]),
             r["amount_mvnd"], period(r, loc), locator(r, loc), note(r, loc)]
            for _, r in catalogue.table("funding", "sponsorship").iterrows()],
    }


def _constraints(spec: dict, loc: Localiser) -> str | None:
    parts = []
    for name, limit in spec.get("constraints", {}).items():
        if limit is True:
            parts.append(loc.t(f"constraint.{name}"))
        elif isinstance(limit, list):
            parts.append(loc.t(f"constraint.{name}", limit=", ".join(map(str, limit))))
        else:
            parts.append(loc.t(f"constraint.{name}", limit=limit))
    return "; ".join(parts) or None


PREVIEW_ROWS = 5


def package_page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    package = catalogue.packages[inputs.spec.package]

    def field_rows(table: Table) -> list[list]:
        return [[spec["name"], spec["type"], spec.get("unit"), localised(spec, "title", loc.lang),
                 localised(spec, "description", loc.lang), _constraints(spec, loc)]
                for spec in table.fields]

    def preview(table: Table) -> tuple[list[str], list[list]]:
        columns = [f["name"] for f in table.fields]
        # A `year` field is shown as a year, not as a number ('2024', not '2.024').
        years = {f["name"] for f in table.fields if f.get("type") == "year"}
        rows = table.frame[columns].head(PREVIEW_ROWS)
        return columns, [[loc.year(v) if c in years and present(v) else v for c, v in zip(columns, row)]
                         for row in rows.itertuples(index=False)]

    # The sections of each published source the rows cite, linked to its page; the
    # sections of other sources (a unit list, a resolution) have no page to link to.
    published, cited = set(published_sources(catalogue)), {}
    for table in package.tables.values():
        if {"section", "source_id"} <= set(table.frame.columns):
            for source_id, value in zip(table.frame["source_id"], table.frame["section"]):
                if source_id in published and present(value):
                    cited.setdefault(source_id, set()).update(value.split("; "))
    section_refs = [many_rows_ref(source_id, sorted(sections), loc) for source_id, sections in sorted(cited.items())]
    source = catalogue.main_source(package)
    return {
        "field_rows": field_rows,
        "preview": preview,
        "last_changed": catalogue.last_changed(package),
        # The changelog's entry that gave the package its version (the newest touching it).
        "version_entry": next((c.sha[:8] for c in inputs.changes if package.name in c.packages), None),
        "sections": section_refs,
        "citations": {lang: _citation(package, source, loc, lang) + " " + _online(package, inputs, lang)
                      for lang in ("vi", "en")},
        "first_table": next(iter(package.tables)),
    }


def _online(package, inputs: PageInputs, lang: str) -> str:
    """Where and which: the dataset's address (when the site's is known) and the date of its version."""
    other = Localiser(lang, inputs.loc.messages)
    cited = package_citation(inputs.catalogue, package, other, inputs.project.language_base(lang))
    if not cited.updated:
        return ""
    if cited.url:
        return other.t("cite.online", url=cited.url, updated=other.date(cited.updated))
    return other.t("cite.online_no_url", updated=other.date(cited.updated))


def _citation(package, source, loc, lang: str) -> str:
    # A package transcribed from many web pages (history) says so in its
    # descriptor (`cited_as`); the others come from the report.
    if package.descriptor.get("cited_as"):
        return loc.messages.get("history.citation", lang, name=package.name, title=package.text("title", lang),
                                version=package.descriptor.get("version", ""), cited_as=package.text("cited_as", lang))
    return loc.messages.get("package.citation", lang, name=package.name, title=package.text("title", lang),
                            version=package.descriptor.get("version", ""), issuer=source[f"issuer_{lang}"],
                            report=source[f"title_{lang}"])


def about_page(inputs: PageInputs) -> dict:
    return {"source": inputs.catalogue.reference.tables["sources"].frame.iloc[0]}


def nothing(inputs: PageInputs) -> dict:
    return {}


VIEWS = {
    "home.md.j2": home,
    "criteria.md.j2": criteria_page,
    "ocop.md.j2": ocop_page,
    "funding.md.j2": funding_page,
    "data_index.md.j2": nothing,
    "data_package.md.j2": package_page,
    "about.md.j2": about_page,
}
