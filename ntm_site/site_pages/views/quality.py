"""/chat-luong-du-lieu/: every consistency rule, what it found, and the source's own discrepancies;
and the same per package, for the pages of each package."""
from __future__ import annotations

from ...common.i18n import Localiser
from ...data_in.catalogue import Catalogue
from ...data_in.checks import RuleResult
from . import PageInputs
from .common import locator, markup_message, subject_label


def quality_page(inputs: PageInputs) -> dict:
    loc, results, titles, catalogue = inputs.loc, inputs.rule_results, inputs.rule_titles, inputs.catalogue
    rules = []
    for rule_id, title in titles.items():
        mine = [r for r in results if r.rule_id == rule_id]
        rules.append([title, ", ".join(sorted({r.package for r in mine})) or "–",
                      len(mine), sum(r.status == "ok" for r in mine),
                      sum(r.status == "source_discrepancy" for r in mine), sum(r.status == "error" for r in mine)])
    # What the rules file says about each known discrepancy of a single cell.
    notes = {(rule["id"], known["subject"], str(known["value"])): known["note"][loc.lang]
             for rule in inputs.project.rules for known in rule.get("source_discrepancies", [])
             if "value" in known and "note" in known}
    found = [
        {"rule": titles[r.rule_id], "subject": discrepancy_subject(r, loc, catalogue, inputs.spec.root, notes), "computed": r.computed,
         "reported": r.value if r.value is not None else r.reported,
         "difference": r.difference, "file": r.file, "row": r.row, "column": r.column,
         # the published copy of the file, which readers can open
         "url": f"{inputs.spec.root}du-lieu/{r.package}/{r.file.rsplit('/', 1)[-1]}"}
        for r in results if r.status == "source_discrepancy"
    ]
    return {
        "rule_rows": rules,
        "discrepancies": found,
        "totals": {"rules": len(titles), "comparisons": len(results),
                   "consistent": sum(r.status == "ok" for r in results), "discrepancies": len(found)},
    }


def discrepancy_subject(result: RuleResult, loc: Localiser, catalogue: Catalogue, root: str, notes: dict | None = None):
    """What a discrepancy concerns: the table, and for a single cell the row's
    own key (e.g. the document '124/2024/NQ-HĐND') with a link to where the
    report states it, so the reader knows which document or figure is meant."""
    label = subject_label(result.subject, loc, catalogue)
    if result.row is None or result.subject.count("/") != 1:
        return label
    package, name = result.subject.split("/")
    if package not in catalogue.packages or name not in catalogue.packages[package].tables:
        return label
    table = catalogue.packages[package].tables[name]
    keys = table.schema.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else keys
    row = table.frame.iloc[result.row - 2]  # CSV line number: the header is line 1
    key = ", ".join(str(row[k]) for k in keys if k in row)
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
    """Sentences stating each discrepancy the source report contains, with both figures."""
    return [
        loc.t("check_detail.source_discrepancy", subject=subject_label(r.subject, loc, catalogue),
                                          computed=loc.number(r.computed), reported=loc.number(r.reported))
        for r in results if r.package == package and r.status == "source_discrepancy"
    ]


VIEWS = {"quality.md.j2": quality_page}
