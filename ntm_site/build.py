"""The whole build, one direction: data -> checks -> charts, downloads, pages -> site.

Everything is written into a staging folder beside the output; the finished
site replaces the old one only when every step has succeeded, so a failed or
interrupted build never leaves a broken or half-written site behind.
"""
from __future__ import annotations

from pathlib import Path

from .common.i18n import Localiser
from .common.progress import Reporter
from .common.project import Project
from .data_in.changelog import history
from .data_in.checked import CheckedData, check
from .language_site import LanguageJob, build_languages
from .output_folder import check_output, remove_staging, start_staging, swap_in, tidy_leftovers
from .site_inputs import save_warnings, site_inputs_key, stamp_record, unchanged_site
from .site_pages.chart_builders import build_chart
from .site_pages.chart_cache import charts_key, load_charts, save_charts
from .site_pages.chart_files import drawings, render_into_cache
from .site_pages.charts import Chart
from .site_pages.pages import page_specs


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


def build(project: Project, out: Path, cache: Path | None = None, engine: str = "mkdocs",
          reporter: Reporter = Reporter()) -> CheckedData:
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
        build_languages([LanguageJob(project, data, lang, staging, cache, changes, charts[lang], engine)
                         for lang in languages], reporter)
        with reporter.stage("swap"):
            record = stamp_record(key, staging / "site")
            if record:
                save_warnings(cache, key, data.warnings)
            swap_in(staging / "site", out, record)
    finally:
        remove_staging(staging)
    return data
