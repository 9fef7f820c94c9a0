"""The charts' own font (ntm_site/site_pages/chart_font/): the renderer lays chart
text out with it whatever fonts the machine has, it holds every character the
site's charts show, and another font makes other drawings (not the cached ones)."""
import html
import json
import re
import shutil
import subprocess
import sys

from fontTools.ttLib import TTFont

from conftest import ROOT, chart_drawings
from ntm_site.site_pages import chart_files, render_worker

TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
TAG = re.compile(r"<[^>]+>")


def drawn_text(svg: str) -> str:
    return "".join(html.unescape(TAG.sub("", text)) for text in TEXT.findall(svg))


def test_every_character_the_sites_charts_show_is_in_the_charts_font(built_site):
    # A character the font lacks is drawn with a font of the machine's: the drawing
    # would again depend on the machine.
    shown = {ch for path in chart_drawings(built_site) for ch in drawn_text(path.read_text(encoding="utf-8"))}
    assert {"ộ", "đ", "ư", "ơ", "%", "5"} <= shown  # the text was found: Vietnamese letters and figures
    for font_file in sorted(render_worker.CHART_FONT_DIR.glob("*.ttf")):
        cmap = TTFont(font_file)["cmap"].getBestCmap()
        missing = sorted(ch for ch in shown if not ch.isspace() and ord(ch) not in cmap)
        assert missing == [], f"{font_file.name} lacks {missing}: add them to scripts/make_chart_font.py"


def drawing_width(font_dir) -> float:
    """The width of a drawing of one bar with a long Vietnamese label, drawn in a
    fresh process whose chart font is the one in `font_dir`: the plot is 300 px
    wide, the rest is the label as the renderer measured it."""
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "config": {"font": render_worker.CHART_FONT},
            "data": {"values": [{"label": "Vốn đầu tư phát triển", "value": 1}]},
            "mark": "bar", "encoding": {"y": {"field": "label", "type": "nominal", "title": None},
                                        "x": {"field": "value", "type": "quantitative"}}}
    draw = ("import sys; from pathlib import Path; from ntm_site.site_pages import render_worker as r; "
            "r.CHART_FONT_DIR = Path(sys.argv[1]); sys.stdout.write(r.render(sys.argv[2], 0)[0].decode())")
    svg = subprocess.run([sys.executable, "-c", draw, str(font_dir), json.dumps(spec)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return float(render_worker.SVG_SIZE.search(svg)[1])


def test_the_renderer_measures_chart_text_with_the_charts_font(tmp_path):
    # Put the bold face in the regular one's place: its wider letters must widen
    # the label. Were the font not the one used, the machine's font would measure
    # both drawings alike.
    shutil.copy(render_worker.CHART_FONT_DIR / "NTMChartSans-Bold.ttf", tmp_path / "NTMChartSans-Bold.ttf")
    assert drawing_width(tmp_path) > drawing_width(render_worker.CHART_FONT_DIR) + 3


def test_another_chart_font_gives_other_cache_keys(tmp_path, monkeypatch):
    spec = {"mark": "bar", "config": {"font": render_worker.CHART_FONT}}
    before = chart_files._key(spec)
    changed = tmp_path / "chart_font"
    shutil.copytree(render_worker.CHART_FONT_DIR, changed)
    regular = changed / "NTMChartSans-Regular.ttf"
    regular.write_bytes(regular.read_bytes() + b"\0")
    monkeypatch.setattr(render_worker, "CHART_FONT_DIR", changed)
    render_worker.chart_font_digest.cache_clear()
    try:
        assert chart_files._key(spec) != before
    finally:
        render_worker.chart_font_digest.cache_clear()
