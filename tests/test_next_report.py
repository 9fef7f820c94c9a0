"""The next report in one commit: a maintainer adds rows, the site shows the change.

The data here is SYNTHETIC (tests/synthetic_report.py), in a temporary git
checkout; one site is built from it for the whole module. The real site,
with one report, must show no change text and no chart over time.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ntm_site.build import check
from ntm_site.data_in.loading import load
from ntm_site.common.i18n import Localiser
from ntm_site.data_in.observations import all_observations
from ntm_site.data_in.periods import Change, change_text, latest_rows, latest_with_previous, series_with_several_dates
from ntm_site.common.project import Project
from ntm_site.data_in.targets import evaluate
from ntm_site.site_pages.views import results

from conftest import ROOT
from synthetic_report import (CAPITAL_2024_12, COMMIT_2024, COMMIT_2025, COMMUNES, COMMUNES_ADVANCED, LAND_2024,
                              LAND_2025, REPOSITORY_URL, SOURCE_2024, build_synthetic_site, make_synthetic_checkout)

TIME_CHART = "theo-thoi-gian--land_consolidation_ha--total--actual--{unit}"


@pytest.fixture(scope="module")
def synthetic_project(tmp_path_factory) -> Project:
    data = make_synthetic_checkout(tmp_path_factory.mktemp("synthetic-checkout"), ROOT)
    return Project(root=ROOT, datapackages_dir=data)


@pytest.fixture(scope="module")
def synthetic_catalogue(synthetic_project):
    return check(synthetic_project).catalogue


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory, warm_charts) -> Path:
    """The site of the SYNTHETIC reports, built once per run (see conftest), after the
    real site: only the charts its reports change are drawn again."""
    return build_synthetic_site(tmp_path_factory)


def page(site: Path, slug: str, lang: str = "vi") -> str:
    prefix = "" if lang == "vi" else "en/"
    return (site / prefix / slug / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---------------------------------------------------------------- no build


def test_synthetic_data_stays_out_of_datapackages():
    for path in (ROOT / "datapackages").rglob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert "SYNTHETIC" not in text and "synthetic-20" not in text, path


def test_latest_row_and_change_since_the_previous_report():
    frame = pd.DataFrame({"measure": ["a", "b", "a"], "value": [60, 5, 63], "as_of": ["2024-06", "2024-06", "2024-12"]})
    assert latest_rows(frame, ["measure"])["value"].to_list() == [5, 63]
    changes = {c.latest["measure"]: c for c in latest_with_previous(frame, ["measure"])}
    assert changes["b"].previous is None and change_text(changes["b"], Localiser("vi", Project(ROOT).messages)) is None
    messages = Project(ROOT).messages
    assert change_text(changes["a"], Localiser("vi", messages)) == "+3 so với tháng 6/2024"
    assert change_text(changes["a"], Localiser("en", messages)) == "+3 since June 2024"
    fall = Change(pd.Series({"value": 1.5, "as_of": "2024-12-31"}), pd.Series({"value": 4.0, "as_of": "2024-06-30"}))
    assert change_text(fall, Localiser("vi", messages)) == "−2,5 so với 30/06/2024"


def test_one_report_shows_no_change_and_no_chart_over_time(catalogue):
    assert series_with_several_dates(all_observations(catalogue)) == []
    assert not [c for c in results.chart_ids(catalogue) if c.startswith("theo-thoi-gian")]
    assert results.change_rows(catalogue, Localiser("vi", Project(ROOT).messages), catalogue.indexed(
        "reference", "measure_units", "unit_id")) == []


def test_synthetic_report_validates_and_each_report_adds_up_on_its_own(synthetic_catalogue):
    capital = synthetic_catalogue.table("funding", "capital_disbursement")
    assert len(capital[capital["source_id"] == SOURCE_2024]) == len(CAPITAL_2024_12)


def test_targets_follow_the_latest_report_dated_by_the_deadline(synthetic_project, synthetic_catalogue):
    evaluated = {t.id: t for t in evaluate(synthetic_project, synthetic_catalogue)}
    communes = evaluated["advanced-communes-total"]
    assert (communes.progress_value, communes.progress_as_of) == (COMMUNES_ADVANCED["2024-12"], "2024-12")
    assert communes.progress["source_id"] == SOURCE_2024
    # The later report's goal for 2025 does not replace the earlier report's goal for 2024 (80).
    assert (communes.target["value"], communes.target["as_of"]) == (80, "2024-12-31")
    capital = evaluated["capital-2024"]
    assert (capital.progress_value, capital.progress_as_of) == (CAPITAL_2024_12["total"][2], "2024-12-31")


def test_targets_with_one_report_use_its_figures(project, catalogue):
    evaluated = {t.id: t for t in evaluate(project, catalogue)}
    assert evaluated["advanced-communes-total"].progress_value == COMMUNES_ADVANCED["2024-06"]


# ---------------------------------------------------------------- the built site


def test_home_shows_the_latest_figure_and_its_change(synthetic_site):
    home = text_of(page(synthetic_site, ""))
    assert f"{COMMUNES_ADVANCED['2024-12']}/181" in home
    assert "+3 so với tháng 6/2024" in home
    english = text_of(page(synthetic_site, "", "en"))
    assert "+3 since June 2024" in english
    assert "74,68" in home  # the capital headline is the December rate, not May's 13,43
    assert "điểm phần trăm so với 31/05/2024" in home


def test_results_page_lists_changes_and_charts_over_time(synthetic_site):
    html = page(synthetic_site, "ket-qua")
    text = text_of(html)
    assert "Thay đổi so với báo cáo trước" in text
    # Province: 12.000 ha (Dec 2024) -> 13.000 ha (Dec 2025); Can Loc: 3.886 (real, June) -> 4.000.
    assert "+1.000 so với tháng 12/2024" in text
    assert "+114 so với tháng 6/2024" in text
    chart = TIME_CHART.format(unit=42)
    assert chart in html
    assert (synthetic_site / f"assets/charts/{chart}.vi.svg").is_file()
    assert (synthetic_site / f"en/assets/charts/{chart}.en.svg").is_file()
    # A later report's goal for another year is not a change of the earlier goal.
    assert "theo-thoi-gian--advanced_communes_total" not in html
    data = pd.read_csv(synthetic_site / f"assets/charts/{chart}.vi.csv")
    assert data.iloc[:, 1].to_list() == [10694, LAND_2024[42], LAND_2025[42]]


def test_district_page_shows_its_own_figure_over_time(synthetic_site):
    html = page(synthetic_site, "dia-phuong/can-loc")
    assert TIME_CHART.format(unit=443) in html
    assert TIME_CHART.format(unit=42) not in html


def test_targets_page_matches_the_earlier_target_with_the_later_result(synthetic_site):
    text = text_of(page(synthetic_site, "muc-tieu"))
    assert f"{COMMUNES_ADVANCED['2024-12']} xã đạt chuẩn nâng cao (tháng 12/2024)" in text


def test_changelog_has_an_entry_per_report_commit(synthetic_site):
    text = text_of(page(synthetic_site, "thay-doi"))
    assert COMMIT_2024 in text and COMMIT_2025 in text


def test_communes_after_2025_are_shown_without_breaking_district_pages(synthetic_site, synthetic_catalogue):
    districts = synthetic_catalogue.reference.tables["admin_units"].frame
    for unit in districts[districts["level"] == "district"].itertuples():
        html = page(synthetic_site, f"dia-phuong/{unit.slug}")
        assert "Giả Lập" not in html, unit.slug  # no commune in a district's page or comparisons
    for commune in COMMUNES:
        assert not (synthetic_site / "dia-phuong" / commune["slug"]).exists()
        assert commune["short_name_vi"] not in text_of(page(synthetic_site, "dia-phuong"))
    results_text = text_of(page(synthetic_site, "ket-qua"))
    for commune in COMMUNES:
        assert commune["short_name_vi"] in results_text  # the commune figures are published, by commune
    assert "5.000 ha" in results_text


def test_every_encoding_is_handed_to_altair_as_a_channel(synthetic_project, synthetic_catalogue, monkeypatch):
    """A bare string or alt.value(...) in an encoding goes through Altair's from_dict,
    which rebuilds its lookup of every schema class on each call (charts.py). The
    SYNTHETIC reports make every kind of chart, those over the reports too."""
    from altair.utils.schemapi import SchemaBase

    from ntm_site.build import CheckedData
    from ntm_site.data_in.periods import TIME_PREFIX
    from ntm_site.language_site import build_charts

    converted, from_dict = [], SchemaBase.from_dict.__func__

    def counted(cls, *args, **kwargs):
        converted.append(cls.__name__)
        return from_dict(cls, *args, **kwargs)

    monkeypatch.setattr(SchemaBase, "from_dict", classmethod(counted))
    charts = build_charts(synthetic_project, CheckedData(synthetic_catalogue, [], []), "en")
    assert any(chart_id.startswith(TIME_PREFIX + "--") for chart_id in charts)
    assert len(charts) > 50 and converted == []


def test_a_site_built_in_its_repository_sends_error_reports_to_its_issues(synthetic_site):
    """config/site.yml names no repository until the office fills it in, and every page's
    "report an error" line said "not yet given": a build told the repository it runs in
    (the deploy workflow passes it) links each page to a new issue there, the page's
    address filled in, and the About page names the tracker."""
    import html
    from urllib.parse import parse_qs, urlsplit

    pages = sorted(synthetic_site.rglob("index.html"))
    assert len(pages) > 50
    for path in pages:
        [line] = re.findall(r'<p class="ntm-report-error">(.*?)</p>', path.read_text(encoding="utf-8"), re.S)
        [link] = re.findall(r'href="([^"]+)"', line)
        address = urlsplit(html.unescape(link))
        assert f"{address.scheme}://{address.netloc}{address.path}" == f"{REPOSITORY_URL}/issues/new", path
        slug = path.parent.relative_to(synthetic_site).as_posix()
        page_address = "/" if slug == "." else f"/{slug}/"  # the English pages' with their /en/
        assert page_address in parse_qs(address.query)["body"][0], path
    about = page(synthetic_site, "gioi-thieu")
    assert f'<a href="{REPOSITORY_URL}/issues">' in about


def test_the_command_line_and_the_deploy_workflow_pass_the_repository():
    from ntm_site.cli import _project, parser

    args = parser().parse_args(["build", "--repository-url", "https://github.com/o/r"])
    assert _project(args).repository_url == "https://github.com/o/r"
    deploy = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert 'REPOSITORY_URL="${{ github.server_url }}/${{ github.repository }}"' in deploy
    assert '--repository-url "$(REPOSITORY_URL)"' in (ROOT / "Makefile").read_text(encoding="utf-8")
