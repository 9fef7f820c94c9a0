"""Render the Markdown pages from Jinja2 templates.

Which pages exist, their templates and their charts are set in
config/site.yml. Each template gets a Localiser (`loc`) for every word and
number it prints, the loaded catalogue, and the charts it asked for. Data text
is HTML-escaped by Jinja2 (autoescape), so a value can never become markup;
in Markdown, front matter and links it also passes through the filter for
that context (`md`, `yaml`, `attribute_text`, `link`: see safe_text.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import yaml
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..common.i18n import Localiser
from ..common.project import Project
from ..common.safe_text import attribute_text, link, markdown_text, yaml_text
from ..data_in.catalogue import Catalogue, localised
from ..data_in.checks import RuleResult
from ..data_in.provenance import PACKAGES_FOLDER, package_path, published_sources, source_path
from ..published.downloads import Downloads
from .charts import Chart
from .embed_frame import Frame, frame
from .publisher import Publisher
from .views import PageInputs, views
from .views.quality import check_rows, discrepancies
from .views.table_layout import CONTEXT_COLUMNS, layout as table_layout

REPORT_ERROR_TEMPLATE = "_report_error.md.j2"


TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class ChartView:
    """A chart as a page embeds it: the chart plus its file names."""
    chart: Chart
    folder: str  # site-relative folder of the chart files
    # Width and height of each drawing: "svg" (the titled download) and the
    # page's variants ("narrow", "wide"), so images keep their place while loading.
    sizes: dict = field(default_factory=dict)
    frame: Frame | None = None  # of its embed code, once its embed page is written

    @property
    def size(self) -> tuple[int, int] | None:
        return self.sizes.get("svg")

    def path(self, kind: str) -> str:
        """Path of one of the chart's files from the root of its language's build."""
        suffix = {"spec": "vl.json", "svg": "svg", "png": "png", "csv": "csv", "embed": "html",
                  "narrow": "narrow.svg", "wide": "wide.svg"}[kind]
        return f"{self.folder}/{self.chart.id}.{self.chart.lang}.{suffix}"

    def url(self, root: str, kind: str) -> str:
        return root + self.path(kind)


def write_embed_page(view: ChartView, docs: Path, env: Environment, **context) -> ChartView:
    """Write the chart's page for other sites' iframes (embed.html.j2) into `docs`, the
    root of its language's pages; returns the view with the frame its embed code sets,
    measured on the page as written (None without both drawings' sizes)."""
    page = env.get_template("embed.html.j2").render(chart=view.chart, stem=Path(view.path("embed")).stem,
                                                    sizes=view.sizes, **context)
    (docs / view.path("embed")).write_text(page, encoding="utf-8")
    narrow, wide = view.sizes.get("narrow"), view.sizes.get("wide")
    if not (narrow and wide):
        return view
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S)[1]
    return replace(view, frame=frame(view.chart.title, view.chart.unit, caption, narrow, wide))


@dataclass(frozen=True)
class PageSpec:
    slug: str  # "" for the home page, "du-lieu/ocop" for a package page
    template: str
    charts: tuple[str, ...] = ()
    package: str | None = None
    unit: int | None = None  # statistical code, for a district-level unit page
    source: str | None = None  # source_id, for a source document's page
    # Sources of reference facts the page states beyond the report (decisions), by source_id.
    cites: tuple[str, ...] = ()

    @property
    def output(self) -> str:
        return f"{self.slug}/index.md" if self.slug else "index.md"

    @property
    def root(self) -> str:
        # Relative link to the site root, so the site works under any base
        # path (GitHub Pages serves a project site under /<repo>/).
        return "../" * (self.slug.count("/") + 1) if self.slug else ""


def page_specs(settings: dict, catalogue: Catalogue) -> list[PageSpec]:
    from .views import results
    from .views.districts import chart_ids, district_units

    specs = []
    for page in settings["pages"]:
        charts = list(page.get("charts", []))
        if page.get("unit_comparisons"):
            charts += chart_ids(catalogue)
        if page.get("breakdown_charts"):
            charts += results.chart_ids(catalogue)
        specs.append(PageSpec(page["slug"], page["template"], tuple(charts), cites=tuple(page.get("cites", []))))
    template = settings["package_page_template"]
    specs += [PageSpec(package_path(name).rstrip("/"), template, package=name) for name in catalogue.packages]
    specs += [
        PageSpec(f"dia-phuong/{unit.slug}", settings["district_page_template"], unit=unit.unit_code,
                 charts=tuple(chart_ids(catalogue, unit.slug, unit.unit_code)))
        for unit in district_units(catalogue).itertuples()
    ]
    specs += [PageSpec(source_path(source_id).rstrip("/"), settings["source_page_template"], source=source_id)
              for source_id in published_sources(catalogue)]
    return specs


def cited_sources(catalogue: Catalogue, source_ids: tuple[str, ...], loc: Localiser) -> list[dict]:
    """The full citation (and official URL, when known) of each source a page cites."""
    sources = catalogue.indexed("reference", "sources", "source_id")
    missing = [s for s in source_ids if s not in sources.index]
    if missing:
        raise ValueError(f"config/site.yml cites sources that are not in reference/sources.csv: {missing}")
    # Each without its closing full stop: the page lists them "A; B; C." (not "A.; B.;").
    return [{"citation": sources.loc[s, f"citation_{loc.lang}"].removesuffix("."),
             "url": sources.loc[s, "url"] if isinstance(sources.loc[s, "url"], str) and sources.loc[s, "url"] else None}
            for s in source_ids]


def _file_size(size: int, loc: Localiser) -> str:
    if size < 1024:
        return loc.t("files.bytes", size=loc.number(size))
    return loc.t("files.kilobytes", size=loc.number(size / 1024, 1))


class PackageMentions:
    """A note that names a data package as readers know it ("nằm trong gói dữ liệu
    Tiêu chí nông thôn mới", "in the New rural criteria data package") links the
    title to that package's page. The note is data: escaped first, and only a
    title in the words around it that say it is a package becomes a link."""

    WORDS = {"vi": r"(?<=gói dữ liệu ){titles}", "en": r"{titles}(?= data package)"}

    def __init__(self, catalogue: Catalogue, lang: str):
        titles = {str(escape(package.text("title", lang))): name for name, package in catalogue.packages.items()
                  if package.text("title", lang)}
        alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        self._titles = titles
        self._pattern = re.compile(self.WORDS[lang].format(titles=f"({alternatives})")) if titles and lang in self.WORDS else None

    def __call__(self, text: str, root: str) -> Markup:
        escaped = escape(text)
        if self._pattern is None:
            return escaped
        # group(1) is a title as escaped in `escaped`: markup already, not to escape again.
        return Markup(self._pattern.sub(lambda m: Markup('<a href="{}{}">{}</a>').format(
            root, package_path(self._titles[m.group(1)]), Markup(m.group(1))), str(escaped)))


def with_front_matter(text: str, **values) -> str:
    """Add keys to a rendered page's YAML front matter (values are ours: paths, lists
    of names). A list joins the template's own: "hide: [toc]" and navigation."""
    head, separator, rest = text.partition("---\n")
    matter, end, body = rest.partition("\n---\n")
    if not separator or head.strip() or not end:
        return text
    meta = yaml.safe_load(matter) or {}
    for key, value in values.items():
        meta[key] = [*meta.get(key, []), *value] if isinstance(value, list) else value
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n{body}"


def environment(templates: Path, compiled: Path | None = None) -> Environment:
    """The templates' environment; `compiled`: a folder where compiled templates are kept
    between builds (Jinja2 checks each against its template's source before using it)."""
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["isna"] = lambda v: v is None or (not isinstance(v, str) and pd.isna(v))
    env.filters["md"] = markdown_text
    env.filters["yaml"] = yaml_text
    env.filters["attribute_text"] = attribute_text
    env.globals["link"] = link
    env.globals["localised"] = localised  # a descriptor's text in the page's language ("title_en")
    env.globals["package_path"] = package_path  # a package's page: "du-lieu/<name>/"
    env.globals["packages_page"] = f"{PACKAGES_FOLDER}/"  # the list of packages
    env.globals["table_layout"] = table_layout
    return env


def render_pages(
    env: Environment,
    specs: list[PageSpec],
    docs: Path,
    *,
    catalogue: Catalogue,
    loc: Localiser,
    charts: dict[str, ChartView],
    downloads: Downloads,
    rule_results: list[RuleResult],
    rule_titles: dict[str, str],
    project: Project,
    changes: list | None = None,
    site_base: str | None = None,
    menu_sections: frozenset[str] = frozenset(),
) -> list[Path]:
    """Each page of `specs` as Markdown in `docs`. A page outside `menu_sections` hides the
    side menu on a wide screen (the tabs are the menu there, and this one would list the
    page alone): its tables get the menu's width. A phone's drawer keeps the menu."""
    written = []
    view_for = views()
    publisher = Publisher.from_settings(project.settings, project.repository_url)
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    criteria = catalogue.indexed("reference", "criteria", "criterion_id")
    package_mentions = PackageMentions(catalogue, loc.lang)
    context_columns = frozenset(loc.t(f"columns.{key}") for key in CONTEXT_COLUMNS if loc.messages.has(f"columns.{key}"))
    # This language's pages from the site's root, where its address is not known.
    language_root = site_base or ("/" if loc.lang == project.settings["languages"][0] else f"/{loc.lang}/")
    for spec in specs:
        context = {
            "context_columns": context_columns,
            "loc": loc,
            "cat": catalogue,
            "page": spec,
            "root": spec.root,
            # Absolute base of this language's build when the site's address is known (CI
            # passes it), so embed codes work on other sites; else None.
            "site_base": site_base,
            # The page's address for a reader's error report: in full, or from the site's root.
            "page_address": language_root + (f"{spec.slug}/" if spec.slug else ""),
            "charts": {cid: charts[cid] for cid in spec.charts},
            "downloads": downloads,
            "rule_results": rule_results,
            "check_rows": lambda package: check_rows(rule_results, package, loc, rule_titles, catalogue),
            "discrepancies": lambda package: discrepancies(rule_results, package, loc, catalogue),
            "with_package_links": lambda text: package_mentions(text, spec.root),
            "file_size": lambda size: _file_size(size, loc),
            "units": units,
            "criteria": criteria,
            "cited": cited_sources(catalogue, spec.cites, loc),
            "publisher": publisher,
        }
        if spec.package:
            context["package"] = catalogue.packages[spec.package]
        context.update(view_for[spec.template](PageInputs(catalogue, loc, spec, rule_results, rule_titles, project, changes or [])))
        target = docs / spec.output
        target.parent.mkdir(parents=True, exist_ok=True)
        text = env.get_template(spec.template).render(context)
        if spec.charts:
            # A shared link's preview shows the page's first chart.
            text = with_front_matter(text, image=charts[spec.charts[0]].path("png"))
        if spec.slug.split("/")[0] not in menu_sections:
            text = with_front_matter(text, hide=["navigation"])
        # Every page ends with how to report an error on it (config/site.yml publisher).
        text += env.get_template(REPORT_ERROR_TEMPLATE).render(context)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
