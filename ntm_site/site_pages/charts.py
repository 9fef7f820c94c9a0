"""Charts: each builder turns loaded tables into one `Chart` for one language.

A Chart carries what a reader needs to trust and reuse it (OWID style): title,
unit, source with its section, as-of date, the exact rows plotted (also shown
as a table and offered as CSV), and a Vega-Lite spec. The spec carries the
number locale, so the browser and the static SVG format numbers alike.

Every encoding is handed to Altair as a channel object (`alt.Tooltip(name)`,
`alt.ColorValue(colour)`), never as a bare string or `alt.value(...)`: Altair
turns those into channels through a lookup it rebuilds on every call, which
took a sixth of the charts' time (tests/test_next_report.py keeps it so, over
every kind of chart).
"""
from __future__ import annotations

import copy
import dataclasses
import json
import textwrap
from dataclasses import dataclass, field

import altair as alt
from markupsafe import Markup
import pandas as pd

from ..common.i18n import Localiser
from ..common.project import Project
from ..data_in.catalogue import Catalogue
from ..data_in.periods import TIME_PREFIX, latest_date_rows, latest_rows
from ..data_in.provenance import SourceRef, many_rows_ref, markup_message
from ..data_in.targets import end_of
from .chart_labels import wrap_category_labels, wrapping
from .palette import SERIES_COLOURS, STATUS_COLOURS
from .render_worker import CHART_FONT, TEMPLATE_MARKER

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STATIC_WIDTH = 520
# The page shows each chart without its title (the title and unit line are HTML
# above it, so they wrap and are never clipped), drawn for the width it is
# shown at: a narrow variant for phones, a wide one from 45em up. Each is drawn
# with 12 px text and shown at about its own width, so on a 360-390 px phone
# every label reads at 11 CSS px or more.
PAGE_FONT_SIZE = 12
PAGE_VARIANTS = {
    # name: (plot width, longest label in px before "…"; the full label is in the table and tooltip)
    "narrow": (150, 120),
    "wide": (440, 240),
}


@dataclass(frozen=True)
class Highlight:
    """The unit a highlighted series marks: its label in the data, and the
    sentence that says so at the end of the download's first subtitle line.
    On the series itself, none (label None, sentence "")."""
    label: str | None
    sentence: str


@dataclass
class Chart:
    id: str
    lang: str
    title: str
    unit: str
    source_line: "SourceLine | PlainSourceLine"
    as_of: str
    alt_text: str
    data: pd.DataFrame  # exactly the plotted rows, columns named for readers
    spec: dict = field(default_factory=dict)  # with its title: the downloads (SVG, PNG) and the embed page
    page_specs: dict = field(default_factory=dict)  # PAGE_VARIANTS name -> spec without title, for the page
    highlight: Highlight | None = None  # set on a series with one unit's bar marked
    # Columns the drawing and the CSV need that a reader has in words already (an
    # ISO date beside the date written out): left out of the page's table.
    not_for_reading: tuple[str, ...] = ()
    # Each row names its own source and date (a series gathered from many pages): the CSV
    # needs no column of the caption's source line (whose words point at the page's table)
    # or of its latest date.
    rows_name_their_sources: bool = False

    @property
    def source(self) -> str:
        """The source line as plain text (the static image's subtitle)."""
        return self.source_line.text()

    def source_html(self, root: str) -> Markup:
        """The source line with each section linked to the report's text."""
        return self.source_line.html(root)

    def reading_table(self) -> pd.DataFrame:
        """The data as the page's table shows it."""
        return self.data.drop(columns=list(self.not_for_reading))


def vega_locale(loc: Localiser) -> dict:
    fmt = loc.messages.tree["formats"]["d3_number"][loc.lang]
    return {"number": fmt}


def _source_line(catalogue: Catalogue, loc: Localiser, source_id: str, sections: list[str]) -> "SourceLine":
    sources = catalogue.reference.tables["sources"].frame.set_index("source_id")
    return SourceLine(sources.loc[source_id, f"short_citation_{loc.lang}"], many_rows_ref(source_id, sections, loc))


@dataclass(frozen=True)
class SourceLine:
    """A chart's source: the document's short citation and the sections plotted."""
    citation: str
    ref: SourceRef

    def text(self) -> str:
        return self.ref.loc.t("chart.source", citation=self.citation, sections="; ".join(self.ref.sections))

    def html(self, root: str) -> Markup:
        return markup_message(self.ref.loc, "chart.source", citation=self.citation,
                              sections=Markup("; ").join(self.ref.link_sections(root)))


@dataclass(frozen=True)
class PlainSourceLine:
    """A chart drawn from several documents (web pages and the report): its
    source line is a sentence naming them; each point's source is in its data table."""
    sentence: str

    def text(self) -> str:
        return self.sentence

    def html(self, root: str) -> Markup:
        return Markup.escape(self.sentence)


# The download's subtitle lines are wrapped at about the drawing's width: the renderer widens
# a drawing to its longest line (a unit line of 190 letters made a picture 1,834 px wide,
# its plot in the left half). The first line of a unit series stays one line: its
# highlighted variants end it with their sentence (highlighted, recolouring).
SUBTITLE_LETTERS = 100


def _subtitle(lines: list[str], keep_first: bool) -> list[str]:
    wrapped = []
    for index, line in enumerate(lines):
        if index == 0 and keep_first:
            wrapped.append(line)
        else:  # at spaces only: a year range "2021-2025" is one word
            wrapped += textwrap.wrap(line, SUBTITLE_LETTERS, break_long_words=False, break_on_hyphens=False) or [line]
    return wrapped


def _finish(chart: Chart, encoding_chart: alt.TopLevelMixin, loc: Localiser, unit_series: bool = False) -> Chart:
    # Our own specs, not validated again here: the tests validate every chart of the site (test_charts.py).
    # Altair writes the spec once; the titled download and the page's drawings differ from it only in
    # top-level properties, set here on copies (the very dicts Altair writes: test_build_speed.py).
    bare = (encoding_chart.configure(locale=vega_locale(loc), font=CHART_FONT).configure_view(stroke=None)
            .to_dict(validate=False))
    subtitle = _subtitle([chart.unit, chart.source, loc.t("chart.as_of", date=chart.as_of)], keep_first=unit_series)
    title = alt.Title(chart.title, subtitle=subtitle, anchor="start", subtitleFontSize=10).to_dict(validate=False)
    chart.spec = {**copy.deepcopy(bare), "title": title, "width": STATIC_WIDTH}
    chart.page_specs = {name: page_variant({**bare, "width": width}, label_limit)
                        for name, (width, label_limit) in PAGE_VARIANTS.items()}
    return chart


def page_variant(spec: dict, label_limit: int) -> dict:
    """A spec as the page draws it: 12 px text everywhere, long category names
    wrapped onto lines of `label_limit` px (chart_labels.py), other long labels cut
    there, a legend in one column (it must fit a phone's width)."""
    spec = json.loads(json.dumps(spec))
    text = {"labelFontSize": PAGE_FONT_SIZE, "titleFontSize": PAGE_FONT_SIZE}
    config = spec.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), **text, "labelLimit": label_limit}
    config["legend"] = {**config.get("legend", {}), **text, "columns": 1, "labelLimit": label_limit + 80}
    config["text"] = {**config.get("text", {}), "fontSize": PAGE_FONT_SIZE}

    def defer(node):
        # An axis's own labelLimit (set for the titled download) yields to the
        # variant's, which the live chart adjusts to its width (charts.js).
        if isinstance(node, dict):
            node.pop("labelLimit", None)
            for value in node.values():
                defer(value)
        elif isinstance(node, list):
            for value in node:
                defer(value)
    defer({k: v for k, v in spec.items() if k != "config"})
    wrap_category_labels(spec, label_limit, PAGE_FONT_SIZE)
    return spec


def _pct_format() -> str:
    return ",.2~f"


def requirement_progress(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    """Province completion requirements with a stated percentage: value vs threshold."""
    status = latest_rows(catalogue.table("criteria", "province_requirement_status"), ["requirement_id"])
    criteria = catalogue.reference.tables["criteria"].frame.set_index("criterion_id")
    rows = status[status["current_value"].notna() & (status["current_unit"] == "percent")]
    label, current, required, state = (loc.t(f"chart.requirement_progress.{k}") for k in ("label", "current", "required", "status"))
    # A figure older than the chart's date says its own (the report of June 2024 gives the
    # 2023 satisfaction index), on its bar and in its row: the caption's date is the newest.
    # Dates of any precision compare by the last day they cover ("2024-06" is "2024-06-30").
    latest = max(rows["as_of"], key=end_of)
    data = pd.DataFrame({
        label: [criteria.loc[r.requirement_id, f"short_name_{loc.lang}"] if end_of(r.as_of) >= end_of(latest) else
                loc.t("chart.requirement_progress.older", label=criteria.loc[r.requirement_id, f"short_name_{loc.lang}"],
                      date=loc.date(r.as_of))
                for r in rows.itertuples()],
        current: rows["current_value"].astype(float).to_list(),
        required: rows["required_value"].astype(float).to_list(),
        state: [loc.code("status", s) for s in rows["status"]],
        loc.t("columns.as_of"): [loc.date(d) for d in rows["as_of"]],
    })
    # A legend entry only for the statuses the chart shows.
    shown_statuses = [s for s in ("met", "not_met") if s in set(rows["status"])]
    colours = alt.Scale(domain=[loc.code("status", s) for s in shown_statuses],
                        range=[STATUS_COLOURS[s] for s in shown_statuses])
    tooltip = [alt.Tooltip(label), alt.Tooltip(current, format=_pct_format()), alt.Tooltip(required, format=_pct_format()), alt.Tooltip(state)]
    base = alt.Chart(data).encode(y=alt.Y(f"{label}:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)))
    bars = base.mark_bar(height=18).encode(
        x=alt.X(f"{current}:Q", scale=alt.Scale(domain=[0, 100]), title=loc.t("units.percent")),
        color=alt.Color(f"{state}:N", scale=colours, legend=alt.Legend(orient="bottom", title=None)),
        tooltip=tooltip)
    ticks = base.mark_tick(color="#222", thickness=3, size=26).encode(x=alt.X(f"{required}:Q"), tooltip=tooltip)
    chart = Chart(
        id="requirement-progress", lang=loc.lang, title=loc.t("chart.requirement_progress.title"),
        # Say which requirements the chart shows: the headline beside it counts all of them.
        unit=loc.t("chart.requirement_progress.unit", shown=len(rows), total=len(status)),
        source_line=_source_line(catalogue, loc, rows["source_id"].iloc[0], rows["section"].to_list()),
        as_of=loc.date(latest),
        alt_text=loc.t("chart.requirement_progress.alt", met=int((status["status"] == "met").sum()), total=len(status),
                       shown=len(rows), below=int((rows["current_value"] < rows["required_value"]).sum())),
        data=data)
    return _finish(chart, bars + ticks, loc)


def district_criteria_matrix(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    """District x criterion grid of met / basically met / not met (advanced set)."""
    status = latest_rows(catalogue.table("criteria", "district_criteria_status"), ["unit_code", "set_id", "criterion_id"])
    status = status[status["set_id"] == "huyen-ntm-nang-cao"]
    criteria = catalogue.reference.tables["criteria"].frame.set_index("criterion_id")
    units = catalogue.reference.tables["admin_units"].frame.set_index("unit_code")
    district, criterion, state = (loc.t(f"chart.district_matrix.{k}") for k in ("district", "criterion", "status"))
    data = pd.DataFrame({
        district: [units.loc[u, f"short_name_{loc.lang}"] for u in status["unit_code"]],
        criterion: [f"{criteria.loc[c, 'number']}. {criteria.loc[c, f'name_{loc.lang}']}" for c in status["criterion_id"]],
        state: [loc.code("status", s) for s in status["status"]],
    })
    order = list(dict.fromkeys(data[criterion]))
    codes = ["met", "basically_met", "not_met"]
    colours = alt.Scale(domain=[loc.code("status", c) for c in codes], range=[STATUS_COLOURS[c] for c in codes])
    grid = alt.Chart(data).mark_rect(stroke="white", strokeWidth=2).encode(
        x=alt.X(f"{district}:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y(f"{criterion}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color(f"{state}:N", scale=colours, legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip(district), alt.Tooltip(criterion), alt.Tooltip(state)],
    ).properties(height=alt.Step(26))
    # Met and basically met are counted apart, as the report counts them.
    met = int((status["status"] == "met").sum())
    basically = int((status["status"] == "basically_met").sum())
    unmet_everywhere = [c for c, group in status.groupby("criterion_id", sort=False)
                        if (group["status"] == "not_met").all()]
    chart = Chart(
        id="district-criteria-matrix", lang=loc.lang, title=loc.t("chart.district_matrix.title"),
        unit=loc.t("chart.district_matrix.unit"),
        source_line=_source_line(catalogue, loc, status["source_id"].iloc[0], status["section"].to_list()),
        as_of=loc.date(status["as_of"].max()),
        alt_text=loc.t("criteria_counts.matrix_alt", districts=status["unit_code"].nunique(), met=met, basically=basically,
                       cells=len(status), unmet=", ".join(criteria.loc[c, f"name_{loc.lang}"] for c in unmet_everywhere)),
        data=data)
    return _finish(chart, grid, loc)


def ocop_valid_by_star(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    products = latest_rows(catalogue.table("ocop", "ocop_products"), ["measure", "star_rating"])
    rows = products[(products["measure"] == "valid_certificates") & (products["star_rating"] != "all")]
    stars, count = loc.t("chart.ocop_stars.stars"), loc.t("chart.ocop_stars.count")
    data = pd.DataFrame({stars: [loc.code("star_rating", s) for s in rows["star_rating"]],
                         count: rows["value"].astype(int).to_list()})
    bars = alt.Chart(data).mark_bar(color=SERIES_COLOURS[0]).encode(
        y=alt.Y(f"{stars}:N", title=None, sort=None), x=alt.X(f"{count}:Q", title=loc.t("units.products")),
        tooltip=[alt.Tooltip(stars), alt.Tooltip(count, format=",d")])
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text(f"{count}:Q", format=",d"))
    total = products[(products["measure"] == "valid_certificates") & (products["star_rating"] == "all")]["value"].iloc[0]
    chart = Chart(
        id="ocop-valid-by-star", lang=loc.lang, title=loc.t("chart.ocop_stars.title"), unit=loc.t("chart.ocop_stars.unit"),
        source_line=_source_line(catalogue, loc, rows["source_id"].iloc[0], rows["section"].to_list()),
        as_of=loc.date(rows["as_of"].max()),
        alt_text=loc.t("chart.ocop_stars.alt", total=loc.number(total), **{f"s{r.star_rating}": loc.number(r.value) for r in rows.itertuples()}),
        data=data)
    return _finish(chart, bars + labels, loc)


def ocop_half_year_activity(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    activity = latest_rows(catalogue.table("ocop", "ocop_activity"), ["measure", "star_rating"])
    rows = activity[activity["measure"].isin(["new_recognitions", "re_recognitions", "ideas_registered"])]
    what, count = loc.t("chart.ocop_activity.measure"), loc.t("chart.ocop_activity.count")
    data = pd.DataFrame({what: [loc.code("ocop_measure", m) for m in rows["measure"]], count: rows["value"].astype(int).to_list()})
    bars = alt.Chart(data).mark_bar(color=SERIES_COLOURS[1]).encode(
        y=alt.Y(f"{what}:N", title=None, sort=None), x=alt.X(f"{count}:Q", title=loc.t("units.count")),
        tooltip=[alt.Tooltip(what), alt.Tooltip(count, format=",d")])
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text(f"{count}:Q", format=",d"))
    values = dict(zip(rows["measure"], rows["value"]))
    chart = Chart(
        id="ocop-half-year-activity", lang=loc.lang, title=loc.t("chart.ocop_activity.title"), unit=loc.t("chart.ocop_activity.unit"),
        source_line=_source_line(catalogue, loc, rows["source_id"].iloc[0], rows["section"].to_list()),
        as_of=loc.date(rows["period_end"].max()),
        alt_text=loc.t("chart.ocop_activity.alt", new=values["new_recognitions"], renewed=values["re_recognitions"], ideas=values["ideas_registered"]),
        data=data)
    return _finish(chart, bars + labels, loc)


def capital_plan_vs_disbursed(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    capital = latest_date_rows(catalogue.table("funding", "capital_disbursement"))
    kind, series, amount, rate = (loc.t(f"chart.capital.{k}") for k in ("type", "series", "amount", "rate"))
    plan, disbursed = loc.t("chart.capital.plan"), loc.t("chart.capital.disbursed")
    # The two capital types, not the total beside its own parts (the total is in
    # the title line, the table and the page's headline).
    parts = capital[capital["capital_type"] != "total"]
    # The rate is the disbursed amount's share of the plan: on the disbursed row only, so
    # that the plan's row of the table and CSV does not read as a rate of the plan.
    data = pd.DataFrame([
        {kind: loc.code("capital_type", r.capital_type), series: label, amount: float(value),
         rate: float(r.rate_reported_pct) if label == disbursed else None}
        for r in parts.itertuples() for label, value in ((plan, r.plan_mvnd), (disbursed, r.disbursed_mvnd))
    ])
    # The plan's bar has no rate: its tip says "–", as the table does (a number format
    # would print a blank as 0).
    shown_rate = f"datum[{json.dumps(rate)}]"
    bars = alt.Chart(data).transform_calculate(
        rate_shown=f"isValid({shown_rate}) ? format({shown_rate}, '{_pct_format()}') : '–'").mark_bar().encode(
        y=alt.Y(f"{kind}:N", title=None, sort=None),
        yOffset=alt.YOffset(f"{series}:N", sort=[plan, disbursed]),
        x=alt.X(f"{amount}:Q", title=loc.t("units.million_vnd"), axis=alt.Axis(format=",d")),
        color=alt.Color(f"{series}:N", sort=[plan, disbursed], scale=alt.Scale(range=SERIES_COLOURS[:2]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip(kind), alt.Tooltip(series), alt.Tooltip(amount, format=",d"), alt.Tooltip("rate_shown:N", title=rate)],
    ).properties(height=alt.Step(16))
    # The rate is the story: written at the end of each disbursed bar.
    rate_labels = bars.transform_filter(alt.FieldEqualPredicate(field=series, equal=disbursed)).transform_calculate(
        rate_label="datum.rate_shown + '%'").mark_text(align="left", dx=4, color="#333").encode(
        text=alt.Text("rate_label:N"), color=alt.ColorValue("#333"))
    bars = bars + rate_labels
    total = capital[capital["capital_type"] == "total"].iloc[0]
    chart = Chart(
        id="capital-plan-vs-disbursed", lang=loc.lang, title=loc.t("chart.capital.title"),
        unit=loc.t("chart.capital.unit", disbursed=loc.number(total.disbursed_mvnd), plan=loc.number(total.plan_mvnd),
                   rate=loc.percent(total.rate_reported_pct)),
        source_line=_source_line(catalogue, loc, capital["source_id"].iloc[0], capital["section"].to_list()),
        as_of=loc.date(capital["as_of"].max()),
        alt_text=loc.t("chart.capital.alt", disbursed=loc.number(total.disbursed_mvnd), plan=loc.number(total.plan_mvnd),
                       rate=loc.percent(total.rate_reported_pct), date=loc.date(total.as_of)),
        data=data)
    return _finish(chart, bars, loc)


def sponsorship_by_district(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    sponsorship = latest_rows(catalogue.table("funding", "sponsorship"), ["scope", "unit_code"])
    rows = sponsorship[sponsorship["scope"] == "district"].sort_values("amount_mvnd", ascending=False)
    units = catalogue.reference.tables["admin_units"].frame.set_index("unit_code")
    district, amount = loc.t("chart.sponsorship.district"), loc.t("chart.sponsorship.amount")
    data = pd.DataFrame({district: [units.loc[u, f"short_name_{loc.lang}"] for u in rows["unit_code"]],
                         amount: rows["amount_mvnd"].astype(float).to_list()})
    bars = alt.Chart(data).mark_bar(color=SERIES_COLOURS[2]).encode(
        y=alt.Y(f"{district}:N", title=None, sort=None), x=alt.X(f"{amount}:Q", title=loc.t("units.million_vnd"), axis=alt.Axis(format=",d")),
        tooltip=[alt.Tooltip(district), alt.Tooltip(amount, format=",d")])
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text(f"{amount}:Q", format=",d"))
    level = sponsorship[sponsorship["scope"] == "district_level"].iloc[0]
    top = rows.iloc[0]
    unit = loc.t("chart.sponsorship.unit")
    # A period the report does not give is said to be inferred, as on the page's table.
    if "period_basis" in rows and (rows["period_basis"] == "implied").any():
        first = rows.iloc[0]
        unit += " " + loc.t("chart.period_inferred", start=loc.date(first.period_start), end=loc.date(first.period_end))
    chart = Chart(
        id="sponsorship-by-district", lang=loc.lang, title=loc.t("chart.sponsorship.title"), unit=unit,
        source_line=_source_line(catalogue, loc, rows["source_id"].iloc[0], rows["section"].to_list()),
        as_of=loc.date(rows["period_end"].max()),
        alt_text=loc.t("chart.sponsorship.alt", top=units.loc[top.unit_code, f"short_name_{loc.lang}"],
                       amount=loc.number(top.amount_mvnd), level=loc.number(level.amount_mvnd)),
        data=data)
    return _finish(chart, bars + labels, loc)


COMPARE_PREFIX = "so-sanh"  # units compared on one series
BREAKDOWN_PREFIX = "co-cau"  # parts of a provincial total compared


def comparison_id(indicator_id: str, breakdown_id: str, kind: str, as_of: str, highlight: str | None = None) -> str:
    """File-safe id of a chart comparing units on one series, maybe highlighting one unit (by slug)."""
    return "--".join([COMPARE_PREFIX, indicator_id, breakdown_id, kind, as_of] + ([highlight] if highlight else []))


def breakdown_id_for(indicator_id: str, kind: str, as_of: str) -> str:
    """File-safe id of a chart comparing the breakdowns (e.g. crops) of a provincial series."""
    return "--".join([BREAKDOWN_PREFIX, indicator_id, kind, as_of])


# Vega's tickMinStep=1 still ticks at halves when whole numbers span only 1 or 2
# (labelled "0 1 1" or "0 1 1 2 2"): up to this span the ticks are listed.
LISTED_TICKS_SPAN = 5


def value_axis(values: pd.Series) -> alt.Axis:
    """The value axis of a series: whole numbers get whole ticks only."""
    if not (values % 1 == 0).all():
        # ",~f", not ",": on an axis d3 gives a bare "," the tick step's precision in
        # significant digits, which prints 400 as "4e+2".
        return alt.Axis(format=",~f")
    low, high = min(0, int(values.min())), max(0, int(values.max()))
    if high - low <= LISTED_TICKS_SPAN:
        return alt.Axis(format=",d", values=list(range(low, high + 1)))
    return alt.Axis(format=",d", tickMinStep=1)


def _series_chart(catalogue: Catalogue, loc: Localiser, chart_id: str, rows: pd.DataFrame, label_of, label_name: str,
                  title: str, unit_line: str) -> Chart:
    """Bars of one series over units or breakdowns, largest first; `unit_line`, the message
    saying its unit of measure and what its bars are."""
    rows = rows.sort_values("value", ascending=False)
    measure = catalogue.reference.tables["measure_units"].frame.set_index("unit_id").loc[rows["unit"].iloc[0]]
    value_label = measure[f"name_{loc.lang}"]
    data = pd.DataFrame({label_name: [label_of(r) for _, r in rows.iterrows()], value_label: rows["value"].astype(float).to_list()})
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y(f"{label_name}:N", title=None, sort=None),
        x=alt.X(f"{value_label}:Q", title=value_label, axis=value_axis(data[value_label])),
        color=alt.ColorValue(SERIES_COLOURS[0]), tooltip=[alt.Tooltip(label_name), alt.Tooltip(value_label, format=",~f")])
    labels = bars.mark_text(align="left", dx=4, color="#333").encode(text=alt.Text(f"{value_label}:Q", format=",~f"))
    # A plain count has no unit word to say: "130", not "130 số lượng" (its title names what is counted).
    counted = pd.isna(measure[f"symbol_{loc.lang}"])
    top_value = loc.number(data.iloc[0, 1]) + ("" if counted else f" {value_label}")
    alt_text = loc.t("chart.compare.alt", count=len(data), top=data.iloc[0, 0], value=top_value)
    chart = Chart(
        id=chart_id, lang=loc.lang, title=title,
        unit=loc.t(unit_line, measure="" if counted else loc.t("chart.compare.measure", unit=measure[f"symbol_{loc.lang}"])),
        source_line=_source_line(catalogue, loc, rows["source_id"].iloc[0], rows["section"].to_list()),
        as_of=loc.date(rows["as_of"].iloc[0]), alt_text=alt_text, data=data)
    return _finish(chart, bars + labels, loc, unit_series=True)


def highlighted(series: Chart, chart_id: str, label: str, loc: Localiser) -> Chart:
    """The same series with one bar (one unit) in orange, said in words too.

    Derived from the drawn series rather than drawn again: a district page
    shows each series with its own bar marked, 59 charts per language that
    differ from the 8 series in a colour and a sentence.
    """
    label_name, value_label = series.data.columns
    values = series.data[value_label]
    rank = int((values > values[series.data[label_name] == label].iloc[0]).sum()) + 1
    spec = copy.deepcopy(series.spec)
    # A field-equal test, not an expression: the label is data text and stays data.
    colour = {"condition": {"test": {"field": label_name, "equal": label}, "value": STATUS_COLOURS["not_met"]},
              "value": SERIES_COLOURS[0]}
    page_specs = copy.deepcopy(series.page_specs)
    for drawing in (spec, *page_specs.values()):
        for layer in drawing["layer"]:
            layer["encoding"]["color"] = colour
    sentence = loc.t("chart.compare.highlight_line", name=label)
    unit = series.unit + " " + sentence
    spec["title"]["subtitle"][0] = unit
    alt_text = series.alt_text + " " + loc.t("chart.compare.alt_highlight", name=label, rank=rank, count=len(series.data))
    return dataclasses.replace(series, id=chart_id, unit=unit, alt_text=alt_text, data=series.data.copy(), spec=spec,
                               page_specs=page_specs, highlight=Highlight(label, sentence))


# Drawing every highlighted variant would draw each series once per unit (59 of
# a language's 78 charts). Instead each drawing of a series is drawn once as a
# template, every bar in a placeholder colour of its own and a marker where the
# highlight sentence goes; the series' own drawing and each variant's are the
# template's SVG with the colours and the sentence swapped in
# (render_worker.recoloured), the same bytes as drawing each (test_charts.py).


@dataclass(frozen=True)
class Recolouring:
    """How one drawing of a unit series (or of a variant of it) is made from the series' template."""
    template: dict  # the spec to draw, the same for the series and every variant
    colours: dict[str, str]  # placeholder colour -> this drawing's colour
    # Downloads only: the first subtitle line as the template has it (the marker in
    # the sentence's place) and as this drawing has it, and the sentence ("": none).
    template_line: str | None = None
    subtitle_line: str | None = None
    sentence: str | None = None


def recolouring(chart: Chart, spec: dict) -> Recolouring | None:
    """For one of `chart`'s drawings (`spec`: its download or a page variant), how to
    make it from the template; None for a chart that is not a unit series."""
    highlight = chart.highlight
    if highlight is None:
        return None
    template = copy.deepcopy(spec)
    colour = spec["layer"][0]["encoding"]["color"]
    plain = colour["value"]
    labels = chart.data.iloc[:, 0].to_list()
    placeholders = [f"#fe{n:04x}" for n in range(len(labels))]
    conditions = [{"test": {"field": chart.data.columns[0], "equal": label}, "value": placeholder}
                  for label, placeholder in zip(labels, placeholders)]
    for layer in template["layer"]:
        layer["encoding"]["color"] = {"condition": conditions, "value": plain}
    marked = colour["condition"]["value"] if highlight.label is not None else plain
    colours = {p: marked if label == highlight.label else plain for label, p in zip(labels, placeholders)}
    if "title" not in spec:
        return Recolouring(template, colours)
    line = spec["title"]["subtitle"][0]
    unit_line = line.removesuffix(" " + highlight.sentence) if highlight.sentence else line
    if highlight.sentence and unit_line == line:
        return None  # not the shape highlighted() makes: drawn as it is
    template["title"]["subtitle"][0] = unit_line + " " + TEMPLATE_MARKER
    return Recolouring(template, colours, template["title"]["subtitle"][0], line, highlight.sentence)


def _series_rows(catalogue: Catalogue, **where) -> pd.DataFrame:
    from ..data_in.observations import all_observations

    rows = all_observations(catalogue)
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows[rows["value"].notna()]


def unit_comparison(catalogue: Catalogue, loc: Localiser, chart_id: str, built: dict | None = None) -> Chart:
    """One series across the district-level units the report lists, maybe one unit highlighted.

    `built` holds the charts already built in this language: a highlighted
    variant is derived from its series there (and the series put there).
    """
    from ..data_in.observations import PROVINCE

    prefix, indicator_id, breakdown_id, kind, as_of, *highlight = chart_id.split("--")
    reference = catalogue.reference.tables
    units = reference["admin_units"].frame.set_index("unit_code")
    short = f"short_name_{loc.lang}"
    if highlight:
        series_id = "--".join([prefix, indicator_id, breakdown_id, kind, as_of])
        built = {} if built is None else built
        if series_id not in built:
            built[series_id] = unit_comparison(catalogue, loc, series_id)
        label = units.loc[units["slug"] == highlight[0], short].iloc[0]
        return highlighted(built[series_id], chart_id, label, loc)
    rows = _series_rows(catalogue, indicator_id=indicator_id, breakdown_id=breakdown_id, kind=kind, as_of=as_of)
    rows = rows[rows["unit_code"] != PROVINCE]
    title = reference["indicators"].frame.set_index("indicator_id").loc[indicator_id, f"name_{loc.lang}"]
    if breakdown_id != "total":
        title += ": " + reference["breakdowns"].frame.set_index("breakdown_id").loc[breakdown_id, f"name_{loc.lang}"]
    series = _series_chart(catalogue, loc, chart_id, rows, lambda r: units.loc[r["unit_code"], short],
                           loc.t("chart.compare.unit"), title, "chart.compare.unit_line")
    # Nothing marked; drawn from the template its highlighted variants are drawn from.
    return dataclasses.replace(series, highlight=Highlight(None, ""))


def breakdown_comparison(catalogue: Catalogue, loc: Localiser, chart_id: str) -> Chart:
    """The parts (crops, school levels...) of one provincial series."""
    from ..data_in.observations import PROVINCE

    _, indicator_id, kind, as_of = chart_id.split("--")
    rows = _series_rows(catalogue, indicator_id=indicator_id, kind=kind, as_of=as_of, unit_code=PROVINCE)
    rows = rows[rows["breakdown_id"] != "total"]
    reference = catalogue.reference.tables
    names = reference["breakdowns"].frame.set_index("breakdown_id")[f"name_{loc.lang}"]
    title = reference["indicators"].frame.set_index("indicator_id").loc[indicator_id, f"name_{loc.lang}"]
    return _series_chart(catalogue, loc, chart_id, rows, lambda r: names[r["breakdown_id"]], loc.t("chart.compare.part"), title,
                         "chart.compare.part_line")


def targets_progress(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    """Share of each 2024 target reached, with the share due by the progress date for flows."""
    from ..data_in.targets import evaluate
    from .views.common import target_name

    evaluated = [t for t in evaluate(project, catalogue) if t.progress_value is not None]
    name, reached, due, state = (loc.t(f"chart.targets.{k}") for k in ("target", "reached", "due", "status"))
    data = pd.DataFrame({
        name: [target_name(catalogue, t.target, loc) for t in evaluated],
        reached: [round(t.progress_value / float(t.target["value"]) * 100, 1) for t in evaluated],
        due: [None if t.expected_share is None else round(t.expected_share * 100, 1) for t in evaluated],
        state: [loc.code("target_status", t.status) for t in evaluated],
    })
    palette = {"achieved": STATUS_COLOURS["met"], "in_progress": STATUS_COLOURS["basically_met"], "behind": STATUS_COLOURS["not_met"]}
    codes = [c for c in palette if any(t.status == c for t in evaluated)]  # a legend entry only for what is drawn
    colours = alt.Scale(domain=[loc.code("target_status", c) for c in codes], range=[palette[c] for c in codes])
    tooltip = [alt.Tooltip(name), alt.Tooltip(reached, format=",.1f"), alt.Tooltip(due, format=",.1f"), alt.Tooltip(state)]
    base = alt.Chart(data).encode(y=alt.Y(f"{name}:N", sort=None, title=None, axis=alt.Axis(labelLimit=240)))
    bars = base.mark_bar(height=16).encode(
        x=alt.X(f"{reached}:Q", scale=alt.Scale(domain=[0, 100]), title=loc.t("chart.targets.axis")),
        color=alt.Color(f"{state}:N", scale=colours, legend=alt.Legend(orient="bottom", title=None)), tooltip=tooltip)
    ticks = base.mark_tick(color="#222", thickness=3, size=22).encode(x=alt.X(f"{due}:Q"), tooltip=tooltip)
    behind = sum(t.status == "behind" for t in evaluated)
    targets_rows = [t.target for t in evaluated]
    chart = Chart(
        id="targets-progress", lang=loc.lang, title=loc.t("chart.targets.title"), unit=loc.t("chart.targets.unit"),
        source_line=_source_line(catalogue, loc, targets_rows[0]["source_id"], [r["section"] for r in targets_rows]),
        as_of=loc.date(max(t.progress_as_of for t in evaluated)),
        alt_text=loc.t("chart.targets.alt", count=len(evaluated), behind=behind), data=data)
    return _finish(chart, bars + ticks, loc)


COUNT_LEVELS = ("ntm", "advanced", "model")  # commune_counts levels, in the order the legend lists them


def _commune_count_points(catalogue: Catalogue) -> pd.DataFrame:
    """The province's commune counts at each date a source states one: the
    history package's rows and the report's own count, one row per point."""
    from ..data_in.observations import PROVINCE

    history = catalogue.table("history", "commune_counts")
    history = history[history["unit_code"] == PROVINCE]
    points = [{"as_of": str(r.as_of), "printed": r.as_of_printed, "level": r.level, "value": int(r.value),
               "out_of": r.out_of, "source_id": r.source_id, "section": None} for r in history.itertuples()]
    report = catalogue.table("criteria", "progress_counts")
    # The report's count of advanced communes (60/181 in June 2024); it gives no NTM count by commune.
    for r in report[(report["measure"] == "communes_advanced_ntm") & (report["unit_code"] == PROVINCE)].itertuples():
        points.append({"as_of": str(r.as_of), "printed": None, "level": "advanced", "value": int(r.value),
                       "out_of": r.out_of, "source_id": r.source_id, "section": r.section})
    frame = pd.DataFrame(points)
    frame["_order"] = frame["level"].map(COUNT_LEVELS.index)
    return frame.sort_values(["as_of", "_order"], kind="stable").reset_index(drop=True)


def commune_counts_over_time(catalogue: Catalogue, loc: Localiser, project: Project | None = None) -> Chart:
    """Counts of NTM / advanced / model communes at the dates sources give: points, never shares,
    because the province's total of communes changed (mergers)."""
    from .views.common import present

    points = _commune_count_points(catalogue)
    sources = catalogue.reference.tables["sources"].frame.set_index("source_id")
    t = lambda key: loc.t(f"timeline.chart.{key}")  # noqa: E731
    iso, date, printed, level, count, out_of, publisher, published, where = (
        t("date_iso"), t("date"), t("date_printed"), t("level"), t("count"), t("out_of"), t("publisher"), t("published"), t("url"))
    data = pd.DataFrame({
        date: [loc.date(d) for d in points["as_of"]],
        iso: points["as_of"].to_list(),
        level: [loc.t(f"timeline.level.{v}") for v in points["level"]],
        count: points["value"].astype(int).to_list(),
        out_of: [int(v) if present(v) else "" for v in points["out_of"]],
        printed: [v if present(v) else "" for v in points["printed"]],
        publisher: [sources.loc[s, f"issuer_{loc.lang}"] for s in points["source_id"]],
        published: [loc.date(sources.loc[s, "date"]) for s in points["source_id"]],
        where: [sources.loc[s, "url"] if present(sources.loc[s, "url"])
                else loc.t("source.section", section=sec) for s, sec in zip(points["source_id"], points["section"])],
    })
    shown_levels = [loc.t(f"timeline.level.{v}") for v in COUNT_LEVELS if v in set(points["level"])]
    colours = alt.Scale(domain=shown_levels, range=SERIES_COLOURS[:len(shown_levels)])
    shapes = alt.Scale(domain=shown_levels, range=["circle", "square", "triangle-up"][:len(shown_levels)])
    tooltip = [alt.Tooltip(date), alt.Tooltip(level), alt.Tooltip(count, format=",d"), alt.Tooltip(out_of), alt.Tooltip(publisher), alt.Tooltip(published)]
    base = alt.Chart(data).encode(
        x=alt.X(f"{iso}:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0)),
        y=alt.Y(f"{count}:Q", title=t("count"),
                axis=alt.Axis(format=",d", tickMinStep=1), scale=alt.Scale(zero=True)))
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        color=alt.Color(f"{level}:N", scale=colours, sort=shown_levels, legend=alt.Legend(orient="bottom", title=None)),
        shape=alt.Shape(f"{level}:N", scale=shapes, sort=shown_levels, legend=None), tooltip=tooltip)
    # Points of different standards crowd together on a phone: the latest point of
    # each standard (and the earliest of all) is labelled on its right, the others
    # on their left, so neighbouring labels do not overprint.
    ranked = base.transform_window(newest="row_number()", groupby=[level], sort=[alt.SortField(iso, order="descending")]
                                   ).transform_window(oldest="row_number()", sort=[alt.SortField(iso, order="ascending")])
    on_right = "datum.newest == 1 || datum.oldest == 1"
    text = alt.Text(f"{count}:Q", format=",d")
    labels = (ranked.transform_filter(on_right).mark_text(align="left", dx=7, dy=-7, color="#333").encode(text=text)
              + ranked.transform_filter(f"!({on_right})").mark_text(align="right", dx=-7, dy=-7, color="#333").encode(text=text))
    totals = list(dict.fromkeys(int(v) for v in points["out_of"] if present(v)))
    report_rows = points[points["section"].map(present)]
    cited = list(dict.fromkeys(points["source_id"]))
    source_names = []
    for s in cited:
        name = sources.loc[s, f"issuer_{loc.lang}"]
        sections = report_rows[report_rows["source_id"] == s]["section"].to_list()
        if sections:
            name = f"{sources.loc[s, f'short_citation_{loc.lang}']}, {loc.t('source.section', section='; '.join(dict.fromkeys(sections)))}"
        source_names.append(name)
    latest = points.iloc[-1]
    chart = Chart(
        id="commune-counts-over-time", lang=loc.lang, title=t("title"),
        unit=loc.t("timeline.chart.unit", totals=" → ".join(loc.number(v) for v in totals)),
        source_line=PlainSourceLine(loc.t("timeline.chart.source", sources="; ".join(source_names))),
        rows_name_their_sources=True,
        as_of=loc.date(points["as_of"].max()),
        alt_text=loc.t("timeline.chart.alt", points=len(points), first=loc.date(points["as_of"].min()),
                       last=loc.date(points["as_of"].max()),
                       latest=f"{loc.t('timeline.level.' + latest['level'])}: {loc.number(latest['value'])}"),
        data=data, not_for_reading=(iso,))
    return _finish(chart, (dots + labels).properties(height=260), loc)


def interactive_spec(chart: Chart) -> dict:
    """The browser spec: the page's wide variant filling its container. The title
    and unit line are HTML above the chart; the source and date below it."""
    spec = json.loads(json.dumps(chart.page_specs["wide"]))
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    narrow = wrapping(chart.page_specs["narrow"])
    if narrow:  # Vega ignores usermeta; charts.js reads it on a phone
        spec["usermeta"] = {"narrow": narrow}
    return spec
