"""SYNTHETIC TEST DATA: a made-up second and third report, added to a copy of the data.

Nothing here is a real figure. It proves that a maintainer can publish the
next report by adding rows, with no Python change: a `sources` row, then rows
for the new date in the tables that already exist. Two made-up reports:

- `synthetic-2024-12`, an end-of-2024 report: new progress counts, capital
  disbursement at 31/12/2024 and farmland consolidated by district;
- `synthetic-2025-12`, an end-of-2025 report after the 2025 reorganisation
  (district level abolished on 1 July 2025): its figures are by commune, for
  three made-up commune-level units that need rows in `admin_units`.

Every row says SYNTHETIC where the table has room for words (titles, names,
section, notes). It lives in tests/ only, never in datapackages/.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

SOURCE_2024 = "synthetic-2024-12"
SOURCE_2025 = "synthetic-2025-12"
# A section the schema accepts (report sections are A-C); the source_id and notes say SYNTHETIC.
SECTION = "A"
NOTE_VI = "SỐ LIỆU GIẢ LẬP ĐỂ KIỂM THỬ (SYNTHETIC TEST DATA), không phải số liệu thật."
NOTE_EN = "SYNTHETIC TEST DATA for tests, not a real figure."

# Made-up commune-level units after 1 July 2025. Codes 99901-99903 are not
# real statistical codes; real ones would come from the statistics office.
COMMUNES = [
    {"unit_code": "99901", "slug": "xa-gia-lap-a", "level": "commune", "type": "xa",
     "name_vi": "Xã Giả Lập A (SYNTHETIC)", "name_en": "Synthetic Commune A (SYNTHETIC)",
     "short_name_vi": "Giả Lập A", "short_name_en": "Synthetic A", "parent_code": "42",
     "valid_from": "2025-07-01", "valid_to": ""},
    {"unit_code": "99902", "slug": "xa-gia-lap-b", "level": "commune", "type": "xa",
     "name_vi": "Xã Giả Lập B (SYNTHETIC)", "name_en": "Synthetic Commune B (SYNTHETIC)",
     "short_name_vi": "Giả Lập B", "short_name_en": "Synthetic B", "parent_code": "42",
     "valid_from": "2025-07-01", "valid_to": ""},
    {"unit_code": "99903", "slug": "phuong-gia-lap-c", "level": "commune", "type": "phuong",
     "name_vi": "Phường Giả Lập C (SYNTHETIC)", "name_en": "Synthetic Ward C (SYNTHETIC)",
     "short_name_vi": "Giả Lập C", "short_name_en": "Synthetic C", "parent_code": "42",
     "valid_from": "2025-07-01", "valid_to": ""},
]

# The figures the tests expect, stated once here (the fixture's input, not the code's output).
COMMUNES_ADVANCED = {"2024-06": 60, "2024-12": 63}  # the June value is the real report's
LAND_2024 = {42: 12000, 443: 4000, 445: 3000, 448: 5000}  # province = sum of the three districts
LAND_2025 = {42: 13000, 99901: 5000, 99902: 4000, 99903: 4000}
ADVANCED_TARGET_2025 = 95
CAPITAL_2024_12 = {"development_investment": (397202, 300000, 75.53), "recurrent": (84875, 60000, 70.69),
                   "total": (482077, 360000, 74.68)}


def _append(path: Path, rows: list[dict]) -> None:
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writerows({column: row.get(column, "") for column in header} for row in rows)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


def _source(source_id: str, date: str, period_vi: str, period_en: str) -> dict:
    return {
        "source_id": source_id,
        "issuer_vi": "SYNTHETIC TEST DATA – cơ quan giả lập", "issuer_en": "SYNTHETIC TEST DATA – made-up issuer",
        "date_printed": f"SYNTHETIC {date}", "date": date,
        "title_vi": f"SYNTHETIC TEST DATA: báo cáo giả lập {period_vi} (không phải số liệu thật)",
        "title_en": f"SYNTHETIC TEST DATA: made-up report for {period_en} (not real figures)",
        "short_citation_vi": f"SYNTHETIC TEST DATA, báo cáo giả lập {period_vi}",
        "short_citation_en": f"SYNTHETIC TEST DATA, made-up report {period_en}",
        "note_vi": NOTE_VI, "note_en": NOTE_EN,
    }


def _observation(indicator: str, unit_code: int, value: float, as_of: str, source: str) -> dict:
    return {"indicator_id": indicator, "unit_code": str(unit_code), "breakdown_id": "total", "kind": "actual",
            "value": f"{value:g}", "unit": "ha", "as_of": as_of, "source_id": source, "section": SECTION,
            "note_vi": NOTE_VI, "note_en": NOTE_EN}


def add_report_2024_12(data: Path) -> None:
    """The made-up end-of-2024 report: the rows a maintainer would add."""
    _append(data / "reference/sources.csv", [_source(SOURCE_2024, "2024-12", "cuối năm 2024", "end of 2024")])
    _append(data / "criteria/progress_counts.csv", [
        {"measure": "communes_advanced_ntm", "unit_code": "42", "value": str(COMMUNES_ADVANCED["2024-12"]),
         "out_of": "181", "share_reported": "34.8", "as_of": "2024-12", "source_id": SOURCE_2024, "section": SECTION},
        {"measure": "districts_ntm_recognised", "unit_code": "42", "value": "9", "out_of": "10",
         "share_reported": "90", "as_of": "2024-12", "source_id": SOURCE_2024, "section": SECTION},
    ])
    _append(data / "funding/capital_disbursement.csv", [
        {"capital_type": kind, "plan_year": "2024", "plan_mvnd": str(plan), "disbursed_mvnd": str(paid),
         "rate_reported_pct": str(rate), "reported_by_vi": "SYNTHETIC TEST DATA", "reported_by_en": "SYNTHETIC TEST DATA",
         "as_of": "2024-12-31", "source_id": SOURCE_2024, "section": SECTION}
        for kind, (plan, paid, rate) in CAPITAL_2024_12.items()])
    _append(data / "agriculture/observations.csv",
            [_observation("land_consolidation_ha", code, value, "2024-12", SOURCE_2024) for code, value in LAND_2024.items()])
    # The next year's goal, with the same indicator as the earlier report's 2024 goal.
    _append(data / "targets/observations.csv", [{
        "indicator_id": "advanced_communes_total", "unit_code": "42", "breakdown_id": "total", "kind": "target",
        "value": str(ADVANCED_TARGET_2025), "unit": "count", "as_of": "2025-12-31", "source_id": SOURCE_2024,
        "section": SECTION, "note_vi": NOTE_VI, "note_en": NOTE_EN}])


def add_report_2025_12(data: Path) -> None:
    """The made-up end-of-2025 report, by commune after the reorganisation."""
    _append(data / "reference/sources.csv", [_source(SOURCE_2025, "2025-12", "cuối năm 2025", "end of 2025")])
    _append(data / "reference/admin_units.csv", COMMUNES)
    _append(data / "agriculture/observations.csv",
            [_observation("land_consolidation_ha", code, value, "2025-12", SOURCE_2025) for code, value in LAND_2025.items()])


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Synthetic Test", "-c", "user.email=synthetic@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, check=True, capture_output=True)


# The repository the deploy workflow names when it builds (--repository-url): the
# SYNTHETIC site is built as CI builds the published one, so readers' error reports
# go to this repository's issues (config/site.yml names none). Made up, like the data.
REPOSITORY_URL = "https://github.com/example-owner/ntm-ha-tinh-synthetic"
COMMIT_2024 = "SYNTHETIC TEST DATA: báo cáo cuối năm 2024 / end-of-2024 report"
COMMIT_2025 = "SYNTHETIC TEST DATA: báo cáo cuối năm 2025, theo xã / end-of-2025 report, by commune"


def make_synthetic_checkout(root: Path, repository: Path) -> Path:
    """A git checkout holding the real data, then one commit per made-up report; returns its datapackages/."""
    shutil.copytree(repository / "datapackages", root / "datapackages")
    shutil.copytree(repository / "schemas", root / "schemas")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The real data as published")
    add_report_2024_12(root / "datapackages")
    _git(root, "commit", "-q", "-am", COMMIT_2024)
    add_report_2025_12(root / "datapackages")
    _git(root, "commit", "-q", "-am", COMMIT_2025)
    return root / "datapackages"


def build_synthetic_site(tmp_path_factory) -> Path:
    """The site of the SYNTHETIC reports with a maintainer's correction committed after them
    (tests/corrected_site.py), built once per test run (see conftest.shared_site), whichever
    worker asks first; after the real site, whose charts it finds in the cache. Its data is
    `synthetic_data(site)`, its project `synthetic_project(synthetic_data(site))`."""
    from conftest import ROOT, shared_site
    from corrected_site import commit_the_correction

    def checkout(copy):
        data = make_synthetic_checkout(copy.folder.parent / "synthetic-checkout", ROOT)
        commit_the_correction(data.parent)
        return synthetic_project(data)
    return shared_site(tmp_path_factory, "synthetic-report", checkout)


def synthetic_project(data: Path):
    """The project `build_synthetic_site` builds from `data`: as CI builds, with the
    repository's address."""
    from conftest import ROOT
    from ntm_site.common.project import Project

    return Project(root=ROOT, datapackages_dir=data, repository_url=REPOSITORY_URL)


def synthetic_data(site: Path) -> Path:
    """The datapackages/ folder `build_synthetic_site` built `site` from."""
    return site.parent / "synthetic-checkout" / "datapackages"
