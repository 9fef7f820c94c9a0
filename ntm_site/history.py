"""What git knows about the data: when a package last changed.

The site is built from a git checkout in CI; built from a plain folder (tests,
a maintainer's copy) there is no history, and pages say so.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(path: Path) -> str | None:
    """ISO date of the last commit that touched `path`, or None outside git."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name],
                                cwd=path.parent, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None
