"""The districts side by side: one row per unit, one column per figure the
report gives by district-level unit.

Columns come from the data, not from code: recognition, the criteria counts,
sponsorship raised, and every observation series the report gives for at
least three units (land consolidation, Quế Lâm linkage, model villages,
health stations...). A blank is "not reported", never zero. Rows follow the
official unit list (the order a reader sees without JavaScript); the
province's total, where the report prints one, is the last row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...common.i18n import Localiser
from ...data_in.catalogue import Catalogue
from ...data_in.observations import (PROVINCE, SERIES, all_observations, display_unit, district_comparable_series, scaled,
                                     value_text)
from ...data_in.periods import latest_rows
from .common import present


@dataclass
class Column:
    id: str
    label: str
    numeric: bool  # sorts by number (else by text)
    unit: str = ""  # symbol written after the numbers (a map's legend), where the figure has one
    summed: bool = True  # a province total can exist (not for a status, nor a district's criteria count)
    mapped: bool = True  # drawn as a map of its own on /dia-phuong/
    map_note: str | None = None  # said under its map: what the colours leave out


@dataclass
class Row:
    code: int
    slug: str | None
    name: str
    # column id -> (shown text, sort key, raw value for downloads); absent = not reported
    cells: dict[str, tuple[str, object, object]] = field(default_factory=dict)


@dataclass
class Comparison:
    columns: list[Column]
    rows: list[Row]  # units in list order, then the province total if any

    def frame(self, loc: Localiser) -> pd.DataFrame:
        """The table as a download: names beside codes, each figure's unit in its header
        ("Farmland consolidated (ha)"), numbers as numbers, whole ones without a ".0"
        (a column with a blank would otherwise turn every count into "3.0")."""
        headers = [loc.t("compare.code"), loc.t("compare.unit")] + [_header(c) for c in self.columns]
        records = []
        for row in self.rows:
            record = [row.code, row.name]
            for column in self.columns:
                cell = row.cells.get(column.id)
                record.append(None if cell is None else _whole_if_whole(cell[2]))
            records.append(record)
        return pd.DataFrame(records, columns=headers, dtype=object)


def _header(column: Column) -> str:
    return f"{column.label} ({column.unit})" if column.unit else column.label


def _whole_if_whole(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _series_label(catalogue: Catalogue, key: tuple, loc: Localiser) -> str:
    indicator_id, breakdown_id, kind, as_of = key
    indicators = catalogue.indexed("reference", "indicators", "indicator_id")
    label = indicators.loc[indicator_id, f"name_{loc.lang}"]
    if breakdown_id != "total":
        label += " (" + catalogue.indexed("reference", "breakdowns", "breakdown_id").loc[breakdown_id, f"name_{loc.lang}"] + ")"
    if kind != "actual":
        label += " – " + loc.code("kind", kind)
    return label


def _unit_symbol(series: pd.DataFrame, symbols: pd.DataFrame, loc: Localiser) -> str:
    """The one measure unit a series is given in ('ha'), or nothing if it has none or several."""
    units = set(series["unit"].dropna())
    if len(units) != 1:
        return ""
    unit = units.pop()
    if unit == "percent":
        return "%"
    return display_unit(unit, loc, symbols)[1] or ""


def comparison(catalogue: Catalogue, loc: Localiser) -> Comparison:
    units = catalogue.reference.tables["admin_units"].frame
    districts = units[units["level"] == "district"]
    rows = {u.unit_code: Row(u.unit_code, u.slug, getattr(u, f"short_name_{loc.lang}")) for u in districts.itertuples()}
    province = Row(PROVINCE, None, loc.t("compare.province_total"))
    columns: list[Column] = []

    recognition = catalogue.table("criteria", "unit_recognition")
    for goals, column_id in ((("ntm_standard", "ntm_task_completed"), "ntm"), (("ntm_advanced",), "advanced")):
        columns.append(Column(column_id, loc.t(f"compare.{column_id}"), numeric=False, summed=False))
        for r in recognition[recognition["goal"].isin(goals)].itertuples():
            if r.unit_code in rows:
                text = loc.code("recognition_status", r.status)
                rows[r.unit_code].cells[column_id] = (text, text, text)

    summary = catalogue.table("criteria", "district_criteria_summary")
    sets = catalogue.indexed("reference", "criteria_sets", "set_id")
    for set_id, group in summary.groupby("set_id", sort=False):
        column_id = f"met-{set_id}"
        short = f"compare.criteria_set.{set_id}"
        set_name = loc.t(short) if loc.messages.has(short) else sets.loc[set_id, f"name_{loc.lang}"]
        # "Basically met" is the report's own status, never counted as met (Thạch Hà: 0 met, 4 of 9
        # basically met): where a unit has any, its "met" cell says so, the count has a column
        # of its own in the table and the downloads (not a map: it would shade one unit), and
        # the "met" map says under it which units' criteria basically met it leaves out.
        basically = {r.unit_code for r in group.itertuples() if present(r.basically_met_count) and r.basically_met_count > 0}
        left_out = "; ".join(loc.t("compare.map_basically_unit", unit=rows[r.unit_code].name,
                                   count=loc.number(r.basically_met_count), total=loc.number(r.criteria_total))
                             for r in group.itertuples() if r.unit_code in basically and r.unit_code in rows)
        columns.append(Column(column_id, loc.t("compare.criteria_met", set=set_name), numeric=True, summed=False,
                              map_note=loc.t("compare.map_basically", units=left_out) if left_out else None))
        for r in group.itertuples():
            if r.unit_code in rows and present(r.met_count):
                text = f"{loc.number(r.met_count)}/{loc.number(r.criteria_total)}"
                if r.unit_code in basically:
                    text = loc.t("compare.met_and_basically", met=text, basically=loc.number(r.basically_met_count))
                rows[r.unit_code].cells[column_id] = (text, int(r.met_count), int(r.met_count))
        if basically:
            column_id = f"basically-met-{set_id}"
            columns.append(Column(column_id, loc.t("compare.criteria_basically_met", set=set_name), numeric=True,
                                  summed=False, mapped=False))
            for r in group.itertuples():
                if r.unit_code in rows and present(r.basically_met_count):
                    count = int(r.basically_met_count)
                    rows[r.unit_code].cells[column_id] = (f"{loc.number(count)}/{loc.number(r.criteria_total)}", count, count)

    sponsorship = latest_rows(catalogue.table("funding", "sponsorship"), ["scope", "unit_code"])
    columns.append(Column("sponsorship", loc.t("compare.sponsorship"), numeric=True))
    for r in sponsorship[sponsorship["scope"] == "district"].itertuples():
        if r.unit_code in rows:
            rows[r.unit_code].cells["sponsorship"] = (loc.number(r.amount_mvnd), float(r.amount_mvnd), float(r.amount_mvnd))
    # The province row is the province's total (16,918), which includes what the province's
    # own level raised; the districts' own sum (16,786) is said beside it, since the rows
    # above are districts.
    province_rows = sponsorship[sponsorship["unit_code"] == PROVINCE].set_index("scope")
    if "total" in province_rows.index:
        total = province_rows.loc["total"]
        amount, text = float(total["amount_mvnd"]), loc.number(total["amount_mvnd"])
        # The districts' sum only from the report giving the total: never two reports in one cell.
        level = province_rows[(province_rows.index == "district_level") & (province_rows["source_id"] == total["source_id"])]
        if not level.empty:
            text = loc.t("compare.sponsorship_province", total=text, district_level=loc.number(level["amount_mvnd"].iloc[0]))
        province.cells["sponsorship"] = (text, amount, amount)

    observations = all_observations(catalogue)
    symbols = catalogue.indexed("reference", "measure_units", "unit_id")
    series_keys = district_comparable_series(catalogue)
    for key in series_keys:
        column_id = "--".join(str(k) for k in key)
        label = _series_label(catalogue, key, loc)
        if sum(other[:3] == key[:3] for other in series_keys) > 1:  # the same figure from several reports: say which
            label += f" ({loc.date(key[3])})"
        series = observations
        for name, value in zip(SERIES, key):
            series = series[series[name] == value]
        columns.append(Column(column_id, label, numeric=True, unit=_unit_symbol(series, symbols, loc)))
        for _, r in series.iterrows():
            target = rows.get(r["unit_code"]) if r["unit_code"] != PROVINCE else province
            if target is not None and present(r["value"]):
                value = float(scaled(r["value"], display_unit(r["unit"], loc, symbols)[0]))  # as the text says it
                target.cells[column_id] = (value_text(r, loc, symbols), value, value)
    ordered = list(rows.values()) + ([province] if province.cells else [])
    # A column the report gives no unit a figure for says only "not reported", row after row.
    return Comparison([c for c in columns if any(c.id in r.cells for r in ordered)], ordered)
