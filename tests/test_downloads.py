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
    import datetime as dt

    folder = built_site / "du-lieu" / package
    workbook = load_workbook(folder / f"{package}.xlsx", read_only=True)
    # The fields sheet, last, maps each field of each table to the label heading its column.
    fields_sheet = workbook.worksheets[-1]
    labels = {(table, field): label for table, field, _type, label, _description
              in fields_sheet.iter_rows(min_row=2, values_only=True)}
    assert len(labels) > 1
    for csv_path in folder.glob("*.csv"):
        if csv_path.name.endswith(".excel.csv"):
            continue
        with open(csv_path, encoding="utf-8-sig", newline="") as handle:
            expected = list(csv.reader(handle))
        sheet = workbook[csv_path.stem[:31]]
        got = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        header = list(got[0])
        for index, field in enumerate(expected[0]):
            column = header.index(labels[(csv_path.stem, field)])  # headed by its label, not its name
            for want_row, got_row in zip(expected[1:], got[1:]):
                want, value = want_row[index], got_row[column]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert float(want) == pytest.approx(value), (csv_path.name, want, value)
                elif isinstance(value, bool):
                    assert want == str(value).lower()
                elif isinstance(value, dt.datetime):
                    assert value.date().isoformat() == want  # dates stored as dates
                else:
                    assert str(value) == want  # text, diacritics included, exactly as in the CSV
        assert len(got) == len(expected)
    assert workbook.worksheets[0].title != fields_sheet.title  # it opens on the data


def test_workbook_is_shaped_for_people(built_site):
    workbook = load_workbook(built_site / "du-lieu" / "criteria" / "criteria.xlsx")
    sheet = workbook["district_criteria_status"]
    header = [c.value for c in sheet[1]]
    # a district's name beside its code, a criterion's name beside its id, a status in words
    unit = header.index("Mã đơn vị hành chính")
    assert header[unit + 1].endswith("(tên)") and sheet.cell(2, unit + 2).value.startswith("Huyện")
    status = header.index("Tình trạng")
    assert sheet.cell(2, status + 2).value in {"Đạt", "Cơ bản đạt", "Chưa đạt"}
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width > 8
    funding = load_workbook(built_site / "du-lieu" / "funding" / "funding.xlsx")["capital_disbursement"]
    header = [c.value for c in funding[1]]
    plan = funding.cell(2, header.index("Kế hoạch (triệu đồng)") + 1)
    # A whole number of a decimal column without a dangling separator ("397,202." in Excel).
    assert plan.data_type == "n" and plan.value == 397202 and plan.number_format == "#,##0"
    decimals = [c for row in funding.iter_rows(min_row=2) for c in row
                if c.data_type == "n" and isinstance(c.value, float) and not c.value.is_integer()]
    assert decimals and all(c.number_format == "#,##0.###" for c in decimals)  # the rates keep theirs
    year = funding.cell(2, header.index("Năm kế hoạch") + 1)
    assert year.value == 2024 and year.number_format == "0"  # a year, never 2.024


def test_excel_friendly_csv_beside_the_standard_one(built_site):
    folder = built_site / "du-lieu" / "funding"
    raw = (folder / "capital_disbursement.excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese
    header = next(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert "Loại vốn (tên)" in header and "capital_type" not in header
    standard = (folder / "capital_disbursement.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert standard.startswith("capital_type,")  # the Frictionless CSV stays as defined


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


def test_all_data_zip_has_every_package_and_says_what_each_is(built_site, catalogue):
    # Offline, a folder of CSVs says nothing of its source or licence: the ZIP has
    # each package's README and one of the whole, naming every folder by its title.
    with zipfile.ZipFile(built_site / "du-lieu" / "ntm-ha-tinh-du-lieu.zip") as archive:
        names = set(archive.namelist())
        readme = archive.read("README.txt").decode("utf-8")
        package_readmes = {p: archive.read(f"{p}/README.txt").decode("utf-8") for p in catalogue.packages}
    for name, package in catalogue.packages.items():
        assert f"{name}/datapackage.json" in names
        for title in (package.descriptor["title"], package.descriptor["title_en"]):
            assert f"{name}/: {title}" in readme
            assert title in package_readmes[name]


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
    from ntm_site.data_in.catalogue import localised

    base = built_site if lang == "vi" else built_site / "en"
    other = "en" if lang == "vi" else "vi"
    table = catalogue.packages["funding"].tables["capital_disbursement"]
    page = html.unescape((base / "du-lieu/funding/index.html").read_text(encoding="utf-8"))
    workbook = load_workbook(base / "du-lieu/funding/funding.xlsx", read_only=True)
    sheet_rows = [row for row in workbook.worksheets[-1].iter_rows(values_only=True)
                  if row[0] == "capital_disbursement"]
    for spec, row in zip(table.fields, sheet_rows):
        assert localised(spec, "title", lang) in page
        assert localised(spec, "description", lang) in page
        assert localised(spec, "description", other) not in page
        assert row[1] == spec["name"]
        assert row[3:5] == (localised(spec, "title", lang), localised(spec, "description", lang))
    assert len(sheet_rows) == len(table.fields)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_coded_column_is_named_in_its_own_words(catalogue, project, lang):
    """The sponsorship's inferred period was named "inferred from the report's counts", the
    words of the recognitions' `basis` (its codes are the same, stated/implied): a reader of
    the spreadsheet took the period for a count's. Each column has the words for its own codes."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.published.people_tables import people_columns

    loc = Localiser(lang, project.messages)
    table = catalogue.packages["funding"].tables["sponsorship"]
    columns = {c.label: c for c in people_columns(catalogue, table, loc)}
    label = next(f.get(f"title_{lang}", f.get("title")) for f in table.fields if f["name"] == "period_basis")
    named = columns[loc.t("xlsx.name_of", label=label)]
    codes = table.frame["period_basis"].tolist()
    assert named.values == [loc.code("period_basis", code) for code in codes]
    assert set(named.values).isdisjoint({loc.code("basis", code) for code in codes})


def test_a_coded_column_gets_words_only_from_the_group_its_schema_names(project):
    """Words were once taken from any group holding the column's codes: a new column of
    stated/implied would be named in the recognitions' words again. Only the group its
    schema field names (`codes`), or the one named like it, gives words."""
    import pandas as pd

    from ntm_site.common.i18n import Localiser
    from ntm_site.published.people_tables import _words_of

    loc = Localiser("en", project.messages)
    values = pd.Series(["stated", "implied"])
    assert _words_of(values, {"name": "source_basis"}, loc) is None  # the codes of `basis`, not its name
    assert _words_of(values, {"name": "source_basis", "codes": "basis"}, loc) == {
        code: loc.code("basis", code) for code in ("stated", "implied")}
    assert _words_of(values, {"name": "basis"}, loc) is not None
