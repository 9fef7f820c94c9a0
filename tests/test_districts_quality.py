"""District pages answer "how is my district doing"; the data-quality page shows what the checks found."""
import html as html_module
import re

import pandas as pd
import pytest

from ntm_site.data_in.checks import run_rules
from ntm_site.data_in.observations import all_observations, with_context
from ntm_site.site_pages.views.districts import district_units


def test_every_district_level_unit_has_a_page_in_both_languages(built_site, catalogue):
    units = district_units(catalogue)
    assert len(units) == 13
    for unit in units.itertuples():
        vi = (built_site / "dia-phuong" / unit.slug / "index.html").read_text(encoding="utf-8")
        en = (built_site / "en" / "dia-phuong" / unit.slug / "index.html").read_text(encoding="utf-8")
        assert unit.name_vi in vi and unit.name_en in en


def test_index_links_every_unit(built_site, catalogue):
    html = (built_site / "dia-phuong/index.html").read_text(encoding="utf-8")
    for slug in district_units(catalogue)["slug"]:
        assert f'href="{slug}/"' in html


def test_district_page_shows_its_figures_with_rank_and_share(built_site, catalogue):
    observations = with_context(all_observations(catalogue))
    land = observations[(observations["indicator_id"] == "land_consolidation_ha") & (observations["unit_code"] == 443)].iloc[0]
    html = (built_site / "dia-phuong/can-loc/index.html").read_text(encoding="utf-8")
    value = f"{land['value']:,.0f}".replace(",", ".")
    assert value in html
    # "3 trên 13", never "3/13", which a Vietnamese reader takes for a date; on one line
    assert f"{int(land['rank'])}\u00a0trên\u00a0{int(land['ranked_among'])}" in html
    share = f"{land['share_of_province']:.1f}".replace(".", ",") + "%"
    assert share in html
    # and the criteria the report details for Can Loc
    assert "Giao thông" in html and "Chưa đạt" in html


def test_the_comparison_has_no_column_the_report_gives_no_unit_a_figure_for(catalogue, project):
    # The report sets the NTM district criteria out for Hương Khê without a count of
    # those met: a column of it read "không nêu" on every row, the total's too.
    from conftest import ROOT
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.compare import comparison

    summary = pd.read_csv(ROOT / "datapackages" / "criteria" / "district_criteria_summary.csv")
    uncounted = set(summary["set_id"]) - set(summary.loc[summary["met_count"].notna(), "set_id"])
    assert uncounted  # the premise: a criteria set with no unit's count
    compare = comparison(catalogue, Localiser("vi", project.messages))
    assert not {f"met-{s}" for s in uncounted} & {c.id for c in compare.columns}
    assert [c.label for c in compare.columns if not any(c.id in r.cells for r in compare.rows)] == []
    assert any(c.id.startswith("met-") for c in compare.columns)  # a counted set keeps its column


def test_a_unit_with_criteria_basically_met_is_never_shown_as_meeting_none(catalogue, project):
    """Thạch Hà: the report gives 4 of 9 advanced criteria basically met, none fully met. The
    comparison showed "0/9" in its table, its map's tip and its download, as if no criterion
    were near. Its "met" cell now names the basically met ones, and their count is a column of
    its own (in the table and the downloads, though not a map of its own)."""
    from conftest import ROOT
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.compare import comparison

    summary = pd.read_csv(ROOT / "datapackages" / "criteria" / "district_criteria_summary.csv")
    basically = summary[summary["basically_met_count"].fillna(0) > 0]
    assert not basically.empty  # the premise: the report gives such a count
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        compare = comparison(catalogue, loc)
        rows = {r.code: r for r in compare.rows}
        frame = compare.frame(loc).set_index(loc.t("compare.code"))
        for r in basically.itertuples():
            count = int(r.basically_met_count)
            met_text = rows[r.unit_code].cells[f"met-{r.set_id}"][0]
            assert met_text.startswith(f"{int(r.met_count)}/{int(r.criteria_total)}")
            assert loc.t("compare.met_and_basically", met="", basically=count).strip() in met_text
            column = next(c for c in compare.columns if c.id == f"basically-met-{r.set_id}")
            assert not column.mapped
            assert rows[r.unit_code].cells[column.id][1] == count
            assert frame.loc[r.unit_code, column.label] == count
        maps = _district_maps(compare, catalogue, project, loc)
        assert not any(f.id.startswith("basically-met") for f in maps.figures)
        # The "met" map, shaded by criteria met only, says under it whose criteria basically met
        # it leaves out (its "0" read as nothing done); no other map has such a line.
        noted = {f.id: f.note for f in maps.figures if f.note}
        assert set(noted) == {f"met-{set_id}" for set_id in basically["set_id"]}
        for r in basically.itertuples():
            said = loc.t("compare.map_basically_unit", unit=rows[r.unit_code].name, count=int(r.basically_met_count),
                         total=int(r.criteria_total))
            assert said in noted[f"met-{r.set_id}"]


def _district_maps(compare, catalogue, project, loc):
    from ntm_site.site_pages.views.district_map import district_maps
    names = {int(u.unit_code): getattr(u, f"name_{loc.lang}") for u in district_units(catalogue).itertuples()}
    return district_maps(project, compare, names, loc)


def test_rank_and_share_are_computed_among_units_only(catalogue):
    observations = with_context(all_observations(catalogue))
    land = observations[observations["indicator_id"] == "land_consolidation_ha"]
    province = land[land["unit_code"] == 42].iloc[0]
    units = land[land["unit_code"] != 42]
    assert pd.isna(province["rank"]) and pd.isna(province["share_of_province"])
    top = units.sort_values("value", ascending=False).iloc[0]
    assert top["rank"] == 1
    assert top["share_of_province"] == pytest.approx(top["value"] / province["value"] * 100)
    assert units["one_of"].isna().all()  # a measure, not a list of units


def test_a_unit_a_series_names_is_one_of_them_not_a_share(built_site, catalogue, project):
    """"Huyện ký liên kết với Công ty Đồng Giao: 1 · Tỷ trọng trong tổng tỉnh: 20%" read as
    nonsense to a citizen: the report names the five districts that signed, each counted 1.
    A unit of such a series is said to be one of those the report names, with no share."""
    from ntm_site.common.i18n import Localiser

    observations = with_context(all_observations(catalogue))
    linkage = observations[observations["indicator_id"] == "dong_giao_linkage_districts"]
    province = linkage[linkage["unit_code"] == 42].iloc[0]
    named = linkage[linkage["unit_code"] != 42]
    assert (named["value"] == 1).all() and len(named) == province["value"]  # the premise
    assert (named["one_of"] == province["value"]).all() and named["share_of_province"].isna().all()
    slugs = catalogue.indexed("reference", "admin_units", "unit_code")["slug"]
    for lang, prefix in (("vi", ""), ("en", "en/")):
        said = Localiser(lang, project.messages).t("district.one_of", count=int(province["value"]))
        page = (built_site / f"{prefix}dia-phuong/{slugs[named['unit_code'].iloc[0]]}/index.html").read_text(encoding="utf-8")
        row = page[page.index(said) - 600:page.index(said) + 600]  # its card: no share beside it
        share = Localiser(lang, project.messages).percent(100 / province["value"])
        assert said in page and share not in row


def test_district_page_has_comparison_charts_highlighting_it(built_site):
    html = (built_site / "dia-phuong/can-loc/index.html").read_text(encoding="utf-8")
    charts = re.findall(r'id="bieu-do-(so-sanh--[^"]+)"', html)
    assert charts and all(c.endswith("--can-loc") for c in charts)


def test_quality_page_lists_every_rule_and_each_source_discrepancy(built_site, project, catalogue):
    html = (built_site / "chat-luong-du-lieu/index.html").read_text(encoding="utf-8")
    for rule in project.rules:
        assert rule["title"]["vi"] in html
    found = [r for r in run_rules(project, catalogue) if r.status == "source_discrepancy"]
    assert len(found) >= 10
    for r in found:
        shown = r.value if r.value is not None else f"{r.reported:,g}".replace(",", "X").replace(".", ",").replace("X", ".")
        if r.value is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.value):  # a date, as Vietnamese readers write it
            shown = "/".join(reversed(r.value.split("-")))
        assert shown in html


def _quality_tables(site, lang: str) -> list[list[list[str]]]:
    """The quality page's tables (the discrepancies, then the rules): rows of cells' markup."""
    html = (site / lang / "chat-luong-du-lieu/index.html").read_text(encoding="utf-8")
    return [[re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)][1:]
            for table in re.findall(r"<table>(.*?)</table>", html, re.S)]


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_quality_page_names_packages_tables_and_columns_as_readers_know_them(built_site, catalogue, lang):
    discrepancies, rules = _quality_tables(built_site, lang)
    title = "title" if lang == "" else "title_en"
    # Each rule's packages by title, each a link to its page.
    linked = [re.findall(r'<a href="\.\./(?:\.\./)?du-lieu/([a-z_]+)/">(.*?)</a>', cells[1]) for cells in rules]
    assert linked and all(linked)
    for links in linked:
        for name, text in links:
            assert html_module.unescape(text) == catalogue.packages[name].descriptor[title]
    # No table named by its path in the data ("history/recognitions").
    paths = [f"{p}/{t}" for p, package in catalogue.packages.items() for t in package.tables]
    for cells in discrepancies:
        assert not any(path in _text(cells[1]) for path in paths), cells[1]
    # The column of each discrepancy by its label, before its name in the file.
    places = [cells[5].strip() for cells in discrepancies if ".csv" in cells[5]]
    # (then, for a figure compared with another table's, that table's file and row)
    assert places and all(re.search(r", [^,<>]*\w [^,<>]*<code>\w+</code>(; [^<]+<a [^>]+>.*?</a>, \w+ \d+)?$", place)
                          for place in places), places


def test_two_sources_that_differ_are_shown_with_both_values_and_rows(built_site, catalogue):
    """The rule comparing sources on one recognition: the page names the district and
    says which row says what (here worked out from the CSV, not from the rule's code)."""
    frame = catalogue.packages["history"].tables["recognitions"].frame
    issuers = catalogue.indexed("reference", "sources", "source_id")["issuer_vi"]
    expected = []
    for _, group in frame.groupby(["unit_code", "standard", "stage"], sort=False):
        stated = [(i, v) for i, v in group["signatory"].items() if isinstance(v, str) and v]
        if len(stated) < 2:
            continue
        first, named = stated[0], lambda i: issuers[frame.loc[i, "source_id"]]
        expected += [(int(group.iloc[0]["unit_code"]), f"“{v}” theo {named(i)} (dòng {i + 2})",
                      f"“{first[1]}” theo {named(first[0])} (dòng {first[0] + 2})")
                     for i, v in stated[1:] if v != first[1]]
    assert expected  # the real data have one: two pages name different signatories
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    rows = _quality_tables(built_site, "")[0]
    for code, one, other in expected:
        [row] = [cells for cells in rows if units.loc[code, "name_vi"] in _text(cells[1]) and one in _text(cells[1])]
        assert other in _text(row[1])
        assert _text(row[3]) == "–"  # neither source's value put above the other's as what "the source prints"


def test_the_vietnamese_quality_page_writes_dates_the_vietnamese_way(built_site):
    html = (built_site / "chat-luong-du-lieu/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    shown = _text(re.sub(r"<(code|script|style)\b.*?</\1>", " ", article, flags=re.S))
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", shown) == []


def test_known_discrepancies_of_the_report_are_found(project, catalogue):
    flagged = {r.rule_id for r in run_rules(project, catalogue) if r.status == "source_discrepancy"}
    # road surface restoration printed as 2,1% of plan; 13 vs 16 model villages; VietGAP crops vs total; a 2025 date
    assert {"pavement-restored-pct", "model-villages-two-counts", "vietgap-area-by-crop", "dates-not-after-source"} <= flagged


def test_a_new_discrepancy_in_observations_is_an_error(data_copy):
    from ntm_site.data_in.loading import load
    rows = data_copy.rows("infrastructure/observations.csv")
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("indicator_id")] == "cement_roads_pct_of_plan":
            row[header.index("value")] = "6.2"
    data_copy.write_rows("infrastructure/observations.csv", rows)
    errors = [r for r in run_rules(data_copy.project, load(data_copy.project)) if r.status == "error"]
    assert [e.rule_id for e in errors] == ["cement-roads-pct"]


def test_every_observation_is_on_the_results_page_with_its_section(built_site, project, catalogue):
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.observations import value_text

    html = (built_site / "ket-qua/index.html").read_text(encoding="utf-8")
    loc = Localiser("vi", project.messages)
    symbols = catalogue.reference.tables["measure_units"].frame.set_index("unit_id")
    observations = all_observations(catalogue)
    assert len(observations) > 150
    missing = [(r["package"], r["indicator_id"], r["unit_code"]) for _, r in observations.iterrows()
               if f">{value_text(r, loc, symbols)}</td>" not in html]  # cells carry their column's label
    assert missing == []
    for section in set(observations["section"]):
        # each section named, and linked to its place in the report's text
        for part in section.split("; "):
            assert f'#muc-{part}">{part}</a>' in html



def test_a_figure_and_its_unit_never_part_at_a_line_end(project, catalogue):
    """In a narrow column "15,78" ended one line and its "người/km²" began the next: a
    figure is said as one unbroken phrase, its qualifier ("trên") and unit included."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.observations import value_text

    symbols = catalogue.reference.tables["measure_units"].frame.set_index("unit_id")
    observations = all_observations(catalogue)
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        texts = [value_text(r, loc, symbols) for _, r in observations.iterrows()]
        symbol = symbols[f"symbol_{lang}"]
        with_units = [t for t, unit in zip(texts, observations["unit"])
                      if unit != "percent" and isinstance(symbol.get(unit), str) and symbol.get(unit)]
        assert len(with_units) > 50  # most figures have a unit, which the check must see
        assert [t for t in texts if any(c.isspace() and c != "\u00a0" for c in t)] == []
        assert all("\u00a0" in t for t in with_units)


def test_a_unit_without_a_word_in_english_is_said_in_its_base_unit(project, catalogue):
    """"more than 36.3 × 10,000 tonnes" left a journalist to work out 363,000 tonnes. The
    report's vạn tấn (ten thousand tonnes) has no English word: the English page says the
    tonnes, and beside them the report's own figure, as it prints it, to find in its text.
    Vietnamese keeps the report's unit."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.observations import printed_as, value_text

    symbols = catalogue.reference.tables["measure_units"].frame.set_index("unit_id")
    observations = all_observations(catalogue)
    [rice] = [r for _, r in observations.iterrows() if r["unit"] == "ten_thousand_tonnes"]
    assert (rice["value"], rice["qualifier"]) == (36.3, "more_than")  # "trên 36,3 vạn tấn" (A.II.1.3.2)
    loc = {lang: Localiser(lang, project.messages) for lang in ("vi", "en")}
    said = {lang: value_text(rice, loc[lang], symbols).replace("\u00a0", " ") for lang in loc}
    assert said == {"vi": "trên 36,3 vạn tấn", "en": "more than 363,000 tonnes"}
    assert printed_as(rice, loc["vi"], symbols) is None
    assert "“36,3 vạn tấn”" in printed_as(rice, loc["en"], symbols) and "10,000 tonnes" in printed_as(rice, loc["en"], symbols)

def test_every_cited_document_is_listed(built_site, catalogue):
    html = (built_site / "ket-qua/index.html").read_text(encoding="utf-8")
    for ref in catalogue.table("documents", "cited_documents")["document_ref"]:
        assert ref in html


def test_navigation_lists_unit_pages_only_while_units_are_few(data_copy):
    """Each page carries the whole navigation; past MAX_UNITS_IN_NAV units it
    would grow as units x pages, so the districts page's own list stands in."""
    from ntm_site.language_site import MAX_UNITS_IN_NAV, nav_entries
    from ntm_site.data_in.loading import load

    def districts_entry(catalogue):
        [entry] = [e for e in nav_entries(data_copy.project, catalogue, "vi") if "dia-phuong/index.md" in str(e)]
        return next(iter(entry.values()))

    catalogue = load(data_copy.project)
    entry = districts_entry(catalogue)
    assert entry[0] == "dia-phuong/index.md" and len(entry) == 1 + len(district_units(catalogue))

    rows = data_copy.rows("reference/admin_units.csv")
    template = next(r for r in rows[1:] if r[rows[0].index("level")] == "district")
    for i in range(MAX_UNITS_IN_NAV):  # SYNTHETIC units, only in this test's copy
        extra = list(template)
        extra[rows[0].index("unit_code")] = str(900000 + i)
        extra[rows[0].index("slug")] = f"synthetic-{i}"
        rows.append(extra)
    data_copy.write_rows("reference/admin_units.csv", rows)
    assert districts_entry(load(data_copy.project)) == "dia-phuong/index.md"


def test_each_compared_figure_says_its_unit(built_site, project, catalogue):
    """'218,278' beside '22,6' means nothing without 'km': each figure row of the
    discrepancies names its unit (worked out here from the rows and measure_units.csv)."""
    import csv

    from conftest import ROOT

    with open(ROOT / "datapackages/reference/measure_units.csv", encoding="utf-8") as handle:
        symbols = {r["unit_id"]: r["symbol_vi"] for r in csv.DictReader(handle)}
    expected = []
    for r in run_rules(project, catalogue):
        if r.status != "source_discrepancy" or r.computed is None or not r.file.endswith("observations.csv"):
            continue
        with open(ROOT / r.file, encoding="utf-8") as handle:
            unit = list(csv.DictReader(handle))[r.row - 2]["unit"]
        expected.append((f"{r.package}/observations.csv, dòng {r.row},", symbols[unit]))
    assert any(symbol for _, symbol in expected)  # the premise: some have a unit (km, ha, %)
    rows = _quality_tables(built_site, "")[0]
    for place, symbol in expected:
        [cells] = [c for c in rows if _text(c[5]).startswith(place)]
        assert _text(cells[1]).endswith(f"({symbol})") == bool(symbol), _text(cells[1])


def test_a_text_that_only_looks_like_a_date_is_shown_as_it_is(project):
    """A discrepancy's value is printed as the page writes dates; a text column's
    "2024-13-45" (the pattern of an ISO date, no date at all) must not stop the build."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.quality import _as_read

    loc = Localiser("vi", project.messages)
    assert _as_read("2024-13-45", loc) == "2024-13-45"
    assert _as_read("2025-05-04", loc) == "04/05/2025"


def test_vietnamese_sentences_write_a_units_kind_in_lower_case(built_site):
    # "thuộc Tỉnh Hà Tĩnh", "vẫn gắn với Huyện Can Lộc": inside a sentence Vietnamese
    # writes the kind of a unit in lower case (the official name capitalises it only
    # at the start). The report's own text, on /nguon/, is published as received.
    mid_sentence = re.compile(r"\b(?:thuộc|với|của|tại) (?:Tỉnh|Huyện|Thị xã|Thành phố) (\w)")  # then a name, not "Tỉnh ủy"
    pages = [p for p in built_site.rglob("index.html") if not {"en", "nguon", "assets"} & set(p.relative_to(built_site).parts)]
    assert len(pages) > 30
    found = {str(p.relative_to(built_site)): [m.group(0) for m in mid_sentence.finditer(p.read_text(encoding="utf-8"))
                                              if m.group(1).isupper()] for p in pages}
    assert {page: said for page, said in found.items() if said} == {}
    assert "thuộc tỉnh Hà Tĩnh" in (built_site / "dia-phuong" / "can-loc" / "index.html").read_text(encoding="utf-8")


def test_the_funding_pages_discrepancies_give_each_figure_its_unit(built_site, project):
    # "cộng các số thành phần được 482.077; báo cáo ghi 482.078": of what, the
    # sentence did not say. Each figure now carries its column's unit (schema).
    import json

    from conftest import ROOT

    schema = json.loads((ROOT / "schemas" / "capital_disbursement.json").read_text(encoding="utf-8"))
    units = {f["unit"] for f in schema["fields"] if f["name"] in ("plan_mvnd", "disbursed_mvnd")}
    symbols = pd.read_csv(ROOT / "datapackages" / "reference" / "measure_units.csv").set_index("unit_id")
    for lang, page in (("vi", "giai-ngan"), ("en", "en/giai-ngan")):
        [symbol] = {symbols.loc[u, f"symbol_{lang}"] for u in units}
        text = html_module.unescape(re.sub(r"<[^>]+>", "", (built_site / page / "index.html").read_text(encoding="utf-8")))
        heading = project.messages.get("pages.funding.discrepancies_heading", lang)
        box = text.split(heading, 1)[1].strip().split("\n\n")[0]
        figures = [m.end() for m in re.finditer(r"\d{1,3}(?:[.,]\d{3})+", box)]
        assert len(figures) >= 4 and all(box[end:].startswith(" " + symbol) for end in figures), box


def test_a_discrepancy_between_two_tables_names_the_row_of_each(built_site, project):
    # Road surface in model areas (model_areas) against the province's (infrastructure):
    # the place column named only the second table, so the figure in the middle
    # column, read from the first, could not be found.
    import csv

    from conftest import ROOT

    page = (built_site / "chat-luong-du-lieu" / "index.html").read_text(encoding="utf-8")
    label = project.messages.get("checks_table.computed_at", "vi")
    checked = 0
    for rule in project.rules:
        left = rule.get("left", {})
        if rule["kind"] != "compare_rows" or left.get("table", rule["table"]) == rule["table"] or not rule.get("source_discrepancies"):
            continue
        package, table = left["table"].split("/")
        said = re.findall(rf'{label} <a href="../du-lieu/{package}/([^"]+)">.*?</a>, dòng (\d+)', html_module.unescape(page))
        assert said, rule["id"]
        for file_name, row in said:
            with open(ROOT / "datapackages" / package / file_name, encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            if rows[int(row) - 2].get("indicator_id") == left["where"]["indicator_id"]:
                checked += 1
                break
        else:
            raise AssertionError(f"{rule['id']}: no row of {left['where']['indicator_id']} named: {said}")
    assert checked >= 2


def test_no_comparison_chart_is_a_row_of_equal_bars_yet_its_figure_stays_in_the_comparison(built_site, catalogue):
    """The report counts 1 for each district it names ("signed a linkage with Dong Giao"):
    drawn, that was bars all of length 1 on a 0-1 axis, which say nothing the comparison's
    column and map do not. Such a figure keeps its column; it has no chart."""
    import csv
    import io

    from ntm_site.data_in.observations import district_comparable_series, uniform_series
    from ntm_site.site_pages.charts import comparison_id

    charts = [p for p in (built_site / "assets" / "charts").glob("so-sanh--*.vi.csv") if p.name.count("--") == 4]
    assert len(charts) > 5
    for chart in charts:
        rows = list(csv.reader(io.StringIO(chart.read_text(encoding="utf-8-sig"))))[1:]
        assert len({row[1] for row in rows}) > 1, chart.name
    uniform = [key for key in district_comparable_series(catalogue) if key in uniform_series(catalogue)]
    assert uniform  # the real data has such figures: each is a column of the comparison still
    names = catalogue.indexed("reference", "indicators", "indicator_id")
    header = (built_site / "dia-phuong" / "so-sanh-dia-phuong.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    for key in uniform:
        assert names.loc[key[0], "name_vi"] in header
        assert not list((built_site / "assets" / "charts").glob(f"{comparison_id(*key)}.*")), key


def test_a_quality_tables_package_cell_reads_as_its_packages_not_the_catalogue(project, catalogue):
    """The table's layout compares cells by their text: a cell listing the packages a rule
    checked printed the whole catalogue, every table of it, in its text (seconds a page)."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.quality import PackageLinks

    names = ("funding", "ocop")
    cell = PackageLinks(names, catalogue, Localiser("vi", project.messages))
    assert "funding" in str(cell) and "ocop" in str(cell)
    assert len(str(cell)) < 200, str(cell)[:300]
    assert cell == PackageLinks(names, catalogue, Localiser("en", project.messages))
    assert cell.link("../").count("<a href=") == 2


def test_a_change_in_a_converted_unit_is_said_in_the_same_unit(data_copy, project):
    """Once a later report gives the rice output again, the English page's change must be in
    the tonnes its two figures are said in ("+17,000", not "+1.7"). A later figure is added
    to a copy of the data, made up for this test."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.loading import load
    from ntm_site.site_pages.views.results import change_rows

    rows = data_copy.rows("agriculture/observations.csv")
    header = rows[0]
    rice = next(r for r in rows if r[0] == "spring_rice_output")
    later = dict(zip(header, rice)) | {"value": "38", "period_start": "2025-01-01", "as_of": "2025-06-30",
                                       "source_id": "web-vnn-2025-09-ha-tinh", "footnote": ""}
    data_copy.write_rows("agriculture/observations.csv", rows + [[later[c] for c in header]])
    catalogue = load(data_copy.project)
    symbols = catalogue.indexed("reference", "measure_units", "unit_id")
    names = catalogue.indexed("reference", "indicators", "indicator_id").loc["spring_rice_output"]
    said = {}
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        [row] = [r for r in change_rows(catalogue, loc, symbols) if r[0] == names[f"name_{lang}"]]
        said[lang] = [cell.replace("\u00a0", " ") if isinstance(cell, str) else cell for cell in row]
    # [name, unit, kind, latest, its date, previous, change, where]
    assert "38 vạn tấn" in said["vi"][3] and "36,3 vạn tấn" in said["vi"][5] and said["vi"][6].startswith("+1,7 ")
    assert "380,000 tonnes" in said["en"][3] and "363,000 tonnes" in said["en"][5] and said["en"][6].startswith("+17,000 ")
