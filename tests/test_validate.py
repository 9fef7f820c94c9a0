"""Bad CSV edits get errors naming package, file, row, column, value and rule, in both languages."""
import json

import pytest

from ntm_site.data_in.catalogue import discover
from ntm_site.data_in.validate import validate

CAPITAL = "funding/capital_disbursement.csv"


def problems_for(copy):
    catalogue, problems = discover(copy.project)
    return problems + validate(copy.project, catalogue)


def test_the_published_data_has_no_errors(project):
    catalogue, problems = discover(project)
    assert problems + validate(project, catalogue) == []


def test_wrong_type_names_every_place(data_copy):
    data_copy.set_cell(CAPITAL, 3, "plan_mvnd", "84.875,5")
    [problem] = problems_for(data_copy)
    assert (problem.package, problem.row, problem.column, problem.value, problem.rule) == (
        "funding", 3, "plan_mvnd", "84.875,5", "type-error")
    assert problem.file.endswith("funding/capital_disbursement.csv")
    assert "84.875,5" in problem.message_vi and "84.875,5" in problem.message_en
    assert "dấu chấm thập phân" in problem.message_vi  # says what form is expected


def test_unknown_district_code_breaks_the_foreign_key(data_copy):
    data_copy.set_cell("funding/sponsorship.csv", 5, "unit_code", "438")
    [problem] = problems_for(data_copy)
    assert problem.rule == "foreign-key"
    assert problem.column == "unit_code" and problem.value == "438" and problem.row == 5
    assert "admin_units" in problem.message_en


def test_unknown_criterion_breaks_the_composite_foreign_key(data_copy):
    data_copy.set_cell("criteria/district_criteria_status.csv", 2, "criterion_id", "320nc-10")
    problems = problems_for(data_copy)
    assert [p.rule for p in problems] == ["foreign-key"]
    assert "320nc-10" in problems[0].message_vi


def test_duplicate_primary_key(data_copy):
    rows = data_copy.rows("ocop/ocop_products.csv")
    rows.append(rows[1])
    data_copy.write_rows("ocop/ocop_products.csv", rows)
    problems = problems_for(data_copy)
    assert problems and all(p.rule == "primary-key" for p in problems)
    assert problems[0].row == len(rows)


def test_code_not_in_the_list(data_copy):
    data_copy.set_cell("criteria/province_requirement_status.csv", 2, "status", "almost")
    [problem] = problems_for(data_copy)
    assert problem.rule == "constraint-enum" and problem.value == "almost"
    assert "met" in problem.message_en


def test_missing_required_value(data_copy):
    data_copy.set_cell("ocop/ocop_products.csv", 3, "source_id", "")
    [problem] = problems_for(data_copy)
    assert problem.rule == "constraint-required" and problem.column == "source_id" and problem.row == 3


def test_missing_column(data_copy):
    rows = [row[:-1] for row in data_copy.rows(CAPITAL)]
    data_copy.write_rows(CAPITAL, rows)
    problems = problems_for(data_copy)
    assert "missing-label" in {p.rule for p in problems}
    assert any(p.column == "footnote" for p in problems)


def test_every_error_of_a_run_is_listed(data_copy):
    data_copy.set_cell(CAPITAL, 2, "plan_mvnd", "abc")
    data_copy.set_cell("funding/sponsorship.csv", 3, "unit_code", "999")
    data_copy.set_cell("ocop/ocop_products.csv", 2, "value", "-1")
    assert {(p.package, p.rule) for p in problems_for(data_copy)} == {
        ("funding", "type-error"), ("funding", "foreign-key"), ("ocop", "constraint-minimum")}


@pytest.mark.parametrize("text", ["13,43%", "1.234,5"])
def test_excel_style_numbers_are_refused(data_copy, text):
    data_copy.set_cell(CAPITAL, 4, "rate_reported_pct", text)
    [problem] = problems_for(data_copy)
    assert problem.rule == "type-error" and problem.value == text


def test_each_table_is_validated_once_per_run(project, catalogue, monkeypatch):
    # The reference tables used to be validated again with each fact package
    # (80 of 106 validations were repeats); now they are only read for lookups.
    from frictionless import Resource

    validated = []
    original = Resource.validate

    def counting(self, *args, **kwargs):
        validated.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Resource, "validate", counting)
    assert validate(project, catalogue) == []
    tables = [name for package in catalogue.packages.values() for name in package.tables]
    assert sorted(validated) == sorted(tables)


def test_a_schema_frictionless_cannot_use_is_one_bilingual_problem(data_copy):
    # Our own schema checks let an enum that is not a list through; frictionless refuses it.
    path = data_copy.folder.parent / "schemas" / "sponsorship.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["constraints"]["enum"] = "x"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    [problem] = problems_for(data_copy)
    assert (problem.package, problem.rule) == ("funding", "field-error")
    assert problem.file.endswith("funding/datapackage.json")
    assert "'x' is not of type 'array'" in problem.message_vi and "không dùng được" in problem.message_vi
    assert "'x' is not of type 'array'" in problem.message_en and "cannot use" in problem.message_en
