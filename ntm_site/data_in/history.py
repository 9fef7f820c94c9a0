"""What git knows about the data: its output for a command, and when a package last changed.

The site is built from a git checkout in CI; built from a plain folder (tests,
a maintainer's copy) there is no history, and pages say so.

Git's output is read as bytes: commit messages and old files may be in any
encoding (or none), and decoding is the caller's decision, never a crash here.
"""
from __future__ import annotations

import subprocess
import tempfile
import threading
from pathlib import Path

TIMEOUT_SECONDS = 60


def git_bytes(root: Path, *args: str | bytes, stdin: bytes | None = None) -> bytes | None:
    """The output of `git <args>` run in `root` (given `stdin`); None outside git or on failure."""
    command = ["git", "-c", "core.quotepath=off", *args]
    try:
        result = subprocess.run(command, cwd=root, input=stdin, capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def git_blobs(root: Path, shas: list[str], limit: int) -> dict[str, bytes | None]:
    """The content of each blob in `shas`, read by one `git cat-file --batch`
    (a process per file made the history the slowest part of a rebuild).

    A blob over `limit` bytes maps to None, unread; one git does not have (or
    that is not a blob) is left out, as is everything after a failure.
    """
    found: dict[str, bytes | None] = {}
    if not shas:
        return found
    # The requests go in as a file, not a pipe: git writes its answers while it
    # reads, and a pipe both sides fill would leave each waiting for the other.
    with tempfile.TemporaryFile() as requests:
        requests.write("".join(f"{sha}\n" for sha in shas).encode("ascii"))
        requests.seek(0)
        try:
            process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=requests,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            return found
        watchdog = threading.Timer(TIMEOUT_SECONDS, process.kill)
        watchdog.start()
        try:
            _read_blobs(process.stdout, limit, found)
        finally:
            watchdog.cancel()
            process.kill()
            process.wait()
    return found


def _read_blobs(answers, limit: int, found: dict) -> None:
    """Read cat-file's answers: `<sha> <type> <size>` then the content and a newline, or `<sha> missing`."""
    while header := answers.readline():
        fields = header.split()
        if len(fields) != 3 or not fields[2].isdigit():
            continue  # "<sha> missing" (or ambiguous): nothing follows it
        sha, kind, size = fields[0].decode("ascii", "replace"), fields[1], int(fields[2])
        if size > limit:
            while size > 0:  # skipped without keeping it: an old commit may hold a huge file
                chunk = answers.read(min(size, 1 << 20))
                if not chunk:
                    return
                size -= len(chunk)
            content = None
        else:
            content = answers.read(size)
            if len(content) < size:
                return  # cut short (killed): what is missing is not guessed
        answers.read(1)  # the newline after each object
        if kind == b"blob":
            found[sha] = content


def git(root: Path, *args: str) -> str | None:
    """The output of `git <args>` as text (undecodable bytes replaced), or None outside git or on failure."""
    output = git_bytes(root, *args)
    return None if output is None else output.decode("utf-8", errors="replace")


def last_changed(path: Path) -> str | None:
    """ISO date of the last commit that touched `path`, or None outside git."""
    return (git(path.parent, "log", "-1", "--format=%cs", "--", path.name) or "").strip() or None
