"""/chat-luong-du-lieu/: every consistency rule, what it found, and the source's own discrepancies."""
from __future__ import annotations

from . import PageInputs
from .common import subject_label


def quality_page(inputs: PageInputs) -> dict:
    loc, results, titles, catalogue = inputs.loc, inputs.rule_results, inputs.rule_titles, inputs.catalogue
    rules = []
    for rule_id, title in titles.items():
        mine = [r for r in results if r.rule_id == rule_id]
        rules.append([title, ", ".join(sorted({r.package for r in mine})) or "–",
                      len(mine), sum(r.status == "ok" for r in mine),
                      sum(r.status == "source_discrepancy" for r in mine), sum(r.status == "error" for r in mine)])
    found = [
        {"rule": titles[r.rule_id], "subject": subject_label(r.subject, loc, catalogue), "computed": r.computed,
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


VIEWS = {"quality.md.j2": quality_page}
