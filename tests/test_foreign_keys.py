"""Foreign keys checked against tables read once per run give the errors frictionless's own check gave.

Validation used to hand frictionless each package with the reference tables
beside it, and frictionless read every table a key points at again for each
table pointing at it. The oracle here is that way, frictionless's own
foreign-key check: on every kind of broken key, the findings (package, file,
row, column, value, rule, both messages, their order and the error cap) must
be the same.
"""
import shutil

import pytest

from conftest import ROOT, DataCopy
from ntm_site.data_in import validate as validate_stage
from ntm_site.data_in import validation_cache
from ntm_site.data_in.catalogue import discover
from ntm_site.data_in.validate import validate


def frictionless_own_check(project, package, descriptor, lookups):
    """The former `_validate_own`: frictionless validates the package's own tables
    with its foreign keys, reading the tables they point at itself."""
    from frictionless import FrictionlessException
    from frictionless import Package as FrictionlessPackage

    whole = FrictionlessPackage(descriptor, basepath=str(project.datapackages.resolve()))
    try:
        whole.to_descriptor(validate=True)
    except FrictionlessException as exception:
        return exception.to_errors(), []
    own = [resource["name"] for resource in validate_stage._own(package, descriptor)]
    return [], [task for name in own for task in whole.get_resource(name).validate().tasks]


@pytest.fixture
def full_copy(tmp_path) -> DataCopy:
    """A copy of the data every package of which is validated in full each time
    (not `data_copy`: a package found valid one way would be skipped the other)."""
    shutil.copytree(ROOT / "datapackages", tmp_path / "datapackages")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return DataCopy(tmp_path / "datapackages")


def both_ways(copy, monkeypatch):
    """(our findings, frictionless's own), each from a fresh reading of the copy."""
    catalogue, _ = discover(copy.project)
    ours = validate(copy.project, catalogue)
    with monkeypatch.context() as patched:
        patched.setattr(validate_stage, "_validate_own", frictionless_own_check)
        catalogue, _ = discover(copy.project)
        theirs = validate(copy.project, catalogue)
    return ours, theirs


def test_key_errors_are_those_of_frictionless_own_check(full_copy, monkeypatch):
    # Each kind of key in its own row, all in one run (each comparison validates everything twice).
    full_copy.set_cell("funding/sponsorship.csv", 3, "source_id", "khong-co")  # a text key
    full_copy.set_cell("funding/sponsorship.csv", 5, "unit_code", "438")  # an integer key
    full_copy.set_cell("funding/sponsorship.csv", 6, "unit_code", "0436")  # typed, 436 is a unit: no error
    full_copy.set_cell("funding/sponsorship.csv", 4, "unit_code", "abc")  # a type error (no key lookup)...
    full_copy.set_cell("funding/sponsorship.csv", 4, "source_id", "khong-co")  # ...and a key error in one row
    full_copy.set_cell("criteria/district_criteria_status.csv", 2, "criterion_id", "320nc-10")  # composite key
    full_copy.set_cell("criteria/district_criteria_status.csv", 3, "set_id", "")  # composite key, half blank
    full_copy.set_cell("reference/admin_units.csv", 3, "parent_code", "99")  # a key to the table itself
    full_copy.set_cell("reference/admin_units.csv", 4, "parent_code", "")  # an optional key left blank
    full_copy.set_cell("admin_changes/new_unit_parts.csv", 4, "new_unit_id", "xa-khong-co")  # within the package
    ours, theirs = both_ways(full_copy, monkeypatch)
    assert {(p.file.split("datapackages/")[-1], p.row) for p in theirs if p.rule == "foreign-key"} == {
        ("funding/sponsorship.csv", 3), ("funding/sponsorship.csv", 4), ("funding/sponsorship.csv", 5),
        ("criteria/district_criteria_status.csv", 2), ("criteria/district_criteria_status.csv", 3),
        ("reference/admin_units.csv", 3), ("admin_changes/new_unit_parts.csv", 4)}
    assert ours == theirs


def test_key_errors_after_a_reference_table_edit_are_those_of_frictionless(full_copy, monkeypatch):
    full_copy.write_rows("reference/admin_units.csv",  # a district many facts point at
                         [r for r in full_copy.rows("reference/admin_units.csv") if r[0] != "436"])
    full_copy.set_cell("reference/sources.csv", 2, "source_id", "")  # and a reference table with an error
    ours, theirs = both_ways(full_copy, monkeypatch)
    assert {p.package for p in theirs if p.rule == "foreign-key"} >= {"admin_changes", "funding", "criteria"}
    assert ours == theirs


def test_more_key_errors_than_the_cap_are_those_of_frictionless(full_copy, monkeypatch):
    # Rows whose unit is in no reference table, each unique (the unit is in the primary
    # key): more errors than frictionless lists for one table.
    rows = full_copy.rows("agriculture/observations.csv")
    unit = rows[0].index("unit_code")
    full_copy.write_rows("agriculture/observations.csv",
                         rows + [rows[1][:unit] + [str(90000 + i)] + rows[1][unit + 1:] for i in range(1100)])
    ours, theirs = both_ways(full_copy, monkeypatch)
    assert [p.rule for p in theirs].count("error-cap") == 1
    assert ours == theirs


def test_a_key_error_names_its_place_in_both_languages(data_copy):
    data_copy.set_cell("admin_changes/new_unit_parts.csv", 4, "new_unit_id", "xa-khong-co")
    catalogue, _ = discover(data_copy.project)
    [problem] = validate(data_copy.project, catalogue)
    assert (problem.package, problem.row, problem.column, problem.value, problem.rule) == (
        "admin_changes", 4, "new_unit_id", "xa-khong-co", "foreign-key")
    assert problem.file.endswith("admin_changes/new_unit_parts.csv")
    assert "'xa-khong-co'" in problem.message_vi and "'new_units'" in problem.message_vi
    assert "'xa-khong-co'" in problem.message_en and "'new_units'" in problem.message_en


def test_the_tables_keys_point_at_are_not_read_again_for_each_table(project, monkeypatch):
    # Frictionless's own check opened 104 tables for the 33 it validated.
    from frictionless.resources import TableResource

    opened = []
    original = TableResource.open

    def counting(self, *args, **kwargs):
        opened.append(self.path)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TableResource, "open", counting)
    catalogue, _ = discover(project)
    assert validate(project, catalogue) == []
    tables = [t.path for p in catalogue.packages.values() for t in p.tables.values()]
    reference = len(catalogue.reference.tables)
    assert len(opened) <= len(tables) + reference
    assert all(opened.count(path) <= 2 for path in opened)  # validated, and at most once read for lookups


def test_the_kept_findings_follow_the_key_check_code(project, monkeypatch):
    before = validation_cache.basis(project)
    code = validate_stage.__file__.replace("validate.py", "foreign_keys.py")
    original = type(validation_cache._CODE[0]).read_text

    def edited(self, *args, **kwargs):
        text = original(self, *args, **kwargs)
        return text + "\n# changed\n" if str(self) == code else text

    monkeypatch.setattr(type(validation_cache._CODE[0]), "read_text", edited)
    assert validation_cache.basis(project) != before
