import csv
import html
import json
import re

import pytest

from conftest import ROOT, chart_drawings
from ntm_site.site_pages.chart_files import chart_address, csv_context, write_chart_files
from ntm_site.site_pages.charts import interactive_spec
from ntm_site.site_pages.chart_builders import BUILDERS, build_chart
from ntm_site.common.i18n import LANGUAGES, Localiser


@pytest.fixture(scope="module", params=[(cid, lang) for cid in BUILDERS for lang in LANGUAGES], ids=lambda p: f"{p[0]}-{p[1]}")
def chart(request, catalogue, project):
    chart_id, lang = request.param
    return build_chart(chart_id, catalogue, Localiser(lang, project.messages), project)


def _encodings(spec):
    layers = spec.get("layer", [spec])
    return [layer.get("encoding", {}) for layer in layers]


def test_chart_carries_title_unit_source_and_date(chart):
    title = chart.spec["title"]
    assert title["text"] == chart.title and chart.title
    subtitle = " ".join(title["subtitle"])
    assert chart.unit in subtitle and chart.source in subtitle and chart.as_of in subtitle
    assert "A." in chart.source or "B." in chart.source  # names the report section


def test_chart_has_tooltips(chart):
    assert any("tooltip" in enc for enc in _encodings(chart.spec))


def test_plotted_rows_are_exactly_the_table_rows(chart):
    datasets = chart.spec["datasets"]
    [values] = datasets.values()
    assert values == json.loads(chart.data.to_json(orient="records", force_ascii=False))


def test_number_locale_is_in_the_spec(chart):
    number = chart.spec["config"]["locale"]["number"]
    assert (number["decimal"], number["thousands"]) == ((",", ".") if chart.lang == "vi" else (".", ","))


def test_alt_text_states_a_finding_with_a_figure(chart):
    assert any(ch.isdigit() for ch in chart.alt_text)


def test_a_bar_chart_says_its_top_figure_with_the_unit_word_readers_use(catalogue, site_charts):
    # "cao nhất là Cam với 130." for a plain count, whose title names what is
    # counted; "... với 762 héc-ta." where the figure has a unit.
    units = catalogue.reference.tables["measure_units"].frame
    for lang, charts in site_charts.items():
        words = {name: symbol for name, symbol in zip(units[f"name_{lang}"], units[f"symbol_{lang}"])}
        said = {True: 0, False: 0}
        for chart in charts.values():
            value_column = chart.data.columns[-1]
            if value_column not in words or chart.id.count("--") == 5:  # a bar chart of one series, not highlighted
                continue
            has_word = isinstance(words[value_column], str)
            sentence = chart.alt_text.split(";")[-1]
            assert sentence.rstrip(".").endswith(f" {value_column}") == has_word, (chart.id, chart.alt_text)
            said[has_word] += 1
        assert said[True] and said[False], said


def test_a_bar_chart_of_parts_does_not_say_its_bars_are_units(site_charts, project):
    # The organic area's bars are crops: "Chỉ gồm các đơn vị báo cáo nêu tên" (only the
    # administrative units the report names) told readers something else.
    for lang, charts in site_charts.items():
        loc = Localiser(lang, project.messages)
        units_said = loc.t("chart.compare.unit_line", measure="").strip(" .")
        kinds = {"part": 0, "unit": 0}
        for chart in charts.values():
            first = chart.data.columns[0]
            for kind in kinds:
                if first == loc.t(f"chart.compare.{kind}"):
                    assert (units_said in chart.unit) == (kind == "unit"), (chart.id, chart.unit)
                    kinds[kind] += 1
        assert all(kinds.values()), kinds


def test_files_written_and_svg_uses_vietnamese_number_format(catalogue, project, tmp_path):
    loc = Localiser("vi", project.messages)
    chart = build_chart("capital-plan-vs-disbursed", catalogue, loc)
    address = "https://example.org/ntm/giai-ngan/#bieu-do-capital-plan-vs-disbursed"
    paths = write_chart_files(chart, tmp_path, csv_context(chart, loc, address))
    svg = paths["svg"].read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "400.000" in svg  # axis ticks in vi format
    spec = json.loads(paths["spec"].read_text(encoding="utf-8"))
    assert spec["width"] == "container"
    assert paths["png"].read_bytes().startswith(b"\x89PNG")
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads the Vietnamese labels
    lines = raw.decode("utf-8-sig").splitlines()
    context = ("chart.csv_title", "chart.csv_source", "columns.as_of", "chart.csv_page", "chart.csv_licence")
    assert next(csv.reader([lines[0]])) == [*chart.data.columns, *(loc.t(key) for key in context)]
    # Read apart from its page, each row still says which chart it is, where its figures
    # come from and when, where the chart is shown and under which licence.
    rows = list(csv.reader(lines[1:]))
    assert rows and all(row[-5:-1] == [chart.title, chart.source, chart.as_of, address] for row in rows)
    assert all(row[-1].startswith("CC BY 4.0") and "creativecommons.org/licenses/by/4.0/" in row[-1] for row in rows)
    assert "A.II.1.4.b" in chart.source and chart.as_of
    assert not any(cell.endswith(".0") for line in lines[1:] for cell in line.split(","))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_disbursement_rate_stands_on_the_disbursed_rows_only(catalogue, project, tmp_path, lang):
    """A journalist reading the CSV's plan row saw the disbursement rate beside the plan, as if
    it were the plan's. The rate is the disbursed amount's share of the plan: each capital type's
    rate, as the report prints it, is on its disbursed row, and its plan row leaves the cell blank."""
    loc = Localiser(lang, project.messages)
    chart = build_chart("capital-plan-vs-disbursed", catalogue, loc)
    rows = list(csv.DictReader(write_chart_files(chart, tmp_path, {})["csv"].read_text(encoding="utf-8-sig").splitlines()))
    series, rate, kind = (loc.t(f"chart.capital.{k}") for k in ("series", "rate", "type"))
    capital = catalogue.table("funding", "capital_disbursement")
    printed = {loc.code("capital_type", c): float(r) for c, r in zip(capital["capital_type"], capital["rate_reported_pct"])}
    plans = [r for r in rows if r[series] == loc.t("chart.capital.plan")]
    disbursed = [r for r in rows if r[series] == loc.t("chart.capital.disbursed")]
    assert len(plans) == len(disbursed) == 2
    assert all(r[rate] == "" for r in plans)
    assert {r[kind]: float(r[rate]) for r in disbursed} == {k: v for k, v in printed.items() if k in {r[kind] for r in disbursed}}


def test_interactive_spec_does_not_change_the_chart_object(catalogue, project):
    chart = build_chart("requirement-progress", catalogue, Localiser("vi", project.messages))
    interactive_spec(chart)
    assert chart.spec["width"] != "container"


@pytest.fixture(scope="module")
def site_charts(catalogue, project):
    """Every chart of the site, both languages, as the build makes them."""
    from ntm_site.build import CheckedData
    from ntm_site.language_site import build_charts

    data = CheckedData(catalogue, [], [])
    return {lang: build_charts(project, data, lang) for lang in LANGUAGES}


def test_every_chart_of_the_site_is_valid_vega_lite(site_charts):
    # The build skips Altair's validation of the specs it writes itself (half
    # the time of making them); here each one is checked against the schema.
    import jsonschema
    from altair.vegalite.v6.schema import core

    schema = core.load_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    charts = [chart for by_id in site_charts.values() for chart in by_id.values()]
    assert len(charts) > 100
    for chart in charts:
        for name, spec in {"download": chart.spec, **chart.page_specs}.items():
            errors = [e.message for e in validator.iter_errors(spec)]
            assert errors == [], (chart.id, name)


def test_a_district_highlight_marks_its_own_bar_and_says_so(site_charts, catalogue):
    import re

    import vl_convert

    from ntm_site.site_pages.views.districts import district_units

    units = district_units(catalogue).set_index("slug")
    for lang, charts in site_charts.items():
        variants = [c for c in charts.values() if c.id.count("--") == 5]
        assert len(variants) > 40
        for chart in variants[:3] + variants[-2:]:
            series = charts[chart.id.rsplit("--", 1)[0]]
            name = units.loc[chart.id.rsplit("--", 1)[1], f"short_name_{lang}"]
            for variant, spec in {"download": chart.spec, **chart.page_specs}.items():  # the page's drawings too
                svg = vl_convert.vegalite_to_svg(spec)
                orange = re.findall(r'<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar"'
                                    r'[^>]*fill="#D55E00"', svg)
                assert len(orange) == 1 and orange[0].endswith(f": {name}"), (chart.id, variant, orange)
            assert name in chart.unit and name in chart.alt_text and chart.unit.startswith(series.unit)
            assert chart.spec["title"]["subtitle"][0] == chart.unit
            assert chart.data.equals(series.data)
            assert "#D55E00" not in vl_convert.vegalite_to_svg(series.spec)


def test_drawing_in_worker_processes_gives_the_same_bytes(catalogue, project, tmp_path, monkeypatch):
    from ntm_site.site_pages import chart_files

    specs = [build_chart(cid, catalogue, Localiser("en", project.messages), project).spec
             for cid in ("ocop-valid-by-star", "ocop-half-year-activity")]
    monkeypatch.setattr(chart_files, "CHARTS_PER_PROCESS", 1)
    monkeypatch.setattr(chart_files.os, "cpu_count", lambda: 2)
    started = []
    popen = chart_files.subprocess.Popen
    monkeypatch.setattr(chart_files.subprocess, "Popen", lambda *a, **k: started.append(a) or popen(*a, **k))
    todo = [chart_files.Drawing(spec, png=True) for spec in specs]
    assert chart_files.render_into_cache(todo, tmp_path / "pool") == 2
    assert len(started) == 2  # one chart in each of two processes
    assert chart_files.render_into_cache(todo, tmp_path / "pool") == 0  # all cached now
    for spec in specs:
        key = chart_files._key(spec)
        svg, png = chart_files.render(json.dumps(spec, sort_keys=True), chart_files.PNG_SCALE)
        assert (tmp_path / "pool" / f"{key}.svg").read_bytes() == svg
        assert (tmp_path / "pool" / f"{key}.png").read_bytes() == png


def _highlights_of_one_series(charts: dict, which: int) -> list:
    """Every highlighted variant of one series of a language (sorted by id)."""
    variants = sorted((c for c in charts.values() if c.highlight and c.highlight.label is not None), key=lambda c: c.id)
    series = sorted({c.id.rsplit("--", 1)[0] for c in variants})[which]
    return [c for c in variants if c.id.rsplit("--", 1)[0] == series]


def test_highlighted_drawings_made_from_one_template_are_the_drawings_themselves(site_charts, tmp_path, monkeypatch):
    """A district's highlighted chart is not drawn: its SVG is the series'
    template with colours and a sentence swapped in. Each must be the very
    bytes drawing its own spec gives (SVG, and the download's PNG)."""
    from ntm_site.site_pages import chart_files, render_worker

    drawn_directly = []
    real_draw = render_worker._draw
    monkeypatch.setattr(render_worker, "_draw", lambda cache, key, *a: drawn_directly.append(key) or real_draw(cache, key, *a))
    for which, (lang, charts) in enumerate(site_charts.items()):
        variants = _highlights_of_one_series(charts, -which)  # the first series in one language, the last in the other
        assert len(variants) >= 4
        series = charts[variants[0].id.rsplit("--", 1)[0]]  # drawn from the same template, nothing marked
        todo = [d for chart in [series, *variants] for d in chart_files.drawings(chart)]
        assert all(d.recolouring is not None for d in todo)
        templates = {chart_files._key(d.recolouring.template) for d in todo}
        assert len(templates) == 3  # one per kind of drawing (download, narrow, wide), whichever unit is marked
        cache = tmp_path / lang
        drawn_directly.clear()
        assert chart_files.render_into_cache(todo, cache) == len(todo)
        assert sorted(drawn_directly) == sorted(templates)  # nothing but the templates was drawn
        for drawing in todo:
            key = chart_files._key(drawing.spec)
            svg, png = chart_files.render(json.dumps(drawing.spec, sort_keys=True), chart_files.PNG_SCALE if drawing.png else 0)
            assert (cache / f"{key}.svg").read_bytes() == svg, key
            if drawing.png:
                assert (cache / f"{key}.png").read_bytes() == png, key


def test_a_highlight_that_a_swap_cannot_make_exactly_is_drawn_itself(site_charts, tmp_path, monkeypatch):
    """A sentence the renderer would write escaped, or a line that might not fit
    the drawing's width, is never swapped in: that drawing is drawn from its own spec."""
    import dataclasses

    from ntm_site.site_pages import chart_files, charts as charts_module, render_worker

    chart = _highlights_of_one_series(site_charts["vi"], 0)[0]
    download = chart_files.drawings(chart)[0]
    template_svg = render_worker.render(json.dumps(download.recolouring.template, sort_keys=True), 0)[0].decode()
    made = download.recolouring
    lines = (made.template_line, made.subtitle_line)
    assert render_worker.recoloured(template_svg, made.colours, *lines, made.sentence) is not None
    assert render_worker.recoloured(template_svg, made.colours, *lines, made.sentence + ' <b>"&"</b>') is None
    assert render_worker.recoloured(template_svg, made.colours, made.template_line, made.subtitle_line + " x" * 200,
                                    made.sentence) is None
    assert render_worker.recoloured(template_svg, made.colours, made.template_line + " x" * 200, made.subtitle_line,
                                    "") is None  # the series' own line is shorter, but the template's might not fit
    # Through the whole path: a unit whose name has "&" in it is drawn, not swapped.
    name = chart.highlight.label + " & Co"
    odd = chart.data.copy()
    odd.iloc[odd.iloc[:, 0] == chart.highlight.label, 0] = name
    unit_line = chart.unit.removesuffix(chart.highlight.sentence)
    sentence = chart.highlight.sentence.replace(chart.highlight.label, name)
    spec = json.loads(json.dumps(chart.spec).replace(json.dumps(chart.highlight.label)[1:-1], json.dumps(name)[1:-1]))
    assert spec["title"]["subtitle"][0] == unit_line + sentence
    variant = dataclasses.replace(chart, data=odd, spec=spec, highlight=charts_module.Highlight(name, sentence))
    drawing = chart_files.drawings(variant)[0]
    assert drawing.recolouring is not None
    drawn_directly = []
    real_draw = render_worker._draw
    monkeypatch.setattr(render_worker, "_draw", lambda cache, key, *a: drawn_directly.append(key) or real_draw(cache, key, *a))
    assert chart_files.render_into_cache([drawing], tmp_path) == 1
    assert sorted(drawn_directly) == sorted([chart_files._key(drawing.recolouring.template), chart_files._key(spec)])
    svg = (tmp_path / f"{chart_files._key(spec)}.svg").read_bytes()
    assert svg == chart_files.render(json.dumps(spec, sort_keys=True), 0)[0]
    assert b"Co" in svg and render_worker.TEMPLATE_MARKER.encode() not in svg


def test_unchanged_inputs_give_the_same_charts_from_the_cache(catalogue, project, data_copy, tmp_path, monkeypatch):
    from ntm_site import build as build_stage, language_site
    from ntm_site.site_pages.chart_cache import ChartInputs

    data = build_stage.CheckedData(catalogue, [], [])
    made = language_site.build_charts(project, data, "en", tmp_path)

    def not_again(*args, **kwargs):
        raise AssertionError("the charts of unchanged inputs are made again")

    monkeypatch.setattr(language_site, "build_chart", not_again)
    again = language_site.build_charts(project, data, "en", tmp_path)
    assert list(again) == list(made)
    for chart_id, chart in made.items():
        read = again[chart_id]
        assert read.spec == chart.spec and read.reading_table().equals(chart.reading_table())
        assert read.page_specs == chart.page_specs and read.highlight == chart.highlight
        assert read.data.equals(chart.data) and list(read.data.dtypes) == list(chart.data.dtypes)
        assert (read.title, read.unit, read.source, read.as_of, read.alt_text) == (
            chart.title, chart.unit, chart.source, chart.as_of, chart.alt_text)
    # One cell of a package a chart read, or the other language, is another key; a cell of another package is not.
    def key(of, lang="en", read=("funding", "reference")):
        return ChartInputs(of, lang).chart_key(catalogue, "sponsorship-by-district", read)

    assert key(data_copy.project) == key(project)
    data_copy.set_cell("funding/sponsorship.csv", 5, "amount_mvnd", "3486")
    assert key(data_copy.project) != key(project) != key(project, "vi")
    assert key(data_copy.project, read=["reference"]) == key(project, read=["reference"])


AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)
SHOWN_LABEL = re.compile(r'<text\b(?![^>]*opacity="0")[^>]*>([^<]*)</text>')


def test_no_axis_of_the_sites_charts_repeats_a_label(built_site):
    """Whole numbers get whole ticks: a count that reaches only 1 or 2 had ticks at
    halves, which the whole-number format printed as "0 1 1" (charts.value_axis)."""
    repeated = []
    for path in chart_drawings(built_site):
        for axis in AXIS_LABELS.findall(path.read_text(encoding="utf-8")):
            labels = [html.unescape(label) for label in SHOWN_LABEL.findall(axis)]
            if len(set(labels)) < len(labels):
                repeated.append((path.name, labels))
    assert repeated == []


# --- Long category names wrap on the page's drawings (chart_labels.py) -------------------

AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)


def _label_texts(svg: str) -> list[str]:
    """Each axis label of a drawing as displayed: its lines joined by a space."""
    texts = []
    for group in AXIS_LABELS.findall(svg):
        for text in re.findall(r"<text\b[^>]*>(.*?)</text>", group, re.S):
            lines = re.findall(r"<tspan\b[^>]*>(.*?)</tspan>", text) or [text]
            texts.append(html.unescape(" ".join(lines)))
    return texts


def test_no_category_name_beside_a_bar_is_cut_on_the_page(built_site):
    """On a phone, "Tổng số xã đạt chuẩn nông thôn mới" was drawn as "Tổng số xã đạt chu…":
    each name now wraps onto lines that fit, in every page drawing of both languages."""
    drawings = [d for d in chart_drawings(built_site) if d.name.endswith((".narrow.svg", ".wide.svg"))]
    labels = {d.name: _label_texts(d.read_text(encoding="utf-8")) for d in drawings}
    assert sum(map(len, labels.values())) > 500  # the axis labels are found
    assert any(" " in label and len(label) > 25 for found in labels.values() for label in found)  # some wrapped
    cut = {name: [label for label in found if label.endswith("…")] for name, found in labels.items()}
    assert {name: found for name, found in cut.items() if found} == {}


def test_wrapped_lines_fit_and_keep_the_name_whole():
    from ntm_site.site_pages.chart_labels import MAX_LINES, text_width, wrapped

    for name in ["Tổng số xã đạt chuẩn nông thôn mới nâng cao", "Ngắn", "Share of wards and townships meeting the civilised-urban standard",
                 "Mộttừrấtdàikhôngcókhoảngtrắngnào a b"]:
        lines = wrapped(name, 120, 12)
        assert " ".join(lines) == name and 1 <= len(lines) <= MAX_LINES
        assert all(text_width(line, 12) <= 120 for line in lines if " " in line)  # a lone word may be wider
    assert len(wrapped("Tổng số xã đạt chuẩn nông thôn mới", 120, 12)) == 2
    assert wrapped("Ngắn", 120, 12) == ["Ngắn"]


@pytest.mark.parametrize("name", ['Xã "Đông" \\ Tây', "Xã </script> <b>&amp;</b> A B C D", "Xã ' ) : datum.x ? ( ' E F G H"])
def test_a_name_with_quotes_or_markup_wraps_as_text(name):
    """Names are data: in the axis's lookup each is a string literal, never expression or markup."""
    import vl_convert

    from ntm_site.site_pages.charts import page_variant

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "data": {"name": "d"},
            "datasets": {"d": [{"n": name + " long enough to wrap onto lines", "v": 1}, {"n": "B", "v": 2}]},
            "mark": "bar", "encoding": {"y": {"field": "n", "type": "nominal"}, "x": {"field": "v", "type": "quantitative"}}}
    variant = page_variant({**spec, "width": 150}, 120)
    assert "<" not in json.dumps(variant["encoding"]["y"]["axis"])  # written as \u003c in the expression
    labels = _label_texts(vl_convert.vegalite_to_svg(variant))
    assert {"B", name + " long enough to wrap onto lines"} <= set(labels)  # beside the x axis's numbers
    assert any("<tspan" in group for group in AXIS_LABELS.findall(vl_convert.vegalite_to_svg(variant)))  # wrapped


def test_names_over_narrow_columns_wrap_to_the_column_width_and_stay_above_the_plot():
    """The district matrix on a phone: three columns of 50 px, where "Thạch Hà" ran into
    "Đức Thọ". Each name now takes lines no wider than its column, above the plot."""
    import vl_convert

    from ntm_site.site_pages.chart_labels import COLUMN_GAP, text_width
    from ntm_site.site_pages.charts import PAGE_FONT_SIZE, page_variant

    names = ["Thạch Hà", "Đức Thọ", "Can Lộc"]
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "data": {"name": "d"},
            "datasets": {"d": [{"d": n, "c": c, "s": "a"} for n in names for c in ("1", "2")]},
            "mark": "rect", "height": {"step": 26},
            "encoding": {"x": {"field": "d", "type": "nominal", "axis": {"orient": "top", "labelAngle": 0}},
                         "y": {"field": "c", "type": "nominal"}, "color": {"field": "s", "type": "nominal"}}}
    svg = vl_convert.vegalite_to_svg(page_variant({**spec, "width": 150}, 120))
    top = next(group for group in AXIS_LABELS.findall(svg) if "Thạch" in group)
    texts = re.findall(r"<text\b([^>]*)>(.*?)</text>", top, re.S)
    assert sorted(" ".join(re.findall(r"<tspan\b[^>]*>(.*?)</tspan>", t) or [t]) for _, t in texts) == sorted(names)
    for _, text in texts:
        lines = re.findall(r"<tspan\b[^>]*>(.*?)</tspan>", text)
        assert len(lines) == 2 and all(text_width(line, PAGE_FONT_SIZE) <= 150 / 3 - COLUMN_GAP for line in lines)
    # Moved up by its second line: the last line ends just above the plot, as a one-line name would.
    assert all(float(re.search(r"translate\([^,]+,(-?[0-9.]+)\)", attributes)[1]) < -PAGE_FONT_SIZE for attributes, _ in texts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_csv_says_where_its_figures_come_from_and_when(built_site, project, lang):
    """A chart's CSV is read apart from its page: a journalist saved one and it named no
    source and no date. Every row carries both: the chart's source line, or, for a series
    gathered from many pages, each row's own publisher and address."""
    loc = Localiser(lang, project.messages)
    folder = built_site / ("" if lang == "vi" else lang) / "assets" / "charts"
    files = sorted(folder.glob(f"*.{lang}.csv"))
    assert len(files) > 20
    for path in files:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        header, body = rows[0], rows[1:]
        assert body, path.name
        if loc.t("chart.csv_source") in header:
            sources = {row[header.index(loc.t("chart.csv_source"))] for row in body}
            assert len(sources) == 1 and all(re.search(r"\w{3}", s) for s in sources), (path.name, sources)
            date_column = loc.t("columns.as_of")
        else:  # each row its own source and date
            publisher = header.index(loc.t("timeline.chart.publisher"))
            assert all(row[publisher].strip() for row in body), path.name
            date_column = loc.t("timeline.chart.date")
        assert date_column in header, (path.name, header)
        dates = [row[header.index(date_column)] for row in body]
        assert all(re.search(r"\d{4}", date) for date in dates), (path.name, dates[:3])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_csv_names_its_chart_and_licence_and_where_the_site_is_known_its_page(built_site, project, lang):
    """A journalist cites a saved chart CSV without its page: every row names the chart (its
    embed page's title) and the data's licence. The page's address needs the site's address,
    which this test build lacks: the address a CI build writes is checked against the page
    each chart's embed page links back to, and that page has the chart's anchor."""
    loc = Localiser(lang, project.messages)
    build_root = built_site / ("" if lang == "vi" else lang)
    files = sorted((build_root / "assets" / "charts").glob(f"*.{lang}.csv"))
    assert len(files) > 20
    base = "https://example.org/ntm/" + ("" if lang == "vi" else f"{lang}/")
    for path in files:
        chart_id = path.name[:-len(f".{lang}.csv")]
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        header, body = rows[0], rows[1:]
        embed = path.with_suffix(".html").read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", embed, re.S)[1])
        assert {row[header.index(loc.t("chart.csv_title"))] for row in body} == {title}, path.name
        licences = {row[header.index(loc.t("chart.csv_licence"))] for row in body}
        assert licences == {loc.t("chart.csv_licence_value")} and "CC BY 4.0" in licences.pop(), path.name
        assert loc.t("chart.csv_page") not in header  # no site address in this build: no half address
        back = re.search(r'href="\.\./\.\./([^"#]*)#bieu-do-([^"]+)"', embed)
        assert back and back[2] == chart_id, path.name
        assert chart_address(base, back[1].rstrip("/"), chart_id) == f"{base}{back[1]}#bieu-do-{chart_id}"
        page = (build_root / back[1] / "index.html").read_text(encoding="utf-8")
        assert f'id="bieu-do-{chart_id}"' in page, path.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_requirement_figure_older_than_its_chart_says_its_own_date(catalogue, project, lang):
    """The requirements chart said "as of June 2024" over the satisfaction index of 2023 (the
    report gives that year's index): a bar whose figure is older than the chart's date names
    its year on the bar, and each row of its table and CSV has its own date."""
    loc = Localiser(lang, project.messages)
    chart = build_chart("requirement-progress", catalogue, loc)
    with open(ROOT / "datapackages/criteria/province_requirement_status.csv", encoding="utf-8", newline="") as handle:
        shown = [r for r in csv.DictReader(handle) if r["current_value"] and r["current_unit"] == "percent"]
    newest = max(r["as_of"] for r in shown)
    assert any(r["as_of"] != newest for r in shown)  # the premise: the 2023 index
    labels = chart.data[loc.t("chart.requirement_progress.label")].to_list()
    dates = chart.data[loc.t("columns.as_of")].to_list()
    assert len(labels) == len(shown) and chart.as_of == loc.date(newest)
    for row, label, date in zip(shown, labels, dates):
        assert date == loc.date(row["as_of"])
        assert (loc.date(row["as_of"]) in label) == (row["as_of"] != newest), label


def test_a_downloaded_drawing_is_no_wider_than_its_chart_needs(built_site):
    """The commune chart's picture was 1,834 px wide, its plot in the left half: the renderer
    widens a drawing to its longest subtitle line, and one line was 190 letters. The
    subtitle is wrapped at about the plot's width, so no download is much wider than its
    plot and the axis labels beside it."""
    from ntm_site.site_pages.charts import STATIC_WIDTH
    from ntm_site.site_pages.chart_files import svg_size

    downloads = [d for d in chart_drawings(built_site) if not d.name.endswith((".narrow.svg", ".wide.svg"))]
    assert len(downloads) > 100
    too_wide = {d.name: svg_size(d)[0] for d in downloads if svg_size(d)[0] > STATIC_WIDTH + 300}
    assert too_wide == {}
