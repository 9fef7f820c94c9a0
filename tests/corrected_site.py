"""A maintainer's everyday commit: a cell corrected and a row added in one table.

tests/test_changelog.py commits it on top of a copy of the real data and reads
the history it leaves. The site that shows it (conftest's `corrected_site`,
the page and feed of tests/test_changelog.py, the cold build of
tests/test_build_speed.py) is the SYNTHETIC reports' site, where it is
committed after the two made-up reports (tests/synthetic_report.py): one
build for both.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

CORRECTION = "Correct Duc Tho sponsorship; add Loc Ha"


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin",
                        "GIT_AUTHOR_DATE": "2024-07-01T08:00:00+07:00", "GIT_COMMITTER_DATE": "2024-07-01T08:00:00+07:00"})


def commit_a_correction(root: Path) -> None:
    """`root` holds datapackages/ and schemas/: commit them, then one correction."""
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Initial data")
    commit_the_correction(root)


def commit_the_correction(root: Path) -> None:
    """The correction, committed on top of the history of `root` (a git checkout of the data)."""
    sponsorship = root / "datapackages/funding/sponsorship.csv"
    text = sponsorship.read_text(encoding="utf-8")
    text = text.replace("district,440,3487,", "district,440,3488,")  # a corrected cell
    text += "district,448,10,2024-01-01,2024-06-30,implied,vpdp-2024-06,A.II.1.4.a,,,\n"  # an added row
    sponsorship.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", CORRECTION)
