"""Shared fixtures: the real project, editable copies of its data, one built site."""
from __future__ import annotations

import csv
import functools
import os
import http.server
import io
import shutil
import threading
from pathlib import Path

import pytest

from playwright.sync_api import sync_playwright

from ntm_site.build import build
from ntm_site.catalogue import load
from ntm_site.progress import ConsoleReporter
from ntm_site.project import Project, default_project

ROOT = Path(__file__).resolve().parent.parent
SOURCE_REPORT = ROOT / "sources" / "bao-cao-so-ket-6-thang-dau-nam-2024.txt"
# What the session's build said while it ran (see test_newcomer.py).
BUILD_LOG = io.StringIO()


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


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    folder = tmp_path / "datapackages"
    shutil.copytree(ROOT / "datapackages", folder)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return DataCopy(folder)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, project) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    build(project, out, reporter=ConsoleReporter(project.messages, stream=BUILD_LOG, terminal=False))
    return out


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory, project) -> Path:
    """The same site built by Zensical, Material for MkDocs' successor."""
    out = tmp_path_factory.mktemp("built-zensical") / "site"
    build(project, out, engine="zensical")
    return out


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


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve(folder: Path):
    """Start a loopback HTTP server for `folder`; returns (base URL, server)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
