"""Hardening: output paths, interrupted swaps, hostile git history and environment faults.

No option may delete anything outside the output folder; a kill at any moment
leaves the old or the new site; history cannot stop a build; and every fault
ends in one bilingual line, never a traceback.
"""
from __future__ import annotations

import errno
import os
import re
import signal
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, DataCopy
from ntm_site import build as build_stage
from ntm_site import language_site
from ntm_site import cli
from ntm_site.common.problems import Problem

STAMP = ".ntm-site-build"


class BuildWentAhead(BaseException):  # not caught by the CLI's safety net
    pass


@pytest.fixture
def no_build(monkeypatch):
    """Any refusal must come before the data is even read: if the build gets
    that far, stop it there, so a broken guard cannot harm the checkout."""
    def went_ahead(*args, **kwargs):
        raise BuildWentAhead

    monkeypatch.setattr(build_stage, "check", went_ahead)


def listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.lstat().st_mtime_ns) for p in folder.rglob("*"))


def one_bilingual_line(text: str) -> str:
    """The one line that says what stopped the command (progress lines such as '[00:07] ...' aside)."""
    lines = [line for line in text.splitlines() if line.strip() and not re.match(r"\[\d\d:\d\d\] ", line)]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    assert "LỖI/ERROR" in lines[0] and " / " in lines[0], text
    return lines[0]


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True, text=True).stdout


# --- 1. Output paths --------------------------------------------------------------------------

DANGEROUS = {
    "the checkout": lambda: ROOT,
    "the folder holding the checkout": lambda: ROOT.parent,
    "the filesystem root": lambda: Path("/"),
    "the home folder": lambda: Path.home(),
    "datapackages/": lambda: ROOT / "datapackages",
    "a new folder inside datapackages/": lambda: ROOT / "datapackages" / "site",
    "a package folder": lambda: ROOT / "datapackages" / "funding",
    "schemas/": lambda: ROOT / "schemas",
    "inside config/": lambda: ROOT / "config" / "site",
    "inside .git/": lambda: ROOT / ".git" / "site",
    "the code": lambda: ROOT / "ntm_site",
    "the folder holding the build cache": lambda: ROOT / "build",
    "the checkout by a relative path": lambda: Path(os.path.relpath(ROOT / "datapackages" / ".."))
}


@pytest.mark.parametrize("place", DANGEROUS)
def test_build_refuses_an_output_folder_that_would_destroy_sources(place, no_build, capsys):
    out = DANGEROUS[place]()
    before = git_status()
    assert cli.main(["build", "--out", str(out)]) == 1
    line = one_bilingual_line(capsys.readouterr().err)
    assert "--out" in line
    assert git_status() == before
    assert not list(out.parent.glob(f".{out.name}-staging-*")) and not (out.parent / f".{out.name}.old").exists()


def test_build_refuses_the_data_folder_and_its_schemas_given_with_data(no_build, capsys, data_copy):
    data = data_copy.folder
    for out in (data, data / "site", data.parent / "schemas", data.parent / "schemas" / "x", data.parent):
        before = listing(data.parent)
        assert cli.main(["build", "--data", str(data), "--out", str(out)]) == 1, out
        one_bilingual_line(capsys.readouterr().err)
        assert listing(data.parent) == before


def test_build_refuses_a_home_folder_even_when_empty(no_build, capsys, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert cli.main(["build", "--out", str(home)]) == 1
    one_bilingual_line(capsys.readouterr().err)
    assert home.is_dir() and list(tmp_path.iterdir()) == [home]


def test_build_refuses_a_folder_it_did_not_make(no_build, capsys, tmp_path):
    out = tmp_path / "my-documents"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work", encoding="utf-8")
    before = listing(tmp_path)
    assert cli.main(["build", "--out", str(out)]) == 1
    line = one_bilingual_line(capsys.readouterr().err)
    assert STAMP in line
    assert listing(tmp_path) == before


def test_build_refuses_a_file_or_a_path_through_a_file(no_build, capsys, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    for out in (a_file, a_file / "site"):
        assert cli.main(["build", "--out", str(out)]) == 1
        one_bilingual_line(capsys.readouterr().err)
    assert a_file.read_text(encoding="utf-8") == "keep me" and list(tmp_path.iterdir()) == [a_file]


def test_a_stamped_previous_build_or_an_empty_folder_is_accepted(no_build, tmp_path):
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / STAMP).write_text("ntm-site-build\n", encoding="utf-8")
    (previous / "index.html").write_text("old", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (previous, empty, tmp_path / "new"):
        with pytest.raises(BuildWentAhead):  # the guard let it through to the data check
            cli.main(["build", "--out", str(out)])


def test_a_forged_stamp_that_is_not_a_file_does_not_count(no_build, capsys, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    os.mkfifo(out / STAMP)  # reading it would hang; it must be looked at, not opened
    (out / "precious.txt").write_text("x", encoding="utf-8")
    assert cli.main(["build", "--out", str(out)]) == 1
    one_bilingual_line(capsys.readouterr().err)
    assert (out / "precious.txt").exists()


# --- 1. Kills during the swap -----------------------------------------------------------------

SWAP_SCRIPT = textwrap.dedent('''
    import os, sys, time
    from pathlib import Path
    from ntm_site import output_folder as of

    out, point, kill = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "kill"

    def pause():
        if kill:
            print("PAUSED", flush=True)
            time.sleep(120)

    if point in ("between-renames", "removing-old"):
        of._exchange = lambda a, b: False  # a filesystem without an atomic exchange: two renames
    if point == "between-renames":
        rename, calls = os.rename, []
        def paused_rename(a, b):
            rename(a, b)
            calls.append(a)
            if len(calls) == 1:
                pause()
        of.os.rename = paused_rename
    if point == "after-exchange":
        exchange = of._exchange
        def paused_exchange(a, b):
            done = exchange(a, b)
            pause()
            return done
        of._exchange = paused_exchange
    if point in ("removing-old", "removing-staging"):
        unlink, calls = os.unlink, []
        def paused_unlink(path, *args, **kwargs):
            unlink(path, *args, **kwargs)
            calls.append(path)
            if len(calls) == 5:
                pause()
        of.os.unlink = paused_unlink
        of.shutil.os.unlink = paused_unlink

    staging = of.start_staging(out)
    site = staging / "site"
    (site / "pages").mkdir(parents=True)
    for i in range(40):
        (site / "pages" / f"{i}.html").write_text("new", encoding="utf-8")
    if point == "staging":
        pause()
    of.swap_in(site, out)
    of.remove_staging(staging)
    print("DONE", flush=True)
''')


def make_old_site(out: Path) -> None:
    (out / "pages").mkdir(parents=True)
    (out / STAMP).write_text("ntm-site-build\n", encoding="utf-8")
    for i in range(40):
        (out / "pages" / f"{i}.html").write_text("old", encoding="utf-8")


def site_version(out: Path) -> str:
    """'old' or 'new' when `out` holds one whole site, else what is wrong."""
    if not out.is_dir():
        return "missing"
    versions = {p.read_text(encoding="utf-8") for p in (out / "pages").iterdir()}
    if len(versions) != 1 or len(list((out / "pages").iterdir())) != 40 or not (out / STAMP).is_file():
        return f"mixed or partial: {versions}"
    return versions.pop()


def run_swap(out: Path, point: str, kill: bool) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", SWAP_SCRIPT, str(out), point, "kill" if kill else "go"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline().strip()
        if kill:
            assert line == "PAUSED", process.stderr.read()
            os.kill(process.pid, signal.SIGKILL)
        else:
            assert line == "DONE", process.stderr.read()
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("point", ["staging", "between-renames", "after-exchange", "removing-old", "removing-staging"])
def test_a_kill_during_the_swap_leaves_a_whole_site_and_the_next_build_tidies_up(tmp_path, point):
    out = tmp_path / "site"
    make_old_site(out)
    run_swap(out, point, kill=True)
    if point == "between-renames":
        # Without an atomic exchange there is one instant with no site; the old one waits beside it.
        assert site_version(tmp_path / ".site.old") == "old"
    else:
        assert site_version(out) in {"old", "new"}
    from ntm_site import output_folder

    output_folder.remove_staging(output_folder.start_staging(out))  # the start of the next build
    assert site_version(out) in {"old", "new"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging or .old leftovers
    run_swap(out, point, kill=False)  # and the next build goes through
    assert site_version(out) == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


RANDOM_KILL_SCRIPT = textwrap.dedent('''
    import sys
    from pathlib import Path
    from ntm_site import output_folder as of

    out, files = Path(sys.argv[1]), int(sys.argv[3])
    if sys.argv[2] == "two-renames":
        of._exchange = lambda a, b: False
    print("READY", flush=True)
    staging = of.start_staging(out)
    (staging / "site" / "pages").mkdir(parents=True)
    for i in range(files):
        (staging / "site" / "pages" / f"{i}.html").write_text("new", encoding="utf-8")
    of.swap_in(staging / "site", out)
    of.remove_staging(staging)
''')


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
def test_kills_at_random_moments_never_leave_a_broken_site(tmp_path, swap):
    """Not only at chosen points: SIGKILL at 15 random moments of staging, swap and clean-up
    (seeded, so a failure can be replayed)."""
    import random
    import time

    from ntm_site import output_folder

    rng = random.Random(20241130)
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(15):
        shutil.rmtree(out, ignore_errors=True)
        make_old_site(out)
        process = subprocess.Popen([sys.executable, "-c", RANDOM_KILL_SCRIPT, str(out), swap, "40"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        assert process.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.03))  # the work after READY takes about 40 ms here
        process.kill()
        process.wait()
        whole = site_version(out) in {"old", "new"} or (
            not out.exists() and site_version(tmp_path / ".site.old") in {"old", "new"})
        assert whole, sorted(p.name for p in tmp_path.iterdir())
        output_folder.remove_staging(output_folder.start_staging(out))
        assert site_version(out) in {"old", "new"}
        assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.parametrize("written", [b"", b"ntm-site", b"ntm-site-build\n"])
def test_a_staging_folder_whose_stamp_was_cut_short_is_tidied(tmp_path, written):
    """Killed while writing its new staging folder's stamp (found by the random kills
    under load): the folder holds only the start of our stamp and is ours to remove."""
    from ntm_site import output_folder

    out = tmp_path / "site"
    make_old_site(out)
    cut = tmp_path / ".site-staging-cut"
    cut.mkdir()
    (cut / output_folder.STAMP).write_bytes(written)
    not_ours = tmp_path / ".site-staging-theirs"
    not_ours.mkdir()
    (not_ours / output_folder.STAMP).write_bytes(b"something else entirely")
    output_folder.remove_staging(output_folder.start_staging(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-staging-theirs", "site"]


def test_leftovers_without_the_stamp_are_not_ours_and_are_left_alone(tmp_path):
    from ntm_site import output_folder

    out = tmp_path / "site"
    make_old_site(out)
    theirs = [tmp_path / ".site.old", tmp_path / ".site-staging-mine"]
    for folder in theirs:
        folder.mkdir()
        (folder / "keep.txt").write_text("someone's", encoding="utf-8")
    output_folder.remove_staging(output_folder.start_staging(out))
    assert all((folder / "keep.txt").exists() for folder in theirs)


def test_a_missing_site_is_restored_from_old_when_the_swap_was_cut(tmp_path):
    from ntm_site import output_folder

    old = tmp_path / ".site.old"
    make_old_site(old)
    output_folder.remove_staging(output_folder.start_staging(tmp_path / "site"))
    assert site_version(tmp_path / "site") == "old" and not old.exists()


# --- 6. History -------------------------------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
           "GIT_AUTHOR_DATE": "2024-07-01T08:00:00+07:00", "GIT_COMMITTER_DATE": "2024-07-01T08:00:00+07:00"}


def commit(repo: Path, message: bytes, files: dict[str, bytes], *git_options: str) -> None:
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=GIT_ENV)
    (repo / ".git" / "message").write_bytes(message)
    subprocess.run(["git", *git_options, "commit", "-q", "--allow-empty-message", "--cleanup=verbatim",
                    "-F", str(repo / ".git" / "message")], cwd=repo, check=True, env=GIT_ENV)


def commit_raw(repo: Path, message: bytes, files: dict[str, bytes]) -> None:
    """A commit object written byte for byte, as a hostile tool could: git itself refuses a NUL in a message."""
    for name, content in files.items():
        (repo / name).write_bytes(content)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=GIT_ENV)
    run = lambda *args, **kw: subprocess.run(["git", *args], cwd=repo, check=True, env=GIT_ENV, capture_output=True,
                                             **kw).stdout
    tree, parent = run("write-tree").strip(), run("rev-parse", "HEAD").strip()
    raw = (b"tree " + tree + b"\nparent " + parent + b"\nauthor t <t@example.invalid> 1719795600 +0700\n"
           b"committer t <t@example.invalid> 1719795600 +0700\n\n" + message)
    sha = run("hash-object", "-t", "commit", "-w", "--literally", "--stdin", input=raw).strip()
    run("update-ref", "HEAD", sha.decode())


UNUSUAL_MESSAGES = [
    "Sửa số liệu\u2028dòng hai\u2029đoạn hai".encode(),
    b"unit\x1fseparator \x1b[31mred\x1b[0m \x07bell",
    "a\x85next-line \x0bvt \x0cff \x1c\x1d\x1e \u202eevil\u202c".encode(),
    "Ti\u00eau \u0111\u1ec1 (NFD: Tie\u0302u)\r\n\r\nbody line\nmore".encode(),
    b"",
]
TABLE = "datapackages/p/t.csv"


@pytest.fixture
def hostile_history(tmp_path):
    """A throwaway repository (synthetic test data) whose history holds every kind of bad commit."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=GIT_ENV)
    commit(repo, b"Initial synthetic table", {TABLE: b"code,value\n1,10\n2,20\n"})
    commit(repo, b"Windows-1258 save", {TABLE: b"code,value\n1,Vi\xea\xa3t\n2,20\n"})
    commit(repo, b"binary", {TABLE: b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256))})
    commit(repo, b"field over the csv limit", {TABLE: b"code,value\n1," + b"x" * 200_000 + b"\n"})
    commit(repo, b"unterminated quote", {TABLE: b'code,value\n1,"10\n2,20\n'})
    commit(repo, b"huge", {TABLE: b"code,value\n" + b"3,30\n" * 3000})
    for number, message in enumerate(UNUSUAL_MESSAGES):
        commit(repo, message, {TABLE: f"code,value\n1,11\n2,{number}\n".encode()})
    commit(repo, b"not UTF-8: Vi\xea\xa3t \xff\xfe", {TABLE: b"code,value\n1,11\n2,30\n"},
           "-c", "i18n.commitEncoding=x-unknown")  # git cannot re-encode it: the raw bytes come out
    commit_raw(repo, b"NUL \x00 inside \xff", {TABLE: b"code,value\n1,11\n2,31\n"})
    commit(repo, b"odd names", {"datapackages/p/line\nbreak.csv": b"a\n1\n", "datapackages/p/t\u2028.csv": b"a\n1\n",
                                "datapackages/p/tab\t.csv": b"a\n1\n"})
    commit(repo, b"Last good edit", {TABLE: b"code,value\n1,12\n2,20\n"})
    (repo / "schemas").mkdir()
    os.mkfifo(repo / "schemas" / "t.json")  # a FIFO where the key lookup reads the table's schema
    return repo


def run_history(repo: Path, limit: int) -> list:
    """history() in a child process, so a hang on a FIFO fails the test instead of stalling it."""
    script = textwrap.dedent(f'''
        import json, sys
        from pathlib import Path
        from ntm_site.data_in import changelog
        changelog.MAX_FILE_BYTES = {limit}
        commits = changelog.history(Path(sys.argv[1]))
        print(json.dumps([{{"message": c.message, "files": [{{"path": f.path, "unreadable": f.unreadable,
                            "added": f.added, "changed": f.changed_rows}} for f in c.files]}} for c in commits]))
    ''')
    result = subprocess.run([sys.executable, "-c", script, str(repo)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    import json
    return json.loads(result.stdout)


def test_bad_files_and_unusual_messages_in_history_are_reported_not_fatal(hostile_history):
    commits = run_history(hostile_history, limit=10_000)
    messages = [c["message"] for c in commits]
    assert len(commits) == 10 + len(UNUSUAL_MESSAGES)
    assert messages[0] == "Last good edit" and messages[-1] == "Initial synthetic table"
    by_message = {c["message"]: c for c in commits if c["message"]}
    [latest] = commits[0]["files"]
    # No schema can be read (a FIFO stands in for it), so whole rows are the key: two out, two in.
    assert latest["unreadable"] is None and latest["added"] == 2
    for bad in ("Windows-1258 save", "binary", "field over the csv limit", "huge"):
        [change] = by_message[bad]["files"]
        assert change["unreadable"], bad  # said on the page, not a crash
    for message in messages:
        assert message is None or not any(ch in message for ch in "\x00\x07\x1b\x1f\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u202e\n")
    assert any(m and "Sửa số liệu" in m and "đoạn hai" in m for m in messages)
    assert any(m and "red" in m and "bell" in m for m in messages)
    assert None in messages  # the non-UTF-8 message is reported as unreadable, not guessed
    assert any(m and m.startswith("NUL") for m in messages)
    odd = next(c for c in commits if c["message"] == "odd names")
    assert len(odd["files"]) == 3


def test_history_text_on_the_changes_page_says_unreadable(hostile_history, project, catalogue):
    from ntm_site.data_in.changelog import history
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.changes import changes_page, write_feed

    os.unlink(hostile_history / "schemas" / "t.json")
    commits = history(hostile_history)
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        entries = changes_page(SimpleNamespace(loc=loc, changes=commits, catalogue=catalogue))["entries"]
        reasons = [f["unreadable"] for e in entries for f in e["files"] if f["unreadable"]]
        assert reasons and all(reason.strip() for reason in reasons)
        assert any(e["message"] is None and e["unreadable_message"] == loc.t("build_safety.history.unreadable_message")
                   for e in entries)
    feed = write_feed(hostile_history / "feed.xml", commits, "t", "./").read_text(encoding="utf-8")
    import xml.dom.minidom
    xml.dom.minidom.parseString(feed.encode("utf-8"))  # well-formed: no control character survives


def test_every_old_file_is_read_in_one_pass_and_a_huge_one_skipped_without_shifting_the_rest(tmp_path):
    from ntm_site.data_in.history import git_blobs

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=GIT_ENV)
    contents = [b"a,b\n1,2\n", b"x" * 50_000, b"", b"no newline at the end", b"\x00binary\n\n", b"last\n"]

    def stored(content: bytes) -> str:
        return subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=tmp_path, input=content, check=True,
                              capture_output=True, env=GIT_ENV).stdout.decode().strip()

    shas = [stored(content) for content in contents]
    missing = "1" * len(shas[0])
    found = git_blobs(tmp_path, [shas[0], shas[1], missing, *shas[2:]], limit=10_000)
    expected = {sha: (None if len(content) > 10_000 else content) for sha, content in zip(shas, contents)}
    assert found == expected  # the huge one unread (None), the missing one left out, the rest exact
    assert git_blobs(tmp_path / "nowhere", shas, limit=10_000) == {}


# --- 7. Environment faults and the safety net -------------------------------------------------

def run_cli(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("target", ["funding/sponsorship.csv", "ocop/datapackage.json", "../schemas/observations.json"])
def test_a_fifo_in_place_of_a_data_file_ends_in_one_line_not_a_hang(data_copy, target):
    path = data_copy.path(target)
    path.unlink()
    os.mkfifo(path)
    result = run_cli("validate", "--data", str(data_copy.folder), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    # A data file is the loaders' to judge: refused as one of the data's problems
    # (rule, package, file, both languages), listed with any others, never opened.
    assert "[not-a-file]" in result.stderr and "FIFO" in result.stderr and path.name in result.stderr


def test_a_fifo_in_the_config_folder_ends_in_one_line(tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for part in ("build_site.py", "ntm_site", "config", "datapackages", "schemas"):
        subprocess.run(["cp", "-r", str(ROOT / part), str(checkout / part)], check=True)
    (checkout / "config/rules.yml").unlink()
    os.mkfifo(checkout / "config/rules.yml")
    result = subprocess.run([sys.executable, str(checkout / "build_site.py"), "validate"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "rules.yml" in one_bilingual_line(result.stderr)


def test_escape_sequences_in_a_value_reach_the_terminal_escaped(data_copy, cli_run):
    data_copy.set_cell("funding/capital_disbursement.csv", 2, "plan_mvnd", "\x1b[2J\x1b]0;pwned\x07\u202e12")
    code, _, err = cli_run("validate", "--data", str(data_copy.folder), env={"GITHUB_STEP_SUMMARY": ""})
    assert code == 1 and "[type-error]" in err
    assert not any(ch in err for ch in "\x1b\x07\u202e")
    assert "\\x1b[2J" in err


def test_problem_render_escapes_control_characters():
    problem = Problem(package="p\x1b[31m", file="f\u2028.csv", rule="r", message_vi="vi \x07\x9b",
                      message_en="en \x00\u2029", row=2, column="c\r", value="v\n\x85\u2066")
    text = problem.render()
    assert len(text.splitlines()) == 3
    assert not any(ch in text for ch in "\x1b\u2028\x07\x9b\x00\u2029\r\x85\u2066")
    assert "\\x1b[31m" in text and "\\u2028" in text


@pytest.mark.parametrize("code, vi, en", [(errno.ENOSPC, "đầy", "full"), (errno.EROFS, "chỉ cho phép đọc", "read-only")])
def test_a_full_or_read_only_disk_ends_in_one_line_and_keeps_the_previous_site(monkeypatch, tmp_path, capsys,
                                                                                code, vi, en, one_process_builds):
    out = tmp_path / "site"
    make_old_site(out)

    def disk_fault(*args, **kwargs):  # as root, chmod cannot make a folder read-only: the fault is simulated
        raise OSError(code, os.strerror(code), str(tmp_path / ".site-staging-x" / "docs-vi"))

    monkeypatch.setattr(language_site, "write_docs", disk_fault)
    assert cli.main(["build", "--out", str(out)]) == 1
    line = one_bilingual_line(capsys.readouterr().err)
    assert vi in line and en in line and "docs-vi" in line
    assert site_version(out) == "old" and [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_output_folder_on_a_filesystem_that_takes_no_folders_is_one_line(cli_run):
    # /proc takes no new folders, even for root: a real fault, not a simulated one.
    code, _, err = cli_run("build", "--out", "/proc/ntm-site-test")
    assert code == 1
    assert "/proc" in one_bilingual_line(err)


def test_an_unwritable_job_summary_does_not_end_in_a_traceback(data_copy, cli_run):
    data_copy.set_cell("funding/capital_disbursement.csv", 2, "plan_mvnd", "oops")
    fifo = data_copy.folder.parent / "summary-fifo"
    os.mkfifo(fifo)
    # A FIFO could block a writer: that case keeps its own process, with a timeout; the others run here.
    result = run_cli("validate", "--data", str(data_copy.folder), env={"GITHUB_STEP_SUMMARY": str(fifo)}, timeout=60)
    runs = [(str(fifo), result.returncode, result.stderr)]
    for summary in ("/dev/full", str(data_copy.folder.parent / "no" / "such" / "summary.md")):
        code, _, err = cli_run("validate", "--data", str(data_copy.folder), env={"GITHUB_STEP_SUMMARY": summary})
        runs.append((summary, code, err))
    for summary, code, err in runs:
        assert code == 1 and "[type-error]" in err, summary
        assert "Traceback" not in err and "GITHUB_STEP_SUMMARY" in err, summary


def test_an_unexpected_error_is_one_bilingual_line_with_the_traceback_behind_debug(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("something \x1b[31mnobody\x1b[0m expected")

    monkeypatch.setattr(cli, "check", broken)
    assert cli.main(["validate"]) == 1
    line = one_bilingual_line(capsys.readouterr().err)
    assert "RuntimeError" in line and "\x1b" not in line and "NTM_SITE_DEBUG" in line
    monkeypatch.setenv("NTM_SITE_DEBUG", "1")
    assert cli.main(["validate"]) == 1
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.delenv("NTM_SITE_DEBUG")
    assert cli.main(["--debug", "validate"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_ctrl_c_is_a_clean_exit(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check", interrupted)
    assert cli.main(["validate"]) == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_data_folder_that_is_a_file_or_missing_is_one_line(tmp_path, cli_run):
    a_file = tmp_path / "datapackages"
    a_file.write_text("not a folder", encoding="utf-8")
    for data in (a_file, tmp_path / "missing"):
        code, _, err = cli_run("validate", "--data", str(data))
        assert code == 1
        one_bilingual_line(err)


# --- The real build ---------------------------------------------------------------------------

def test_a_build_from_hostile_history_stamps_the_site_and_tidies_leftovers(hostile_history, tmp_path, warm_charts,
                                                                           cli_run, one_process_builds):
    """One real build: the data's history holds every bad commit above; stale leftovers sit beside --out.
    In this process (the command line is tested as a process in test_build.py)."""
    os.unlink(hostile_history / "schemas" / "t.json")
    shutil.rmtree(hostile_history / "datapackages")
    shutil.rmtree(hostile_history / "schemas")
    shutil.copytree(ROOT / "datapackages", hostile_history / "datapackages")
    shutil.copytree(ROOT / "schemas", hostile_history / "schemas")
    commit(hostile_history, b"Real data (copied for the test)", {})
    out = tmp_path / "site"
    make_old_site(out)
    stale = tmp_path / ".site-staging-stale"
    stale.mkdir()
    (stale / STAMP).write_text("ntm-site-build\npid 999999999\n", encoding="utf-8")
    copy = DataCopy(hostile_history / "datapackages")
    code, _, err = cli_run("build", "--data", str(copy.folder), "--out", str(out))
    assert code == 0, err
    assert (out / STAMP).is_file() and (out / "thay-doi/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]
    page = (out / "thay-doi/index.html").read_text(encoding="utf-8")
    assert "field over the csv limit" in page and "Windows-1258 save" in page
    assert "\x1b" not in page and "\u2028" not in page
