"""The corrected site: the real data in a git repository with one correction committed.

A maintainer's everyday commit: a cell corrected and a row added in one
table. tests/test_changelog.py reads the history it leaves (and the page and
feed that show it); tests/test_build_speed.py builds the same data again from
a cold cache and compares. The site is built once per test run (see
conftest.shared_site), after the real site, whose charts it finds in the
shared cache.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import DataCopy, shared_site

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
    sponsorship = root / "datapackages/funding/sponsorship.csv"
    text = sponsorship.read_text(encoding="utf-8")
    text = text.replace("district,440,3487,", "district,440,3488,")  # a corrected cell
    text += "district,448,10,2024-01-01,2024-06-30,vpdp-2024-06,A.II.1.4.a,,,\n"  # an added row
    sponsorship.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", CORRECTION)


def _corrected(copy: DataCopy) -> None:
    commit_a_correction(copy.folder.parent)


def build_corrected_site(tmp_path_factory) -> Path:
    """The corrected data's site (its data beside it: `<site>/../datapackages`), once per run."""
    return shared_site(tmp_path_factory, "corrected", _corrected)
