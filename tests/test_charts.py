import json

import pytest

from ntm_site.chart_files import write_chart_files
from ntm_site.charts import BUILDERS, build_chart, interactive_spec
from ntm_site.i18n import LANGUAGES, Localiser


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


def test_files_written_and_svg_uses_vietnamese_number_format(catalogue, project, tmp_path):
    chart = build_chart("capital-plan-vs-disbursed", catalogue, Localiser("vi", project.messages))
    paths = write_chart_files(chart, tmp_path)
    svg = paths["svg"].read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "400.000" in svg  # axis ticks in vi format
    spec = json.loads(paths["spec"].read_text(encoding="utf-8"))
    assert spec["width"] == "container"
    assert paths["png"].read_bytes().startswith(b"\x89PNG")
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads the Vietnamese labels
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(chart.data.columns)
    assert not any(cell.endswith(".0") for line in lines[1:] for cell in line.split(","))


def test_interactive_spec_does_not_change_the_chart_object(catalogue, project):
    chart = build_chart("requirement-progress", catalogue, Localiser("vi", project.messages))
    interactive_spec(chart)
    assert chart.spec["width"] != "container"
