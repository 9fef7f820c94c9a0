"""Work a rebuild skips (issue 16): never at the price of a different site.

- A build whose inputs (data, schemas, configuration, templates, code...) are
  those of the site in place keeps that site, untouched; any change, or a
  site edited since, means a build.
- The caches (frictionless's findings, each package's downloads, compiled
  templates, the pages' HTML) give the same bytes as a build without them: a rebuild after one
  CSV cell changed equals a cold build of the changed data.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from ntm_site import language_site
from ntm_site.build import build
from ntm_site.data_in.catalogue import discover
from ntm_site.data_in.file_checks import check_files
from ntm_site.output_folder import STAMP, swap_in
from ntm_site.common.problems import Problem
from ntm_site.common.project import Project
from ntm_site.site_inputs import site_inputs_key, save_warnings, site_digest, stamp_record, unchanged_site
from ntm_site.data_in.validate import validate

ROOT = Path(__file__).resolve().parent.parent


# --- What a build is made from ------------------------------------------------------------------

@pytest.fixture
def small_project(tmp_path) -> Project:
    """A checkout in miniature: one file in each kind of input the key covers."""
    root = tmp_path / "checkout"
    files = {"config/site.yml": "languages: [vi]\n", "config/messages.yml": "a: {vi: x, en: y}\n",
             "docs/gioi-thieu.md": "# Giới thiệu\n", "overrides/main.html": "{% extends 'base.html' %}\n",
             "sources/report.txt": "report\n", "ntm_site/site_pages/templates/page.md.j2": "{{ x }}\n",
             "ntm_site/site_pages/charts.py": "X = 1\n", "mkdocs.yml": "site_name: x\n",
             "datapackages/funding/sponsorship.csv": "level,amount\nprovince,1\n",
             "schemas/sponsorship.json": "{}\n", "geodata/boundaries/datapackage.json": "{}\n"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return Project(root=root)


@pytest.mark.parametrize("edited", ["datapackages/funding/sponsorship.csv", "schemas/sponsorship.json",
                                    "config/messages.yml", "ntm_site/site_pages/templates/page.md.j2", "ntm_site/site_pages/charts.py",
                                    "docs/gioi-thieu.md", "overrides/main.html", "mkdocs.yml",
                                    "sources/report.txt", "geodata/boundaries/datapackage.json"])
def test_any_changed_input_changes_the_key(small_project, edited):
    before = site_inputs_key(small_project, "mkdocs")
    assert before is not None and site_inputs_key(small_project, "mkdocs") == before  # stable
    path = small_project.root / edited
    path.write_bytes(path.read_bytes() + b" ")
    assert site_inputs_key(small_project, "mkdocs") not in (None, before)


def test_the_engine_a_new_file_and_the_site_address_change_the_key(small_project):
    before = site_inputs_key(small_project, "mkdocs")
    assert site_inputs_key(small_project, "zensical") != before
    assert site_inputs_key(Project(root=small_project.root, site_url="https://example.org/ntm/"), "mkdocs") != before
    (small_project.root / "docs" / "new.md").write_text("new\n", encoding="utf-8")
    assert site_inputs_key(small_project, "mkdocs") != before


def test_timestamps_do_not_change_the_key(small_project):
    before = site_inputs_key(small_project, "mkdocs")
    os.utime(small_project.root / "datapackages/funding/sponsorship.csv", (1, 1))
    assert site_inputs_key(small_project, "mkdocs") == before


def test_a_special_file_among_the_inputs_means_a_full_build(small_project):
    os.mkfifo(small_project.root / "datapackages" / "funding" / "pipe.csv")
    assert site_inputs_key(small_project, "mkdocs") is None  # never opened: the build reports it


# --- The site in place ------------------------------------------------------------------------

def _site_in_place(tmp_path: Path, key: str) -> tuple[Path, Path, list[Problem]]:
    staging, out, cache = tmp_path / "staging", tmp_path / "out", tmp_path / "cache"
    (staging / "site" / "a").mkdir(parents=True)
    (staging / "site" / "index.html").write_text("<p>trang</p>", encoding="utf-8")
    (staging / "site" / "a" / "b.csv").write_text("x\n1\n", encoding="utf-8")
    warnings = [Problem(package="funding", file="f.csv", rule="known", message_vi="vi", message_en="en",
                        row=3, severity="warning", known=True)]
    save_warnings(cache, key, warnings)
    swap_in(staging / "site", out, stamp_record(key, staging / "site"))
    return out, cache, warnings


def test_the_site_in_place_is_kept_only_for_the_same_inputs(tmp_path):
    out, cache, warnings = _site_in_place(tmp_path, "k" * 64)
    assert unchanged_site(out, "k" * 64, cache) == warnings
    assert unchanged_site(out, "j" * 64, cache) is None
    assert unchanged_site(out, None, cache) is None
    assert unchanged_site(out, "k" * 64, tmp_path / "empty-cache") is None  # its warnings are not known


@pytest.mark.parametrize("change", ["edit", "remove", "add"])
def test_a_site_changed_since_its_build_is_built_again(tmp_path, change):
    out, cache, _ = _site_in_place(tmp_path, "k" * 64)
    if change == "edit":
        (out / "a" / "b.csv").write_text("x\n2\n", encoding="utf-8")
    elif change == "remove":
        (out / "index.html").unlink()
    else:
        (out / "extra.html").write_text("", encoding="utf-8")
    assert unchanged_site(out, "k" * 64, cache) is None


def test_the_site_digest_leaves_out_only_the_stamp(tmp_path):
    out, _, _ = _site_in_place(tmp_path, "k" * 64)
    before = site_digest(out)
    (out / STAMP).write_text((out / STAMP).read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    assert site_digest(out) == before
    (out / "a" / "b.csv").write_text("x\n9\n", encoding="utf-8")
    assert site_digest(out) != before


# --- Frictionless's findings, kept per package ------------------------------------------------------

def _findings(project: Project, cache: Path | None) -> list[Problem]:
    catalogue, _ = discover(project)
    check_files(project, catalogue)  # marks the tables frictionless may read
    return validate(project, catalogue, cache)


def test_kept_findings_are_those_frictionless_gives(data_copy, tmp_path):
    cache = tmp_path / "cache"
    data_copy.set_cell("funding/sponsorship.csv", 2, "amount_mvnd", "nhiều")
    fresh = _findings(data_copy.project, None)
    assert [p.rule for p in fresh] == ["type-error"]
    assert _findings(data_copy.project, cache) == fresh  # written to the cache
    assert len(list((cache / "validation").glob("*.json"))) >= 2
    assert _findings(data_copy.project, cache) == fresh  # read back
    # Corrected: the package is validated again, the cache does not repeat the old finding.
    data_copy.set_cell("funding/sponsorship.csv", 2, "amount_mvnd", "1")
    assert _findings(data_copy.project, cache) == _findings(data_copy.project, None) == []


def test_an_edited_reference_table_validates_every_package_again(data_copy, tmp_path):
    cache = tmp_path / "cache"
    assert _findings(data_copy.project, cache) == []
    rows = data_copy.rows("reference/admin_units.csv")
    code = rows[0].index("unit_code")
    removed = rows[1][code]
    data_copy.write_rows("reference/admin_units.csv", [rows[0]] + rows[2:])  # a unit the facts point at
    found = _findings(data_copy.project, cache)
    assert found == _findings(data_copy.project, None)
    assert any(p.rule == "foreign-key" and p.value == removed and p.package != "reference" for p in found)


# --- Real builds --------------------------------------------------------------------------------

def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_after_a_correction_equals_a_cold_build_and_an_unchanged_one_keeps_the_site(
        corrected_site, tmp_path, monkeypatch):
    """`built_site` filled the shared cache from the real data; `corrected_site` is a
    copy with two made-up reports and then one cell corrected and one row added
    (tests/synthetic_report.py, tests/corrected_site.py), built with those caches. A cold build of the same data (a cache
    holding only the chart drawings and the chart runtime, so findings, downloads, specs,
    templates and the pages' HTML are all made afresh) must agree. The rebuild made both languages at once, the cold
    build makes them one after the other (as on a machine with one core): that must
    not change a byte either."""
    from ntm_site.data_in import validate as validate_stage
    from conftest import KNOWN_VALID
    from synthetic_report import synthetic_data, synthetic_project

    shared = ROOT / "build" / "cache"
    project = synthetic_project(synthetic_data(corrected_site))
    # As for a `data_copy`: frictionless does not validate again a package it found valid in this run.
    monkeypatch.setattr(validate_stage, "_package_findings", KNOWN_VALID.wrap(validate_stage._package_findings))
    cold = tmp_path / "cold"
    drawings_only = tmp_path / "cold-cache"
    shutil.copytree(shared / "charts", drawings_only / "charts")
    # And the chart runtime, which only vl-convert's version decides (two seconds of CPU to make).
    for bundle in shared.glob("vega.bundle.*.js"):
        shutil.copy2(bundle, drawings_only / bundle.name)
    # Every drawing as if no build had used it for two months, and one that no build uses:
    # the build keeps (marks) those it used and removes the others.
    unused, long_ago = drawings_only / "charts" / "unused.svg", time.time() - 60 * 86400
    unused.write_text("<svg/>", encoding="utf-8")
    for drawing in (drawings_only / "charts").iterdir():
        os.utime(drawing, (long_ago, long_ago))
    started = []
    monkeypatch.setattr(language_site, "LanguageProcess", lambda cache: started.append(1))
    monkeypatch.setattr(language_site.os, "cpu_count", lambda: 1)
    fresh = build(project, cold, cache=drawings_only)
    assert started == []  # one language after the other, in this process
    monkeypatch.undo()
    rebuilt_files, cold_files = _files(corrected_site), _files(cold)
    assert rebuilt_files.keys() == cold_files.keys()
    assert [name for name in rebuilt_files if rebuilt_files[name] != cold_files[name]] == []
    kept = sorted((drawings_only / "charts").iterdir())
    assert not unused.exists() and len(kept) > 100
    assert all(drawing.stat().st_mtime > long_ago + 86400 for drawing in kept)  # each used by this build
    # Nothing changed since: the site in place is kept, not a file of it written again,
    # and the data's warnings (those of the build that made it) are said again. A copy
    # of the shared site stands in for it, so that a failure leaves the shared one whole.
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(corrected_site, rebuilt)
    before = {p: p.stat().st_mtime_ns for p in rebuilt.rglob("*")}
    kept = build(project, rebuilt, cache=shared)
    assert kept.catalogue is None and {p: p.stat().st_mtime_ns for p in rebuilt.rglob("*")} == before
    assert kept.warnings == fresh.warnings and fresh.warnings


# --- Specs written once by Altair ---------------------------------------------------------------

def test_the_titled_and_page_specs_are_those_altair_writes(catalogue, project):
    """charts._finish sets title and width on copies of one spec; Altair, asked for each
    drawing in full, writes the same dicts (a layered chart, a chart with a height step)."""
    import altair as alt

    from ntm_site.site_pages.charts import PAGE_VARIANTS, STATIC_WIDTH, _finish, page_variant, vega_locale
    from ntm_site.site_pages.render_worker import CHART_FONT

    from ntm_site.site_pages.chart_builders import build_chart
    from ntm_site.common.i18n import Localiser

    loc = Localiser("en", project.messages)
    chart = build_chart("ocop-valid-by-star", catalogue, loc, project)  # bars + labels: a layer
    data = chart.data
    label, value = data.columns
    bars = alt.Chart(data).mark_bar().encode(y=alt.Y(f"{label}:N", sort=None), x=f"{value}:Q")
    for encoding_chart in (bars + bars.mark_text(align="left", dx=4).encode(text=f"{value}:Q"),
                           bars.properties(height=alt.Step(26))):
        made = _finish(chart, encoding_chart, loc)
        title = alt.Title(chart.title, subtitle=[chart.unit, chart.source, loc.t("chart.as_of", date=chart.as_of)],
                          anchor="start", subtitleFontSize=10)
        whole = encoding_chart.properties(title=title, width=STATIC_WIDTH).configure(locale=vega_locale(loc), font=CHART_FONT)
        assert made.spec == whole.configure_view(stroke=None).to_dict(validate=False)
        for name, (width, label_limit) in PAGE_VARIANTS.items():
            drawn = (encoding_chart.properties(width=width).configure(locale=vega_locale(loc), font=CHART_FONT)
                     .configure_view(stroke=None))
            assert made.page_specs[name] == page_variant(drawn.to_dict(validate=False), label_limit)


def test_entries_no_build_used_for_a_month_are_pruned(tmp_path):
    from ntm_site.common.cache_files import mark_used, prune_unused

    now = time.time()
    month_and_a_day, yesterday = now - 31 * 86400, now - 86400
    entries = {"specs/old.json": month_and_a_day, "specs/recent.json": yesterday, "charts/old.svg": month_and_a_day,
               "charts/used.svg": month_and_a_day, "downloads/old.json": month_and_a_day,
               "downloads/old/data.csv": yesterday, "downloads/recent.json": yesterday,
               "downloads/recent/data.csv": month_and_a_day, "vega.bundle.0.js": month_and_a_day}
    for name, when in entries.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
        os.utime(tmp_path / name, (when, when))
    for folder, when in (("downloads/old", month_and_a_day), ("downloads/recent", yesterday), ("specs", month_and_a_day)):
        os.utime(tmp_path / folder, (when, when))
    assert mark_used(tmp_path / "charts/used.svg") and not mark_used(tmp_path / "charts/never.svg")
    assert prune_unused(tmp_path, now=now) == 5  # the old download is two entries: its list and its folder
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    # A download's folder is one entry, as old as the folder (its files keep the dates they were made).
    assert left == ["charts/used.svg", "downloads/recent.json", "downloads/recent/data.csv", "specs/recent.json"]
    assert prune_unused(tmp_path, now=now) == 0


def test_the_caches_code_hash_follows_every_module(tmp_path):
    # The chart and download caches are keyed on it: a changed, added or moved
    # module must make what the old code made stale.
    from ntm_site.common.cache_files import code_digest

    (tmp_path / "stage").mkdir()
    (tmp_path / "stage" / "a.py").write_text("X = 1\n")
    first = code_digest(tmp_path)
    seen = {first}
    for change in (lambda: (tmp_path / "stage" / "a.py").write_text("X = 2\n"),
                   lambda: (tmp_path / "b.py").write_text(""),
                   lambda: (tmp_path / "stage" / "a.py").rename(tmp_path / "a.py")):
        change()
        code_digest.cache_clear()
        digest = code_digest(tmp_path)
        assert digest not in seen
        seen.add(digest)
    (tmp_path / "notes.txt").write_text("not code")
    code_digest.cache_clear()
    assert code_digest(tmp_path) == digest


# --- Compiled templates -------------------------------------------------------------------------

def _small_mkdocs_site(folder: Path, pages: dict[str, str]) -> Path:
    """A MkDocs site of `pages` (name: Markdown) with Material and its search, as the real one has."""
    (folder / "docs").mkdir(parents=True)
    for name, text in pages.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\nuse_directory_urls: true\nplugins:\n  - search\n"
                      "markdown_extensions:\n  - toc:\n      permalink: true\n", encoding="utf-8")
    return config


def test_the_themes_templates_are_compiled_once_and_the_pages_come_out_the_same(tmp_path, monkeypatch):
    """MkDocs compiles Material's templates in every build; they are kept in the cache's
    templates/ folder instead. The second build compiles none and writes the same pages."""
    import jinja2

    from ntm_site.site_pages.engines import run_mkdocs

    config = _small_mkdocs_site(tmp_path, {"index.md": "# Trang chủ\n\nMột đoạn.\n"})
    cache = tmp_path / "cache"
    compiles = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, *args, **kwargs: compiles.append(args[1:2]) or compile_template(env, *args, **kwargs))
    pages = []
    for _ in range(2):
        compiles.clear()
        run_mkdocs(config, cache)
        pages.append((tmp_path / "site" / "index.html").read_bytes())
        if not pages[1:]:
            assert len(compiles) > 10, "the theme compiled fewer templates than Material has"
    assert compiles == [] and pages[0] == pages[1]
    assert len(list((cache / "templates").iterdir())) > 10


# --- Pages kept converted ------------------------------------------------------------------------

def _count_conversions(monkeypatch) -> list[str]:
    """Each page MkDocs converts to HTML, and each one Material's search plugin parses."""
    import markdown
    from material.plugins.search import plugin as search

    done = []
    convert, feed = markdown.Markdown.convert, search.Parser.feed
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: done.append("html") or convert(md, text))
    monkeypatch.setattr(search.Parser, "feed", lambda parser, html: done.append("search") or feed(parser, html))
    return done


def _search_entries(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_page_converted_before_is_read_back_and_the_site_comes_out_the_same(tmp_path, monkeypatch):
    """The second build converts no page and parses none for search, yet writes the same
    files, search index included; an edited page is converted again, and only it."""
    from ntm_site.site_pages.engines import run_mkdocs

    config = _small_mkdocs_site(tmp_path, {
        "index.md": "---\ntitle: Trang chủ\n---\n# Trang chủ\n\nXem [bảng](bang.md#so-lieu).\n\n## Mục hai\n\nMột đoạn.\n",
        "bang.md": "# Bảng\n\n## Số liệu\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"})
    cache = tmp_path / "cache"
    done = _count_conversions(monkeypatch)
    run_mkdocs(config, cache)
    assert sorted(done) == ["html", "html", "search", "search"]
    first = _files(tmp_path / "site")
    done.clear()
    run_mkdocs(config, cache)
    assert done == []
    assert _files(tmp_path / "site") == first
    assert {"Trang chủ", "Số liệu"} <= {entry["title"] for entry in _search_entries(tmp_path / "site")}
    (tmp_path / "docs" / "bang.md").write_text("# Bảng\n\n## Số liệu\n\nĐã sửa.\n", encoding="utf-8")
    run_mkdocs(config, cache)
    assert sorted(done) == ["html", "search"]
    assert "Đã sửa" in (tmp_path / "site" / "bang" / "index.html").read_text(encoding="utf-8")
    assert any("Đã sửa" in entry["text"] for entry in _search_entries(tmp_path / "site"))


def test_a_kept_page_whose_link_lost_its_target_fails_the_build_as_a_fresh_conversion_does(tmp_path):
    """A page's HTML depends on the other files (a link to one that is gone is a warning,
    and strict mode fails the build); and a build that fails keeps nothing."""
    from mkdocs.exceptions import Abort

    from ntm_site.site_pages.engines import run_mkdocs

    config = _small_mkdocs_site(tmp_path, {"index.md": "# A\n\n[B](b.md)\n", "b.md": "# B\n"})
    cache = tmp_path / "cache"
    run_mkdocs(config, cache)
    kept = sorted(p.name for p in (cache / "pages").iterdir())
    assert len(kept) == 4  # two pages, each its HTML and its search entries
    (tmp_path / "docs" / "b.md").unlink()
    with pytest.raises(Abort):
        run_mkdocs(config, cache)
    assert sorted(p.name for p in (cache / "pages").iterdir()) == kept
