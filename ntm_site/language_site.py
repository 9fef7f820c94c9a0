"""One language's site: its charts, its Markdown pages, then the site generator, then the search words.

Each language is built at the same time as the others: the first in the
build's own process, each other one in a child process of its own
(`python -m ntm_site.language_site`), so the two languages of the site take
about the time of one on a machine with two cores. A child is a plain
process, as the chart drawing processes are (a forked copy of a process whose
chart renderer has started hangs); it is handed its job on stdin, pickled by
the build itself, says its progress lines on stdout for the build to pass on,
and hands back any error it met.
"""
from __future__ import annotations

import html
import os
import pickle
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .common.i18n import Localiser
from .common.progress import ConsoleReporter, Reporter, in_both_languages
from .common.project import Project
from .common.safe_text import one_line
from .common.yaml_files import read_yaml_file
from .data_in.boundaries import publish_boundaries
from .data_in.checked import CheckedData
from .published.citations import write_package_citations
from .published.downloads import DownloadFile, publish_all
from .site_pages.assets import cached_vega_bundle, write_vega_bundle
from .site_pages.chart_builders import build_chart
from .site_pages.chart_cache import cached_charts
from .site_pages.chart_files import (Drawing, chart_address, csv_context, drawings, render_into_cache, svg_size,
                                     write_chart_files)
from .site_pages.charts import Chart
from .site_pages.comparison_files import write_comparison_files
from .site_pages.engines import ENGINES
from .site_pages.pages import ChartView, TEMPLATES, environment, page_specs, render_pages, write_embed_page
from .site_pages.search_index import add_folded_words
from .site_pages.views.changes import write_feed
from .site_pages.views.compare import comparison
from .site_pages.views.districts import district_units

CHART_FOLDER = "assets/charts"


@dataclass
class LanguageJob:
    """Everything one language's site is made from, and where it goes."""
    project: Project
    data: CheckedData
    lang: str
    staging: Path
    cache: Path
    changes: list
    engine: str
    # The cores this language may draw on: its share while the languages are built
    # at the same time (one each for two languages on two cores: no drawing processes).
    cores: int = 1

    @property
    def docs(self) -> Path:
        return self.staging / f"docs-{self.lang}"

    @property
    def site(self) -> Path:
        # The first language is the site root; others mirror it under /<lang>/, each built
        # beside it first and moved in at the end (`place_languages`): MkDocs empties the
        # root's folder before it writes, which would remove a language already built there.
        first = self.project.settings["languages"][0]
        return self.staging / "site" if self.lang == first else self.staging / f"site-{self.lang}"

    @property
    def place(self) -> Path:
        """Where this language's site is in the whole site."""
        first = self.project.settings["languages"][0]
        return self.staging / "site" if self.lang == first else self.staging / "site" / self.lang


def build_language(job: LanguageJob, reporter: Reporter = Reporter()) -> None:
    generator = ENGINES[job.engine]
    with reporter.stage("chart_specs", language=job.lang):
        charts = build_charts(job.project, job.data, job.lang, job.cache)
        drawn = {chart_id: drawings(chart) for chart_id, chart in charts.items()}
    # Drawn in a thread (the renderer works outside Python's lock) while the
    # hand-written pages and the downloads, which show no drawing, are written.
    drawing = Background(draw_charts, [d for by_chart in drawn.values() for d in by_chart], job.cache, job.cores)
    write_docs(job.project, job.data, job.lang, job.docs, job.cache, job.changes, charts, reporter, drawn, drawing)
    with reporter.stage("generator", engine=job.engine, language=job.lang):
        config = mkdocs_config(job.project, job.lang, job.docs, job.site, job.staging / f"mkdocs.{job.lang}.yml",
                               job.data.catalogue)
        generator.run(config, job.cache)
        add_folded_words(job.site / generator.search_index, generator.search_records, job.site)
    # The Markdown has become HTML: removed now, beside the other languages' work,
    # rather than with the staging folder while the reader waits for the build.
    shutil.rmtree(job.docs)


def build_charts(project: Project, data: CheckedData, lang: str, cache: Path | None = None) -> dict[str, Chart]:
    """Every chart the pages of `lang` show, each once: specs and data, not yet drawn.

    With a cache, each chart whose inputs have not changed is read back (chart_cache).
    """
    if cache:
        return cached_charts(project, data.catalogue, lang, cache / "specs", _chart_ids(project, data), build_chart)
    return _make_charts(project, data, lang)


def _chart_ids(project: Project, data: CheckedData) -> list[str]:
    """Each chart id once, in the order the pages first show them."""
    return list(dict.fromkeys(chart_id for spec in page_specs(project.settings, data.catalogue) for chart_id in spec.charts))


def _make_charts(project: Project, data: CheckedData, lang: str) -> dict[str, Chart]:
    loc = Localiser(lang, project.messages)
    built: dict[str, Chart] = {}  # a district's highlighted series is derived from the series
    return {chart_id: build_chart(chart_id, data.catalogue, loc, project, built) for chart_id in _chart_ids(project, data)}


def draw_charts(todo: list[Drawing], cache: Path, cores: int | None = None) -> None:
    """Render every drawing of a language not yet in the cache, on `cores` processes when there are many."""
    render_into_cache(todo, cache / "charts", cores)


class Background:
    """`function(*args)` run in a thread, for work done outside Python's lock (the
    chart renderer's). A daemon thread: a build that fails meanwhile ends without
    waiting for it."""

    def __init__(self, function: Callable, *args):
        self._outcome: tuple[bool, object] = (False, None)
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function: Callable, args: tuple) -> None:
        try:
            self._outcome = (True, function(*args))
        except BaseException as error:  # noqa: BLE001 - raised again where the result is asked for
            self._outcome = (False, error)

    def result(self):
        """Wait for it; its value, or its error raised here."""
        self._thread.join()
        finished, value = self._outcome
        if not finished:
            raise value
        return value

    def wait(self) -> None:
        """Wait for it, whatever came of it."""
        self._thread.join()


class LanguageProcess:
    """A child process that builds one language's site. Started before its job
    is known (`start_language_processes`), so that its start-up (Python and the
    libraries, about a second, then the Vega bundle made into `cache` on a
    cold build) overlaps the build's checks; given the job on its stdin, it says
    its progress on stdout and leaves any error in a file."""

    def __init__(self, cache: Path):
        self.process = subprocess.Popen([sys.executable, "-m", "ntm_site.language_site", str(cache)],
                                        cwd=Path(__file__).resolve().parents[1],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.job: LanguageJob | None = None

    def give(self, job: LanguageJob, started: float | None) -> None:
        self.job = job
        try:
            self.process.stdin.write(pickle.dumps((job, started)))
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it has ended already: finish() says how
        self.process.stdin = None  # given: communicate() has nothing more to send

    def finish(self, reporter: Reporter) -> None:
        said, _ = self.process.communicate()
        reporter.relay(said.decode("utf-8", "replace"))
        if self.process.returncode != 0:
            raise _error_of(self.job, self.process.returncode)

    def stop(self) -> None:
        """End it, whatever it is doing, and wait for it (never left running)."""
        if self.process.returncode is not None:
            return  # finished and waited for already
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def start_language_processes(count: int, cache: Path) -> list[LanguageProcess]:
    """Processes for all but the first language; none on a machine with one core."""
    return [LanguageProcess(cache) for _ in range(count)] if (os.cpu_count() or 1) > 1 else []


def build_languages(jobs: list[LanguageJob], helpers: list[LanguageProcess], reporter: Reporter = Reporter()) -> None:
    """Build every language's site: the first here, the next ones each in one of
    `helpers` at the same time, any left after them here, one after another."""
    given = list(zip(helpers, jobs[1:]))
    try:
        for helper, job in given:
            helper.give(job, reporter.child_start())
        for job in [jobs[0], *jobs[1 + len(given):]]:
            build_language(job, reporter)
    except BaseException:  # a failure or Ctrl+C here: the others stop too, before the staging folder goes
        for helper in helpers:
            helper.stop()
        raise
    for helper, _ in given:
        helper.finish(reporter)
    place_languages(jobs)


def place_languages(jobs: list[LanguageJob]) -> None:
    """Move each language built beside the root site to its place in it, once all are built."""
    for job in jobs:
        if job.site != job.place:
            job.site.rename(job.place)


def _error_file(job: LanguageJob) -> Path:
    return job.staging / f"language-{job.lang}.error"


def _error_of(job: LanguageJob, code: int) -> BaseException:
    try:
        return pickle.loads(_error_file(job).read_bytes())
    except Exception:  # noqa: BLE001 - killed, or an error that could not be pickled
        return RuntimeError(in_both_languages(job.project.messages, "build_speed.language_stopped", language=job.lang, code=code))


def _child_main() -> int:
    # Only a head start on a cold build: a language whose bundle could not be made
    # here makes it itself (write_docs), and meets any fault there.
    bundle = Background(cached_vega_bundle, Path(sys.argv[1]))
    given = sys.stdin.buffer.read()  # read meanwhile: the build is not kept waiting to hand it over
    if not given:
        return 0  # the build ended before it had a job for this process (bad data, say)
    job, started = pickle.loads(given)
    bundle.wait()
    reporter = Reporter()
    if started is not None:  # progress lines on stdout, timed from the build's start, for the build to pass on
        reporter = ConsoleReporter(job.project.messages, stream=sys.stdout, terminal=False)
        reporter.started = started
    try:
        build_language(job, reporter)
    except BaseException as error:  # noqa: BLE001 - handed back whole: the build reports it as its own
        try:
            _error_file(job).write_bytes(pickle.dumps(error))
        except Exception:  # noqa: BLE001
            _error_file(job).write_bytes(pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}")))
        return 1
    return 0


def write_docs(project: Project, data: CheckedData, lang: str, docs: Path, cache: Path, changes: list,
               charts: dict[str, Chart], reporter: Reporter = Reporter(), drawn: dict | None = None,
               drawing: Background | None = None) -> None:
    """Generate the Markdown tree for one language into `docs` (`drawn`: each chart's drawings;
    `drawing`: their drawing into the cache, under way; without it, the chart files draw what they lack)."""
    with reporter.stage("assets", language=lang):
        shutil.copytree(project.docs, docs, dirs_exist_ok=True)
        write_vega_bundle(docs / "assets/javascripts/vega.bundle.js", cache)
    loc = Localiser(lang, project.messages)
    base = project.language_base(lang)
    with reporter.stage("downloads", language=lang):
        downloads = publish_all(data.catalogue, docs / "du-lieu", loc, base, cache / "downloads")
        write_package_citations(data.catalogue, loc, base, docs / "du-lieu")
        write_comparison_files(comparison(data.catalogue, loc), loc, docs / "dia-phuong")
        downloads.boundaries = [DownloadFile.of(path) for path in publish_boundaries(project, docs / "du-lieu")]
    if drawing is not None:
        with reporter.stage("charts", language=lang):  # what is left of the drawing
            drawing.result()
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
            context = csv_context(chart, loc, chart_address(base, slug, chart_id))
            files = write_chart_files(chart, docs / CHART_FOLDER, context,
                                      cache=cache / "charts", drawn=(drawn or {}).get(chart_id))
            view = ChartView(chart, CHART_FOLDER, {kind: svg_size(files[kind]) for kind in ("svg", *chart.page_specs)})
            views[chart_id] = write_embed_page(view, docs, env, loc=loc, page_url=page_url, root="../../")
            stage.tick()
    titles = {rule["id"]: rule["title"][lang] for rule in project.rules}
    with reporter.stage("pages", language=lang):
        render_pages(env, specs, docs, catalogue=data.catalogue, loc=loc, charts=views,
                     downloads=downloads, rule_results=data.rule_results, rule_titles=titles, project=project,
                     changes=changes, site_base=base, menu_sections=menu_sections(nav_entries(project, data.catalogue, lang)))
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


# The pages the page for a missing address offers, by their slug in config/site.yml.
NOT_FOUND_LINKS = ("", "dia-phuong", "du-lieu")


def not_found_page(project: Project, lang: str) -> dict:
    """The words and links of the page for a missing address (overrides/404.html), in
    `lang` with a line in the other language. It is shown at any depth, so its links
    are absolute: from the site's address, or from the host's root without one (a
    local preview). Escaped here: the theme prints `extra` as it is."""
    messages, languages = project.messages, project.settings["languages"]
    base = project.site_url.rstrip("/") + "/" if project.site_url else "/"

    def home(of: str) -> str:
        return base if of == languages[0] else f"{base}{of}/"

    def words(key: str, of: str = lang) -> str:
        return html.escape(messages.get(key, of))

    titles = {page["slug"]: page["nav"] for page in project.settings["pages"]}
    links = [{"label": words(f"nav.{titles[slug]}"), "href": html.escape(home(lang) + (f"{slug}/" if slug else ""))}
             for slug in NOT_FOUND_LINKS if slug in titles]
    others = [{"lang": html.escape(other), "text": words("not_found.other", other),
               "label": words("not_found.other_link", other), "href": html.escape(home(other))}
              for other in languages if other != lang]
    return {"title": words("not_found.title"), "text": words("not_found.text"), "search": words("not_found.search"),
            "links": links, "others": others}


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


def menu_sections(entries: list[dict]) -> frozenset[str]:
    """The sections (by their page's slug) whose side menu lists pages of their own:
    the entries with children. Elsewhere the menu would list the page alone, or nothing."""
    paths = [value[0] for entry in entries for value in entry.values() if isinstance(value, list)]
    return frozenset(path.removesuffix("index.md").strip("/") for path in paths)


def mkdocs_config(project: Project, lang: str, docs: Path, site: Path, target: Path, catalogue=None) -> Path:
    """Derive this language's MkDocs configuration from the shared mkdocs.yml."""
    config = read_yaml_file(project.mkdocs_config)
    messages = project.messages
    config["site_name"] = messages.get("site.name", lang)
    config["site_description"] = messages.get("site.description", lang)
    config["theme"]["language"] = lang
    # The theme's "Made with Material for MkDocs" is English on every page (its
    # Vietnamese has no such line): the footer says it in the page's language.
    config["copyright"] = messages.get("site.footer", lang)
    config.setdefault("extra", {})["generator"] = False
    config["extra"]["not_found"] = not_found_page(project, lang)
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


if __name__ == "__main__":
    sys.exit(_child_main())
