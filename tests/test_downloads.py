"""Journalist downloads: ZIP, XLSX and SQLite hold exactly the published data, byte-for-byte reproducibly."""
import csv
import hashlib
import html
import sqlite3
import zipfile

import pytest
from frictionless import Package
from openpyxl import load_workbook


PACKAGES = ["reference", "criteria", "ocop", "funding", "agriculture", "model_areas"]


@pytest.mark.parametrize("package", PACKAGES)
def test_package_zip_round_trips_through_frictionless(built_site, tmp_path, package):
    with zipfile.ZipFile(built_site / "du-lieu" / package / f"{package}.zip") as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert f"{package}/datapackage.json" in names and f"{package}/README.txt" in names
    readme = (tmp_path / package / "README.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "Giấy phép" in readme and "Licence" in readme
    report = Package(str(tmp_path / package / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


@pytest.mark.parametrize("package", PACKAGES)
def test_workbook_holds_the_same_values_as_the_csv(built_site, package):
    folder = built_site / "du-lieu" / package
    workbook = load_workbook(folder / f"{package}.xlsx", read_only=True)
    for csv_path in folder.glob("*.csv"):
        with open(csv_path, encoding="utf-8-sig", newline="") as handle:
            expected = list(csv.reader(handle))
        sheet = workbook[csv_path.stem[:31]]
        got = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        assert got[0] == expected[0]
        for want_row, got_row in zip(expected[1:], got[1:]):
            for want, value in zip(want_row, got_row):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert float(want) == pytest.approx(value), (csv_path.name, want, value)
                elif isinstance(value, bool):
                    assert want == str(value).lower()
                else:
                    assert str(value) == want  # text, diacritics included, exactly as in the CSV
        assert len(got) == len(expected)
    fields_sheet = workbook.worksheets[0]
    assert fields_sheet.max_row > 1


def test_sqlite_database_has_every_table_with_keys(built_site, catalogue):
    connection = sqlite3.connect(built_site / "du-lieu" / "ntm-ha-tinh.sqlite")
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for package, entry in catalogue.packages.items():
        for name, table in entry.tables.items():
            assert f"{package}_{name}" in tables
            count = connection.execute(f'SELECT COUNT(*) FROM "{package}_{name}"').fetchone()[0]
            assert count == len(table.frame)
    keys = connection.execute("SELECT * FROM pragma_foreign_key_list('funding_sponsorship')").fetchall()
    assert {row[2] for row in keys} >= {"reference_admin_units", "reference_sources"}
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    total = connection.execute("SELECT plan_mvnd FROM funding_capital_disbursement WHERE capital_type='total'").fetchone()[0]
    assert total == catalogue.table("funding", "capital_disbursement").set_index("capital_type").loc["total", "plan_mvnd"]


def test_all_data_zip_has_every_package(built_site, catalogue):
    with zipfile.ZipFile(built_site / "du-lieu" / "ntm-ha-tinh-du-lieu.zip") as archive:
        names = set(archive.namelist())
    for package in catalogue.packages:
        assert f"{package}/datapackage.json" in names


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.suffix in {".zip", ".xlsx", ".sqlite", ".csv", ".json", ".svg"}}


def test_two_builds_give_identical_downloads(built_site, zensical_site):
    # The Zensical site is a second, separate build of the same data; the
    # downloads and chart files are the build's own, whichever engine runs.
    second = zensical_site
    first, again = _digests(built_site / "du-lieu"), _digests(second / "du-lieu")
    assert len(first) > 50
    assert first == again
    assert _digests(built_site / "assets" / "charts") == _digests(second / "assets" / "charts")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_field_labels_follow_the_language_of_the_page_and_workbook(built_site, catalogue, lang):
    from ntm_site.catalogue import localised

    base = built_site if lang == "vi" else built_site / "en"
    other = "en" if lang == "vi" else "vi"
    table = catalogue.packages["funding"].tables["capital_disbursement"]
    page = html.unescape((base / "du-lieu/funding/index.html").read_text(encoding="utf-8"))
    workbook = load_workbook(base / "du-lieu/funding/funding.xlsx", read_only=True)
    sheet_rows = [row for row in workbook.worksheets[0].iter_rows(values_only=True)
                  if row[0] == "capital_disbursement"]
    for spec, row in zip(table.fields, sheet_rows):
        assert localised(spec, "title", lang) in page
        assert localised(spec, "description", lang) in page
        assert localised(spec, "description", other) not in page
        assert row[1] == spec["name"]
        assert row[3:5] == (localised(spec, "title", lang), localised(spec, "description", lang))
    assert len(sheet_rows) == len(table.fields)
