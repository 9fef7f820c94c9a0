"""What git knows about the data: its output for a command, and when a package last changed.

The site is built from a git checkout in CI; built from a plain folder (tests,
a maintainer's copy) there is no history, and pages say so.

Git's output is read as bytes: commit messages and old files may be in any
encoding (or none), and decoding is the caller's decision, never a crash here.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 60


class TooLarge(Exception):
    """The output of a git command is over the limit its caller set."""


def git_bytes(root: Path, *args: str | bytes, limit: int | None = None) -> bytes | None:
    """The output of `git <args>` run in `root`; None outside git or on failure.

    With `limit`, raise TooLarge as soon as the output passes `limit` bytes,
    without reading the rest (an old commit may hold a huge file)."""
    command = ["git", "-c", "core.quotepath=off", *args]
    try:
        if limit is None:
            result = subprocess.run(command, cwd=root, capture_output=True, timeout=TIMEOUT_SECONDS)
            return result.stdout if result.returncode == 0 else None
        with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
            output = process.stdout.read(limit + 1)
            if len(output) > limit:
                process.kill()
                raise TooLarge
            return output if process.wait(timeout=TIMEOUT_SECONDS) == 0 else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def git(root: Path, *args: str) -> str | None:
    """The output of `git <args>` as text (undecodable bytes replaced), or None outside git or on failure."""
    output = git_bytes(root, *args)
    return None if output is None else output.decode("utf-8", errors="replace")


def last_changed(path: Path) -> str | None:
    """ISO date of the last commit that touched `path`, or None outside git."""
    return (git(path.parent, "log", "-1", "--format=%cs", "--", path.name) or "").strip() or None
