"""What git knows about the data: its output for a command, and when a package last changed.

The site is built from a git checkout in CI; built from a plain folder (tests,
a maintainer's copy) there is no history, and pages say so.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> str | None:
    """The output of `git <args>` run in `root`, or None outside git or on failure."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def last_changed(path: Path) -> str | None:
    """ISO date of the last commit that touched `path`, or None outside git."""
    return (git(path.parent, "log", "-1", "--format=%cs", "--", path.name) or "").strip() or None
