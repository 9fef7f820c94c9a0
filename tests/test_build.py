"""End to end: the data becomes a site at the contracted URLs, replaced only on success."""
import hashlib
import json
import re
import subprocess
import sys

import pytest
from frictionless import Package

from conftest import ROOT
from ntm_site.build import build
from ntm_site.common.problems import ValidationFailed

MAIN_PAGES = ["", "tieu-chi/", "ocop/", "giai-ngan/", "du-lieu/", "gioi-thieu/"]


@pytest.mark.parametrize("url", MAIN_PAGES + [f"du-lieu/{p}/" for p in ("reference", "criteria", "ocop", "funding")])
def test_contract_urls_exist(any_engine_site, url):
    page = any_engine_site / url / "index.html"
    assert page.exists()
    assert '<html lang="vi"' in page.read_text(encoding="utf-8")


def test_pages_load_nothing_from_other_hosts(any_engine_site):
    external = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)
    offenders = [str(p.relative_to(any_engine_site)) for p in any_engine_site.rglob("*.html") if external.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    css = "\n".join(p.read_text(encoding="utf-8") for p in any_engine_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_chart_runtime_is_served_by_the_site(built_site):
    bundle = built_site / "assets/javascripts/vega.bundle.js"
    assert bundle.stat().st_size > 500_000
    assert "vegaEmbed" in bundle.read_text(encoding="utf-8")[-2000:]


def test_home_shows_the_headline_figures_from_the_data(built_site, catalogue):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    counts = catalogue.table("criteria", "progress_counts").set_index("measure")
    communes = counts.loc["communes_advanced_ntm"]
    assert f"{communes['value']}/{communes['out_of']}" in html
    total = catalogue.table("funding", "capital_disbursement").set_index("capital_type").loc["total"]
    rate = f"{total['rate_reported_pct']:.2f}".replace(".", ",") + "%"
    assert rate in html
    assert f"{int(total['plan_mvnd']):,}".replace(",", ".") in html
    assert "31/05/2024" in html  # the as-of date of the disbursement figures


def test_every_chart_page_has_a_static_image_and_a_data_table(any_engine_site):
    for url in ["", "tieu-chi/", "ocop/", "giai-ngan/"]:
        html = (any_engine_site / url / "index.html").read_text(encoding="utf-8")
        figures = html.count('class="ntm-chart"')
        assert figures >= 1, url
        assert html.count("<img src=") >= figures and html.count("data-vega-spec=") == figures
        assert html.count("<caption>") >= figures


def test_chart_images_reserve_their_space_before_loading(built_site):
    """Width and height on each static chart <img>, equal to the SVG's own, so
    the page does not jump when the lazily loaded image arrives (Lighthouse CLS)."""
    import xml.etree.ElementTree as ElementTree

    html = (built_site / "giai-ngan" / "index.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="\.\./(assets/charts/[^"]+\.svg)"[^>]*?width="(\d+)" height="(\d+)"', html)
    assert len(images) == html.count('class="ntm-chart__static"') >= 2
    for path, width, height in images:
        svg = ElementTree.parse(built_site / path).getroot()
        assert (float(svg.get("width")), float(svg.get("height"))) == (float(width), float(height))


def test_criteria_page_lists_each_detailed_district_and_requirement(built_site, catalogue):
    html = (built_site / "tieu-chi/index.html").read_text(encoding="utf-8")
    units = catalogue.reference.tables["admin_units"].frame.set_index("unit_code")
    for code in catalogue.table("criteria", "district_criteria_summary")["unit_code"]:
        assert units.loc[code, "name_vi"] in html
    criteria = catalogue.reference.tables["criteria"].frame
    for name in criteria[criteria["set_id"] == "tinh-hoan-thanh"]["name_vi"]:
        assert name.replace("'", "&#39;") in html


def test_funding_page_states_the_source_discrepancy_with_both_figures(built_site):
    html = (built_site / "giai-ngan/index.html").read_text(encoding="utf-8")
    assert "482.077" in html and "482.078" in html


@pytest.mark.parametrize("package", ["criteria", "ocop", "funding", "reference"])
def test_published_package_validates_on_its_own_and_hashes_match(built_site, package):
    folder = built_site / "du-lieu" / package
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_package_page_links_its_downloads_with_sizes(built_site):
    html = (built_site / "du-lieu/funding/index.html").read_text(encoding="utf-8")
    for name in ("datapackage.json", "capital_disbursement.csv", "sponsorship.csv"):
        assert f'href="{name}"' in html
    assert "CC BY 4.0" in html or "Creative Commons Attribution 4.0" in html
    assert re.search(r"\d+(,\d)? KB|\d+ byte", html)


def test_failed_build_leaves_the_previous_site_untouched(data_copy, tmp_path, one_process_builds):
    out = tmp_path / "site"
    out.mkdir()
    (out / ".ntm-site-build").write_text("ntm-site-build\n", encoding="utf-8")  # made by a previous build
    (out / "index.html").write_text("previous site", encoding="utf-8")
    data_copy.set_cell("funding/capital_disbursement.csv", 2, "plan_mvnd", "oops")
    with pytest.raises(ValidationFailed):
        build(data_copy.project, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datapackages", "schemas", "site"]  # no staging left


def test_cli_validate_exits_non_zero_with_a_bilingual_message(tmp_path):
    bad = tmp_path / "checkout"
    bad.mkdir()
    for part in ("build_site.py", "ntm_site", "config", "datapackages", "schemas", "docs", "mkdocs.yml"):
        subprocess.run(["cp", "-r", str(ROOT / part), str(bad / part)], check=True)
    csv = bad / "datapackages/ocop/ocop_products.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("343", "3x3"), encoding="utf-8")
    result = subprocess.run([sys.executable, "build_site.py", "validate"], cwd=bad, capture_output=True, text=True)
    assert result.returncode == 1
    assert "ocop_products.csv" in result.stderr and "dòng/row 2" in result.stderr and "'3x3'" in result.stderr
    assert "vi: " in result.stderr and "en: " in result.stderr


def test_cli_validate_passes_on_the_real_data(cli_run):
    code, stdout, stderr = cli_run("validate")
    assert code == 0, stderr
    assert "The data is valid" in stdout


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_english_mirror_of_each_main_page(built_site, url):
    english = (built_site / "en" / url / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english
    assert "Nguồn:" not in english  # no Vietnamese chart source lines
    if url in ("", "tieu-chi/", "ocop/", "giai-ngan/"):
        assert "Source:" in english and ".en.svg" in english


@pytest.mark.parametrize("page", ["", "tieu-chi/", "dia-phuong/can-loc/", "du-lieu/funding/"])
def test_language_selector_leads_to_the_same_page_in_the_other_language(any_engine_site, page):
    import posixpath
    import re as regex

    for lang, other, here in (("vi", "en", page), ("en", "vi", f"en/{page}")):
        html = (any_engine_site / here / "index.html").read_text(encoding="utf-8")
        [link] = regex.findall(rf'<a href="([^"]*)" hreflang="{other}"', html)
        target = posixpath.normpath(posixpath.join("/" + here, link)).lstrip("/")
        expected = (f"en/{page}" if other == "en" else page).rstrip("/")
        assert target.rstrip("/") == expected, (lang, link)
        assert (any_engine_site / target / "index.html").exists()


def test_every_page_has_its_twin_in_the_other_language(any_engine_site):
    english_root = any_engine_site / "en"
    vietnamese = {p.relative_to(any_engine_site).as_posix() for p in any_engine_site.rglob("index.html")
                  if english_root not in p.parents}
    english = {p.relative_to(english_root).as_posix() for p in english_root.rglob("index.html")}
    assert len(vietnamese) > 30
    assert vietnamese == english


def test_every_address_within_the_site_reaches_one_of_its_files(any_engine_site):
    """No broken link or image on any page of either language: the data page of the
    administrative changes once linked ~70 sections to /nguon/<unit list>/, a page the site
    does not publish (the unit lists' text is not on the site). 404.html is left out: its
    addresses start at the server's root, as they must on a page served at any address."""
    import re
    from urllib.parse import unquote, urlsplit

    broken, checked = {}, 0
    for page in any_engine_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for address in set(re.findall(r'\s(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8"))):
            parts = urlsplit(address.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site (its own tests), or a place on this page
            target = (page.parent / unquote(parts.path)).resolve()
            checked += 1
            if not (target / "index.html" if target.is_dir() else target).is_file():
                broken.setdefault(address, page.relative_to(any_engine_site).as_posix())
    assert checked > 3000
    assert broken == {}


@pytest.mark.parametrize("lang, other", [("vi", "en"), ("en", "vi")])
def test_the_page_for_a_missing_address_says_so_and_leads_on_in_both_languages(any_engine_site, project, lang, other):
    """It said only "404 - Not found", in English on the Vietnamese site. It says what
    happened in the page's language, links the home page, the districts and the data from
    the server's root (it is shown at any address), and says it in the other language too,
    with a link to that language's home page."""
    from html.parser import HTMLParser

    class Article(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.text, self.links = False, [], []

        def handle_starttag(self, tag, attrs):
            self.inside |= tag == "article"
            if self.inside and tag == "a" and "href" in dict(attrs):  # Zensical adds a skip target
                self.links.append(dict(attrs)["href"])

        def handle_endtag(self, tag):
            self.inside &= tag != "article"

        def handle_data(self, data):
            if self.inside:
                self.text.append(data)

    roots = {"vi": "/", "en": "/en/"}
    article = Article()
    article.feed((any_engine_site / roots[lang].lstrip("/") / "404.html").read_text(encoding="utf-8"))
    text = " ".join(" ".join(article.text).split())
    assert project.messages.get("not_found.title", lang) in text and "404 - Not found" not in text
    page = (any_engine_site / roots[lang].lstrip("/") / "404.html").read_text(encoding="utf-8")
    assert re.search(r"<title>([^<]*)</title>", page)[1].startswith(project.messages.get("not_found.title", lang))
    assert project.messages.get("not_found.other", other) in text
    assert article.links[:3] == [roots[lang], f"{roots[lang]}dia-phuong/", f"{roots[lang]}du-lieu/"]
    assert article.links[-1] == roots[other]
    for address in article.links:  # each is a page of the site
        assert (any_engine_site / address.lstrip("/") / "index.html").is_file(), address


def test_the_missing_address_page_links_from_the_sites_address_and_escapes_its_words(project):
    """The theme prints these as they are: an address given on the command line cannot close
    the attribute it stands in."""
    from dataclasses import replace

    from ntm_site.language_site import not_found_page

    served = not_found_page(replace(project, site_url="https://example.org/ntm"), "en")
    assert [link["href"] for link in served["links"]] == [
        "https://example.org/ntm/en/", "https://example.org/ntm/en/dia-phuong/", "https://example.org/ntm/en/du-lieu/"]
    assert [other["href"] for other in served["others"]] == ["https://example.org/ntm/"]
    hostile = not_found_page(replace(project, site_url='https://example.org/"><script>x()</script>'), "vi")
    hrefs = [link["href"] for link in hostile["links"] + hostile["others"]]
    assert hrefs and all('"' not in href and "<" not in href for href in hrefs)
    assert all("&lt;script&gt;" in href for href in hrefs)


def test_each_chart_tool_shows_that_it_opens(built_site):
    """"Tải về · Nhúng · Bảng số liệu" under a chart looked like plain links: each is a
    disclosure, marked by a caret (drawn by ntm.css, hidden from screen readers, which
    announce a disclosure themselves)."""
    import re

    html = (built_site / "giai-ngan" / "index.html").read_text(encoding="utf-8")
    summaries = re.findall(r'<details class="ntm-chart-(?:downloads|embed|data)"[^>]*>\s*<summary>(.*?)</summary>', html, re.S)
    assert len(summaries) >= 6
    assert all(s.endswith('<span class="ntm-chart-tools__caret" aria-hidden="true"></span>') for s in summaries)
    css = (built_site / "assets" / "stylesheets" / "ntm.css").read_text(encoding="utf-8")
    assert ".ntm-chart-tools__caret::before" in css and "details[open] > summary .ntm-chart-tools__caret::before" in css
