"""The whole build, one direction: data -> checks -> charts, downloads, pages -> site.

Everything is written into a staging folder beside the output; the finished
site replaces the old one only when every step has succeeded, so a failed or
interrupted build never leaves a broken or half-written site behind.
"""
from __future__ import annotations

import html
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .common.i18n import Localiser
from .common.progress import Reporter
from .common.project import Project
from .common.safe_text import one_line
from .common.yaml_files import read_yaml
from .data_in.boundaries import publish_boundaries
from .data_in.changelog import history
from .data_in.checked import CheckedData, check
from .output_folder import check_output, remove_staging, start_staging, swap_in, tidy_leftovers
from .published.citations import write_package_citations
from .published.downloads import DownloadFile, publish_all
from .site_inputs import save_warnings, site_inputs_key, stamp_record, unchanged_site
from .site_pages.assets import write_vega_bundle
from .site_pages.chart_builders import build_chart
from .site_pages.chart_cache import charts_key, load_charts, save_charts
from .site_pages.chart_files import drawings, render_into_cache, svg_size, write_chart_files
from .site_pages.charts import Chart
from .site_pages.comparison_files import write_comparison_files
from .site_pages.engines import ENGINES
from .site_pages.pages import ChartView, TEMPLATES, environment, page_specs, render_pages
from .site_pages.search_index import add_folded_words
from .site_pages.views.changes import write_feed
from .site_pages.views.compare import comparison
from .site_pages.views.districts import district_units

CHART_FOLDER = "assets/charts"


def build_charts(project: Project, data: CheckedData, lang: str, cache: Path | None = None) -> dict[str, Chart]:
    """Every chart the pages of `lang` show, each once: specs and data, not yet drawn.

    With a cache, the charts of a build whose inputs have not changed are read back.
    """
    key = charts_key(project, lang) if cache else None
    charts = load_charts(cache / "specs", key, Localiser(lang, project.messages)) if cache else None
    if charts is None:
        charts = _make_charts(project, data, lang)
        if cache:
            save_charts(cache / "specs", key, charts)
    return charts


def _make_charts(project: Project, data: CheckedData, lang: str) -> dict[str, Chart]:
    loc = Localiser(lang, project.messages)
    built: dict[str, Chart] = {}  # a district's highlighted series is derived from the series
    charts = {}
    for spec in page_specs(project.settings, data.catalogue):
        for chart_id in spec.charts:
            if chart_id not in charts:
                charts[chart_id] = build_chart(chart_id, data.catalogue, loc, project, built)
    return charts


def draw_charts(charts: list[Chart], cache: Path) -> None:
    """Render every chart not yet in the cache, all languages at once, on every core."""
    render_into_cache([drawing for chart in charts for drawing in drawings(chart)], cache / "charts")


def write_docs(project: Project, data: CheckedData, lang: str, docs: Path, cache: Path, changes: list,
               charts: dict[str, Chart], reporter: Reporter = Reporter()) -> None:
    """Generate the Markdown tree for one language into `docs`."""
    with reporter.stage("assets", language=lang):
        shutil.copytree(project.docs, docs, dirs_exist_ok=True)
        write_vega_bundle(docs / "assets/javascripts/vega.bundle.js", cache)
    loc = Localiser(lang, project.messages)
    specs = page_specs(project.settings, data.catalogue)
    # Each chart once, linked back from its embed page to the first page showing it.
    first_page = {}
    for spec in specs:
        for chart_id in spec.charts:
            first_page.setdefault(chart_id, spec.slug)
    compiled = cache / "templates"
    compiled.mkdir(parents=True, exist_ok=True)
    env = environment(TEMPLATES, compiled)
    views = {}
    with reporter.stage("chart_files", total=len(first_page), language=lang) as stage:
        for chart_id, slug in first_page.items():
            chart = charts[chart_id]
            page_url = "../../" + (f"{slug}/" if slug else "")  # from assets/charts/ up to the page
            files = write_chart_files(chart, docs / CHART_FOLDER, cache=cache / "charts", env=env,
                                      context={"loc": loc, "page_url": page_url, "root": "../../"})
            views[chart_id] = ChartView(chart, CHART_FOLDER, {kind: svg_size(files[kind]) for kind in ("svg", *chart.page_specs)})
            stage.tick()
    base = project.language_base(lang)
    with reporter.stage("downloads", language=lang):
        downloads = publish_all(data.catalogue, docs / "du-lieu", loc, base, cache / "downloads")
        write_package_citations(data.catalogue, loc, base, docs / "du-lieu")
        write_comparison_files(comparison(data.catalogue, loc), loc, docs / "dia-phuong")
        downloads.boundaries = [DownloadFile.of(path) for path in publish_boundaries(project, docs / "du-lieu")]
    titles = {rule["id"]: rule["title"][lang] for rule in project.rules}
    with reporter.stage("pages", language=lang):
        render_pages(env, specs, docs, catalogue=data.catalogue, loc=loc, charts=views,
                     downloads=downloads, rule_results=data.rule_results, rule_titles=titles, project=project,
                     changes=changes, site_base=base)
        write_feed(docs / "thay-doi" / "feed.xml", changes, loc.t("pages.changes.title"), "./")


def alternate_links(project: Project, lang: str) -> list[dict]:
    """Entries of Material's language selector for the build of `lang`.

    Links are relative to this build's root (the site root for the first
    language, /<lang>/ for the others), so the site works under any base path.
    """
    languages = project.settings["languages"]
    to_site_root = "./" if lang == languages[0] else "../"
    links = []
    for other in languages:
        if other == lang:
            link = "./"
        else:
            link = to_site_root + ("" if other == languages[0] else f"{other}/")
        entry = {"name": project.messages.get("site.language_name", other), "lang": other, "link": link}
        if project.site_url:  # for link previews and hreflang, which need absolute addresses
            base = project.site_url.rstrip("/") + "/"
            entry["site_url"] = base if other == languages[0] else f"{base}{other}/"
        links.append(entry)
    return links


# Every page carries the whole navigation, so a nav entry per unit makes the
# site grow as units x pages. Past this many units, the districts page's own
# list (with every unit's page) stands in for the nav entries.
MAX_UNITS_IN_NAV = 30


def nav_entries(project: Project, catalogue, lang: str) -> list[dict]:
    """Navigation from config/site.yml; the districts section lists each unit's page."""
    entries = []
    units = district_units(catalogue)
    for page in project.settings["pages"]:
        # A bare key is under nav.; an area's own page may name its full key (admin.nav).
        title = project.messages.get(page["nav"] if "." in page["nav"] else f"nav.{page['nav']}", lang)
        path = f"{page['slug']}/index.md" if page["slug"] else "index.md"
        if page.get("nav_children") == "districts" and len(units) <= MAX_UNITS_IN_NAV:
            # The theme prints navigation titles without escaping them; data text must be escaped here.
            children = [{html.escape(one_line(u[f"short_name_{lang}"])): f"{page['slug']}/{u['slug']}/index.md"}
                        for _, u in units.iterrows()]
            entries.append({title: [path, *children]})
        else:
            entries.append({title: path})
    return entries


def mkdocs_config(project: Project, lang: str, docs: Path, site: Path, target: Path, catalogue=None) -> Path:
    """Derive this language's MkDocs configuration from the shared mkdocs.yml."""
    with open(project.mkdocs_config, encoding="utf-8") as handle:
        config = read_yaml(handle)
    messages = project.messages
    config["site_name"] = messages.get("site.name", lang)
    config["site_description"] = messages.get("site.description", lang)
    config["theme"]["language"] = lang
    if "custom_dir" in config["theme"]:  # the derived file lives elsewhere: make it absolute
        config["theme"]["custom_dir"] = str(project.root / config["theme"]["custom_dir"])
    if project.site_url:
        base = project.site_url.rstrip("/") + "/"
        config["site_url"] = base if lang == project.settings["languages"][0] else f"{base}{lang}/"
    # Relative to the derived file, which both engines resolve them against: Zensical
    # wants both folders inside the config file's folder, and 0.0.73 stops with an
    # internal error on an absolute docs_dir.
    config["docs_dir"] = os.path.relpath(docs, target.parent)
    config["site_dir"] = os.path.relpath(site, target.parent)
    languages = project.settings["languages"]
    if len(languages) > 1:
        config.setdefault("extra", {})["alternate"] = alternate_links(project, lang)
    config["nav"] = nav_entries(project, catalogue, lang)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build(project: Project, out: Path, cache: Path | None = None, engine: str = "mkdocs",
          reporter: Reporter = Reporter()) -> CheckedData:
    generator = ENGINES[engine]
    out = check_output(out, project)  # before anything is read: a refused folder is never touched
    cache = cache or project.cache
    # Hashed before anything is read: an input edited during the build makes the next one build again.
    key = site_inputs_key(project, engine)
    warnings = unchanged_site(out, key, cache)
    if warnings is not None:  # the site in place is what this build would make
        with reporter.stage("build_speed.stages.kept"):
            tidy_leftovers(out)  # as a build would: what a killed build left beside it goes
            return CheckedData(None, [], warnings)
    data = check(project, reporter, cache)
    staging = start_staging(out)
    try:
        languages = project.settings["languages"]
        # The data's own git history (the data may live in another checkout).
        with reporter.stage("history"):
            changes = history(project.datapackages.parent, project.datapackages.name)
        # Charts of every language first, so that those not yet drawn are drawn together, on every core.
        with reporter.stage("charts", language=", ".join(languages)):
            charts = {lang: build_charts(project, data, lang, cache) for lang in languages}
            draw_charts([chart for by_id in charts.values() for chart in by_id.values()], cache)
        for lang in languages:
            # The first language is the site root; others mirror it under /<lang>/.
            docs = staging / f"docs-{lang}"
            site = staging / "site" if lang == languages[0] else staging / "site" / lang
            write_docs(project, data, lang, docs, cache, changes, charts[lang], reporter)
            with reporter.stage("generator", engine=engine, language=lang):
                generator.run(mkdocs_config(project, lang, docs, site, staging / f"mkdocs.{lang}.yml", data.catalogue))
                add_folded_words(site / generator.search_index, generator.search_records)
        with reporter.stage("swap"):
            record = stamp_record(key, staging / "site")
            if record:
                save_warnings(cache, key, data.warnings)
            swap_in(staging / "site", out, record)
    finally:
        remove_staging(staging)
    return data
