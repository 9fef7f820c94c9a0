"""Helpers shared by the page views: where a figure is in the report, names, values."""
from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

import pandas as pd

from ...common.i18n import Localiser, unit_kind
from ...data_in.catalogue import Catalogue, Table, localised
from ...data_in.provenance import SourceRef, markup_message  # noqa: F401 (the views import them from here)
from ...data_in.source_files import source_file
from ...data_in.source_text import paragraph_naming, paragraph_printing, parse


def present(value) -> bool:
    """A cell holds a value: not None, not NaN, not blank (rows from iterrows turn None into NaN)."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and value != ""


def locator(row, loc: Localiser) -> SourceRef:
    """Where in the source a row's figure is (its source_id, section and footnote columns)."""
    footnote = row.get("footnote")
    return SourceRef(row["source_id"], tuple(str(row["section"]).split("; ")),
                     int(footnote) if present(footnote) else None, loc)


def printed_count(row) -> str | None:
    """A count as the report prints it, "60/181" (its value and out_of columns), or None
    for a row that is not a count of so many out of so many."""
    value, out_of = row.get("value"), row.get("out_of")
    if not (present(value) and present(out_of)) or float(value) % 1 or float(out_of) % 1:
        return None
    return f"{int(value)}/{int(out_of)}"


def printed_figure(row) -> str | None:
    """The figure to find a row by in the report's text: its count ("60/181"), or the
    rate the report prints for it ("13.43%", found as "13,43%"); None for neither."""
    rate = row.get("rate_reported_pct")
    return printed_count(row) or (f"{float(rate):g}%" if present(rate) else None)


class UnitParagraphs:
    """Where a row is in a long section of its report: the link to A.II.1.1 (sixteen
    paragraphs) opens "+ Huyện Can Lộc: ..." on a district's rows, and the paragraph
    printing "60/181" on the province's count of advanced communes. The report names
    the province throughout, so its rows are found by their figure, not by name; a
    province row that is no count keeps its section's heading. A status inferred from
    a count (`implied_by`) opens the paragraph printing that count. The report's texts
    are read once."""

    def __init__(self, root, catalogue: Catalogue):
        self._root = root
        self._files = catalogue.indexed("reference", "sources", "source_id")["file"]
        units = catalogue.reference.tables["admin_units"].frame
        forms = {}
        for u in units.itertuples():
            kind = unit_kind(u.name_vi)
            forms[u.unit_code] = [u.name_vi, u.short_name_vi, u.name_vi[len(kind) + 1:] if kind else None]
        said = pd.Series([f.casefold() for fs in forms.values() for f in set(fs) if f]).value_counts()
        # A shorter form is tried only where it names no other unit: "Kỳ Anh" names
        # two, "Hà Tĩnh" the city and the province.
        provinces = set(units.loc[units["level"] == "province", "unit_code"])
        self._names = {code: tuple(dict.fromkeys(f for f in fs if f and said[f.casefold()] == 1))
                       for code, fs in forms.items() if code not in provinces}
        self._blocks: dict[str, list] = {}
        self._counts = catalogue.table("criteria", "progress_counts") if "criteria" in catalogue.packages else None

    def _report(self, source_id: str) -> list:
        if source_id not in self._blocks:
            file = self._files.get(source_id)
            path = source_file(self._root, file) if present(file) else None
            self._blocks[source_id] = parse(path.read_text(encoding="utf-8")) if path else []
        return self._blocks[source_id]

    def _implying_count(self, row) -> str | None:
        """The count, as printed, that an implied status is inferred from: its `implied_by`
        measure among the province's counts of the same report (criteria/progress_counts)."""
        measure = row.get("implied_by")
        if not present(measure) or self._counts is None:
            return None
        counts = self._counts[(self._counts["measure"] == measure) & (self._counts["source_id"] == row["source_id"])]
        return printed_count(counts.iloc[0]) if len(counts) == 1 else None

    def locate(self, row, loc: Localiser) -> SourceRef:
        """`locator`, each section's link landing on its paragraph about the row's unit, or
        for the province's count or rate (or a status inferred from a count), on the
        paragraph printing it."""
        ref = locator(row, loc)
        implied = row.get("basis") == "implied"
        # A status the report implies by a count ("8/10 huyện ... 2 huyện Kỳ Anh, Hương Khê") is
        # not in the paragraph that names the unit, which is about something else (Can Lộc's
        # advanced criteria): it opens the paragraph printing the count it is inferred from.
        names = None if implied else self._names.get(row.get("unit_code"))
        figure = self._implying_count(row) if implied else printed_figure(row)
        if not (names or figure):
            return ref
        blocks = self._report(ref.source_id)
        find = (lambda s: paragraph_naming(blocks, s, names)) if names else (lambda s: paragraph_printing(blocks, s, figure))
        landings = tuple((s, anchor) for s in ref.sections if (anchor := find(s)))
        return dataclasses.replace(ref, landings=landings)


def unit_name(catalogue: Catalogue, code: int, loc: Localiser, short: bool = False) -> str:
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    return units.loc[code, f"{'short_name' if short else 'name'}_{loc.lang}"]


def criteria_table(catalogue: Catalogue) -> pd.DataFrame:
    return catalogue.indexed("reference", "criteria", "criterion_id")


def note(row, loc: Localiser) -> str | None:
    return row.get(f"note_{loc.lang}")


def notes(*said: str | None) -> str | None:
    """Several notes as one cell: those that say something, in order."""
    kept = [text for text in said if present(text)]
    return " ".join(kept) if kept else None


def value_with_unit(value, unit, loc: Localiser) -> str | None:
    if value is None or pd.isna(value):
        return None
    return loc.percent(value) if unit == "percent" else f"{loc.number(value)} {loc.t(f'units.{unit}')}"


def period(row, loc: Localiser) -> str:
    """'01/01/2024 – 30/06/2024', saying so where the report gives no period and the data
    infers it from the section holding the figure (`period_basis`)."""
    said = loc.t("period", start=loc.date(row["period_start"]), end=loc.date(row["period_end"]))
    return loc.t("period_implied", period=said) if row.get("period_basis") == "implied" else said


def table_of_file(catalogue: Catalogue, package: str, path: str) -> Table | None:
    """The table of `package` kept in the file `path` names (by its file name), if the data has it."""
    tables = getattr(catalogue.packages.get(package), "tables", {})
    return next((t for t in tables.values() if t.path.name == PurePosixPath(path).name), None)


def column_title(table: Table | None, column: str | None, loc: Localiser) -> str | None:
    """A column's label in its table's schema ("Người ký"), if the table has that column."""
    if table is None or column not in {f["name"] for f in table.fields}:
        return None
    return localised(table.field(column), "title", loc.lang)


def value_in_words(field: str, value, catalogue: Catalogue, loc: Localiser) -> str | None:
    """A coded cell as readers know it: a unit or indicator by its name, a code by its
    label, an ISO date as the page's language writes it; "" where it says nothing a
    reader needs (the breakdown "total"); None where this knows no words for it."""
    text = str(value)
    if field == "unit_code" and text.isdigit():
        units = catalogue.indexed("reference", "admin_units", "unit_code")
        return units.loc[int(text), f"name_{loc.lang}"] if int(text) in units.index else None
    if field in ("indicator_id", "breakdown_id"):
        if field == "breakdown_id" and text == "total":
            return ""
        names = catalogue.indexed("reference", "indicators" if field == "indicator_id" else "breakdowns", field)
        return names[f"name_{loc.lang}"].get(text)
    if loc.messages.has(f"codes.{field}.{text}"):
        return loc.t(f"codes.{field}.{text}")
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        try:
            return loc.date(text)
        except ValueError:  # history may hold a date that is not one (2024-13-45): shown as it is
            return None
    return None


def table_label(package: str, table: str, loc: Localiser) -> str:
    """A table as readers know it ("Các quyết định công nhận"), not by its file's name."""
    key = f"tables.{package}.{table}"
    return loc.t(key) if loc.messages.has(key) else f"{package}/{table}"


def subject_label(subject: str, loc: Localiser, catalogue: Catalogue | None = None) -> str:
    """A rule's subject as readers know it: an indicator's name, a table's label, a labelled column, or as is."""
    indicator = subject.split(" / ")[0]
    if catalogue is not None and "indicators" in catalogue.reference.tables:
        names = catalogue.indexed("reference", "indicators", "indicator_id")[f"name_{loc.lang}"]
        if indicator in names.index:
            return names[indicator]
    if catalogue is not None and subject.count("/") == 1:
        package, table = subject.split("/")
        if table in getattr(catalogue.packages.get(package), "tables", {}):
            return table_label(package, table, loc)
    key = f"subjects.{subject}"
    return loc.t(key) if loc.messages.has(key) else subject


def target_name(catalogue: Catalogue, row, loc: Localiser) -> str:
    """An observation row's indicator name, with its breakdown when it has one."""
    name = catalogue.indexed("reference", "indicators", "indicator_id").loc[row["indicator_id"], f"name_{loc.lang}"]
    if row["breakdown_id"] != "total":
        breakdowns = catalogue.indexed("reference", "breakdowns", "breakdown_id")
        name += f" ({breakdowns.loc[row['breakdown_id'], f'name_{loc.lang}']})"
    return name


def period_text(row, loc: Localiser) -> str:
    """'01/01/2024 – 30/06/2024' for a period, or the date alone for a stock."""
    if present(row.get("period_start")):
        return loc.t("period", start=loc.date(row["period_start"]), end=loc.date(row["as_of"]))
    return loc.date(row["as_of"])
