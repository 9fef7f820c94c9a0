"""A newcomer's first ten minutes: a clone stands alone, long work shows
progress, known discrepancies are counted rather than repeated, `make` helps."""
from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_LOG, ROOT, QuietHandler
from ntm_site import cli
from ntm_site.build import CheckedData
from ntm_site.data_in.checks import problems_from, run_rules
from ntm_site.common.problems import Problem, ValidationFailed
from ntm_site.common.progress import ConsoleReporter, count_site
from ntm_site.watch import changed, snapshot, watch

import build_site

# ---------------------------------------------------------------- stands alone

# The folder a clone does not have, however a path to it is spelt.
SHARED = re.compile(r"\.\./shared\b|/shared/|[\"']shared[\"']")
# Files that can read a path when the project builds, tests or runs in CI.
RUNS = re.compile(r"(\.py|\.ya?ml|\.ini|\.cfg|\.toml|\.sh|\.j2|Makefile|\.txt)$")


def tracked_files() -> list[str]:
    """What a clone holds: the tracked files, and new ones not yet ignored."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    return [name for name in listed if (ROOT / name).is_file()]


def test_nothing_in_the_build_tests_or_ci_names_the_folder_beside_the_repository():
    offenders = []
    for name in tracked_files():
        if not RUNS.search(name) or name == "tests/test_newcomer.py" or name.startswith("sources/"):
            continue
        for number, line in enumerate((ROOT / name).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if SHARED.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, "a clone has no ../shared:\n" + "\n".join(offenders)


def test_the_guard_would_catch_a_read_of_the_folder_beside_the_repository():
    assert SHARED.search('ROOT.parent / "shared" / "source" / "report.txt"')
    assert SHARED.search("open('../shared/source/report.txt')")
    assert not SHARED.search("schemas shared by several packages")


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The repository's files in a folder with nothing beside it, as after `git clone`."""
    copy = tmp_path_factory.mktemp("alone") / "repository"
    for name in tracked_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    assert not (copy.parent / "shared").exists()
    return copy


def test_a_clone_with_nothing_beside_it_validates_and_passes_the_fidelity_tests(clone):
    # Both at once: together they take the time of the longer one.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    validate = subprocess.Popen([sys.executable, "build_site.py", "validate"], cwd=clone, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    fidelity = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fidelity.py"],
                                cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out, err = validate.communicate(timeout=300)
    assert validate.returncode == 0, out + err
    assert "The data is valid." in out
    report, _ = fidelity.communicate(timeout=300)
    assert fidelity.returncode == 0, report
    assert re.search(r"\b3 passed\b", report), report


# ---------------------------------------------------------------- progress


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_each_stage_says_when_it_starts_and_ends_with_its_time_in_both_languages(project):
    stream, clock = io.StringIO(), Clock()
    reporter = ConsoleReporter(project.messages, stream=stream, terminal=False, clock=clock)
    with reporter.stage("checks"):
        clock.now += 2.5
    with reporter.stage("charts", total=3, language="en") as stage:
        for _ in range(3):
            clock.now += 20
            stage.tick()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4, lines  # no bar redrawn in a log: a line at each start and each end
    assert lines[0] == "[00:00] Đối chiếu các số liệu theo quy tắc… / Checking the figures against the rules…"
    assert lines[1] == ("[00:02] Đối chiếu các số liệu theo quy tắc: xong, 2,5 giây "
                        "/ Checking the figures against the rules: done, 2.5 s")
    assert lines[3] == "[01:02] Vẽ biểu đồ (en): xong 3/3, 60,0 giây / Drawing the charts (en): 3/3 done, 60.0 s"


def test_a_stage_that_fails_says_so_and_lets_the_error_through(project):
    stream, clock = io.StringIO(), Clock()
    reporter = ConsoleReporter(project.messages, stream=stream, terminal=False, clock=clock)
    with pytest.raises(ValidationFailed):
        with reporter.stage("validate"):
            clock.now += 1
            raise ValidationFailed([])
    assert stream.getvalue().splitlines()[-1].endswith("Validating the data packages: stopped after 1.0 s")


def test_on_a_terminal_the_chart_stage_draws_a_bar_and_still_ends_with_its_line(project):
    stream = io.StringIO()
    reporter = ConsoleReporter(project.messages, stream=stream, terminal=True)
    with reporter.stage("charts", total=2, language="vi") as stage:
        stage.tick()
        stage.tick()
    drawn = stream.getvalue()
    bar = drawn.split("\n")[1]  # between the start line and the end line
    assert "━" in bar and "/2" in bar
    assert re.search(r"\[00:00\] Vẽ biểu đồ \(vi\): xong 2/2, \d+,\d giây / Drawing the charts \(vi\): 2/2 done, "
                     r"\d+\.\d s\n$", drawn)


def test_a_real_build_reports_every_stage_in_order(built_site, project):
    ends = [line for line in BUILD_LOG.getvalue().splitlines() if "done" in line.split(" / ")[-1]]
    stages = [line.split(" / ")[-1].split(":")[0] for line in ends]
    # Each language's stages in a block: the first language's as they happen, then each
    # other's as its own process said them (language_site.py).
    # The charts are drawn in a thread from "Making the charts" on; "Drawing the charts"
    # is what is left of it once the downloads are written.
    per_language = ["Making the charts ({})", "Copying the hand-written pages and the chart library ({})",
                    "Writing the downloads ({})", "Drawing the charts ({})", "Writing the chart files ({})",
                    "Writing the pages ({})", "Building the HTML with mkdocs ({})"]
    expected = ["Validating the data packages", "Checking the figures against the rules",
                "Reading the data's change history (git)"]
    for lang in project.settings["languages"]:
        expected += [stage.format(lang) for stage in per_language]
    assert stages == expected + ["Putting the new site in place of the old one"]
    charts = len(list((built_site / "assets" / "charts").glob("*.vi.svg")))  # not the page's narrow/wide drawings
    assert f"Writing the chart files (vi): {charts}/{charts} done" in BUILD_LOG.getvalue()


def test_the_site_count_counts_pages_chart_images_and_files(tmp_path):
    for name in ("index.html", "en/index.html", "ocop/index.html", "assets/charts/a.vi.svg",
                 "en/assets/charts/a.en.svg", "assets/logo.svg", "du-lieu/x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    count = count_site(tmp_path)
    assert (count.pages, count.charts, count.files) == (3, 2, 7)


# ---------------------------------------------------------------- known discrepancies


@pytest.fixture(scope="module")
def checked(project, catalogue):
    # What check() returns for the real data, from the session's loaded catalogue.
    results = run_rules(project, catalogue)
    return CheckedData(catalogue, results, problems_from(project, results))


def declared_discrepancies(project) -> int:
    """The sources' own discrepancies: those declared in config/rules.yml, plus
    one per finding of a rule that only warns (sources that disagree)."""
    from ntm_site.build import check

    with open(project.config / "rules.yml", encoding="utf-8") as handle:
        rules = yaml.safe_load(handle)["rules"]
    declared = sum(len(rule.get("source_discrepancies", [])) for rule in rules)
    warning_rules = {rule["id"] for rule in rules if rule.get("severity") == "warning"}
    return declared + sum(p.rule in warning_rules for p in check(project).warnings)


def run_cli(monkeypatch, capsys, argv, checked=None, failure=None):
    def fake_check(project, reporter=None):
        if failure:
            raise failure
        return checked
    monkeypatch.setattr(cli, "check", fake_check)
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sources_own_discrepancies_are_one_line_not_thirty_nine(project, checked, monkeypatch, capsys):
    count = declared_discrepancies(project)
    assert count == len(checked.warnings) > 0
    code, out, err = run_cli(monkeypatch, capsys, ["validate"], checked)
    assert code == 0
    assert "WARNING" not in out + err
    assert (f"{count} chỗ số liệu vênh nhau ngay trong các nguồn" in out
            and f"{count} discrepancies in the sources themselves (known, listed on /chat-luong-du-lieu/" in out)
    assert out.count("\n") == 2, out  # the summary line and "the data is valid"


def test_verbose_lists_each_known_discrepancy(project, checked, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, ["validate", "--verbose"], checked)
    assert code == 0
    assert out.count("CẢNH BÁO/WARNING") == declared_discrepancies(project)


def test_quiet_prints_nothing_when_all_is_well(checked, monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, ["validate", "--quiet"], checked)
    assert (code, out, err) == (0, "", "")


NEW_ERROR = Problem(package="funding", file="datapackages/funding/capital_disbursement.csv", rule="type-error",
                    message_vi="sai kiểu", message_en="wrong type", row=3, column="plan_mvnd", value="84.875,5")
NEW_WARNING = Problem(package="ocop", file="datapackages/ocop/x.csv", rule="some-new-rule",
                      message_vi="cảnh báo mới", message_en="a new warning", severity="warning")


@pytest.mark.parametrize("flags", [[], ["--quiet"]])
def test_new_errors_stay_loud_and_complete(checked, monkeypatch, capsys, flags):
    failure = ValidationFailed([*checked.warnings, NEW_ERROR])
    code, out, err = run_cli(monkeypatch, capsys, ["validate", *flags], failure=failure)
    assert code == 1
    assert NEW_ERROR.render() in err
    assert "1 lỗi/errors" in err


def test_a_new_warning_is_printed_in_full_beside_the_count_of_known_ones(checked, monkeypatch, capsys, project):
    data = type(checked)(checked.catalogue, checked.rule_results, [*checked.warnings, NEW_WARNING])
    code, out, _ = run_cli(monkeypatch, capsys, ["validate"], data)
    assert code == 0
    assert NEW_WARNING.render() in out
    assert out.count("WARNING") == 1
    assert f"{declared_discrepancies(project)} discrepancies in the sources themselves" in out


def test_a_build_ends_with_a_summary_of_pages_charts_files_and_time(checked, monkeypatch, capsys, tmp_path):
    def fake_build(project, out, engine, reporter):
        for name in ("index.html", "en/index.html", "assets/charts/a.vi.svg", "search.json"):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text("x")
        return checked
    monkeypatch.setattr(cli, "build", fake_build)
    out_dir = tmp_path / "site"
    code, out, _ = run_cli(monkeypatch, capsys, ["build", "--out", str(out_dir)], checked)
    assert code == 0
    last = out.splitlines()[-1]
    assert re.fullmatch(rf"Đã xây dựng trang vào {re.escape(str(out_dir))}: 2 trang, 1 hình biểu đồ, 4 tệp, "
                        rf"trong \d+,\d giây\. / Site built in {re.escape(str(out_dir))}: 2 pages, 1 chart images, "
                        rf"4 files, in \d+\.\d s\.", last), last


# ---------------------------------------------------------------- set-up


def make(*args, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=60)


def test_make_alone_lists_every_target_and_does_nothing_else():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.search(r"^\.PHONY:(.*)$", makefile, re.M)[1].split()
    listed = make()
    assert listed.returncode == 0
    assert listed.stdout == make("help").stdout
    for target in targets:
        assert re.search(rf"^make {target}\b", listed.stdout, re.M) or target == "help", (target, listed.stdout)
    assert "venv" not in listed.stderr


@pytest.fixture
def python_3_9(tmp_path) -> dict:
    """An environment whose Python says it is 3.9 (a sitecustomize module runs at start-up)."""
    fake = tmp_path / "fake-version"
    fake.mkdir()
    (fake / "sitecustomize.py").write_text("import sys\nsys.version_info = (3, 9, 18, 'final', 0)\n")
    return {**os.environ, "PYTHONPATH": str(fake)}


NEEDED = "Cần Python 3.11 trở lên; đang dùng Python 3.9. / Python 3.11 or newer is needed; this is Python 3.9."


def test_an_old_python_gets_one_line_from_make_before_any_venv_is_made(tmp_path, python_3_9):
    for name in ("Makefile", "requirements.txt", "build_site.py"):
        shutil.copy2(ROOT / name, tmp_path / name)
    result = make("site", f"PYTHON={sys.executable}", cwd=tmp_path, env=python_3_9)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == NEEDED
    assert not (tmp_path / ".venv").exists()


def test_an_old_python_gets_one_line_from_build_site(python_3_9):
    result = subprocess.run([sys.executable, "build_site.py", "validate"], cwd=ROOT, env=python_3_9,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", NEEDED + "\n")


def test_a_supported_python_is_accepted():
    assert build_site.python_problem((3, 11, 0)) is None
    assert build_site.python_problem((3, 13, 1)) is None
    assert build_site.python_problem((3, 10, 14)).startswith("Cần Python 3.11")


# ---------------------------------------------------------------- serve --watch


def test_the_watcher_sees_files_added_changed_and_removed(tmp_path):
    data = tmp_path / "datapackages"
    data.mkdir()
    kept, edited, removed = (data / name for name in ("kept.csv", "edited.csv", "removed.csv"))
    for path in (kept, edited, removed):
        path.write_text("a,b\n1,2\n")
    before = snapshot([data, tmp_path / "missing"])
    assert changed(before, snapshot([data])) == []
    stat = edited.stat()
    edited.write_text("a,b\n1,3\n")  # same size: only the modification time tells
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    removed.unlink()
    added = data / "sub" / "added.csv"
    added.parent.mkdir()
    added.write_text("x")
    assert changed(before, snapshot([data])) == sorted([edited, removed, added])


def test_the_watcher_calls_back_once_a_change_has_settled(tmp_path):
    (tmp_path / "a.csv").write_text("1")
    calls, stop = [], threading.Event()
    thread = threading.Thread(target=watch, args=([tmp_path], calls.append), kwargs={"interval": 0.05, "stop": stop})
    thread.start()
    try:
        time.sleep(0.2)
        (tmp_path / "b.csv").write_text("2")
        deadline = time.monotonic() + 10
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert calls == [[tmp_path / "b.csv"]]


# ---------------------------------------------------------------- serve: readers who leave

def _reader_leaves_mid_file(server_class, folder: Path) -> list[type]:
    """A reader asks for a large file and hangs up at once (a reset, as a browser that moves
    on does): the errors the server met while sending it."""
    met: list[type] = []

    class Recording(server_class):
        def handle_error(self, request, client_address):
            met.append(type(sys.exc_info()[1]))
            super().handle_error(request, client_address)

    handler = functools.partial(QuietHandler, directory=str(folder))
    with Recording(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            reader = socket.create_connection(server.server_address, timeout=20)
            reader.sendall(b"GET /large.bin HTTP/1.1\r\nHost: preview\r\n\r\n")
            reader.recv(1024)  # the server has started sending
            reader.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            reader.close()
            deadline = time.monotonic() + 20
            while not met and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            server.shutdown()
    return met


def test_a_reader_who_leaves_mid_file_puts_no_traceback_in_the_preview_terminal(tmp_path, capsys):
    from ntm_site.preview_server import READER_LEFT, PreviewServer

    (tmp_path / "large.bin").write_bytes(b"\0" * 64_000_000)  # far more than the sockets' buffers hold
    # The standard server prints a traceback for it: what a maintainer saw while previewing.
    met = _reader_leaves_mid_file(http.server.ThreadingHTTPServer, tmp_path)
    assert met and issubclass(met[0], READER_LEFT), met
    assert "Traceback" in capsys.readouterr().err
    met = _reader_leaves_mid_file(PreviewServer, tmp_path)
    assert met and issubclass(met[0], READER_LEFT), met
    assert capsys.readouterr().err == ""
    # Any other error is still printed.
    with PreviewServer(("127.0.0.1", 0), QuietHandler, bind_and_activate=False) as server:
        try:
            raise ValueError("a fault of the server's own")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
    assert "ValueError: a fault of the server's own" in capsys.readouterr().err
