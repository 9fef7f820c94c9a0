"""Consistency rules: they hold on the report's data, and fail when a figure is altered."""
from ntm_site.build import check
from ntm_site.data_in.loading import load
from ntm_site.data_in.checks import problems_from, run_rules

import pytest

from ntm_site.common.problems import ValidationFailed


def results_for(copy):
    return run_rules(copy.project, load(copy.project))


def errors_for(copy):
    return [r for r in results_for(copy) if r.status == "error"]


def test_every_rule_kind_runs_on_the_real_data(project, catalogue):
    results = run_rules(project, catalogue)
    assert {r.rule_id for r in results} == {rule["id"] for rule in project.rules}
    assert [r for r in results if r.status == "error"] == []


def test_the_reports_own_discrepancies_are_found_and_kept_as_warnings(project, catalogue):
    flagged = [r for r in run_rules(project, catalogue) if r.status == "source_discrepancy"]
    capital = load(project).table("funding", "capital_disbursement").set_index("capital_type")
    # Recompute from the table itself: the parts do not add up to the printed totals.
    for column in ("plan_mvnd", "disbursed_mvnd"):
        parts = capital.loc["development_investment", column] + capital.loc["recurrent", column]
        assert parts != capital.loc["total", column]
        [result] = [r for r in flagged if r.subject == column]
        assert (result.computed, result.reported) == (parts, capital.loc["total", column])
    warnings = problems_from(project, flagged)
    assert all(not w.is_error for w in warnings)


def test_an_altered_total_is_an_error_even_where_a_discrepancy_is_known(data_copy):
    data_copy.set_cell("funding/capital_disbursement.csv", 4, "plan_mvnd", "482079")
    [error] = [r for r in errors_for(data_copy) if r.rule_id == "capital-parts-sum"]
    assert error.subject == "plan_mvnd" and error.row == 4 and error.reported == 482079


def test_a_rate_that_does_not_match_its_figures_is_an_error(data_copy):
    data_copy.set_cell("funding/capital_disbursement.csv", 2, "rate_reported_pct", "16.55")
    [error] = errors_for(data_copy)
    assert error.rule_id == "disbursement-rate" and error.subject == "development_investment"
    assert abs(error.computed - 61751 / 397202 * 100) < 1e-6


def test_rounding_tolerance_follows_the_printed_precision(data_copy):
    # 60/181 = 33.15%: printed as "33" it is within half a unit; as "33.0" it is not.
    data_copy.set_cell("criteria/progress_counts.csv", 7, "share_reported", "33.0")
    [error] = errors_for(data_copy)
    assert error.rule_id == "progress-share" and error.tolerance == 0.05


def test_a_count_that_disagrees_with_the_listed_items(data_copy):
    rows = [r for r in data_copy.rows("criteria/district_criteria_status.csv") if not (r[0] == "440" and r[2] == "320nc-3")]
    data_copy.write_rows("criteria/district_criteria_status.csv", rows)
    [error] = errors_for(data_copy)
    assert error.rule_id == "district-criteria-met-count" and error.subject == "440 / huyen-ntm-nang-cao"
    assert (error.computed, error.reported) == (2, 3)


def test_a_partial_list_may_not_exceed_its_total(data_copy):
    data_copy.set_cell("funding/sponsorship.csv", 5, "amount_mvnd", "13534")
    assert [e.rule_id for e in errors_for(data_copy)] == ["sponsorship-named-districts"]


def test_a_date_after_the_report_is_an_error(data_copy):
    data_copy.set_cell("funding/capital_disbursement.csv", 3, "as_of", "2024-07-01")
    [error] = errors_for(data_copy)
    assert error.rule_id == "dates-not-after-source" and error.value == "2024-07-01" and error.column == "as_of"


def test_check_stops_on_rule_errors_with_bilingual_messages(data_copy):
    data_copy.set_cell("ocop/ocop_products.csv", 4, "value", "8")
    with pytest.raises(ValidationFailed) as failure:
        check(data_copy.project)
    [problem] = [p for p in failure.value.problems if p.is_error]
    assert problem.rule == "ocop-valid-by-star" and problem.package == "ocop"
    assert "240" in problem.message_vi and "240" in problem.message_en


@pytest.mark.parametrize("unit_code, goal, rule_id", [
    ("439", "ntm_standard", "districts-recognised-count"),  # Hương Sơn, one of the seven inferred from 8/10
    ("436", "ntm_task_completed", "cities-towns-completed-count"),  # the city, inferred from 1/3
])
def test_a_recognition_inferred_from_a_count_must_agree_with_it(data_copy, unit_code, goal, rule_id):
    """The report names only the units that have not made it; the others' recognition is
    inferred from its count. A row no longer marked recognised breaks the inference."""
    rows = data_copy.rows("criteria/unit_recognition.csv")
    header = rows[0]
    [index] = [i for i, r in enumerate(rows) if r[0] == unit_code and r[header.index("goal")] == goal]
    data_copy.set_cell("criteria/unit_recognition.csv", index + 1, "status", "in_progress")  # header = row 1
    [error] = errors_for(data_copy)
    assert error.rule_id == rule_id and error.reported == (8 if goal == "ntm_standard" else 1)
    assert error.computed == error.reported - 1


def test_a_count_given_without_its_units_listed_is_not_held_against_the_units(data_copy):
    """A report may give "8/10 huyện" and list none of the districts (the synthetic later
    report does): the count is then not compared with rows that are not there. Listing some
    of them brings the check back."""
    rows = data_copy.rows("criteria/unit_recognition.csv")
    goal = rows[0].index("goal")
    data_copy.write_rows("criteria/unit_recognition.csv", [r for r in rows if r[goal] != "ntm_standard"])
    assert [e.rule_id for e in errors_for(data_copy)] == []
    one_listed = [r for r in rows if r[goal] != "ntm_standard"] + [next(r for r in rows if r[goal] == "ntm_standard")]
    data_copy.write_rows("criteria/unit_recognition.csv", one_listed)
    [error] = errors_for(data_copy)
    assert error.rule_id == "districts-recognised-count" and (error.computed, error.reported) == (1, 8)


def _recognition_row(copy, basis: str) -> int:
    """The spreadsheet row number (header = row 1) of the first recognition row with this basis."""
    rows = copy.rows("criteria/unit_recognition.csv")
    column = rows[0].index("basis")
    return next(number for number, row in enumerate(rows, start=1) if number > 1 and row[column] == basis)


@pytest.mark.parametrize("basis, value", [("implied", ""), ("stated", "districts_ntm_recognised")])
def test_implied_by_is_filled_exactly_where_a_status_is_inferred(data_copy, basis, value):
    """An inferred status without the count it rests on would link readers to its whole
    section; a stated one naming a count would claim an inference the data does not make.
    Either way the maintainer is told which cell, with the value it holds."""
    row = _recognition_row(data_copy, basis)
    data_copy.set_cell("criteria/unit_recognition.csv", row, "implied_by", value)
    with pytest.raises(ValidationFailed) as failure:
        check(data_copy.project)
    [problem] = [p for p in failure.value.problems if p.is_error]
    assert (problem.rule, problem.package, problem.row, problem.column) == (
        "implied-status-names-its-count", "criteria", row, "implied_by")
    assert problem.file.endswith("unit_recognition.csv")
    assert "basis = implied" in problem.message_vi and "basis = implied" in problem.message_en
    if value:
        assert f"'{value}'" in problem.message_vi and f"'{value}'" in problem.message_en
    else:  # said blank, not "''"
        assert "''" not in problem.message_en and "đang để trống" in problem.message_vi and "is blank" in problem.message_en


def test_the_count_an_inference_rests_on_is_one_its_own_report_gives(data_copy):
    """The count is looked for in the same report: a row whose source is another
    document (one that gives no counts) cannot rest on the June 2024 report's count."""
    row = _recognition_row(data_copy, "implied")
    data_copy.set_cell("criteria/unit_recognition.csv", row, "source_id", "web-bht-2019-10-can-loc")
    errors = errors_for(data_copy)
    [error] = [e for e in errors if e.rule_id == "implied-count-in-same-report"]
    assert (error.row, error.column) == (row, "implied_by")
    assert "source_id = web-bht-2019-10-can-loc" in error.subject
    [problem] = [p for p in problems_from(data_copy.project, errors) if p.rule == "implied-count-in-same-report"]
    assert error.value in problem.message_vi and "web-bht-2019-10-can-loc" in problem.message_en
