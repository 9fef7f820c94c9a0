"""Shared links and pasted embeds: preview tags on every page, absolute embed
codes once the site's address is known, twins linked by hreflang."""
import re

import pytest

from ntm_site.language_site import alternate_links, mkdocs_config
from ntm_site.site_pages.chart_builders import build_chart
from ntm_site.site_pages.embed_frame import Frame
from ntm_site.common.i18n import Localiser
from ntm_site.site_pages.pages import TEMPLATES, ChartView, environment
from ntm_site.common.project import Project


def test_every_page_carries_link_preview_tags(built_site):
    pages = [p for p in built_site.rglob("index.html") if "assets" not in p.parts]
    assert len(pages) > 40
    missing = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in ('property="og:title"', 'property="og:description"', 'property="og:type"', 'name="twitter:card"'):
            if tag not in html:
                missing.append((str(page.relative_to(built_site)), tag))
    assert missing == []


def _embed_code(project, catalogue, site_base):
    loc = Localiser("vi", project.messages)
    chart = build_chart("capital-plan-vs-disbursed", catalogue, loc, project)
    view = ChartView(chart, "assets/charts", {"svg": (600, 300), "narrow": (340, 260), "wide": (600, 280)}, Frame(616, 430))
    env = environment(TEMPLATES)
    html = env.from_string("{% import '_macros.j2' as m with context %}{{ m.chart(view) }}").render(
        loc=loc, root="../", site_base=site_base, view=view, context_columns=frozenset())
    # the code as shown for copying: the iframe's own markup is escaped text
    return re.search(r'&lt;iframe class="ntm-embed" src="([^"]*)"[^&]*style="([^"]*)"', html)


def test_embed_codes_are_absolute_and_sized_when_the_address_is_known(project, catalogue):
    found = _embed_code(project, catalogue, "https://example.org/ntm/")
    assert found, "an embed code is shown"
    src, style = found.groups()
    assert src == "https://example.org/ntm/assets/charts/capital-plan-vs-disbursed.vi.html"
    # As wide as the article up to the chart's width, as tall as its frame was measured
    # (tests/test_browser.py shows that the measured frames fit).
    assert style == "width:100%;max-width:616px;height:430px;border:0"


def test_without_an_address_the_embed_code_is_relative_and_says_so(project, catalogue):
    src, _style = _embed_code(project, catalogue, None).groups()
    assert not src.startswith("http")


def test_language_twins_and_the_site_address_reach_the_generator(project, catalogue, tmp_path):
    located = Project(root=project.root, site_url="https://example.org/ntm/")
    links = alternate_links(located, "en")
    assert {link["lang"]: link["site_url"] for link in links} == {"vi": "https://example.org/ntm/", "en": "https://example.org/ntm/en/"}
    import yaml

    config = yaml.safe_load(mkdocs_config(located, "en", tmp_path / "docs", tmp_path / "site", tmp_path / "m.yml", catalogue)
                            .read_text(encoding="utf-8"))
    assert config["site_url"] == "https://example.org/ntm/en/"  # MkDocs' sitemap and canonical links use it


def test_the_embed_page_comes_alive_and_links_to_the_chart_anchor(built_site):
    page = (built_site / "assets/charts/capital-plan-vs-disbursed.vi.html").read_text(encoding="utf-8")
    assert 'data-vega-spec="capital-plan-vs-disbursed.vi.vl.json"' in page and "../javascripts/charts.js" in page
    assert "#bieu-do-capital-plan-vs-disbursed" in page and '<base target="_blank">' in page
    assert "<img" in page  # the static image first
