"""The history package: every fact leads to a dated public page, decision
numbers read as decision numbers, and the two history rules judge rows as
the issue asks (a recognition year after its decision is an error; sources
that disagree are a warning, never an error)."""
import csv
import re
from pathlib import Path

import pytest

from ntm_site.data_in.loading import load
from ntm_site.data_in.checks import problems_from, run_rules
from ntm_site.common.problems import ValidationFailed

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "datapackages" / "history"
SOURCES = ROOT / "datapackages" / "reference" / "sources.csv"
TABLES = ["recognitions.csv", "commune_counts.csv", "province_decisions.csv"]
PRIME_MINISTER_DECISION = re.compile(r"^\d+/QĐ-TTg$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_history_row_cites_a_web_page_with_a_date():
    sources = {row["source_id"]: row for row in read(SOURCES)}
    for table in TABLES:
        rows = read(HISTORY / table)
        assert rows, f"{table} is empty"
        for number, row in enumerate(rows, start=2):
            source = sources.get(row["source_id"])
            assert source is not None, f"{table} row {number}: unknown source {row['source_id']!r}"
            assert re.match(r"^https?://\S+$", source["url"]), f"{table} row {number}: source has no URL"
            assert ISO_DATE.match(source["date"]), f"{table} row {number}: source has no ISO date"
            assert source["issuer_vi"] and source["date_printed"], f"{table} row {number}: publisher or printed date missing"


def test_prime_minister_decisions_parse_and_dates_are_iso():
    rows = read(HISTORY / "recognitions.csv")
    decisions = [r for r in rows if r["decision_issuer"] == "prime_minister" and r["decision_number"]]
    assert len(decisions) >= 5
    for row in decisions:
        assert PRIME_MINISTER_DECISION.match(row["decision_number"]), row["decision_number"]
        assert row["decision_date"] == "" or ISO_DATE.match(row["decision_date"])
        # A dated decision keeps the date as the page printed it, for checking.
        assert row["decision_date"] == "" or row["decision_date_printed"]


def test_a_recognition_after_the_june_2024_report_is_recorded():
    later = [r for r in read(HISTORY / "recognitions.csv")
             if r["stage"] == "recognised" and r["decision_date"] > "2024-06-30"]
    assert later, "no recognition dated after the report"
    assert all(int(r["for_year"]) < int(r["decision_date"][:4]) for r in later if r["for_year"])


def history_results(copy, rule_id):
    return [r for r in run_rules(copy.project, load(copy.project)) if r.rule_id == rule_id]


def test_the_real_data_passes_the_recognition_year_rule(project, catalogue):
    results = [r for r in run_rules(project, catalogue) if r.rule_id == "recognition-year-not-after-decision"]
    assert results and all(r.status == "ok" for r in results)


def test_a_recognition_year_after_its_decision_is_an_error(data_copy):
    rows = data_copy.rows("history/recognitions.csv")
    header = rows[0]
    # Kỳ Anh's 840/QĐ-TTg of 15/8/2024 "for 2025" cannot be.
    row = next(i for i, r in enumerate(rows) if r[header.index("decision_number")] == "840/QĐ-TTg") + 1
    data_copy.set_cell("history/recognitions.csv", row, "for_year", "2025")
    failed = [r for r in history_results(data_copy, "recognition-year-not-after-decision") if r.status != "ok"]
    assert [(f.status, f.row, f.column, f.value) for f in failed] == [("error", row, "for_year", "2025")]
    [problem] = problems_from(data_copy.project, failed)
    assert problem.is_error and "history/recognitions.csv" in problem.file


def test_disagreeing_sources_are_a_warning_not_an_error(data_copy):
    rows = data_copy.rows("history/recognitions.csv")
    header = rows[0]
    # Two pages on Đức Thọ agree on 994/QĐ-TTg; make the second say 995.
    duc_tho = [i + 1 for i, r in enumerate(rows) if r[header.index("unit_code")] == "440"]
    assert len(duc_tho) == 2
    data_copy.set_cell("history/recognitions.csv", duc_tho[1], "decision_number", "995/QĐ-TTg")
    flagged = [r for r in history_results(data_copy, "recognition-sources-agree") if r.status != "ok"]
    changed = [r for r in flagged if r.column == "decision_number"]
    assert [(r.status, r.row, r.value) for r in changed] == [("source_discrepancy", duc_tho[1], "995/QĐ-TTg")]
    assert "994/QĐ-TTg" in changed[0].subject
    problems = problems_from(data_copy.project, flagged)
    assert problems and not any(p.is_error for p in problems)


def test_a_blank_cell_never_disagrees(data_copy):
    # The second Đức Thọ page gives no decision date: not a disagreement.
    results = history_results(data_copy, "recognition-sources-agree")
    assert not [r for r in results if r.subject.startswith("440") and r.column == "decision_date"]


def test_a_decision_number_that_does_not_parse_is_refused(data_copy):
    rows = data_copy.rows("history/recognitions.csv")
    header = rows[0]
    row = next(i for i, r in enumerate(rows) if r[header.index("decision_number")] == "840/QĐ-TTg") + 1
    data_copy.set_cell("history/recognitions.csv", row, "decision_number", "840/QD-TTg")
    with pytest.raises(ValidationFailed) as failure:
        load(data_copy.project)
    [problem] = [p for p in failure.value.problems if p.package == "history"]
    assert problem.row == row and problem.column == "decision_number" and problem.is_error


# ----------------------------------------------------------- promises followed up
from ntm_site.data_in.followups import STATUSES, follow_up  # noqa: E402


def statuses(project, catalogue) -> dict:
    return {(f.target["indicator_id"], f.target["breakdown_id"], f.target["kind"]): f for f in follow_up(project, catalogue)}


def test_every_target_of_the_report_gets_a_status_and_no_source_is_the_default(project, catalogue):
    targets = catalogue.table("targets", "observations")
    promised = targets[targets["kind"].isin(["target", "target_remaining"])]
    followed = follow_up(project, catalogue)
    assert len(followed) == len(promised)
    assert {f.status for f in followed} <= set(STATUSES)
    # A target nothing later speaks to stays "no later source", never a guess.
    assert statuses(project, catalogue)[("capital_disbursed_pct", "capital_2024", "target")].status == "no_later_source"
    for f in followed:
        assert (f.source_id is None) == (f.status == "no_later_source")


def test_followups_rest_on_the_later_sources(project, catalogue):
    found = statuses(project, catalogue)
    ocop = found[("ocop_products_recognised", "ocop_4_star_plus", "target")]
    # 2394/QĐ-UBND of 15/10/2024: 8 products at 4 stars >= the 5 promised for 2024.
    assert (ocop.status, ocop.value, ocop.as_of) == ("kept", 8, "2024-10-15")
    advanced = found[("advanced_communes_total", "total", "target")]
    # 69 advanced communes in June 2025: after the end-2024 deadline, below 80, above the report's 60.
    assert (advanced.status, advanced.value) == ("partly_kept", 69)
    dossier = found[("district_ntm_dossier_submitted", "total", "target")]
    # Hương Khê's dossier was due by 30/9/2024 and filed on 28/10/2024.
    assert (dossier.status, dossier.as_of) == ("partly_kept", "2024-10-28")


def test_a_target_reached_only_by_a_figure_after_its_deadline_says_so(project, catalogue):
    """"Keep 100% of communes at the standard in 2024" read "no later source yet" beside the
    home page's 169 of 169 communes (June 2025): a later source there is, dated after the
    deadline, at the target. It is said so, with its figure and source, and not as kept:
    whether the communes were all at the standard at the end of 2024 it does not say."""
    counts = catalogue.table("history", "commune_counts")
    later = counts[(counts["unit_code"] == 42) & (counts["level"] == "ntm") & counts["out_of"].notna()].sort_values(
        "as_of", kind="stable").iloc[-1]  # the newest, which the rule judges by
    maintained = statuses(project, catalogue)[("ntm_communes_maintained_pct", "total", "target")]
    assert maintained.status == "reached_later"
    assert (maintained.value, maintained.as_of) == (later["value"] / later["out_of"] * 100, later["as_of"])
    assert maintained.source_id == later["source_id"]


def test_the_newest_figure_after_the_deadline_decides(data_copy):
    """Two figures after the deadline, an older one below the target: the newer one, at it, decides."""
    rows = data_copy.rows("history/commune_counts.csv")
    header = rows[0]
    newest = next(r for r in rows[1:] if r[0] == "42" and r[header.index("level")] == "ntm" and r[header.index("out_of")])
    older = dict(zip(header, newest)) | {"as_of": "2025-02", "value": "160", "note_vi": "", "note_en": ""}
    data_copy.write_rows("history/commune_counts.csv", rows + [[older[c] for c in header]])
    found = statuses(data_copy.project, load(data_copy.project))
    maintained = found[("ntm_communes_maintained_pct", "total", "target")]
    assert maintained.status == "reached_later" and maintained.as_of == newest[header.index("as_of")]


def test_the_same_figure_by_the_deadline_is_kept(data_copy):
    set_first(data_copy, "history/commune_counts.csv",
              lambda r: r["level"] == "ntm" and r["out_of"] and next(iter(r.values())) == "42", "as_of", "2024-12")
    found = statuses(data_copy.project, load(data_copy.project))
    assert found[("ntm_communes_maintained_pct", "total", "target")].status == "kept"


def set_first(data_copy, path: str, where, column: str, value: str) -> None:
    """Set `column` of the first row of `path` for which `where(row as a dict)` holds."""
    rows = data_copy.rows(path)
    row = next(i for i, r in enumerate(rows) if i and where(dict(zip(rows[0], r)))) + 1
    data_copy.set_cell(path, row, column, value)


def test_a_dossier_filed_by_its_deadline_is_kept(data_copy):
    set_first(data_copy, "history/recognitions.csv", lambda r: r["stage"] == "submitted", "decision_date", "2024-09-20")
    found = statuses(data_copy.project, load(data_copy.project))
    assert found[("district_ntm_dossier_submitted", "total", "target")].status == "kept"


def test_a_later_count_no_higher_than_the_report_is_not_kept(data_copy):
    set_first(data_copy, "history/commune_counts.csv",
              lambda r: r["level"] == "advanced" and next(iter(r.values())) == "42", "value", "60")
    found = statuses(data_copy.project, load(data_copy.project))
    assert found[("advanced_communes_total", "total", "target")].status == "not_kept"


def test_a_source_from_before_the_report_is_not_a_follow_up(data_copy):
    # The same decision cited only by a page of 2019 cannot follow up a 2024 report.
    set_first(data_copy, "history/province_decisions.csv", lambda r: r["subject"] == "ocop_4_star",
              "source_id", "web-nn-2019-02-158-xa")
    found = statuses(data_copy.project, load(data_copy.project))
    assert found[("ocop_products_recognised", "ocop_4_star_plus", "target")].status == "no_later_source"


def test_targets_page_shows_the_followups_with_their_sources(built_site):
    html = (built_site / "muc-tieu/index.html").read_text(encoding="utf-8")
    assert "Sau báo cáo: lời hứa đã được thực hiện chưa?" in html and "Cách xác định" in html
    items = re.findall(r"<li><strong>.*?</li>", html)
    assert len(items) == 15  # every target and second-half target of the report
    kept = [i for i in items if "ntm-followup--kept" in i]
    assert kept and 'href="https://baohatinh.vn/ha-tinh-co-them-7-san-pham-ocop-4-sao-post275550.html"' in kept[0]
    assert sum("ntm-followup--no_later_source" in i for i in items) >= 10
    english = (built_site / "en/muc-tieu/index.html").read_text(encoding="utf-8")
    assert "After the report: were the promises kept?" in english and "No later source yet" in english
    assert (built_site / "du-lieu/history/index.html").exists()
    assert (built_site / "du-lieu/history/recognitions.csv").exists()


@pytest.mark.parametrize("page", ["muc-tieu/index.html", "en/muc-tieu/index.html"])
def test_no_two_promises_read_alike(built_site, page):
    """The year's target and the second half's for one indicator, both due 31/12/2024, read as
    the same promise said twice ("at least 20" and "at least 18"): each says its period."""
    import re

    html = (built_site / page).read_text(encoding="utf-8")
    promises = re.findall(r"<li><strong>([^<]*)</strong> \(([^)]*)\)", html)
    assert len(promises) > 5
    names = [name for name, _ in promises]
    assert len(set(names)) < len(names)  # some indicator has two targets
    assert len(set(promises)) == len(promises)
    repeated = {name for name in names if names.count(name) > 1}
    assert all(" – " in said for name, said in promises if name in repeated)  # a period: start – end
