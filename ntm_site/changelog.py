"""What changed in the data, commit by commit, read from git.

For each commit that touched `datapackages/`: its date and message, the
packages touched, and for each CSV the rows added and removed and the cells
changed (with before and after), matching rows by the table's primary key.
Outside a git checkout there is no history and the changelog is empty.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .history import git

MAX_COMMITS = 200


@dataclass
class CellChange:
    key: str
    column: str
    before: str
    after: str


@dataclass
class FileChange:
    path: str  # relative to the repository, e.g. datapackages/funding/sponsorship.csv
    added: int = 0
    removed: int = 0
    changed_rows: int = 0
    cells: list[CellChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def package(self) -> str:
        return PurePosixPath(self.path).parts[1]

    @property
    def bump(self) -> str:
        """The version part this change calls for, by the rule in datapackages/README.md."""
        if self.columns_removed:
            return "major"
        if self.added or self.columns_added:
            return "minor"
        return "patch"


@dataclass
class Commit:
    sha: str
    date: str  # ISO 8601 with time zone
    message: str
    files: list[FileChange]

    @property
    def packages(self) -> list[str]:
        return sorted({f.package for f in self.files})


def _rows(text: str | None) -> tuple[list[str], list[list[str]]]:
    if not text:
        return [], []
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return (rows[0], rows[1:]) if rows else ([], [])


def _primary_key(root: Path, path: str, header: list[str]) -> list[str]:
    """Key columns from the table's shared schema (schemas/<table>.json), else the whole row."""
    schema_path = root / "schemas" / f"{PurePosixPath(path).stem}.json"
    try:
        key = json.loads(schema_path.read_text(encoding="utf-8")).get("primaryKey", [])
    except (OSError, json.JSONDecodeError):
        key = []
    key = [key] if isinstance(key, str) else key
    return key if key and all(k in header for k in key) else header


def diff_table(root: Path, path: str, before: str | None, after: str | None) -> FileChange:
    old_header, old_rows = _rows(before)
    new_header, new_rows = _rows(after)
    # A new file adds rows, not columns; columns count only when a table's header changes.
    change = FileChange(path, columns_added=[c for c in new_header if c not in old_header] if old_header else [],
                        columns_removed=[c for c in old_header if c not in new_header] if new_header else [])
    key = _primary_key(root, path, new_header or old_header)

    def by_key(header, rows):
        index = {}
        for row in rows:
            record = dict(zip(header, row))
            index[" | ".join(record.get(k, "") for k in key)] = record
        return index

    old, new = by_key(old_header, old_rows), by_key(new_header, new_rows)
    change.added = len(new.keys() - old.keys())
    change.removed = len(old.keys() - new.keys())
    for row_key in sorted(old.keys() & new.keys()):
        cells = [CellChange(row_key, column, old[row_key].get(column, ""), new[row_key].get(column, ""))
                 for column in new_header if column in old_header and old[row_key].get(column) != new[row_key].get(column)]
        if cells:
            change.changed_rows += 1
            change.cells += cells
    return change


def history(root: Path, folder: str = "datapackages") -> list[Commit]:
    """Commits touching `folder`, newest first."""
    log = git(root, "log", f"--max-count={MAX_COMMITS}", "--format=%H%x1f%cI%x1f%s", "--", folder)
    if not log:
        return []
    commits = []
    for line in log.strip().splitlines():
        sha, date, message = line.split("\x1f", 2)
        names = git(root, "diff-tree", "--root", "--no-commit-id", "-r", "--name-only", sha, "--", folder) or ""
        files = []
        for path in sorted(p for p in names.splitlines() if p.endswith(".csv")):
            before = git(root, "show", f"{sha}^:{path}")
            after = git(root, "show", f"{sha}:{path}")
            files.append(diff_table(root, path, before, after))
        if files:  # commits that only touched descriptors or notes change no figure
            commits.append(Commit(sha, date, message, files))
    return commits
