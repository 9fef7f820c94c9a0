"""Readers first: every page reads on a phone without sideways scrolling, and a
district page opens with a plain summary."""
from pathlib import Path

import pytest

from ntm_site.views.table_layout import layout


def test_a_column_blank_everywhere_is_dropped():
    t = layout(["a", "b", "c"], [[1, None, "x"], [2, "–", "y"]])
    assert t.headers == ["a", "c"]
    assert t.rows == [[1, "x"], [2, "y"]]
    assert t.constants == []


def test_a_value_shared_by_every_row_is_said_once():
    t = layout(["Chỉ tiêu", "Đơn vị", "Giá trị"], [["x", "Hà Tĩnh", 1], ["y", "Hà Tĩnh", 2], ["z", "Hà Tĩnh", 3]])
    assert t.headers == ["Chỉ tiêu", "Giá trị"]
    assert t.constants == [("Đơn vị", "Hà Tĩnh")]
    assert [r[1] for r in t.rows] == [1, 2, 3]


def test_a_single_row_keeps_every_filled_column():
    t = layout(["a", "b"], [["x", "y"]])
    assert t.headers == ["a", "b"] and t.constants == []


def _pages(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)).replace(".", "", 1) + "/" if p.parent != site else ""
                  for p in site.rglob("index.html") if "assets" not in p.parts)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(390, 844), (360, 740)])
def test_no_page_scrolls_sideways_on_a_phone(browser, built_site, site_server, viewport):
    pages = _pages(built_site)
    assert len(pages) > 40
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    overflowing = []
    try:
        for path in pages:
            page.goto(f"{site_server}/{path}", wait_until="load")
            found = page.evaluate("""() => {
              const out = [];
              const root = document.documentElement;
              if (root.scrollWidth > window.innerWidth + 1) out.push('page ' + root.scrollWidth);
              document.querySelectorAll('.md-content table').forEach((t, i) => {
                const box = t.closest('.ntm-table') || t.parentElement;
                if (t.offsetParent !== null && t.getBoundingClientRect().width > box.clientWidth + 1)
                  out.push('table ' + i + ' ' + Math.round(t.getBoundingClientRect().width) + '>' + box.clientWidth);
              });
              return out;
            }""")
            if found:
                overflowing.append((path, found))
    finally:
        context.close()
    assert overflowing == []


def test_district_page_opens_with_a_summary(built_site):
    html = (built_site / "dia-phuong" / "loc-ha" / "index.html").read_text(encoding="utf-8")
    summary_at = html.index('class="ntm-summary"')
    # before any detail table, and it says what the report says of Lộc Hà
    assert summary_at < html.index('class="ntm-table')
    summary = html[summary_at: html.index("</section>", summary_at)]
    assert "149/QĐ-TTg" in summary and "06/02/2024" in summary
    assert 'href="../../giai-ngan/"' in summary


def test_basically_met_criteria_are_counted_apart(built_site):
    html = (built_site / "dia-phuong" / "thach-ha" / "index.html").read_text(encoding="utf-8")
    summary = html[html.index('class="ntm-summary"'):]
    summary = summary[: summary.index("</section>")]
    # the report: "4/9 tiêu chí ... cơ bản đạt chuẩn" (C.II.4): basically met, not met
    assert "cơ bản đạt 4 trên 9" in summary
    assert "đạt 4 trên 9" not in summary.replace("cơ bản đạt 4 trên 9", "")


def test_each_chart_has_one_tool_row(built_site):
    html = (built_site / "dia-phuong" / "index.html").read_text(encoding="utf-8")
    charts = html.count('class="ntm-chart"')
    assert charts >= 2
    assert html.count('class="ntm-chart-tools"') == charts
    assert 'class="admonition' not in html


def test_the_requirement_chart_says_which_requirements_it_shows(catalogue, project):
    from ntm_site.charts import build_chart
    from ntm_site.i18n import Localiser

    status = catalogue.table("criteria", "province_requirement_status")
    chart = build_chart("requirement-progress", catalogue, Localiser("en", project.messages), project)
    # the home page's headline counts all requirements; the chart names how many of them it draws
    assert f"{len(chart.data)} of {len(status)} requirements" in chart.unit
    legend = chart.spec["layer"][0]["encoding"]["color"]["scale"]["domain"] if "layer" in chart.spec else None
    if legend is not None:
        assert set(legend) <= set(chart.data[chart.data.columns[-1]])
