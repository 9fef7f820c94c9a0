"""Shared fixtures: the real project, editable copies of its data, one built site."""
from __future__ import annotations

import csv
import functools
import http.server
import io
import shutil
import threading
from pathlib import Path

import pytest

from ntm_site.build import build
from ntm_site.catalogue import load
from ntm_site.project import Project, default_project

ROOT = Path(__file__).resolve().parent.parent
SOURCE_REPORT = ROOT.parent / "shared" / "source" / "bao-cao-so-ket-6-thang-dau-nam-2024.txt"


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
    build(project, out)
    return out


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serve the built site on a loopback port for the browser tests."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
