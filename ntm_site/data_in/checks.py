"""Consistency rules declared in config/rules.yml, checked against loaded tables.

Frictionless checks each cell; these rules check figures against each other:
parts against totals, rates against their numerator and denominator, counts
against the items listed, dates against the report's date. Each rule kind is
one small function; a new kind is a new function in `KINDS`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..common.problems import Problem
from ..common.project import Project
from .catalogue import Catalogue, Table, relative_file


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    package: str
    file: str
    subject: str
    computed: float | None
    reported: float | None
    tolerance: float
    status: str  # ok | source_discrepancy | error
    row: int | None = None
    column: str | None = None
    value: str | None = None
    compared_row: int | None = None  # the row whose cell this one's was compared with (sources_agree)
    # Where `computed` is read from when another table holds it (compare_rows): (table, row),
    # the table as rules name it ("model_areas/observations").
    computed_at: tuple[str, int] | None = None

    @property
    def difference(self) -> float | None:
        if self.computed is None or self.reported is None:
            return None
        return round(self.reported - self.computed, 10)


@dataclass(frozen=True)
class Measurement:
    """One comparison a rule made, before it is judged."""
    subject: str
    computed: float
    reported: float
    tolerance: float
    row: int | None = None
    column: str | None = None
    passes: bool | None = None  # set by kinds that compare other than by equality
    value: str | None = None  # the cell judged, for kinds that judge a cell
    compared_row: int | None = None  # the row whose cell `value` was compared with
    computed_at: tuple[str, int] | None = None  # (table, row) `computed` is read from, in another table


def _table(catalogue: Catalogue, ref: str) -> Table:
    package, name = ref.split("/")
    return catalogue.packages[package].tables[name]


def _where(frame: pd.DataFrame, where: dict | None) -> pd.DataFrame:
    for column, allowed in (where or {}).items():
        frame = frame[frame[column].astype(str).isin([str(a) for a in allowed])]
    return frame


def _csv_row(index: int) -> int:
    # Row numbers as a spreadsheet shows them: the header is row 1.
    return int(index) + 2


def _half_last_digit(printed: str) -> float:
    decimals = -Decimal(printed).as_tuple().exponent if "." in printed else 0
    return 0.5 * 10 ** (-decimals)


def _raw(table: Table) -> pd.DataFrame:
    return pd.read_csv(table.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _blank(value) -> bool:
    return value is None or pd.isna(value) or str(value) == ""


def check_sum(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    table = _table(catalogue, rule["table"])
    frame = _where(table.frame, rule.get("where"))
    part_of = rule["part_of"]
    key = frame[part_of["column"]].astype(str)
    whole = frame[key == str(part_of["whole"])]
    if part_of["parts"] == "*":  # every row that is not the whole
        parts = frame[key != str(part_of["whole"])]
    else:
        parts = frame[key.isin([str(p) for p in part_of["parts"]])]
    out = []
    for column in rule["columns"]:
        for index, row in whole.iterrows():
            # A whole adds up its own report's parts: a later report's rows are another period.
            own = parts[parts["source_id"] == row["source_id"]] if "source_id" in parts else parts
            total = float(own[column].sum())
            reported = float(row[column])
            passes = total <= reported + rule["tolerance"] if rule.get("compare") == "at_most" else None
            # In an observations table the figure is named by its indicator, not its column.
            subject = row["indicator_id"] if "indicator_id" in row and column == "value" else column
            out.append(Measurement(subject, total, reported, rule["tolerance"], _csv_row(index), column, passes))
    return out


def check_compare_rows(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    """Two statements of what should be the same figure (or a part within a whole), maybe in two tables."""
    left = _match_rows(_table(catalogue, rule["left"]["table"]).frame, rule["left"]["where"])
    right = _match_rows(_table(catalogue, rule["table"]).frame, rule["right"]["where"])
    if len(left) != 1 or len(right) != 1:
        raise ValueError(f"rule {rule['id']}: each side must select exactly one row ({len(left)}, {len(right)})")
    computed, reported = float(left["value"].iloc[0]), float(right["value"].iloc[0])
    passes = computed <= reported + rule["tolerance"] if rule.get("compare") == "at_most" else None
    elsewhere = (rule["left"]["table"], _csv_row(left.index[0])) if rule["left"]["table"] != rule["table"] else None
    return [Measurement(str(right["indicator_id"].iloc[0]), computed, reported, rule["tolerance"],
                        _csv_row(right.index[0]), "value", passes, computed_at=elsewhere)]


def check_row_sum(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    frame = _table(catalogue, rule["table"]).frame
    out = []
    for index, row in frame.iterrows():
        values = [row[c] for c in rule["parts"]]
        if any(pd.isna(v) for v in values) or pd.isna(row[rule["whole"]]):
            continue  # the report did not state every part for this row
        out.append(Measurement(str(row[rule["subject"]]), float(sum(values)), float(row[rule["whole"]]),
                               rule["tolerance"], _csv_row(index), rule["whole"]))
    return out


def check_ratio(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    table = _table(catalogue, rule["table"])
    frame, raw = table.frame, _raw(table)
    out = []
    for index, row in frame.iterrows():
        numerator, denominator, reported = row[rule["numerator"]], row[rule["denominator"]], row[rule["reported"]]
        if pd.isna(reported) or pd.isna(numerator) or pd.isna(denominator) or denominator == 0:
            continue
        tolerance = rule["tolerance"]
        if tolerance == "reported_precision":
            tolerance = _half_last_digit(raw.loc[index, rule["reported"]])
        computed = float(numerator) / float(denominator) * rule.get("scale", 1)
        out.append(Measurement(str(row[rule["subject"]]), round(computed, 6), float(reported), tolerance,
                               _csv_row(index), rule["reported"]))
    return out


def _match_rows(frame: pd.DataFrame, where: dict) -> pd.DataFrame:
    return _where(frame, {column: [value] for column, value in where.items()})


def check_ratio_rows(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    """A printed percentage in one row against the figures of two other rows."""
    table = _table(catalogue, rule["table"])
    frame, raw = table.frame, _raw(table)
    match = rule.get("match", [])
    numerators = _match_rows(frame, rule["numerator"])
    denominators = _match_rows(frame, rule["denominator"])
    out = []
    for index, reported in _match_rows(frame, rule["reported"]).iterrows():
        def same_place(rows):
            for column in match:
                rows = rows[rows[column] == reported[column]]
            return rows
        numerator, denominator = same_place(numerators), same_place(denominators)
        if len(numerator) != 1 or len(denominator) != 1 or pd.isna(reported["value"]):
            continue
        tolerance = rule["tolerance"]
        if tolerance == "reported_precision":
            tolerance = _half_last_digit(raw.loc[index, "value"])
        computed = float(numerator["value"].iloc[0]) / float(denominator["value"].iloc[0]) * rule.get("scale", 1)
        subject = " / ".join([str(rule["reported"]["indicator_id"])] + [str(reported[c]) for c in match])
        out.append(Measurement(subject, round(computed, 6), float(reported["value"]), tolerance, _csv_row(index), "value"))
    return out


def check_count(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    frame = _where(_table(catalogue, rule["table"]).frame, rule.get("where"))
    every_item = _table(catalogue, rule["items"]["table"]).frame
    items = _where(every_item, rule["items"].get("where"))
    listing = _where(every_item, rule.get("listed_where"))  # the rows that say a report lists these items
    key = rule.get("key", [])
    out = []
    for index, row in frame.iterrows():
        if pd.isna(row[rule["reported"]]):
            continue
        matching, listed = items, listing
        for column in key:
            matching = matching[matching[column] == row[column]]
            listed = listed[listed[column] == row[column]]
        if rule.get("listed_only") and listed.empty:
            continue  # a report giving the count without listing the units it counts
        subject = " / ".join(str(row[c]) for c in key) or str(row.get("measure", rule["reported"]))
        out.append(Measurement(subject, float(len(matching)), float(row[rule["reported"]]), 0,
                               _csv_row(index), rule["reported"]))
    return out


def _source_dates(catalogue: Catalogue) -> dict[str, str]:
    sources = catalogue.reference.tables["sources"].frame
    return dict(zip(sources["source_id"], sources["date"]))


def _not_after(value: str, limit: str) -> bool:
    # ISO dates of mixed precision: compare only as far as both are precise.
    # "2024-06" is not after "2024-06-30", and "2024-05-31" is not after "2024-06".
    length = min(len(value), len(limit))
    return value[:length] <= limit[:length]


def check_dates(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    limits = _source_dates(catalogue)
    out = []
    for package in catalogue.packages.values():
        for table in package.tables.values():
            frame = table.frame
            if "source_id" not in frame:
                continue
            # Targets and expectations are about the future: only results count.
            if rule.get("where") and all(c in frame for c in rule["where"]):
                frame = _where(frame, rule["where"])
            for column in [c for c in rule["columns"] if c in frame]:
                for index, row in frame.iterrows():
                    value, source = row[column], row["source_id"]
                    if value is None or pd.isna(value) or source not in limits:
                        continue
                    out.append(Measurement(
                        f"{table.package}/{table.name}", 0.0, 0.0, 0, _csv_row(index), column,
                        passes=_not_after(str(value), str(limits[source])), value=str(value)))
    return out


def check_year_not_after(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    """A recognition "for 2023" cannot come from a decision dated 2022: the
    year a decision recognises is not after the year it was signed."""
    frame = _table(catalogue, rule["table"]).frame
    out = []
    for index, row in frame.iterrows():
        year, date = row[rule["year"]], row[rule["date"]]
        if pd.isna(year) or pd.isna(date) or not str(date):
            continue
        subject = " / ".join(str(row[c]) for c in rule.get("subject", []))
        out.append(Measurement(subject, 0.0, 0.0, 0, _csv_row(index), rule["year"],
                               passes=int(year) <= int(str(date)[:4]), value=str(int(year))))
    return out


def check_sources_agree(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    """Rows about the same fact (same `key`) from different sources state the
    same `columns` where both state them. Blank cells say nothing, so they
    never disagree. Each later row is compared with the first that states
    the column; the subject names both values so a reader sees the conflict."""
    frame = _table(catalogue, rule["table"]).frame
    out = []
    for _, group in frame.groupby(rule["key"], dropna=False, sort=False):
        label = " / ".join(str(group.iloc[0][c]) for c in rule["key"])
        for column in rule["columns"]:
            stated = [(i, v) for i, v in group[column].items() if not _blank(v)]
            if len(stated) < 2:
                continue
            first_index, first = stated[0]
            for index, value in stated[1:]:
                subject = f"{label}: {column} '{value}' ≠ '{first}' (#{_csv_row(first_index)})"
                out.append(Measurement(subject, 0.0, 0.0, 0, _csv_row(index), column,
                                       passes=str(value) == str(first), value=str(value),
                                       compared_row=_csv_row(first_index)))
    return out


def check_filled_when(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    """A column that qualifies some rows only (the count an inferred status rests
    on) is filled in exactly those rows (`when`) and blank in the others."""
    frame = _table(catalogue, rule["table"]).frame
    chosen = set(_where(frame, rule["when"]).index)
    condition = "; ".join(f"{column} = {' | '.join(map(str, allowed))}" for column, allowed in rule["when"].items())
    out = []
    for index, value in frame[rule["column"]].items():
        wanted = index in chosen
        out.append(Measurement(condition, 0.0, 0.0, 0, _csv_row(index), rule["column"],
                               passes=wanted != _blank(value), value="" if _blank(value) else str(value)))
    return out


def check_refers_to(rule: dict, catalogue: Catalogue) -> list[Measurement]:
    """A cell names a row of another table, matched on `match` columns as well:
    the count an inferred status rests on is one the same report gives. Blank
    cells name nothing (`filled_when` says where they may be blank)."""
    frame = _table(catalogue, rule["table"]).frame
    target = rule["refers_to"]
    rows = _table(catalogue, target["table"]).frame
    match = target.get("match", [])
    given = set(zip(rows[target["column"]].astype(str), *(rows[c].astype(str) for c in match)))
    out = []
    for index, row in frame.iterrows():
        value = row[rule["column"]]
        if _blank(value):
            continue
        key = (str(value), *(str(row[c]) for c in match))
        where = ", ".join([f"{target['column']} = {value}"] + [f"{c} = {row[c]}" for c in match])
        out.append(Measurement(f"{target['table']}: {where}", 0.0, 0.0, 0, _csv_row(index), rule["column"],
                               passes=key in given, value=str(value)))
    return out


KINDS = {
    "sum": check_sum,
    "row_sum": check_row_sum,
    "ratio": check_ratio,
    "ratio_rows": check_ratio_rows,
    "compare_rows": check_compare_rows,
    "count": check_count,
    "dates": check_dates,
    "year_not_after": check_year_not_after,
    "sources_agree": check_sources_agree,
    "filled_when": check_filled_when,
    "refers_to": check_refers_to,
}

# Kinds that judge one cell rather than recompute a figure.
_CELL_KINDS = {"dates", "year_not_after", "sources_agree", "filled_when", "refers_to"}


def _judge(rule: dict, m: Measurement) -> str:
    passes = m.passes if m.passes is not None else abs(m.reported - m.computed) <= m.tolerance + 1e-9
    if passes:
        return "ok"
    if rule.get("severity") == "warning":  # e.g. two sources disagreeing: both kept, reported
        return "source_discrepancy"
    for known in rule.get("source_discrepancies", []):
        if "value" in known:  # a single cell the source prints wrongly
            if str(known["subject"]) == m.subject and str(known["value"]) == m.value:
                return "source_discrepancy"
        elif (str(known["subject"]) == m.subject and float(known["computed"]) == m.computed
                and float(known["reported"]) == m.reported):
            return "source_discrepancy"
    return "error"


def run_rules(project: Project, catalogue: Catalogue) -> list[RuleResult]:
    results = []
    for rule in project.rules:
        measurements = KINDS[rule["kind"]](rule, catalogue)
        table = _table(catalogue, rule["table"]) if "table" in rule else None
        for m in measurements:
            if table is None:  # a rule over every table names the table in its subject
                table_for_m = _table(catalogue, m.subject)
            else:
                table_for_m = table
            results.append(RuleResult(
                rule_id=rule["id"], package=table_for_m.package, file=relative_file(project, table_for_m.path),
                subject=m.subject, computed=None if rule["kind"] in _CELL_KINDS else m.computed,
                reported=None if rule["kind"] in _CELL_KINDS else m.reported,
                tolerance=m.tolerance, status=_judge(rule, m), row=m.row, column=m.column, value=m.value,
                compared_row=m.compared_row, computed_at=m.computed_at))
    return results


def rule_title(project: Project, rule_id: str, lang: str) -> str:
    rule = next(r for r in project.rules if r["id"] == rule_id)
    return rule["title"][lang]


def problems_from(project: Project, results: list[RuleResult]) -> list[Problem]:
    """Failed rules as Problems: errors stop the build, source discrepancies warn."""
    messages = project.messages
    problems = []
    for result in results:
        if result.status == "ok":
            continue
        rule = next(r for r in project.rules if r["id"] == result.rule_id)
        if rule.get("message_blank") and result.value == "":  # and a blank cell's apart
            key = rule["message_blank"]
        elif rule.get("message"):  # a rule may word its own failure
            key = rule["message"]
        elif result.value is not None:
            key = "checks.cell_failed"
        elif result.status == "source_discrepancy":
            key = "checks.source_discrepancy"
        else:
            key = "checks.failed"
        params = {
            "value": result.value or "",
            "subject": result.subject,
            "computed": "" if result.computed is None else f"{result.computed:g}",
            "reported": "" if result.reported is None else f"{result.reported:g}",
            "tolerance": f"{result.tolerance:g}",
        }
        problems.append(Problem(
            package=result.package, file=result.file, row=result.row, column=result.column,
            value=result.value or params["reported"] or None, rule=result.rule_id,
            message_vi=rule_title(project, result.rule_id, "vi") + ": " + messages.get(key, "vi", **params),
            message_en=rule_title(project, result.rule_id, "en") + ": " + messages.get(key, "en", **params),
            severity="warning" if result.status == "source_discrepancy" else "error",
            known=result.status == "source_discrepancy"))
    return problems
