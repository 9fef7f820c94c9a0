"""Readers first: every page reads on a phone without sideways scrolling, and a
district page opens with a plain summary."""
import pytest

from ntm_site.site_pages.views.table_layout import layout
from page_sweep import PHONES


def test_a_column_blank_everywhere_is_dropped():
    t = layout(["a", "b", "c"], [[1, None, "x"], [2, "–", "y"]])
    assert t.headers == ["a", "c"]
    assert t.rows == [[1, "x"], [2, "y"]]
    assert t.constants == []


def test_a_context_value_shared_by_every_row_is_said_once():
    t = layout(["Chỉ tiêu", "Đơn vị", "Giá trị"], [["x", "Hà Tĩnh", 1], ["y", "Hà Tĩnh", 2], ["z", "Hà Tĩnh", 3]],
               foldable=frozenset({"Đơn vị"}))
    assert t.headers == ["Chỉ tiêu", "Giá trị"]
    assert t.constants == [("Đơn vị", "Hà Tĩnh")]
    assert [r[1] for r in t.rows] == [1, 2, 3]


def test_a_figure_shared_by_every_row_stays_in_its_rows():
    t = layout(["Chỉ tiêu", "Giá trị"], [["x", 1], ["y", 1]], foldable=frozenset({"Đơn vị"}))
    assert t.headers == ["Chỉ tiêu", "Giá trị"] and t.constants == []


def test_a_single_row_keeps_every_filled_column():
    t = layout(["a", "b"], [["x", "y"]])
    assert t.headers == ["a", "b"] and t.constants == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", PHONES)
def test_no_page_scrolls_sideways_on_a_phone(phone_sweep, viewport):
    # Every page, opened once by the phone sweep (tests/page_sweep.py) and measured at each phone size.
    assert len(phone_sweep) > 40
    assert sum(len(record.phones[viewport].charts) for record in phone_sweep.values()) > 40, "charts measured"
    overflowing, small_text = [], []
    for path, record in sorted(phone_sweep.items()):
        view = record.phones[viewport]
        if view.overflow:
            overflowing.append((path, view.overflow))
        # Every static chart as displayed: its smallest text (font size x shown
        # width / drawn width) and no scientific notation in any of it.
        for src, shown, drawn, sizes, exponent in view.charts:
            smallest = min(sizes) * shown / drawn if sizes and drawn else None
            if smallest is None or smallest < 11 or exponent:
                small_text.append((path, src.rsplit("/", 1)[-1], smallest, exponent))
    assert overflowing == [], "\n".join(f"{p}: {f}" for p, f in overflowing)
    assert small_text == [], "\n".join(map(str, small_text))


def test_district_page_opens_with_a_summary(built_site):
    html = (built_site / "dia-phuong" / "loc-ha" / "index.html").read_text(encoding="utf-8")
    summary_at = html.index('class="ntm-summary')
    # before any detail table, and it says what the report says of Lộc Hà
    assert summary_at < html.index('class="ntm-table')
    summary = html[summary_at: html.index("</section>", summary_at)]
    assert "149/QĐ-TTg" in summary and "06/02/2024" in summary
    assert 'href="../../giai-ngan/"' in summary


def test_basically_met_criteria_are_counted_apart(built_site):
    html = (built_site / "dia-phuong" / "thach-ha" / "index.html").read_text(encoding="utf-8")
    summary = html[html.index('class="ntm-summary'):]
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
    from ntm_site.site_pages.chart_builders import build_chart
    from ntm_site.common.i18n import Localiser

    status = catalogue.table("criteria", "province_requirement_status")
    loc = Localiser("en", project.messages)
    chart = build_chart("requirement-progress", catalogue, loc, project)
    # the home page's headline counts all requirements; the chart names how many of them it draws
    assert f"{len(chart.data)} of {len(status)} requirements" in chart.unit
    legend = chart.spec["layer"][0]["encoding"]["color"]["scale"]["domain"] if "layer" in chart.spec else None
    if legend is not None:
        assert set(legend) <= set(chart.data[loc.t("chart.requirement_progress.status")])


def _compare_table(html: str) -> str:
    start = html.index('<table class="ntm-compare"')
    return html[start: html.index("</table>", start)]


def test_the_districts_are_compared_in_one_table(built_site, catalogue):
    import re

    table = _compare_table((built_site / "dia-phuong" / "index.html").read_text(encoding="utf-8"))
    body = table[table.index("<tbody>"): table.index("</tbody>")]
    assert body.count("<tr>") == 13
    # the province total is the last row, outside the sorted body
    assert "<tfoot>" in table
    headers = re.findall(r'<th scope="col"', table)
    assert len(headers) >= 8
    # land consolidation by district, as the report prints it (footnote 3): Can Lộc 3.886 ha
    assert "3.886" in body
    # a unit the report gives no figure for is "not reported", never 0
    assert "không nêu" in body
    # a status has no province total: "not applicable" there, not "not reported" (a reader
    # took that for the report leaving out its 8 of 10 districts)
    foot = dict(re.findall(r'<td data-label="([^"]+)"[^>]*>([^<]*)</td>', table[table.index("<tfoot>"):]))
    assert foot["Đạt chuẩn / hoàn thành NTM"] == "không áp dụng" and foot["NTM nâng cao"] == "không áp dụng"


def test_the_comparison_downloads_have_labelled_headers_and_numbers(built_site):
    import csv
    import io

    from openpyxl import load_workbook

    folder = built_site / "dia-phuong"
    rows = list(csv.reader(io.StringIO((folder / "so-sanh-dia-phuong.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Mã", "Đơn vị"] and len(rows) == 1 + 13 + 1
    # A figure's unit is in its header (the page writes "156 ha"), and a count reads "3", not
    # "3.0" (pandas once made every number of a column with a blank a decimal).
    assert any(header.endswith(" (ha)") for header in rows[0]), rows[0]
    cells = [cell for row in rows[1:] for cell in row[2:]]
    assert [cell for cell in cells if cell.endswith(".0")] == [] and any(cell.isdigit() for cell in cells)
    sheet = load_workbook(folder / "so-sanh-dia-phuong.xlsx").active
    assert sheet.cell(1, 2).value == "Đơn vị"
    numbers = [c.value for row in sheet.iter_rows(min_row=2) for c in row[2:] if isinstance(c.value, (int, float))]
    assert numbers, "figures are stored as numbers"
    assert (built_site / "en" / "dia-phuong" / "districts-compared.xlsx").exists()


def test_the_province_row_gives_the_province_total_not_the_districts_sum(catalogue, project):
    """The row named "province total" once gave the district level's sponsorship (16,786)
    where the report's province total (16,918) includes the province's own level: a
    journalist quoted the wrong total. It gives the total, and says the districts' sum."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.compare import comparison

    sponsorship = catalogue.table("funding", "sponsorship")
    amount = dict(zip(sponsorship["scope"], sponsorship["amount_mvnd"]))
    assert amount["total"] != amount["district_level"]  # the premise: the two differ
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        province = comparison(catalogue, loc).rows[-1]
        assert province.name == loc.t("compare.province_total")
        text, sort_key, raw = province.cells["sponsorship"]
        assert sort_key == raw == float(amount["total"])
        assert text.startswith(loc.number(amount["total"])) and loc.number(amount["district_level"]) in text


@pytest.mark.browser
def test_the_comparison_sorts_in_a_browser_and_reads_without_javascript(browser, site_server):
    for javascript in (False, True):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=javascript)
        page = context.new_page()
        try:
            page.goto(f"{site_server}/dia-phuong/", wait_until="load")
            names = page.locator("table.ntm-compare tbody tr th").all_inner_texts()
            assert len(names) == 13
            if not javascript:
                assert names[0] == "TP Hà Tĩnh" or "Hà Tĩnh" in names[0]  # official list order
                continue
            header = page.locator("table.ntm-compare thead th").filter(has_text="Đỡ đầu")
            header.locator("button").focus()
            page.keyboard.press("Enter")  # keyboard-accessible
            assert header.get_attribute("aria-sort") == "descending"
            column = page.locator("table.ntm-compare thead th").all_inner_texts().index(header.inner_text())
            keys = page.evaluate(f"""() => Array.from(document.querySelectorAll('table.ntm-compare tbody tr'))
                .map(r => r.cells[{column}].getAttribute('data-sort'))""")
            numbers = [float(k) for k in keys if k]
            assert numbers == sorted(numbers, reverse=True) and len(numbers) >= 3
            assert all(k == "" for k in keys[len(numbers):]), "not reported sorts last"
            page.locator("table.ntm-compare thead th button").first.click()
            assert page.locator("table.ntm-compare thead th").first.get_attribute("aria-sort") == "ascending"
        finally:
            context.close()


@pytest.mark.browser
def test_a_phone_opens_the_comparison_on_one_figure(tabs, site_server):
    with tabs.open(f"{site_server}/dia-phuong/") as page:
        page.wait_for_selector("label.ntm-compare__pick select")
        first_figure = page.locator("table.ntm-compare thead th").nth(1).inner_text().strip()
        assert page.locator("label.ntm-compare__pick select option:checked").inner_text().strip() == first_figure
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('table.ntm-compare tbody tr'))
            .map(r => Array.from(r.cells).filter(c => c.checkVisibility()).length)""")
        assert shown == [2] * 13  # each card: the unit's name and the chosen figure


def test_a_district_summary_says_what_was_promised_and_how_it_went(catalogue, project):
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.district_summary import summary

    lines = summary(catalogue, 444, "Hương Khê", Localiser("vi", project.messages), project)
    # C.I / C.II.4: Hương Khê is to meet the NTM standard in 2024; its dossier was due by 30/09/2024
    assert any("trong năm 2024" in line for line in lines)
    dossier = next(line for line in lines if "30/09/2024" in line)
    assert "Theo dõi sau báo cáo" in dossier
    # ... and what the follow-up rests on: the submission's date and who reported it
    import csv

    from conftest import ROOT

    with open(ROOT / "datapackages" / "history" / "recognitions.csv", encoding="utf-8") as handle:
        [submitted] = [r for r in csv.DictReader(handle) if r["unit_code"] == "444" and r["stage"] == "submitted"]
    with open(ROOT / "datapackages" / "reference" / "sources.csv", encoding="utf-8") as handle:
        issuer = next(r["issuer_vi"] for r in csv.DictReader(handle) if r["source_id"] == submitted["source_id"])
    assert "/".join(reversed(submitted["decision_date"].split("-"))) in dossier and issuer in dossier


def test_a_district_summary_names_the_decision_another_source_reports(catalogue, project):
    # The report only implies that Can Lộc meets the standard (its counts) and says Kỳ
    # Anh's file was sent; news pages report the decisions. The summary names each,
    # with its source, and says when it came after the report.
    import csv

    from conftest import ROOT
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.district_summary import summary

    def rows(path):
        with open(ROOT / "datapackages" / path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    sources = {r["source_id"]: r for r in rows("reference/sources.csv")}
    report = {r["unit_code"]: r for r in rows("criteria/unit_recognition.csv")
              if r["goal"] == "ntm_standard" and not r["decision_ref"] and r["status"] in ("recognised", "submitted")}
    checked = {"before": 0, "after": 0}
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        for decision in rows("history/recognitions.csv"):
            code = decision["unit_code"]
            if code not in report or decision["standard"] != "ntm" or decision["stage"] != "recognised" \
                    or not decision["decision_number"] or not decision["decision_date"]:
                continue
            lines = summary(catalogue, int(code), "X", loc, project)
            said = next((line for line in lines if decision["decision_number"] in line), None)
            if said is None:
                continue  # another source's row for the same decision was named instead
            reporting = {sources[d["source_id"]][f"issuer_{lang}"] for d in rows("history/recognitions.csv")
                         if d["decision_number"] == decision["decision_number"]}
            assert any(issuer in said for issuer in reporting), said  # a source that reports it
            after = decision["decision_date"] > report[code]["as_of"] + "-31"
            assert (loc.t("district_summary.decided_later", decision="|", date="|", source="|").split("|")[0] in said) == after
            checked["after" if after else "before"] += 1
    assert checked["before"] and checked["after"], checked


@pytest.mark.browser
@pytest.mark.parametrize("width", [1225, 1366, 1600])
def test_every_section_tab_is_in_sight_on_a_wide_screen(browser, site_server, width):
    """The theme's tab bar scrolls sideways with no scroll bar: a tab past its end
    is out of sight with nothing to say so (the Vietnamese "Giới thiệu" was)."""
    context = browser.new_context(viewport={"width": width, "height": 600})
    page = context.new_page()
    try:
        for path in ("", "en/"):
            page.goto(f"{site_server}/{path}", wait_until="load")
            cut = page.evaluate("""() => {
                const bar = document.querySelector('.md-tabs__list').getBoundingClientRect();
                return Array.from(document.querySelectorAll('.md-tabs__link'))
                    .filter(link => { const r = link.getBoundingClientRect();
                                      return r.right > bar.right + 0.5 || r.left < bar.left - 0.5 || r.width === 0; })
                    .map(link => link.textContent.trim()); }""")
            assert cut == [], f"{width} px, /{path}: tabs out of sight: {cut}"
    finally:
        context.close()


@pytest.mark.browser
def test_running_text_keeps_a_readable_measure_on_a_wide_screen_and_tables_the_whole_column(browser, site_server):
    """On a page that hides the side menu (the districts' overview), a line of the intro ran
    to 170 characters at 1366 px. Paragraphs and lists stay within about 85 characters
    (40 em); the tables beside them still take the column's whole width."""
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    try:
        for path in ("", "dia-phuong/", "ket-qua/", "gioi-thieu/", "en/", "en/dia-phuong/"):
            page.goto(f"{site_server}/{path}", wait_until="load")
            widths = page.evaluate("""() => {
                const ems = e => e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize);
                return {text: [...document.querySelectorAll('.md-content__inner > :is(p, ul, ol)')].map(ems),
                        column: ems(document.querySelector('.md-content__inner')),
                        tables: [...document.querySelectorAll('.md-content__inner table')].map(ems)}; }""")
            assert len(widths["text"]) >= 2, path
            assert max(widths["text"]) <= 40.5, f"/{path}: a line of text {max(widths['text']):.0f} em wide"
            assert widths["column"] > 45, f"/{path}: the column itself was narrowed"
            if path.endswith("dia-phuong/"):
                assert max(widths["tables"]) > 45, f"/{path}: the comparison table lost the column's width"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", PHONES)
def test_no_page_title_ends_in_an_empty_line_on_a_phone(phone_sweep, viewport):
    """A title that just fits a phone's width stays on its lines: nothing invisible (the
    permalink mark of a heading is laid out though transparent) wraps onto a line of its own,
    which showed as a gap under the title."""
    measured = {path: record.phones[viewport].title_gap for path, record in phone_sweep.items()}
    assert sum(gap is not None for gap in measured.values()) > 40, "titles measured"
    gaps = {path: gap for path, gap in sorted(measured.items()) if gap is not None and gap > 8}
    assert gaps == {}, gaps


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_results_page_opens_with_a_link_to_each_of_its_sections(built_site, lang):
    """/ket-qua/ lists every figure of the report, dozens of screens on a phone: a line of
    links first, one per section, each naming how many figures the section's table holds."""
    import re

    html = (built_site / lang / "ket-qua" / "index.html").read_text(encoding="utf-8")
    jump = html[html.index('class="ntm-link-chips"'): html.index("</nav>", html.index('class="ntm-link-chips"'))]
    links = re.findall(r'<a href="#([^"]+)">[^<]*?(?:\((\d+)\))?</a>', jump)
    sections = re.findall(r'<h2 id="([^"]+)"', html)
    assert [target for target, _ in links] == sections and len(sections) > 5
    for (target, count), end in zip(links, sections[1:] + [None]):
        section = html[html.index(f'<h2 id="{target}"'): html.index(f'<h2 id="{end}"') if end else None]
        if count:  # a theme's table: one row per figure
            assert int(count) == section.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>"), target


def test_no_card_on_a_readers_page_is_headed_by_a_bare_number(built_site):
    """On a phone a table row becomes a card headed by its first cell: "3.534" heading the
    district pages' sponsorship card said nothing of what it counts. The data pages' previews
    (raw rows, led by their codes) and the changelog's row keys are left out: there the
    first cell is the row's key, as in the file."""
    import re

    headed_by_numbers = {}
    for page in built_site.rglob("index.html"):
        where = page.relative_to(built_site).as_posix()
        if re.match(r"(en/)?(du-lieu|thay-doi)/", where):
            continue
        html = page.read_text(encoding="utf-8")
        for box in re.findall(r'<div class="ntm-table ntm-table--cards".*?</table>', html, re.S):
            for first in re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>", box, re.S):
                if re.fullmatch(r"[\d.,%\s–+-]*", re.sub(r"<[^>]+>", "", first).strip()):
                    headed_by_numbers.setdefault(where, []).append(first)
    assert headed_by_numbers == {}


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_sponsorship_table_names_each_row_by_what_it_counts(built_site, lang):
    """On a phone each row of a table may become a card headed by its first cell: five cards
    headed "Huyện" alike, and "Cấp huyện" beside "Tỉnh Hà Tĩnh", read as nonsense. Each row of
    the funding page's sponsorship table is named once: a district, or a level of the province."""
    import re

    html = (built_site / lang / "giai-ngan" / "index.html").read_text(encoding="utf-8")
    [table] = [t for t in re.findall(r"<table>.*?</table>", html, re.S)
               if re.search(r'<thead><tr>\s*<th scope="col">(Phạm vi|Scope)</th>', t)]
    firsts = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>", table, re.S)]
    assert len(firsts) >= 6 and len(set(firsts)) == len(firsts), firsts


def test_a_note_that_names_a_data_package_links_it(catalogue, built_site):
    # "Kết quả 6 tháng ... nằm trong gói dữ liệu Tiêu chí nông thôn mới": the reader
    # had to find that package; its title is now a link to its page. The note is
    # data, so nothing else of it becomes markup.
    import json

    from conftest import ROOT
    from ntm_site.site_pages.pages import PackageMentions

    criteria = json.loads((ROOT / "datapackages" / "criteria" / "datapackage.json").read_text(encoding="utf-8"))
    for lang, words, link_at in (("vi", "gói dữ liệu {}", "ket-qua/"), ("en", "the {} data package", "en/ket-qua/")):
        title = criteria["title"] if lang == "vi" else criteria["title_en"]
        linked = PackageMentions(catalogue, lang)("<b>x</b> " + words.format(title) + ".", "../")
        assert linked.count("<a ") == 1 and f'<a href="../du-lieu/criteria/">{title}</a>' in linked
        assert "&lt;b&gt;x&lt;/b&gt;" in linked and "<b>" not in linked
        assert PackageMentions(catalogue, lang)(title, "../") == title  # a title alone is not said to be a package
        page = (built_site / link_at / "index.html").read_text(encoding="utf-8")
        assert f'du-lieu/criteria/">{title}</a>' in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_home_page_says_which_requirements_are_met(built_site, project, lang):
    # "Tỉnh đạt 3 trên 8 yêu cầu" above a chart of the four the report gives a
    # percentage for, all "Chưa đạt": which three are met, the page did not say.
    import csv
    import html

    from conftest import ROOT

    with open(ROOT / "datapackages" / "criteria" / "province_requirement_status.csv", encoding="utf-8") as handle:
        status = {r["requirement_id"]: r["status"] for r in csv.DictReader(handle)}
    with open(ROOT / "datapackages" / "reference" / "criteria.csv", encoding="utf-8") as handle:
        names = {r["criterion_id"]: r[f"short_name_{lang}"] for r in csv.DictReader(handle)}
    page = html.unescape((built_site / ("en/" if lang == "en" else "") / "index.html").read_text(encoding="utf-8"))
    listed = page.split('class="ntm-requirements"', 1)[1].split("</ul>", 1)[0]
    for line in listed.split("<li>")[1:]:
        label = line.split("<strong>", 1)[1].split(":</strong>", 1)[0]
        said = {code for code in ("met", "basically_met", "not_met") if project.messages.get(f"codes.status.{code}", lang) == label}
        assert len(said) == 1, label
        assert sorted(n.strip() for n in line.split("</strong>", 1)[1].split("</li>")[0].rstrip(". ").split(";")) == \
            sorted(names[r] for r, s in status.items() if s in said)
    assert sum(listed.count(names[r]) for r in status) >= len(status)


def test_a_package_page_names_its_sources_in_the_pages_language(built_site, catalogue):
    # The English funding page gave its source in Vietnamese only ("Văn phòng Điều
    # phối ..."); a descriptor's source now carries an English title, shown there.
    import html

    checked = 0
    for name, package in catalogue.packages.items():
        for lang, folder in (("vi", ""), ("en", "en/")):
            page = html.unescape((built_site / folder / "du-lieu" / name / "index.html").read_text(encoding="utf-8"))
            for source in package.descriptor.get("sources", []):
                title = source.get("title_en", source["title"]) if lang == "en" else source["title"]
                assert title in page, (name, lang)
                checked += lang == "en" and "title_en" in source
    assert checked >= 10


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_funding_page_shows_every_note_of_its_rows(built_site, lang):
    # "The report does not state the period": the sponsorship table showed a period
    # without the note that says the report gives none.
    import csv
    import html

    from conftest import ROOT

    page = html.unescape((built_site / ("en/" if lang == "en" else "") / "giai-ngan" / "index.html").read_text(encoding="utf-8"))
    notes = []
    for table in ("sponsorship", "capital_disbursement"):
        with open(ROOT / "datapackages" / "funding" / f"{table}.csv", encoding="utf-8") as handle:
            notes += [r[f"note_{lang}"] for r in csv.DictReader(handle) if r.get(f"note_{lang}")]
    assert notes and [n for n in notes if n not in page] == []


def test_the_home_page_says_its_districts_are_2024s_and_when_the_level_ended(built_site):
    # The chips list 13 districts as "your district", though the district level has
    # ended: the page says when (from the admin_changes data) and links where each is now.
    import csv

    from conftest import ROOT

    with open(ROOT / "datapackages" / "admin_changes" / "changes.csv", encoding="utf-8") as handle:
        [ended] = {r["date_effective"] for r in csv.DictReader(handle) if r["kind"] == "district_level_ended"}
    page = (built_site / "index.html").read_text(encoding="utf-8")
    said = page.split('class="ntm-link-chips"', 1)[1].split("</p>", 1)[0]
    assert "/".join(reversed(ended.split("-"))) in said and 'href="dia-phuong/nay-la/"' in said


def test_a_source_address_in_a_chart_table_is_a_link_to_itself(built_site):
    """A reader saw "Source address http://daidoanket.vn/…" as text to copy by hand."""
    import html
    import re

    addresses = []
    for page in (built_site / "index.html", built_site / "en" / "index.html"):
        addresses += re.findall(r'<td [^>]*class="ntm-address"><a href="([^"]+)" rel="noopener">([^<]+)</a></td>',
                                page.read_text(encoding="utf-8"))
    assert len(addresses) > 4
    for href, text in addresses:
        assert html.unescape(href) == html.unescape(text) and re.match(r"https?://", href), (href, text)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_headline_older_than_a_figure_further_down_says_so(built_site, catalogue, project, lang):
    """The communes headline is the report's (June 2024); the chart below it has a newer count
    from the press. A journalist copied the big number without seeing the newer one: the card
    now names it, its date and source, with a link to the chart."""
    import re

    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.core import reported_later

    loc = Localiser(lang, project.messages)
    counts = catalogue.table("history", "commune_counts")
    report = catalogue.table("criteria", "progress_counts")
    report_month = report[report["measure"] == "communes_advanced_ntm"]["as_of"].max()[:7]
    newer = counts[(counts["unit_code"] == 42) & (counts["level"] == "advanced") & (counts["as_of"].str[:7] > report_month)]
    assert not newer.empty  # the real data has one; if it goes, this test has nothing to check
    newest = newer.sort_values("as_of").iloc[-1]
    html = (built_site / ("" if lang == "vi" else "en") / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="ntm-headline">(.*?)</div>', html, re.S)
    communes = [c for c in cards if loc.t("headline.communes.label") in c]
    assert len(communes) == 1 and "ntm-headline__later" in communes[0]
    said = re.search(r'ntm-headline__later">(.*?)</span>', communes[0], re.S)[1]
    assert loc.number(newest["value"]) in said and loc.date(newest["as_of"]) in said
    # Which communes it counts, in the chart's words for them ("69" alone was read as the
    # number of communes the province has after the mergers).
    from ntm_site.site_pages.chart_builders import build_chart
    chart = build_chart("commune-counts-over-time", catalogue, loc).data
    levels = set(chart[chart[loc.t("timeline.chart.date_iso")] == newest["as_of"]][loc.t("timeline.chart.level")])
    advanced = loc.t("timeline.level.advanced")
    assert advanced in levels and advanced in said
    assert [level for level in levels if level in said.replace(advanced, "")] == [], (levels, said)
    issuer = catalogue.indexed("reference", "sources", "source_id").loc[newest["source_id"], f"issuer_{lang}"]
    assert issuer in said
    target = re.search(r'href="#([^"]+)"', said)[1]
    assert f'id="{target}"' in html
    # Nothing newer than the newest: no line.
    assert reported_later(catalogue, "advanced", newest["as_of"], loc) is None



@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_districts_headline_names_the_districts_recognised_after_the_report(built_site, catalogue, project, lang):
    """8 of 10 districts in June 2024; a decision of August 2024 recognised one more. The card
    names each district recognised by a later decision, with the decision, linked to its page."""
    import re

    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.core import recognised_later

    loc = Localiser(lang, project.messages)
    report = catalogue.table("criteria", "progress_counts")
    report_month = report[report["measure"] == "districts_ntm_recognised"]["as_of"].max()[:7]
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    decisions = catalogue.table("history", "recognitions")
    later = decisions[(decisions["standard"] == "ntm") & (decisions["stage"] == "recognised")
                      & (decisions["decision_date"].fillna("").str[:7] > report_month)]
    later = later[[units.at[code, "type"] == "huyen" for code in later["unit_code"]]]
    assert not later.empty  # the real data has one; if it goes, this test has nothing to check
    html = (built_site / ("" if lang == "vi" else "en") / "index.html").read_text(encoding="utf-8")
    card = next(c for c in re.findall(r'<div class="ntm-headline">(.*?)</div>', html, re.S)
                if loc.t("headline.districts.label") in c)
    said = re.search(r'ntm-headline__later">(.*?)</span>', card, re.S)[1]
    for row in later.itertuples():
        unit = units.loc[row.unit_code]
        assert f'<a href="dia-phuong/{unit["slug"]}/">{unit[f"short_name_{lang}"]}</a>' in said
        assert row.decision_number in said and loc.date(row.decision_date) in said
        assert (built_site / ("" if lang == "vi" else "en") / "dia-phuong" / unit["slug"] / "index.html").is_file()
    # A unit recognised in the report's own month or before is not "later".
    assert recognised_later(catalogue, "huyen", later["decision_date"].max(), loc, "") is None



@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_criteria_pages_recognition_table_is_followed_by_the_later_recognitions(built_site, catalogue, project, lang):
    """The home card said Kỳ Anh was recognised in August 2024 while /tieu-chi/ showed it only
    as submitted (the report's status in June): the page's table stays the report's, and a
    line under it names each district recognised after the report, with its decision."""
    import re

    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    report_month = catalogue.table("criteria", "unit_recognition")["as_of"].max()[:7]
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    decisions = catalogue.table("history", "recognitions")
    later = decisions[(decisions["standard"] == "ntm") & (decisions["stage"] == "recognised")
                      & (decisions["decision_date"].fillna("").str[:7] > report_month)]
    later = later[[units.at[code, "type"] == "huyen" for code in later["unit_code"]]]
    assert not later.empty  # the premise: Kỳ Anh, August 2024
    page = (built_site / ("" if lang == "vi" else "en") / "tieu-chi" / "index.html").read_text(encoding="utf-8")
    heading = page.index(f">{loc.t('pages.criteria.recognition_heading')}<")
    section = page[heading:page.index("<h2", heading + 1)]
    lines = re.findall(r'<p class="ntm-later">(.*?)</p>', section, re.S)
    assert len(lines) == 1 and section.index("<table") < section.index('class="ntm-later"')
    for row in later.itertuples():
        unit = units.loc[row.unit_code]
        assert f'<a href="../dia-phuong/{unit["slug"]}/">{unit[f"short_name_{lang}"]}</a>' in lines[0]
        assert row.decision_number in lines[0] and loc.date(row.decision_date) in lines[0]


def test_a_later_recognition_without_a_decision_number_is_said_by_its_date(catalogue, project):
    """A source may give a decision's date and not its number: the line then says the date,
    never "Decision –"."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.core import recognised_later

    recognitions = catalogue.table("history", "recognitions").copy()
    recognitions["decision_number"] = None  # as a source without the number would give it

    class WithoutNumbers:  # the real catalogue, but for that one table
        packages = catalogue.packages
        indexed = staticmethod(catalogue.indexed)

        @staticmethod
        def table(package, name):
            return recognitions if (package, name) == ("history", "recognitions") else catalogue.table(package, name)

    loc = Localiser("vi", project.messages)
    said = str(recognised_later(WithoutNumbers, "huyen", "2024-06", loc, ""))
    dates = recognitions[(recognitions["stage"] == "recognised") & (recognitions["decision_date"].fillna("") > "2024-07")]
    assert not dates.empty
    assert all(loc.date(d) in said for d in dates["decision_date"]), said
    assert "–" not in said and "Quyết định" not in said, said


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_period_the_report_does_not_give_is_shown_as_inferred(built_site, project, lang):
    """/giai-ngan/ said "Period: 01/01/2024 – 30/06/2024" over a note that the report gives no
    period: a period the data infers (period_basis implied) says so wherever it is shown."""
    import csv
    import html

    from conftest import ROOT
    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    with open(ROOT / "datapackages/funding/sponsorship.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    inferred = {(r["period_start"], r["period_end"]) for r in rows if r["period_basis"] == "implied"}
    assert inferred  # the premise: the report's sponsorship figures
    page = html.unescape((built_site / ("" if lang == "vi" else "en") / "giai-ngan" / "index.html").read_text(encoding="utf-8"))
    for start, end in inferred:
        said = loc.t("period", start=loc.date(start), end=loc.date(end))
        in_table = loc.t("period_implied", period=said)
        in_chart = loc.t("chart.period_inferred", start=loc.date(start), end=loc.date(end))  # its unit line
        assert in_table in page and in_chart in page
        assert page.count(said) == page.count(in_table) + page.count(in_chart), "the same period shown as stated"


@pytest.mark.parametrize("lang, prefix", [("vi", ""), ("en", "en/")])
def test_ocop_rows_say_a_star_rating_only_for_what_has_one(built_site, project, catalogue, lang, prefix):
    """"Ý tưởng sản phẩm đăng ký 50 · Không chia theo hạng sao": product ideas and the
    localities that held ratings have no stars to split by. Their rows say no rating; the
    other rows say theirs, a figure the report does not split by rating saying so."""
    import re
    from html import unescape

    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    page = (built_site / prefix / "ocop" / "index.html").read_text(encoding="utf-8")
    rows = [unescape(re.sub(r"<[^>]+>", " ", row)) for row in re.findall(r"<tr>.*?</tr>", page, re.S)]
    ratings = [loc.code("star_rating", code) for code in ("all", "3", "4")]
    activity = catalogue.table("ocop", "ocop_activity")
    checked = 0
    for measure, rating in zip(activity["measure"], activity["star_rating"]):
        [row] = [r for r in rows if loc.code("ocop_measure", measure) in r and "A.II" in r]
        unrated = measure in ("ideas_registered", "rating_localities")
        assert (not any(word in row for word in ratings)) if unrated else loc.code("star_rating", rating) in row, row
        checked += unrated
    assert checked == 2


@pytest.mark.parametrize("lang, prefix", [("vi", ""), ("en", "en/")])
def test_ocop_says_what_the_province_decided_after_the_report(built_site, catalogue, project, lang, prefix):
    """The OCOP page and headline gave the report's stock alone, where the targets page knew
    of 8 products recognised at 4 stars in October 2024. Both say each later decision, with
    the page reporting it, linked."""
    from html import escape

    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    decisions = catalogue.table("history", "province_decisions")
    sources = catalogue.indexed("reference", "sources", "source_id")
    report = str(catalogue.table("ocop", "ocop_products")["as_of"].max())[:7]
    later = decisions[(decisions["subject"] == "ocop_4_star") & (decisions["decision_date"].fillna("").str[:7] > report)]
    assert len(later) >= 1  # the premise: Decision 2394/QĐ-UBND of 15/10/2024
    for page in ("ocop/index.html", "index.html"):
        html = (built_site / prefix / page).read_text(encoding="utf-8")
        for _, row in later.iterrows():
            source = sources.loc[row["source_id"]]
            assert row["decision_number"] in html and loc.date(row["decision_date"]) in html, page
            assert f'<a href="{escape(source["url"])}" rel="noopener">{escape(source[f"issuer_{lang}"])}</a>' in html, page
