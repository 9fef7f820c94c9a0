"""/chat-luong-du-lieu/: every consistency rule, what it found, and the source's own discrepancies;
and the same per package, for the pages of each package."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from ...common.i18n import Localiser
from ...data_in.catalogue import Catalogue, Table
from ...data_in.checks import RuleResult
from ...data_in.provenance import package_path
from . import PageInputs
from .common import (column_title, locator, markup_message, present, subject_label, table_label, table_of_file,
                     value_in_words)


def quality_page(inputs: PageInputs) -> dict:
    loc, results, titles, catalogue = inputs.loc, inputs.rule_results, inputs.rule_titles, inputs.catalogue
    rules = []
    for rule_id, title in titles.items():
        mine = [r for r in results if r.rule_id == rule_id]
        rules.append([title, PackageLinks(tuple(sorted({r.package for r in mine})), catalogue, loc) if mine else "–",
                      len(mine), sum(r.status == "ok" for r in mine),
                      sum(r.status == "source_discrepancy" for r in mine), sum(r.status == "error" for r in mine)])
    # What the rules file says about each known discrepancy of a single cell.
    notes = {(rule["id"], known["subject"], str(known["value"])): known["note"][loc.lang]
             for rule in inputs.project.rules for known in rule.get("source_discrepancies", [])
             if "value" in known and "note" in known}
    found = [
        {"rule": titles[r.rule_id], "subject": _with_unit(discrepancy_subject(r, loc, catalogue, inputs.spec.root, notes),
                                                          _unit_symbol(r, catalogue, loc)), "computed": r.computed,
         # Two sources that differ: both values are said in the subject, neither above the other.
         "reported": None if r.compared_row is not None else _as_read(r.value, loc) if r.value is not None else r.reported,
         "difference": r.difference, "file": r.file, "row": r.row, "column": r.column,
         "column_label": _column_label(r, catalogue, loc), "file_shown": _breakable("/".join(r.file.split("/")[-2:])),
         # the published copy of the file, which readers can open
         "url": _published_copy(r.package, r.file.rsplit("/", 1)[-1], inputs.spec.root),
         # where the figure compared with is, when another table holds it
         "computed_at": r.computed_at and _place(r.computed_at, catalogue, inputs.spec.root)}
        for r in results if r.status == "source_discrepancy"
    ]
    return {
        "rule_rows": rules,
        "discrepancies": found,
        "totals": {"rules": len(titles), "comparisons": len(results),
                   "consistent": sum(r.status == "ok" for r in results), "discrepancies": len(found)},
    }


def _published_copy(package: str, file_name: str, root: str) -> str:
    """The published copy of a package's file, which readers can open."""
    return f"{root}{package_path(package)}{file_name}"


def _place(at: tuple[str, int], catalogue: Catalogue, root: str) -> dict:
    """A row of a table as rules name it ("model_areas/observations", 14): its file, linked."""
    package, table = at[0].split("/")
    name = catalogue.packages[package].tables[table].path.name
    return {"url": _published_copy(package, name, root), "file_shown": _breakable(f"{package}/{name}"), "row": at[1]}


@dataclass(frozen=True)
class PackageLinks:
    """The packages a rule checked, by title, each a link to its page (a table cell: `.link(root)`);
    "; " between them, as some titles hold commas ("Văn hóa, xã hội, môi trường...")."""
    names: tuple[str, ...]
    # Left out of repr() and ==: the table's layout compares cells by their text, and the
    # catalogue's text is every one of its tables printed (seconds per page).
    catalogue: Catalogue = field(repr=False, compare=False)
    loc: Localiser = field(repr=False, compare=False)

    def link(self, root: str) -> Markup:
        return Markup("; ").join(
            Markup('<a href="{}{}">{}</a>').format(root, package_path(name), self.catalogue.packages[name].text("title", self.loc.lang))
            for name in self.names)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _breakable(name: str) -> Markup:
    """A file's name that may wrap after "/" and "_" ("funding/capital_disbursement.csv"):
    whole, it made the table wider than a laptop's column."""
    return Markup("<wbr>").join(re.split(r"(?<=[/_])", name))


def _as_read(value: str, loc: Localiser) -> str:
    """A cell as the page prints values of its kind: a date in the reader's form (a text
    column's "2024-13-45", which only looks like one, as it is)."""
    if _ISO_DATE.fullmatch(value):
        try:
            return loc.date(value)
        except ValueError:
            pass
    return value


def _unit_symbol(result: RuleResult, catalogue: Catalogue, loc: Localiser) -> str | None:
    """The unit of a compared figure ("km", "%", "triệu đồng"): the row's own unit
    (observations), else its column's (a schema field's `unit`); None for a plain count."""
    table = _table_of(result, catalogue)
    if result.computed is None or table is None or table.frame is None or result.row is None:
        return None
    row = table.frame.iloc[result.row - 2]
    unit = row.get("unit") if "unit" in row and present(row.get("unit")) else None
    if unit is None and result.column in {f["name"] for f in table.fields}:
        unit = table.field(result.column).get("unit")
    symbols = catalogue.indexed("reference", "measure_units", "unit_id")
    if unit not in symbols.index or not present(symbols.loc[unit, f"symbol_{loc.lang}"]):
        return None
    return symbols.loc[unit, f"symbol_{loc.lang}"]


def _with_unit(subject, unit: str | None):
    return Markup("{} ({})").format(subject, unit) if unit else subject


def _table_of(result: RuleResult, catalogue: Catalogue) -> Table | None:
    return table_of_file(catalogue, result.package, result.file)


def _column_label(result: RuleResult, catalogue: Catalogue, loc: Localiser) -> str | None:
    return column_title(_table_of(result, catalogue), result.column, loc)


def _row_words(table: Table, row, loc: Localiser, catalogue: Catalogue) -> str:
    """Which row a reader is looking at, in words: its key (the document '124/2024/NQ-HĐND');
    for a table without one, its unit and its coded columns ("Nghi Xuân, đạt chuẩn NTM,
    đã có quyết định công nhận")."""
    keys = table.schema.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else keys
    if keys:
        return ", ".join(str(row[k]) for k in keys if k in row)
    coded = [f["name"] for f in table.fields if f["name"] in row and present(row[f["name"]])
             and (f["name"] == "unit_code" or loc.messages.has(f"codes.{f['name']}.{row[f['name']]}"))]
    return ", ".join(filter(None, (value_in_words(field, row[field], catalogue, loc) for field in coded)))


def _issuer(row, catalogue: Catalogue, loc: Localiser) -> str:
    """Who published the source a row cites ("Báo Hà Tĩnh")."""
    sources = catalogue.indexed("reference", "sources", "source_id")
    return sources.loc[row["source_id"], f"issuer_{loc.lang}"] if row.get("source_id") in sources.index else "–"


def discrepancy_subject(result: RuleResult, loc: Localiser, catalogue: Catalogue, root: str, notes: dict | None = None):
    """What a discrepancy concerns: the table, and for a single cell the row in
    words (e.g. the document '124/2024/NQ-HĐND') with a link to where the report
    states it, so the reader knows which document or figure is meant; for two
    sources that differ, both values and both rows."""
    table = _table_of(result, catalogue)
    about_a_row = result.compared_row is not None or result.subject == f"{result.package}/{getattr(table, 'name', '')}"
    if result.row is None or table is None or table.frame is None or not about_a_row:
        return subject_label(result.subject, loc, catalogue)  # a figure: its indicator or column
    label = table_label(table.package, table.name, loc)
    row = table.frame.iloc[result.row - 2]  # CSV line number: the header is line 1
    key = _row_words(table, row, loc, catalogue)
    if result.compared_row is not None:
        other = table.frame.iloc[result.compared_row - 2]
        return markup_message(loc, "quality_subject.sources_differ", what=key or label,
                              column=_column_label(result, catalogue, loc) or result.column,
                              value=_as_read(str(result.value), loc), row=result.row, source=_issuer(row, catalogue, loc),
                              other=_as_read(str(other[result.column]), loc), other_row=result.compared_row,
                              other_source=_issuer(other, catalogue, loc))
    if not key:
        return label
    note = (notes or {}).get((result.rule_id, result.subject, str(result.value)))
    if "source_id" in row and "section" in row:
        text = markup_message(loc, "quality_subject.row_with_source", table=label, key=key, where=locator(row, loc).link(root))
    else:
        text = markup_message(loc, "quality_subject.row", table=label, key=key)
    return text + markup_message(loc, "quality_subject.note", note=note) if note else text


# For the pages that report their own package's checks (dataset pages, funding).
def check_rows(results: list[RuleResult], package: str, loc: Localiser, titles: dict[str, str], catalogue: Catalogue) -> list[list]:
    """One row per rule for a package: how many comparisons, how many agree,
    and each disagreement with both figures."""
    rows = []
    for rule_id in dict.fromkeys(r.rule_id for r in results if r.package == package):
        mine = [r for r in results if r.package == package and r.rule_id == rule_id]
        issues = [
            loc.t("check_detail.cell", subject=subject_label(r.subject, loc, catalogue), value=r.value, row=r.row)
            if r.value is not None else
            loc.t(f"check_detail.{r.status}", subject=subject_label(r.subject, loc, catalogue), computed=loc.number(r.computed),
                  reported=loc.number(r.reported), value="")
            for r in mine if r.status != "ok"
        ]
        rows.append([titles[rule_id], len(mine), sum(r.status == "ok" for r in mine),
                     "; ".join(issues) or loc.t("check_detail.none")])
    return rows


def discrepancies(results: list[RuleResult], package: str, loc: Localiser, catalogue: Catalogue) -> list[str]:
    """Sentences stating each discrepancy the source report contains, with both figures
    and their unit ("482.077 triệu đồng")."""
    def amount(value, result) -> str:
        unit = _unit_symbol(result, catalogue, loc)
        return f"{loc.number(value)} {unit}" if unit and unit != "%" else loc.percent(value) if unit else loc.number(value)

    return [
        loc.t("check_detail.source_discrepancy", subject=subject_label(r.subject, loc, catalogue),
              computed=amount(r.computed, r), reported=amount(r.reported, r))
        for r in results if r.package == package and r.status == "source_discrepancy"
    ]


VIEWS = {"quality.md.j2": quality_page}
