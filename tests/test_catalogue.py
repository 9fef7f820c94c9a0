import json

import pytest

from ntm_site.data_in.catalogue import discover

from ntm_site.data_in.loading import load
from ntm_site.common.problems import ValidationFailed

DISTRICT_CODES = {436, 437, 439, 440, 441, 442, 443, 444, 445, 446, 447, 448, 449}


def test_the_core_packages_are_found(catalogue):
    assert {"reference", "criteria", "ocop", "funding"} <= set(catalogue.packages)


def test_reference_has_the_thirteen_district_level_units_with_official_codes(catalogue):
    units = catalogue.reference.tables["admin_units"].frame
    districts = units[units["level"] == "district"]
    assert set(districts["unit_code"]) == DISTRICT_CODES
    assert set(districts["parent_code"]) == {42}
    assert districts["valid_to"].notna().all()
    for slug in ("can-loc", "tp-ha-tinh", "tx-ky-anh", "huyen-ky-anh"):
        assert slug in set(units["slug"])


def test_reference_criteria_catalogues_have_the_sizes_of_their_decisions(catalogue):
    criteria = catalogue.reference.tables["criteria"].frame
    sets = catalogue.reference.tables["criteria_sets"].frame.set_index("set_id")
    counts = criteria.groupby("set_id").size()
    for set_id, expected in sets["criteria_count"].items():
        assert counts[set_id] == expected
    assert sets.loc["xa-ntm", "criteria_count"] == 19 and sets.loc["huyen-ntm", "criteria_count"] == 9


def test_sources_first_row_is_the_report(catalogue):
    source = catalogue.reference.tables["sources"].frame.iloc[0]
    assert source["document_number"] == "/VPDP-NV₃"
    assert source["date"] == "2024-06"


def test_tables_are_typed_from_their_schema(catalogue):
    capital = catalogue.table("funding", "capital_disbursement")
    assert str(capital["plan_mvnd"].dtype) == "Float64"
    assert str(capital["plan_year"].dtype) == "Int64"
    recognition = catalogue.table("criteria", "unit_recognition")
    assert recognition["decision_ref"].isna().sum() > 0  # blanks are missing, not ""


def test_every_fact_row_names_source_and_section(catalogue):
    # A row from the report names its section; a row from a web page (a
    # source with a URL, as in the history package) is located by the URL.
    web = set(catalogue.reference.tables["sources"].frame.dropna(subset=["url"])["source_id"])
    for name, package in catalogue.packages.items():
        if name == "reference":
            continue
        for table in package.tables.values():
            frame = table.frame
            assert frame["source_id"].notna().all(), table.name
            from_report = frame[~frame["source_id"].isin(web)]
            assert from_report.empty or from_report["section"].notna().all(), table.name


def test_text_is_nfc_normalised_on_load(data_copy):
    rows = data_copy.rows("reference/admin_units.csv")
    rows[5][4] = "Huye\u0302\u0323n Đức Thọ"  # decomposed ệ
    data_copy.write_rows("reference/admin_units.csv", rows)
    units = load(data_copy.project).reference.tables["admin_units"].frame
    assert "Huyện Đức Thọ" in set(units["name_vi"])


@pytest.mark.parametrize("bad_path", ["/etc/passwd", "../reference/sources.csv", "https://example.org/x.csv", "~/x.csv"])
def test_unsafe_resource_paths_are_rejected(data_copy, bad_path):
    descriptor_path = data_copy.path("funding/datapackage.json")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = bad_path
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    _, problems = discover(data_copy.project)
    assert [p.rule for p in problems] == ["unsafe-path"]
    assert bad_path in problems[0].message_en and bad_path in problems[0].message_vi


def test_malformed_descriptor_is_reported_not_raised(data_copy):
    data_copy.path("ocop/datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        load(data_copy.project)
    assert failure.value.problems[0].rule == "malformed-descriptor"
    assert failure.value.problems[0].package == "ocop"


def test_every_schema_field_is_labelled_and_described_in_both_languages(project):
    for path in sorted(project.schemas.glob("*.json")):
        for spec in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            for key in ("title", "title_en", "description", "description_en"):
                assert str(spec.get(key, "")).strip(), f"{path.name}: field {spec['name']} has no {key}"


def test_every_table_has_a_name_for_readers_in_both_languages(project, catalogue):
    """config/messages/tables.yml: the quality page and the package pages name a
    table by what it holds; a new table without a name there fails here."""
    messages = project.messages
    for package in catalogue.packages.values():
        for table in package.tables:
            names = messages.both(f"tables.{package.name}.{table}")
            assert all(name.strip() and name != table for name in names.values()), (package.name, table)
