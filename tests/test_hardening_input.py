"""Hardening of the input (issue 10, points 3-5): no live formula in any
download, safe and unique names, refused symlinks, and `validate` as the gate
that finds everything `build` would stumble on, always as bilingual problems.

Data edits here are synthetic breakage of a temporary copy, never published.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, DataCopy
from ntm_site.data_in.catalogue import Table
from ntm_site.data_in.loading import load
from ntm_site.common.i18n import Localiser
from ntm_site.common.problems import ValidationFailed
from ntm_site.common.project import Project
from ntm_site.published.spreadsheets import write_workbook

SPONSORSHIP = "funding/sponsorship.csv"


def problems_of(copy: DataCopy):
    with pytest.raises(ValidationFailed) as failure:
        load(copy.project)
    problems = [p for p in failure.value.problems if p.is_error]
    for problem in problems:  # every problem is said in both languages and names its place
        assert problem.message_vi and problem.message_en and problem.package and problem.file
    return problems


def rules_of(copy: DataCopy) -> set[str]:
    return {p.rule for p in problems_of(copy)}


def edit_json(copy: DataCopy, relative: str, change) -> None:
    """Apply `change` to a descriptor (relative to datapackages/) or a schema ("schemas/x.json")."""
    path = copy.folder.parent / relative if relative.startswith("schemas/") else copy.path(relative)
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = change(data)
    path.write_text(json.dumps(data if changed is None else changed, ensure_ascii=False), encoding="utf-8")


def schema_field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


# --- 3. No live formula in any download -------------------------------------------------

FORMULA_VARIANTS = [" =1+1", "\t=1+1", "  @SUM(A1)", "\u3000=1+1", "\u00a0+1", "\u200b=1+1",
                    "\uff1d1+1", "\uff0bcmd", "\uff0d1+1", "\uff20SUM(A1)", "\ufe661+1", "\u22121+1"]


@pytest.mark.parametrize("value", FORMULA_VARIANTS)
def test_whitespace_and_full_width_formula_starts_are_refused(data_copy, value):
    data_copy.set_cell(SPONSORSHIP, 5, "note_en", value)
    problems = problems_of(data_copy)
    # A zero-width space is refused in itself too (invisible characters are, see datapackages/README.md).
    expected = [("formula-cell", 5, "note_en")]
    if value.startswith("\u200b"):
        expected.insert(0, ("invisible-character", 5, "note_en"))
    assert [(p.rule, p.row, p.column) for p in problems] == expected


def test_a_formula_after_a_blank_line_is_refused(data_copy):
    path = data_copy.path(SPONSORSHIP)
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[-1].split(",")
    cells[-1] = "=HYPERLINK(\"http://x\")"
    path.write_text("\n".join(lines[:-1] + ["", ",".join(cells)]) + "\n", encoding="utf-8")
    assert "formula-cell" in rules_of(data_copy)


def test_a_formula_as_column_name_is_refused(data_copy):
    edit_json(data_copy, "schemas/sponsorship.json", lambda s: schema_field(s, "note_en").update(name="=1+1"))
    rows = data_copy.rows(SPONSORSHIP)
    rows[0][rows[0].index("note_en")] = "=1+1"
    data_copy.write_rows(SPONSORSHIP, rows)
    problems = problems_of(data_copy)
    assert "unsafe-field-name" in {p.rule for p in problems}
    assert any("=1+1" in p.message_en and p.file.endswith("sponsorship.json") for p in problems)


@pytest.mark.parametrize("key", ["title", "title_en", "description", "description_en"])
def test_a_formula_in_a_field_title_or_description_is_refused(data_copy, key):
    # These go into the fields sheet of every workbook.
    edit_json(data_copy, "schemas/sponsorship.json", lambda s: schema_field(s, "note_en").update({key: "+cmd|' /C calc'!A0"}))
    [problem] = problems_of(data_copy)
    assert problem.rule == "formula-text" and problem.file.endswith("schemas/sponsorship.json")
    assert key in problem.message_en and "note_en" in problem.message_en


@pytest.mark.parametrize("key", ["title", "description_en"])
def test_a_formula_in_a_package_title_or_description_is_refused(data_copy, key):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d.update({key: "@SUM(1)"}))
    [problem] = problems_of(data_copy)
    assert (problem.rule, problem.package) == ("formula-text", "ocop") and key in problem.message_en


def test_negative_numbers_are_legitimate_and_typed_in_the_workbook(data_copy, tmp_path):
    rows = data_copy.rows("criteria/province_requirement_status.csv")
    column = rows[0].index("current_value")
    row = next(i for i, r in enumerate(rows) if i and r[column])
    data_copy.set_cell("criteria/province_requirement_status.csv", row + 1, "current_value", "-5")
    catalogue = load(data_copy.project)
    table = catalogue.packages["criteria"].tables["province_requirement_status"]
    workbook = openpyxl.load_workbook(write_workbook(tmp_path / "c.xlsx", [table], Localiser("vi", data_copy.project.messages)))
    sheet = workbook["province_requirement_status"]
    header = [c.value for c in sheet[1]]
    label = table.field("current_value").get("title", "current_value")  # columns are headed by their labels
    cell = sheet.cell(row=row + 1, column=header.index(label) + 1)
    assert cell.value == -5 and cell.data_type == "n"


def test_the_workbook_never_writes_text_as_a_formula(tmp_path, project):
    # Defence in depth: even text that slipped past validation is written as text.
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("a\n=1+1\n", encoding="utf-8")
    table = Table("synthetic", "t", csv_path, {"fields": [{"name": "a", "type": "string", "title": "=2+2"}]},
                  frame=pd.DataFrame({"a": ["=1+1"]}))
    target = write_workbook(tmp_path / "t.xlsx", [table], Localiser("en", project.messages))
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


# --- 4. Identity and collisions ------------------------------------------------------------

@pytest.mark.parametrize("name", ["OCOP", "ocop products", "ocop/x", "-ocop", "ôcop", ""])
def test_package_names_are_safe_slugs(data_copy, name):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d.update(name=name))
    assert "unsafe-name" in rules_of(data_copy)


@pytest.mark.parametrize("change, rule", [
    (lambda r: r.update(name="Ocop Activity"), "unsafe-name"),
    (lambda r: r.update(name="ocop_activity\n"), "unsafe-name"),
    (lambda r: r.update(path="ocop_activity.txt"), "unsafe-path"),
    (lambda r: r.update(path="./ocop_activity.csv"), "unsafe-path"),
    (lambda r: r.update(path="Ocop Activity.csv"), "unsafe-path"),
])
def test_resource_names_and_paths_are_safe_slugs(data_copy, change, rule):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: change(d["resources"][0]))
    assert rule in rules_of(data_copy)


def test_two_packages_with_one_name_name_both_folders(data_copy):
    shutil.copytree(data_copy.path("ocop"), data_copy.path("ocop_copy"))
    problems = [p for p in problems_of(data_copy) if p.rule == "duplicate-package"]
    assert problems and all("ocop_copy" in p.message_en and "ocop/" in p.message_en for p in problems)


@pytest.mark.parametrize("name", ["reference", "assets", "search", "en", "vi", "index"])
def test_a_package_may_not_claim_a_reserved_name(data_copy, name):
    shutil.move(data_copy.path("documents"), data_copy.path(name if name != "reference" else "documents2"))
    folder = name if name != "reference" else "documents2"
    edit_json(data_copy, f"{folder}/datapackage.json", lambda d: d.update(name=name))
    assert "reserved-name" in rules_of(data_copy)


def test_package_name_must_match_its_folder(data_copy):
    edit_json(data_copy, "documents/datapackage.json", lambda d: d.update(name="documents_x"))
    [problem] = problems_of(data_copy)
    assert problem.rule == "name-mismatch" and "documents_x" in problem.message_en


def test_two_resources_with_one_file_name_both_named(data_copy):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d["resources"][1].update(path=d["resources"][0]["path"]))
    problems = [p for p in problems_of(data_copy) if p.rule == "duplicate-file"]
    assert problems and "ocop_activity" in problems[0].message_en and "ocop_rating_localities" in problems[0].message_en


def test_two_resources_with_one_name(data_copy):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d["resources"][1].update(name=d["resources"][0]["name"]))
    assert "duplicate-resource" in rules_of(data_copy)


def test_a_file_that_collides_with_a_published_reference_file_is_refused(data_copy):
    # Reference tables a package points at are copied into its download folder.
    shutil.copyfile(data_copy.path("ocop/ocop_activity.csv"), data_copy.path("ocop/sources.csv"))
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d["resources"][0].update(path="sources.csv"))
    problems = [p for p in problems_of(data_copy) if p.rule == "file-collision"]
    assert problems and "reference" in problems[0].message_en and "ocop" in problems[0].message_en


def test_sqlite_table_names_may_not_collide(data_copy):
    # `model_areas` + `observations` and `model` + `areas_observations` are both model_areas_observations.
    shutil.copytree(data_copy.path("society"), data_copy.path("model"))
    shutil.move(data_copy.path("model/observations.csv"), data_copy.path("model/areas_observations.csv"))

    def rename(descriptor):
        descriptor["name"] = "model"
        descriptor["resources"][0].update(name="areas_observations", path="areas_observations.csv")

    edit_json(data_copy, "model/datapackage.json", rename)
    problems = [p for p in problems_of(data_copy) if p.rule == "sql-name-collision"]
    assert problems and "model_areas_observations" in problems[0].message_en


@pytest.mark.parametrize("what", ["descriptor", "schema", "csv", "folder"])
def test_symlinks_are_refused(data_copy, tmp_path, what):
    outside = tmp_path / "outside"
    outside.mkdir()
    if what == "descriptor":
        target, link = data_copy.path("ocop/datapackage.json"), data_copy.path("ocop/datapackage.json")
    elif what == "schema":
        target, link = data_copy.folder.parent / "schemas/ocop_products.json", data_copy.folder.parent / "schemas/ocop_products.json"
    elif what == "csv":
        target, link = data_copy.path("ocop/ocop_products.csv"), data_copy.path("ocop/ocop_products.csv")
    else:
        target, link = data_copy.path("ocop"), data_copy.path("ocop")
    moved = outside / target.name
    shutil.move(target, moved)
    os.symlink(moved, link)
    problems = problems_of(data_copy)
    assert any("symlink" in p.message_en and "symlink" in p.message_vi for p in problems), problems
    assert all(p.rule != "missing-package" or p.package != "ocop" or what == "folder" for p in problems)


def test_a_fifo_in_place_of_a_csv_is_refused_without_being_opened(data_copy):
    path = data_copy.path("ocop/ocop_products.csv")
    path.unlink()
    os.mkfifo(path)
    result = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "validate", "--data", str(data_copy.folder)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[not-a-file]" in result.stderr and "ocop_products.csv" in result.stderr


# --- 5. validate is the gate ---------------------------------------------------------------

DESCRIPTOR_SHAPES = [
    "[]", "1", '"ocop"', "null", "true",
    '{"name": "ocop", "resources": {}}',
    '{"name": "ocop", "resources": [1]}',
    '{"name": "ocop", "resources": [null, "x"]}',
    '{"name": "ocop", "resources": [{"name": "ocop_products"}]}',
    '{"name": "ocop", "resources": [{"name": 5, "path": "ocop_products.csv", "schema": "../../schemas/ocop_products.json"}]}',
    '{"name": "ocop", "resources": [{"name": "ocop_products", "path": ["a"], "schema": "../../schemas/ocop_products.json"}]}',
    '{"name": "ocop", "resources": [{"name": "ocop_products", "path": "ocop_products.csv", "schema": 3}]}',
    '{"name": ["ocop"], "resources": []}',
    '{"name": "ocop", "title": 5, "resources": []}',
    '{"name": "ocop", "description_en": {"x": 1}, "resources": []}',
    '{"name": "ocop", "name": "ocop", "resources": []}',
    '{"name": "ocop", "resources": [], "version": NaN}',
]


@pytest.mark.parametrize("text", DESCRIPTOR_SHAPES)
def test_malformed_descriptors_are_problems_not_tracebacks(data_copy, text):
    data_copy.path("ocop/datapackage.json").write_text(text, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any(p.package == "ocop" and p.file.endswith("ocop/datapackage.json") for p in problems), problems


SCHEMA_SHAPES = [
    "[]", "2", '"fields"', "null",
    '{"fields": {}}',
    '{"fields": [1]}',
    '{"fields": [{"name": "measure"}]}',
    '{"fields": [{"type": "string"}]}',
    '{"fields": [{"name": "measure", "type": "strnig"}]}',
    '{"fields": [{"name": 5, "type": "string"}]}',
    '{"fields": [{"name": "measure", "type": "string", "title": ["x"]}]}',
    '{"fields": [{"name": "measure", "type": "string"}, {"name": "measure", "type": "string"}]}',
    '{"fields": [{"name": "measure", "type": "string", "type": "integer"}]}',
    '{"fields": [{"name": "measure", "type": "string", "constraints": []}]}',
    '{"fields": [{"name": "measure", "type": "string"}], "primaryKey": ["nope"]}',
    '{"fields": [{"name": "measure", "type": "string"}], "primaryKey": 5}',
    '{"fields": [{"name": "measure", "type": "string"}], "foreignKeys": [1]}',
    '{"fields": [{"name": "measure", "type": "string"}], "foreignKeys": [{"fields": "measure"}]}',
    '{"fields": [{"name": "measure", "type": "string"}], "foreignKeys": [{"fields": "measure", "reference": {"resource": 1, "fields": "x"}}]}',
    '{"fields": [{"name": "measure", "type": "string"}], "foreignKeys": [{"fields": "measure", "reference": {"resource": "nowhere", "fields": "x"}}]}',
    '{"fields": [{"name": "measure", "type": "boolean", "trueValues": "yes"}]}',
    '{"fields": [{"name": "measure", "type": "string"}], "missingValues": [1]}',
]


@pytest.mark.parametrize("text", SCHEMA_SHAPES)
def test_malformed_schemas_are_problems_not_tracebacks(data_copy, text):
    data_copy.folder.parent.joinpath("schemas/ocop_products.json").write_text(text, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any(p.file.endswith("schemas/ocop_products.json") for p in problems), problems


def test_an_inline_schema_is_checked_too(data_copy):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d["resources"][0].update(schema={"fields": "x"}))
    assert "schema-shape" in rules_of(data_copy)


@pytest.mark.parametrize("package", ["criteria", "ocop", "funding", "targets", "reference"])
def test_a_deleted_package_the_pages_need_fails_validation(data_copy, package):
    shutil.rmtree(data_copy.path(package))
    problems = problems_of(data_copy)
    assert any(p.rule == "missing-package" and p.package == package for p in problems)


def test_a_table_the_pages_need_may_not_be_dropped_from_its_package(data_copy):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d.update(
        resources=[r for r in d["resources"] if r["name"] != "ocop_activity"]))
    [problem] = problems_of(data_copy)
    assert (problem.rule, problem.package) == ("missing-table", "ocop") and "ocop_activity" in problem.message_en


def test_a_table_the_pages_need_must_keep_its_schema(data_copy):
    edit_json(data_copy, "ocop/datapackage.json", lambda d: d["resources"][0].update(schema="../../schemas/ocop_products.json"))
    assert "wrong-schema" in rules_of(data_copy)


@pytest.mark.parametrize("table", ["funding/sponsorship.csv", "ocop/ocop_activity.csv", "reference/sources.csv",
                                   "targets/observations.csv"])
def test_an_empty_table_the_pages_need_fails_validation(data_copy, table):
    data_copy.write_rows(table, data_copy.rows(table)[:1])
    problems = problems_of(data_copy)
    assert any(p.rule == "empty-table" and p.file.endswith(table) for p in problems), problems


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13", "2023-02-29", "2024-00-10"])
def test_impossible_dates_in_partial_date_columns(data_copy, value):
    data_copy.set_cell("ocop/ocop_products.csv", 2, "as_of", value)
    problems = problems_of(data_copy)
    assert ("impossible-date", 2, "as_of", value) in {(p.rule, p.row, p.column, p.value) for p in problems}


def test_a_leap_day_is_a_date(data_copy):
    data_copy.set_cell("ocop/ocop_products.csv", 2, "as_of", "2024-02-29")
    load(data_copy.project)


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "INF"])
def test_nan_and_infinity_are_not_numbers(data_copy, value):
    data_copy.set_cell("criteria/province_requirement_status.csv", 2, "required_value", value)
    problems = problems_of(data_copy)
    assert any(p.rule in ("not-finite", "type-error") and p.column == "required_value" for p in problems)


def _boolean_field(copy):
    schema = json.loads(copy.folder.parent.joinpath("schemas/unit_recognition.json").read_text(encoding="utf-8"))
    return next(f for f in schema["fields"] if f["type"] == "boolean")["name"]


@pytest.mark.parametrize("true, false, schema_extra", [
    ("True", "FALSE", {}), ("1", "0", {}), ("có", "không", {"trueValues": ["có"], "falseValues": ["không"]})])
def test_booleans_in_every_spelling_the_schema_allows_are_kept(data_copy, true, false, schema_extra):
    column = _boolean_field(data_copy)
    edit_json(data_copy, "schemas/unit_recognition.json", lambda s: schema_field(s, column).update(schema_extra))
    rows = data_copy.rows("criteria/unit_recognition.csv")
    index = rows[0].index(column)
    original = [r[index] for r in rows[1:]]
    for r in rows[1:]:
        r[index] = {"true": true, "false": false}.get(r[index], r[index])
    data_copy.write_rows("criteria/unit_recognition.csv", rows)
    frame = load(data_copy.project).table("criteria", "unit_recognition")
    expected = [{"true": True, "false": False}.get(v) for v in original]
    assert [None if pd.isna(v) else bool(v) for v in frame[column]] == expected


@pytest.mark.parametrize("value", ["a\x00b", "line\nbreak", "bell\x07", "esc\x1b[31mred", "del\x7f", "c1\x85", "sep\u2028x"])
def test_control_characters_in_cells_are_refused(data_copy, value):
    data_copy.set_cell(SPONSORSHIP, 5, "note_en", value)
    problems = problems_of(data_copy)
    assert ("control-character", 5, "note_en") in {(p.rule, p.row, p.column) for p in problems}


def test_unbalanced_quote_is_a_problem(data_copy):
    path = data_copy.path(SPONSORSHIP)
    path.write_text(path.read_text(encoding="utf-8").replace(",,\n", ',"unclosed\n', 1), encoding="utf-8")
    assert rules_of(data_copy) & {"csv-syntax", "control-character", "extra-cell", "missing-cell"}


def test_a_huge_field_is_a_problem_not_a_traceback(data_copy):
    data_copy.set_cell(SPONSORSHIP, 5, "note_en", "x" * 200_000)
    assert ("cell-too-long", 5, "note_en") in {(p.rule, p.row, p.column) for p in problems_of(data_copy)}


def test_ragged_rows_are_listed(data_copy):
    rows = data_copy.rows(SPONSORSHIP)
    rows[3] = rows[3] + ["extra"]
    rows[4] = rows[4][:-2]
    data_copy.write_rows(SPONSORSHIP, rows)
    assert {"extra-cell", "missing-cell"} <= rules_of(data_copy)


def test_keys_equal_after_nfc_are_duplicates(data_copy):
    rows = data_copy.rows("documents/cited_documents.csv")
    key = "Kế hoạch 1"  # synthetic key with tone marks, typed precomposed (NFC)...
    rows[1][0] = key
    copy = list(rows[1])
    copy[0] = unicodedata.normalize("NFD", key)  # ...and again with combining marks
    assert copy[0] != key
    data_copy.write_rows("documents/cited_documents.csv", rows + [copy])
    problems = problems_of(data_copy)
    assert any(p.rule == "nfc-duplicate" and key in p.message_en for p in problems)


@pytest.mark.parametrize("value", ['ha"', "ha.", "a[b]", "back\\slash", "a:b"])
def test_unit_names_that_break_chart_fields_are_refused(data_copy, value):
    # Unit names become Vega-Lite field names: '.', '[' and '\\' are field paths there, ':' ends the shorthand.
    rows = data_copy.rows("reference/measure_units.csv")
    row = next(i for i, r in enumerate(rows) if r[0] == "ha") + 1
    data_copy.set_cell("reference/measure_units.csv", row, "name_en", value)
    problems = problems_of(data_copy)
    assert ("chart-unsafe-text", row, "name_en") in {(p.rule, p.row, p.column) for p in problems}


def test_a_formula_in_one_package_does_not_hide_a_type_error_in_another(data_copy):
    data_copy.set_cell(SPONSORSHIP, 5, "note_en", "=1+1")
    data_copy.set_cell("ocop/ocop_products.csv", 2, "value", "abc")
    assert {("funding", "formula-cell"), ("ocop", "type-error")} <= {(p.package, p.rule) for p in problems_of(data_copy)}


def test_a_formula_does_not_hide_other_errors_of_its_own_table(data_copy):
    data_copy.set_cell(SPONSORSHIP, 5, "note_en", "=1+1")
    data_copy.set_cell(SPONSORSHIP, 3, "amount_mvnd", "abc")
    assert {"formula-cell", "type-error"} <= rules_of(data_copy)


def test_an_unreadable_reference_table_does_not_hide_other_packages(data_copy):
    path = data_copy.path("reference/townships.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    data_copy.set_cell("ocop/ocop_products.csv", 2, "value", "abc")
    problems = problems_of(data_copy)
    assert {("reference", "encoding-utf16"), ("ocop", "type-error")} <= {(p.package, p.rule) for p in problems}


def test_a_silent_cap_on_errors_is_reported(data_copy):
    rows = data_copy.rows(SPONSORSHIP)
    template = rows[-1]
    amount = rows[0].index("amount_mvnd")
    extra = [[*template[:amount], "abc", *template[amount + 1:]] for _ in range(1100)]
    data_copy.write_rows(SPONSORSHIP, rows + extra)
    problems = problems_of(data_copy)
    [cap] = [p for p in problems if p.rule == "error-cap"]
    assert cap.file.endswith("sponsorship.csv") and "1000" in cap.message_en and "1000" in cap.message_vi


@pytest.mark.parametrize("text", ["[]", '{"name": "ocop", "resources": {}}', '{"a": 1, "a": 2}'])
def test_validate_command_exits_1_without_traceback(data_copy, cli_run, text):
    data_copy.path("ocop/datapackage.json").write_text(text, encoding="utf-8")
    code, _, err = cli_run("validate", "--data", str(data_copy.folder))
    assert code == 1 and "Traceback" not in err and "ocop/datapackage.json" in err


# --- Fuzz: arbitrary JSON shapes to the descriptor and schema loaders ---------------------

KEYS = ["name", "title", "title_en", "description", "resources", "path", "schema", "fields", "type", "format",
        "primaryKey", "foreignKeys", "reference", "resource", "constraints", "required", "enum", "trueValues",
        "falseValues", "missingValues", "pattern", "minimum"]
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.sampled_from(["string", "integer", "number", "boolean", "date", "year", "t", "t.csv", "../../schemas/t.json",
                              "=1", "..", "/etc/passwd", "https://example.invalid/x"]) | st.text(max_size=8))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=5), max_leaves=25)
FIELD = st.fixed_dictionaries({"name": st.sampled_from(["id", "v"]) | JSON,
                               "type": st.sampled_from(["string", "integer", "boolean", "date"]) | JSON},
                              optional={k: JSON for k in ("title", "constraints", "trueValues", "format")})
SCHEMA = JSON | st.fixed_dictionaries({"fields": st.lists(FIELD, max_size=3) | JSON},
                                      optional={"primaryKey": JSON, "foreignKeys": JSON, "missingValues": JSON})
RESOURCE = st.fixed_dictionaries({"name": st.just("t") | JSON, "path": st.just("t.csv") | JSON,
                                  "schema": st.just("../../schemas/t.json") | SCHEMA})
DESCRIPTOR = JSON | st.fixed_dictionaries({"name": st.just("fuzz") | JSON, "resources": st.lists(RESOURCE, max_size=3) | JSON},
                                          optional={"title": JSON, "description_en": JSON})


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    """A tiny synthetic project: one package whose descriptor and schema the fuzz test rewrites."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "datapackages/fuzz").mkdir(parents=True)
    (root / "schemas").mkdir()
    (root / "datapackages/fuzz/t.csv").write_text("id,v\na,1\nb,2\n", encoding="utf-8")
    return Project(root=ROOT, datapackages_dir=root / "datapackages")


def _load_never_crashes(project: Project) -> None:
    try:
        load(project)
    except ValidationFailed as failure:
        assert failure.problems
        for problem in failure.problems:
            assert problem.message_vi.strip() and problem.message_en.strip() and problem.rule and problem.file


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(descriptor=DESCRIPTOR, schema=SCHEMA)
def test_fuzz_descriptor_and_schema_shapes_end_in_problems_or_success(fuzz_project, descriptor, schema):
    folder = fuzz_project.datapackages
    (folder / "fuzz/datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder.parent / "schemas/t.json").write_text(json.dumps(schema), encoding="utf-8")
    _load_never_crashes(fuzz_project)


def test_quotes_and_backslashes_in_a_highlighted_unit_name_render(data_copy):
    # The unit pages' charts highlight a unit with a Vega expression built from its name.
    import vl_convert

    from ntm_site.site_pages.chart_builders import build_chart
    from ntm_site.site_pages.views.districts import chart_ids

    rows = data_copy.rows("reference/admin_units.csv")
    header = rows[0]
    row = next(i for i, r in enumerate(rows) if r[header.index("slug")] == "can-loc") + 1
    name = 'Can "Lộc\\\' \\" ]'
    data_copy.set_cell("reference/admin_units.csv", row, "short_name_vi", name)
    catalogue = load(data_copy.project)
    [chart_id, *_] = chart_ids(catalogue, "can-loc", 443)
    chart = build_chart(chart_id, catalogue, Localiser("vi", data_copy.project.messages))
    svg = vl_convert.vegalite_to_svg(chart.spec)
    assert "#D55E00" in svg.upper() or "#d55e00" in svg  # the highlighted bar is drawn in its colour


def test_control_characters_are_unicodes_and_the_line_separators():
    """The cell check looks for them with one pattern: exactly Unicode's control characters
    (category Cc) and the two line separators, no more and no fewer."""
    import unicodedata

    from ntm_site.common.unsafe_text import control_character

    found = {c for c in map(chr, range(0x3000)) if control_character(f"a{c}b") is not None}
    assert found == {c for c in map(chr, range(0x3000)) if unicodedata.category(c) == "Cc"} | {"\u2028", "\u2029"}
    assert control_character("Lộc\u0085Hà") == "U+0085" and control_character("Can Lộc") is None
