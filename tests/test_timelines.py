"""Timelines: a district's dated milestones, and the province's commune counts over time."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from ntm_site.data_in.loading import load
from ntm_site.site_pages.chart_builders import build_chart
from ntm_site.common.i18n import LANGUAGES, Localiser
from ntm_site.site_pages.views.timeline import milestones
from tests.conftest import ROOT

KY_ANH = 447  # huyện Kỳ Anh: recognised by 840/QĐ-TTg of 15/8/2024, after the report
VU_QUANG = 441  # no row in the history package
CHART = "commune-counts-over-time"


def _csv(relative: str) -> list[dict]:
    with open(ROOT / "datapackages" / relative, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _first_day(iso: str) -> dt.date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return dt.date(*parts[:3])


@pytest.fixture(params=LANGUAGES)
def loc(request, project):
    return Localiser(request.param, project.messages)


def test_ky_anh_recognition_after_the_report_follows_the_report_entry(catalogue, loc):
    entries = milestones(catalogue, KY_ANH, loc)
    report = [i for i, e in enumerate(entries) if e.kind == "report"]
    decision = [i for i, e in enumerate(entries) if "840/QĐ-TTg" in e.text]
    assert len(report) == 1 and len(decision) == 1
    assert entries[report[0]].date == "2024-06"
    assert entries[decision[0]].date == "2024-08-15"
    assert decision[0] > report[0]
    # Both pages that report it are cited, each by its address.
    urls = {s.url for s in entries[decision[0]].sources}
    expected = {r["url"] for r in _csv("reference/sources.csv")
                if r["source_id"] in {h["source_id"] for h in _csv("history/recognitions.csv") if h["unit_code"] == str(KY_ANH)}}
    assert urls == expected and all(u.startswith("https://") for u in urls)


def test_every_district_timeline_is_in_date_order_and_every_entry_has_a_source(catalogue, loc):
    for unit in _csv("reference/admin_units.csv"):
        if unit["level"] != "district":
            continue
        entries = milestones(catalogue, int(unit["unit_code"]), loc)
        starts = [_first_day(e.date) for e in entries]
        assert starts == sorted(starts), unit["slug"]
        assert all(e.sources and all(s.label for s in e.sources) for e in entries), unit["slug"]


def test_a_unit_without_history_rows_still_gets_the_report_and_its_last_day(catalogue, loc):
    assert not [r for r in _csv("history/recognitions.csv") + _csv("history/commune_counts.csv")
                if r["unit_code"] == str(VU_QUANG)]  # the premise
    entries = milestones(catalogue, VU_QUANG, loc)
    valid_to = next(u["valid_to"] for u in _csv("reference/admin_units.csv") if u["unit_code"] == str(VU_QUANG))
    assert [e.kind for e in entries] == ["report", "reorganisation"]
    assert entries[0].sources[0].where  # the report's section
    assert entries[-1].date == valid_to


def test_the_last_day_comes_from_the_data_and_a_silent_report_is_said(data_copy, project):
    """valid_to is read, not assumed; a report that says nothing of the unit still has its entry."""
    rows = data_copy.rows("reference/admin_units.csv")
    line = next(i for i, r in enumerate(rows) if r[0] == str(VU_QUANG)) + 1
    data_copy.set_cell("reference/admin_units.csv", line, "valid_to", "2024-12-31")
    recognition = data_copy.rows("criteria/unit_recognition.csv")
    data_copy.write_rows("criteria/unit_recognition.csv", [r for r in recognition if r[0] != str(VU_QUANG)])
    loc = Localiser("vi", project.messages)
    entries = milestones(load(data_copy.project), VU_QUANG, loc)
    assert [(e.kind, e.date) for e in entries] == [("report", "2024-06"), ("reorganisation", "2024-12-31")]
    assert loc.t("timeline.report.silent") in entries[0].text


def test_commune_count_chart_has_one_row_per_sourced_point_with_its_source(catalogue, project, loc):
    chart = build_chart(CHART, catalogue, loc, project)
    province_counts = [r for r in _csv("history/commune_counts.csv") if r["unit_code"] == "42"]
    report_counts = [r for r in _csv("criteria/progress_counts.csv") if r["measure"] == "communes_advanced_ntm"]
    assert len(chart.data) == len(province_counts) + len(report_counts)
    sources = {r["source_id"]: r for r in _csv("reference/sources.csv")}
    publisher = loc.t("timeline.chart.publisher")
    where = loc.t("timeline.chart.url")
    expected = sorted((sources[r["source_id"]][f"issuer_{loc.lang}"], sources[r["source_id"]]["url"] or r["section"])
                      for r in province_counts + report_counts)
    shown = sorted((p, w if w.startswith("http") else w.split(" ", 1)[1]) for p, w in zip(chart.data[publisher], chart.data[where]))
    assert shown == expected
    # Counts only, never shares across different totals; the unit line says the total changed.
    count = chart.data[loc.t("timeline.chart.count")]
    assert sorted(count) == sorted(int(r["value"]) for r in province_counts + report_counts)
    assert "181" in chart.unit and "169" in chart.unit


def test_commune_count_chart_axis_is_whole_numbers_and_colours_are_okabe_ito(catalogue, project):
    chart = build_chart(CHART, catalogue, Localiser("vi", project.messages), project)
    layers = chart.spec["layer"]
    assert layers[0]["encoding"]["y"]["axis"]["format"] == ",d"
    assert set(layers[0]["encoding"]["color"]["scale"]["range"]) <= {"#0072B2", "#E69F00", "#009E73", "#CC79A7"}


def test_built_pages_show_the_chart_and_the_timeline(built_site):
    for page in ("index.html", "tieu-chi/index.html", "en/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert 'id="bieu-do-commune-counts-over-time"' in html, page
        assert "https://vietnamnet.vn/" in html, page  # a point's source in the data table
    district = (built_site / "dia-phuong/huyen-ky-anh/index.html").read_text(encoding="utf-8")
    timeline = district[district.index('<ol class="ntm-timeline">'):]
    timeline = timeline[:timeline.index("</ol>")]
    assert '<time datetime="2024-08-15">' in timeline and "840/QĐ-TTg" in timeline
    assert timeline.index('<time datetime="2024-06">') < timeline.index('<time datetime="2024-08-15">')
    assert 'href="https://phapluatplus.baophapluat.vn/' in timeline


def test_a_timeline_links_each_report_section_to_its_sentence(built_site):
    """The report's milestones on a district page name their sections and footnotes as
    links to the report's page, each to an anchor that page has (as the page's tables do)."""
    import re

    page = (built_site / "dia-phuong/can-loc/index.html").read_text(encoding="utf-8")
    report = (built_site / "nguon/vpdp-2024-06/index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([^"]+)"', report))
    lines = re.findall(r'<p class="ntm-timeline__source">(.*?)</p>', page, re.S)
    cited = [line for line in lines if "(mục " in line]
    assert cited  # the premise: the report's milestones name sections
    for line in cited:
        words = re.sub(r"<[^>]+>", "", line)
        numbers = re.findall(r"\b[A-C]\.[IV]+(?:\.\d+)*(?:\.[a-z])?\b|chú thích \d+", words)
        links = re.findall(r'<a href="\.\./\.\./nguon/vpdp-2024-06/#([^"]+)">', line)
        assert numbers and len(links) == len(numbers), line
        assert set(links) <= anchors, set(links) - anchors


def test_a_status_the_report_only_implies_is_said_to_be_inferred(catalogue, loc):
    """The report names 8 of 10 districts as meeting the standard by counting them: the
    timeline says which statuses are inferred so, as the recognition table does."""
    rows = [r for r in _csv("criteria/unit_recognition.csv") if r["goal"] != "ntm_advanced"]
    implied = {int(r["unit_code"]) for r in rows if r["basis"] == "implied"}
    stated = {int(r["unit_code"]) for r in rows if r["basis"] == "stated"} - implied
    assert implied and stated  # the premise: the report has both kinds
    inferred = loc.t("timeline.report.inferred", status="|").split("|")[1]
    for code in implied | stated:
        [report] = [e for e in milestones(catalogue, code, loc) if e.kind == "report"]
        assert (inferred in report.text) == (code in implied), (code, report.text)


def test_a_timeline_names_the_criteria_basically_met(catalogue, loc):
    """Thạch Hà's timeline said "0 of 9 criteria met, 5 of 9 not met": the 4 the report
    gives as basically met were missing from it."""
    rows = [r for r in _csv("criteria/district_criteria_summary.csv") if r["basically_met_count"] not in ("", "0")]
    assert rows  # the premise
    for r in rows:
        texts = [e.text for e in milestones(catalogue, int(r["unit_code"]), loc) if e.date == r["as_of"]]
        expected = loc.t("timeline.criteria.basically_met", basically=int(r["basically_met_count"]),
                         total=int(r["criteria_total"]))
        assert any(expected in text for text in texts), texts


def test_a_sources_note_stands_under_the_milestone_it_qualifies(built_site):
    """A history row's note qualifies its source (a page dated before the decision it tells
    of; an article that gives no decision number): the milestone citing that source shows
    the note, in the page's language, after the sources and naming the one it is about."""
    import html as html_lib
    import re

    units = {u["unit_code"]: u["slug"] for u in _csv("reference/admin_units.csv")}
    sources = {s["source_id"]: s for s in _csv("reference/sources.csv")}
    noted = [r for r in _csv("history/recognitions.csv") if r["note_vi"]]
    assert noted  # the premise: the history package qualifies some of its sources
    for row in noted:
        source = sources[row["source_id"]]
        for lang, prefix in (("vi", ""), ("en", "en/")):
            page = (built_site / f"{prefix}dia-phuong/{units[row['unit_code']]}/index.html").read_text(encoding="utf-8")
            timeline = page[page.index('<ol class="ntm-timeline">'):]
            items = re.findall(r"<li class=\"ntm-timeline__item.*?</li>", timeline[:timeline.index("</ol>")], re.S)
            citing = [item for item in items if f'href="{html_lib.escape(source["url"])}"' in item]
            assert citing, (row["source_id"], lang)  # its recognition, and maybe a count it gives
            notes = [html_lib.unescape(re.sub(r"<[^>]+>", "", note)) for item in citing for note in
                     re.findall(r'<p class="ntm-timeline__source ntm-timeline__source-note">(.*?)</p>', item, re.S)]
            about = [note for note in notes if note.endswith(row[f"note_{lang}"])]
            assert len(about) == 1, (row["source_id"], lang, notes)
            assert source[f"issuer_{lang}"] in about[0], (row["source_id"], lang, about)


def test_a_sources_note_follows_it_in_the_districts_summary_too(catalogue, loc):
    """Thạch Hà's summary cited a magazine page dated 24/06/2020 for a decision of 5/8/2020,
    and a citizen read it as a mistake: the page's caveat was only further down, under the
    milestone. Wherever the summary cites a source that has one, the caveat follows it."""
    from ntm_site.site_pages.views.district_summary import _recognition

    units = catalogue.reference.tables["admin_units"].frame.set_index("unit_code")
    sources = {s["source_id"]: s for s in _csv("reference/sources.csv")}
    noted = [r for r in _csv("history/recognitions.csv") if r["note_vi"] and r["decision_number"]]
    cited = 0
    for row in noted:
        code = int(row["unit_code"])
        issuer = sources[row["source_id"]][f"issuer_{loc.lang}"]
        lines = [line for line in _recognition(catalogue, code, units.loc[code, f"name_{loc.lang}"], loc)
                 if row["decision_number"] in line and f"{issuer}," in line]  # the line citing this source
        for line in lines:
            cited += 1
            # the sentence after the source it is about, as written: "(nguồn: Tạp chí Môi trường, 24/06/2020). Trang ghi ..."
            assert line.endswith(f"). {row[f'note_{loc.lang}']}"), line
    assert cited  # the premise: some summary cites a source with a caveat (Thạch Hà's)
