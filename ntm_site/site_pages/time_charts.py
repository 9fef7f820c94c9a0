"""One series over the reports that give it: a line with a point per report.

Made only from the data: a series (indicator, breakdown, kind, place) with
figures at two dates or more gets a chart, `theo-thoi-gian--<indicator>--
<breakdown>--<kind>--<unit code>`. Each point is one report's figure, and the
source line names every report the points come from.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..common.i18n import Localiser
from ..data_in.catalogue import Catalogue
from ..data_in.periods import TIME_PREFIX, by_date
from .charts import SERIES_COLOURS, Chart, PlainSourceLine, _finish, value_axis


def time_series(catalogue: Catalogue, loc: Localiser, chart_id: str) -> Chart:
    from ..data_in.observations import all_observations

    prefix, indicator_id, breakdown_id, kind, unit_code = chart_id.split("--")
    assert prefix == TIME_PREFIX
    rows = all_observations(catalogue)
    rows = rows[(rows["indicator_id"] == indicator_id) & (rows["breakdown_id"] == breakdown_id) & (rows["kind"] == kind)
                & (rows["unit_code"] == int(unit_code)) & rows["value"].notna()]
    rows = by_date(rows)
    reference = catalogue.reference.tables
    title = reference["indicators"].frame.set_index("indicator_id").loc[indicator_id, f"name_{loc.lang}"]
    if breakdown_id != "total":
        title += ": " + reference["breakdowns"].frame.set_index("breakdown_id").loc[breakdown_id, f"name_{loc.lang}"]
    place = reference["admin_units"].frame.set_index("unit_code").loc[int(unit_code), f"name_{loc.lang}"]
    value_label = reference["measure_units"].frame.set_index("unit_id").loc[rows["unit"].iloc[-1], f"name_{loc.lang}"]
    date_label = loc.t("periods.chart.date")
    # Dates as the page writes them, in report order: a point per report, not a calendar axis.
    data = pd.DataFrame({date_label: [loc.date(d) for d in rows["as_of"]], value_label: rows["value"].astype(float).to_list()})
    order = data[date_label].to_list()
    line = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=60), color=SERIES_COLOURS[0]).encode(
        x=alt.X(f"{date_label}:O", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')")),  # "tháng" over "12/2024": fits a phone
        y=alt.Y(f"{value_label}:Q", title=value_label, axis=value_axis(data[value_label]), scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip(date_label), alt.Tooltip(value_label, format=",~f")])
    labels = line.mark_text(dy=-10, color="#333").encode(text=alt.Text(f"{value_label}:Q", format=",~f"))
    # One "Source:" naming each report the points come from, oldest first.
    citations = catalogue.indexed("reference", "sources", "source_id")[f"short_citation_{loc.lang}"]
    sources = loc.t("periods.chart.sources", citations="; ".join(
        f"{citations[source_id]}, " + loc.t("source.section", section="; ".join(dict.fromkeys(group["section"])))
        for source_id, group in rows.groupby("source_id", sort=False)))
    first, last = rows.iloc[0], rows.iloc[-1]
    chart = Chart(
        id=chart_id, lang=loc.lang, title=title, unit=loc.t("periods.chart.unit_line", unit=value_label, place=place),
        source_line=PlainSourceLine(sources), as_of=loc.date(last["as_of"]),
        alt_text=loc.t("periods.chart.alt", title=title, place=place, count=len(rows),
                       first=loc.number(first["value"]), first_date=loc.date(first["as_of"]),
                       last=loc.number(last["value"]), last_date=loc.date(last["as_of"])),
        data=data)
    return _finish(chart, line + labels, loc)
