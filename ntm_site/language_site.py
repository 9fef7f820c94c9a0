"""One language's site: its Markdown pages, then the site generator, then the search words.

Each language is built at the same time as the others: the first in the
build's own process, each other one in a child process of its own
(`python -m ntm_site.language_site JOB`), so the two languages of the site
take about the time of one on a machine with two cores. A child is a plain
process given its job as a pickle the build wrote (its own file, in its own
staging folder), as the chart drawing processes are; it says its progress
lines on stdout for the build to pass on, and hands back any error it met.
"""
from __future__ import annotations

import html
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .common.i18n import Localiser
from .common.progress import ConsoleReporter, Reporter
from .common.project import Project
from .common.safe_text import one_line
from .common.yaml_files import read_yaml
from .data_in.boundaries import publish_boundaries
from .data_in.checked import CheckedData
from .published.citations import write_package_citations
from .published.downloads import DownloadFile, publish_all
from .site_pages.assets import write_vega_bundle
from .site_pages.chart_files import svg_size, write_chart_files
from .site_pages.charts import Chart
from .site_pages.comparison_files import write_comparison_files
from .site_pages.engines import ENGINES
from .site_pages.pages import ChartView, TEMPLATES, environment, page_specs, render_pages
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
    charts: dict[str, Chart]
    engine: str

    @property
    def docs(self) -> Path:
        return self.staging / f"docs-{self.lang}"

    @property
    def site(self) -> Path:
        # The first language is the site root; others mirror it under /<lang>/.
        first = self.project.settings["languages"][0]
        return self.staging / "site" if self.lang == first else self.staging / "site" / self.lang


def build_language(job: LanguageJob, reporter: Reporter = Reporter()) -> None:
    generator = ENGINES[job.engine]
    write_docs(job.project, job.data, job.lang, job.docs, job.cache, job.changes, job.charts, reporter)
    with reporter.stage("generator", engine=job.engine, language=job.lang):
        config = mkdocs_config(job.project, job.lang, job.docs, job.site, job.staging / f"mkdocs.{job.lang}.yml",
                               job.data.catalogue)
        generator.run(config)
        add_folded_words(job.site / generator.search_index, generator.search_records)


def build_languages(jobs: list[LanguageJob], reporter: Reporter = Reporter()) -> None:
    """Build every language's site: the first here, the others each in a child
    process at the same time (one after another on a machine with one core)."""
    if (os.cpu_count() or 1) < 2:
        for job in jobs:
            build_language(job, reporter)
        return
    children = [_start_child(job, reporter.child_start()) for job in jobs[1:]]
    try:
        build_language(jobs[0], reporter)
    except BaseException:  # a failure or Ctrl+C here: the others stop too, before the staging folder goes
        for child, _ in children:
            child.kill()
            child.communicate()
        raise
    for child, job in children:
        said, _ = child.communicate()
        reporter.relay(said.decode("utf-8", "replace"))
        if child.returncode != 0:
            raise _error_of(job, child.returncode)


def _job_file(job: LanguageJob, suffix: str) -> Path:
    return job.staging / f"language-{job.lang}.{suffix}"


def _start_child(job: LanguageJob, started: float | None) -> tuple[subprocess.Popen, LanguageJob]:
    _job_file(job, "job").write_bytes(pickle.dumps((job, started)))
    child = subprocess.Popen([sys.executable, "-m", "ntm_site.language_site", str(_job_file(job, "job"))],
                             cwd=Path(__file__).resolve().parents[1], stdout=subprocess.PIPE)
    return child, job


def _error_of(job: LanguageJob, code: int) -> BaseException:
    try:
        return pickle.loads(_job_file(job, "error").read_bytes())
    except Exception:  # noqa: BLE001 - killed, or an error that could not be pickled
        return RuntimeError(f"The build of the {job.lang} site stopped (exit code {code}).")


def _child_main(job_file: Path) -> int:
    job, started = pickle.loads(job_file.read_bytes())
    reporter = Reporter()
    if started is not None:  # progress lines on stdout, timed from the build's start, for the build to pass on
        reporter = ConsoleReporter(job.project.messages, stream=sys.stdout, terminal=False)
        reporter.started = started
    try:
        build_language(job, reporter)
    except BaseException as error:  # noqa: BLE001 - handed back whole: the build reports it as its own
        try:
            _job_file(job, "error").write_bytes(pickle.dumps(error))
        except Exception:  # noqa: BLE001
            _job_file(job, "error").write_bytes(pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}")))
        return 1
    return 0


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


if __name__ == "__main__":
    sys.exit(_child_main(Path(sys.argv[1])))
