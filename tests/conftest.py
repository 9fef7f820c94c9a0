"""Shared fixtures: the real project, editable copies of its data, and the built sites.

A full site build is the slowest thing a test can do, so each kind of site is
built once per test run and shared, also across the parallel workers of
`pytest -n` (pytest-xdist; `make test` uses it):

- `built_site`: the real data built by MkDocs; `zensical_site`: by Zensical;
  `any_engine_site`: a test runs on both. `site_server` / `zensical_server`
  serve them on a loopback port for the browser tests.
- Your own variant of the data (hostile text, a git history...): build it with
  `shared_site(tmp_path_factory, "<name>", prepare)` from a session- or
  module-scoped fixture. `prepare(copy)` edits `copy`, a `DataCopy` of
  datapackages/ (schemas/ beside it), and may return the `Project` to build;
  the site is built once per run under that name, whichever worker asks
  first, and the others wait for it (a file lock). Its progress log is
  beside it (`<site>/../build.log`; `BUILD_LOG` for `built_site`).
  Builds share the chart cache (build/cache), so charts a variant does not
  change are not drawn again; a variant of the real data (and a test that
  builds the real data itself) asks for `warm_charts` first, so that it is
  built after `built_site` has drawn them. Each worker starts with one of
  the two builds whose charts are their own (the real site, the hostile one).

To add a test without adding a build: take one of these sites as a fixture
and read the files it needs; for bad data, use `data_copy` and call
`check()` / `load()` (validation is seconds, a build is a minute; packages
the test left as they were are not validated by frictionless again, see
`KnownValid`); for the command line, call `ntm_site.cli.main([...])` in the
test's own process (`cli_run`) rather than starting Python again (a case
that could hang keeps its own process, with a timeout); a test that makes a
build fail on purpose takes `one_process_builds`, so that the build starts
no process for its second language. Browser tests share
one Chromium per worker (`browser`): a test that opens pages and reads them
borrows a tab (`tabs.open`, see `Tabs`); one that leaves more behind opens a
context of its own, never a browser. A check to make on every page of
`built_site` belongs in the phone sweep (`phone_sweep`, tests/page_sweep.py),
which opens each page once for all of them, once per run.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import hashlib
import http.server
import io
import json
import os
import pickle
import shutil
import stat
import threading
from pathlib import Path

import pytest

from playwright.sync_api import sync_playwright

from ntm_site.build import build
from ntm_site.data_in.loading import load
from ntm_site.common.progress import ConsoleReporter
from ntm_site.common.project import Project, default_project
from ntm_site.preview_server import PreviewServer

ROOT = Path(__file__).resolve().parent.parent
SOURCE_REPORT = ROOT / "sources" / "bao-cao-so-ket-6-thang-dau-nam-2024.txt"


class BuildLog:
    """What the build of `built_site` said while it ran (see test_newcomer.py),
    whichever worker ran it: each shared site keeps its log beside it."""

    path: Path | None = None

    def getvalue(self) -> str:
        return self.path.read_text(encoding="utf-8") if self.path else ""


BUILD_LOG = BuildLog()


@pytest.fixture(scope="session")
def project() -> Project:
    return default_project()


@pytest.fixture(scope="session")
def catalogue(project):
    return load(project)


class DataCopy:
    """A copy of datapackages/ that a test may break, with helpers to edit it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.project = Project(root=ROOT, datapackages_dir=folder)

    def path(self, relative: str) -> Path:
        return self.folder / relative

    def rows(self, relative: str) -> list[list[str]]:
        with open(self.path(relative), encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    def write_rows(self, relative: str, rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        self.path(relative).write_text(buffer.getvalue(), encoding="utf-8")

    def set_cell(self, relative: str, row: int, column: str, value: str) -> None:
        """Set a cell; `row` counts as a spreadsheet does (header = row 1)."""
        rows = self.rows(relative)
        rows[row - 1][rows[0].index(column)] = value
        self.write_rows(relative, rows)


class KnownValid:
    """The packages frictionless has already found valid in this test run, by content.

    A test of bad data breaks one package of a copy of the real data; the other
    packages are, byte for byte, those validated in the previous test. What
    frictionless finds depends only on the descriptor handed to it (schemas
    inline) and the bytes of the files it names, so a package it found valid
    is valid again: that verdict is reused, and only that one (a finding names
    its file; a valid package has none). Every check of our own (discover,
    file checks, required data) still runs on every copy, and the package a
    test breaks is validated by frictionless in full.
    """

    def __init__(self):
        self.keys: set[str] = set()

    @staticmethod
    def key(project: Project, package, descriptor: dict) -> str | None:
        """The package's content (its tables, the descriptor, the file bytes); None when
        a file is not a plain regular file (then frictionless looks at it itself)."""
        own = sorted(t.name for t in package.tables.values() if t.readable)
        try:
            digest = hashlib.sha256(json.dumps([package.name, own, descriptor], sort_keys=True, default=repr).encode("utf-8"))
            for resource in descriptor["resources"]:
                path = os.path.join(project.datapackages.resolve(), resource["path"])
                if os.path.realpath(path) != os.path.normpath(path) or not stat.S_ISREG(os.lstat(path).st_mode):
                    return None
                digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        except (OSError, KeyError, TypeError, ValueError):
            return None
        return digest.hexdigest()

    def wrap(self, package_findings):
        def findings(project, package, descriptor, *run):
            key = self.key(project, package, descriptor)
            if key is not None and key in self.keys:
                return []
            found = package_findings(project, package, descriptor, *run)
            if key is not None and found == []:
                self.keys.add(key)
            return found
        return findings


KNOWN_VALID = KnownValid()


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> DataCopy:
    """A copy of the data to break; its unchanged packages are not validated again (KnownValid)."""
    from ntm_site.data_in import validate

    folder = tmp_path / "datapackages"
    shutil.copytree(ROOT / "datapackages", folder)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    monkeypatch.setattr(validate, "_package_findings", KNOWN_VALID.wrap(validate._package_findings))
    return DataCopy(folder)


def shared_folder(tmp_path_factory) -> Path:
    """A temporary folder of this test run that every xdist worker sees."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def run_lock(tmp_path_factory, name: str):
    """Held by one worker at a time, for work done once per test run."""
    with open(shared_folder(tmp_path_factory) / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def languages_in_this_process():
    """Builds made meanwhile write every language in this process instead of starting
    a process for the second one: that costs a second of start-up, and when the test
    makes the build fail here, the other language's whole build as well. Where both
    cores are busy with the two test workers anyway, it buys nothing. `built_site`
    and the SYNTHETIC site are built as `make site` builds, with the second process;
    tests/test_build_speed.py shows that both ways give the same bytes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ntm_site.build.start_language_processes", lambda count, cache: [])
        yield


@pytest.fixture
def one_process_builds():
    """For a test whose builds fail on purpose (bad data, a full disk): see languages_in_this_process."""
    with languages_in_this_process():
        yield


def shared_site(tmp_path_factory, name: str, prepare=None, engine: str = "mkdocs", in_one_process: bool = False) -> Path:
    """The site built from the data `prepare(folder)` makes, once per test run.

    Without `prepare`, the checkout's own data. The first worker to ask builds
    it; the others wait on the lock and find it built. `in_one_process`: see
    languages_in_this_process.
    """
    folder = shared_folder(tmp_path_factory) / f"site-{name}"
    out = folder / "site"
    with run_lock(tmp_path_factory, f"site-{name}"):
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            project = default_project()
            if prepare is not None:
                shutil.copytree(ROOT / "datapackages", folder / "datapackages")
                shutil.copytree(ROOT / "schemas", folder / "schemas")
                project = prepare(DataCopy(folder / "datapackages")) or Project(root=ROOT, datapackages_dir=folder / "datapackages")
            with open(folder / "build.log", "w", encoding="utf-8") as log, \
                    languages_in_this_process() if in_one_process else contextlib.nullcontext():
                build(project, out, engine=engine,
                      reporter=ConsoleReporter(project.messages, stream=log, terminal=False))
            (folder / "built").touch()
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    out = shared_site(tmp_path_factory, "mkdocs")
    BUILD_LOG.path = out.parent / "build.log"
    return out


def chart_drawings(site: Path) -> list[Path]:
    """Every chart drawing (SVG) of a built site, both languages."""
    drawings = sorted(site.glob("assets/charts/*.svg")) + sorted(site.glob("en/assets/charts/*.svg"))
    assert len(drawings) > 100, f"only {len(drawings)} chart drawings in {site}"
    return drawings


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory, built_site) -> Path:
    """The same site built by Zensical, Material for MkDocs' successor: after
    `built_site`, whose charts (the same) it then finds in the chart cache."""
    return shared_site(tmp_path_factory, "zensical", engine="zensical", in_one_process=True)


@pytest.fixture(scope="session")
def warm_charts(built_site) -> None:
    """For a test that builds the real data (or a copy with an edit or two) itself:
    `built_site` has drawn the charts into the shared cache, so that build draws
    only the charts its edit changes instead of every chart again (in a fresh
    clone, whichever build came first would draw them all)."""


@pytest.fixture(scope="session")
def corrected_site(tmp_path_factory, warm_charts) -> Path:
    """A site whose data's last commit is a maintainer's correction (tests/corrected_site.py),
    for the changelog's page and feed and the build-speed test: the SYNTHETIC reports' site
    (tests/synthetic_report.py), where the correction is committed after the reports, so
    that one build serves all three; its data is `synthetic_data(corrected_site)`. Read it,
    never write into it: the build-speed test rebuilds a copy."""
    from synthetic_report import build_synthetic_site
    return build_synthetic_site(tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def _each_worker_starts_with_a_build(request, tmp_path_factory):
    """The slowest fixtures first, one per worker, so both cores build at once: the first
    worker builds the real site (`built_site`), the second the hostile one, whose charts
    are nearly all its own (names from hostile data are in every comparison chart). The
    builds of the real data's variants come after and find its charts in the cache. The
    second worker then builds the SYNTHETIC reports' site: the tests that read it come
    late in the run, and a build at the very end would keep one worker busy alone."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    wanted = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    try:
        if worker == "gw0" and "built_site" in wanted:
            request.getfixturevalue("built_site")
        elif worker == "gw1" and "hostile_site" in wanted:
            from hostile_site import build_hostile_site
            build_hostile_site(tmp_path_factory)
        if worker == "gw1" and "synthetic_site" in wanted:
            from synthetic_report import build_synthetic_site
            request.getfixturevalue("warm_charts")
            build_synthetic_site(tmp_path_factory)
    except Exception:  # noqa: BLE001 - a build that fails fails the tests that need it (they build it
        pass  # again, and say why), not every test of this worker


@pytest.fixture
def cli_run(capsys, monkeypatch, tmp_path):
    """Run `build_site.py <args>` in this process: (exit code, stdout, stderr).

    Starting Python again costs seconds of imports per call; the command line
    itself is tested as a process once, in test_build.py.
    """
    from ntm_site.cli import main

    def run(*args: str, env: dict | None = None):
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def any_engine_site(request) -> Path:
    """For tests of what the site must be whichever generator builds it."""
    return request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serve the built site on a loopback port for the browser tests."""
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def zensical_server(zensical_site):
    url, server = serve(zensical_site)
    yield url
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Browser: Debian's Chromium driven by Playwright (no browser download is possible).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("Chromium is required for the browser tests: run `make test` (installs Debian's chromium) or set CHROMIUM")


SWEEP_SHARDS = 2


@pytest.fixture(scope="session")
def phone_sweep(request, tmp_path_factory, built_site):
    """Every page of `built_site` opened once in a phone-sized browser, with what
    each per-page check measured there (tests/page_sweep.py): once per run. The
    pages are dealt into shards, each measured by whichever worker reaches it
    first (each worker starts with its own, so two workers sweep at once); the
    others read its measurements."""
    from page_sweep import pages_to_sweep, sweep

    pages = pages_to_sweep(built_site)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    own = int(worker[2:]) % SWEEP_SHARDS if worker[2:].isdigit() else 0
    records = {}
    for shard in ((own + k) % SWEEP_SHARDS for k in range(SWEEP_SHARDS)):
        saved = shared_folder(tmp_path_factory) / f"phone-sweep-{shard}.pickle"
        with run_lock(tmp_path_factory, f"phone-sweep-{shard}"):
            if not saved.exists():
                measured = sweep(request.getfixturevalue("browser"), request.getfixturevalue("site_server"),
                                 pages[shard::SWEEP_SHARDS])
                saved.write_bytes(pickle.dumps(measured))
        records.update(pickle.loads(saved.read_bytes()))
    assert sorted(records) == pages  # every page measured, by one shard or the other
    return records


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tabs:
    """Browser tabs kept open from test to test, one per kind of window (size, JavaScript on or off).

    A new tab costs Chromium a renderer and cold caches, about half a second of
    CPU: more than most checks made in it. A test that only opens pages and reads
    them borrows one (`with tabs.open(url, viewport=..., javascript=...) as page`),
    with the page events it listens to and the requests it intercepts passed as
    `listeners` and `routes` (removed afterwards). Afterwards the tab is blank
    again, at its own size, alone in its context, with no cookies and no storage
    of the site it was on. A test that leaves more behind (init scripts, emulated media, a CDP
    session) opens a context of its own.
    """

    def __init__(self, browser):
        self.browser = browser
        self.pages: dict[tuple, object] = {}

    @contextlib.contextmanager
    def open(self, url: str, viewport: dict | None = None, javascript: bool = True, listeners: dict | None = None,
             routes: dict | None = None, wait_until: str = "load"):
        viewport = viewport or {"width": 390, "height": 844}
        kind = (viewport["width"], viewport["height"], javascript)
        if kind not in self.pages:
            self.pages[kind] = self.browser.new_context(viewport=viewport, java_script_enabled=javascript).new_page()
        page = self.pages[kind]
        listeners, routes = listeners or {}, routes or {}
        for event, handler in listeners.items():
            page.on(event, handler)
        for pattern, handler in routes.items():
            page.route(pattern, handler)
        try:
            # The visible tab of its window: a hidden one draws no frames (and runs no
            # animation-frame callbacks), which a test waiting for a frame would wait on for ever.
            page.bring_to_front()
            page.goto(url, wait_until=wait_until)
            yield page
        finally:
            for event, handler in listeners.items():
                page.remove_listener(event, handler)
            for pattern, handler in routes.items():
                page.unroute(pattern, handler)
            self._blank(kind, viewport)

    def _blank(self, kind, viewport) -> None:
        page = self.pages[kind]
        try:
            if kind[2]:  # only the page's scripts write storage
                page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            for other in page.context.pages:  # opened by a click on a link to a new window
                if other != page:
                    other.close()
            page.context.clear_cookies()
            page.set_viewport_size(viewport)
            page.mouse.move(0, 0)
            page.goto("about:blank")
        except Exception:  # noqa: BLE001 - a tab left in a state it cannot leave is closed; the next test gets a new one
            del self.pages[kind]
            with contextlib.suppress(Exception):
                page.context.close()


@pytest.fixture(scope="session")
def tabs(browser):
    return Tabs(browser)


def serve(folder: Path):
    """Start a loopback HTTP server for `folder`; returns (base URL, server)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = PreviewServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
