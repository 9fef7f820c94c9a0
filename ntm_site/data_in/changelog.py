"""What changed in the data, commit by commit, read from git.

For each commit that touched `datapackages/`: its date and message, the
packages touched, and for each CSV the rows added and removed and the cells
changed (with before and after), matching rows by the table's primary key.
Outside a git checkout there is no history and the changelog is empty.

History is untrusted input that cannot be corrected (old commits stay as they
are), so nothing in it may stop a build:
- a CSV that is not UTF-8, binary (holds a NUL byte), over MAX_FILE_BYTES or
  not parseable as CSV in some commit is listed with `unreadable` set to the
  reason, and its changes are not counted;
- a commit message that is not UTF-8 is `None` (the page says it cannot be
  read); a readable one keeps its words, with control characters and line and
  paragraph separators turned into spaces and bidi controls dropped, so it is
  one line of plain text wherever it is shown;
- file names are shown with control characters escaped (`\\x0a`).
"""
from __future__ import annotations

import csv
import io
import json
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..common.problems import terminal_safe
from .history import git_blobs, git_bytes

MAX_COMMITS = 200
# An old file larger than this is not read (the data's own limit is 5 MB per file).
MAX_FILE_BYTES = 5_000_000
MAX_SCHEMA_BYTES = 1_000_000

_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


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
    # Why the file could not be read in this commit (not_utf8, binary, too_large, not_csv), or None.
    unreadable: str | None = None

    @property
    def package(self) -> str:
        parts = PurePosixPath(self.path).parts
        return parts[1] if len(parts) > 2 else parts[0]

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
    message: str | None  # None: the message is not UTF-8 and cannot be shown
    files: list[FileChange]
    # Each package's version once this commit was made (package -> version), set by `release`.
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def packages(self) -> list[str]:
        return sorted({f.package for f in self.files})


def _rows(text: str | None) -> tuple[list[str], list[list[str]]]:
    if not text:
        return [], []
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return (rows[0], rows[1:]) if rows else ([], [])


def readable_message(raw: bytes) -> str | None:
    """A commit subject as one line of plain text, or None when it is not UTF-8."""
    try:
        text = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    # A control character becomes a space (\x1f between two words must not glue them together).
    spaced = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join("".join(ch for ch in spaced if ch not in _BIDI_CONTROLS and ch not in "\ufffe\uffff").split())


def _schema(path: Path) -> dict:
    """A schema from the working tree, or {} when it is anything but a small JSON object file."""
    try:
        info = path.stat()  # looked at before it is opened: a FIFO would block the read
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SCHEMA_BYTES:
            return {}
        schema = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return schema if isinstance(schema, dict) else {}


def _primary_key(root: Path, path: str, header: list[str]) -> list[str]:
    """Key columns from the table's shared schema (schemas/<table>.json), else the whole row."""
    key = _schema(root / "schemas" / f"{PurePosixPath(path).stem}.json").get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    return key if isinstance(key, list) and key and all(isinstance(k, str) and k in header for k in key) else header


def diff_table(root: Path, path: str, before: str | None, after: str | None) -> FileChange:
    try:
        old_header, old_rows = _rows(before)
        new_header, new_rows = _rows(after)
    except csv.Error:  # e.g. a field over the csv module's limit
        return FileChange(path, unreadable="not_csv")
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


@dataclass
class _TableChange:
    path: bytes
    before: str  # blob ids, all zeros where the file does not exist
    after: str


NO_BLOB = re.compile(r"0+")  # the side of a change where the file does not exist


def _file_text(blob: str, blobs: dict[str, bytes | None]) -> tuple[str | None, str | None]:
    """(text, None) for a readable CSV blob, (None, None) when the file does not exist on
    that side of the change, (None, reason) when it cannot be read."""
    if NO_BLOB.fullmatch(blob) or blob not in blobs:
        return None, None
    data = blobs[blob]
    if data is None:
        return None, "too_large"
    if b"\0" in data:
        return None, "binary"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, "not_utf8"


def _file_change(root: Path, change: _TableChange, blobs: dict[str, bytes | None]) -> FileChange:
    path = terminal_safe(change.path.decode("utf-8", errors="replace"))
    before, reason_before = _file_text(change.before, blobs)
    after, reason_after = _file_text(change.after, blobs)
    if reason_before or reason_after:
        return FileChange(path, unreadable=reason_after or reason_before)
    return diff_table(root, path, before, after)


def _changed_tables(root: Path, shas: list[str], folder: str) -> dict[str, list[_TableChange]]:
    """The CSV files each commit changed in `folder` (against its parent), by one `git diff-tree`."""
    given = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    output = git_bytes(root, "diff-tree", "--stdin", "-z", "-r", "--root", "--no-renames", "--no-abbrev",
                       "--", folder, stdin=given) or b""
    # NUL-separated: a commit id, then for each file a ":<modes> <blobs> <status>" field and its path.
    changed: dict[str, list[_TableChange]] = {}
    fields = iter(output.split(b"\0"))
    commit = None
    for field in fields:
        if field.startswith(b":"):
            path, meta = next(fields, b""), field.split()
            if commit is not None and len(meta) >= 4 and path.endswith(b".csv"):
                changed[commit].append(_TableChange(path, meta[2].decode("ascii", "replace"),
                                                    meta[3].decode("ascii", "replace")))
        elif _SHA.fullmatch(field.decode("ascii", errors="replace")):
            commit = field.decode("ascii")
            changed.setdefault(commit, [])
    return changed


def history(root: Path, folder: str = "datapackages") -> list[Commit]:
    """Commits touching `folder`, newest first."""
    # NUL ends each commit (-z); a message cannot hold one, so no text can shift the fields.
    log = git_bytes(root, "log", f"--max-count={MAX_COMMITS}", "-z", "--format=%H%x1f%cI%x1f%s", "--", folder)
    if not log:
        return []
    logged = []
    for record in log.split(b"\0"):
        fields = record.split(b"\x1f", 2)
        if len(fields) == 3 and _SHA.fullmatch(fields[0].decode("ascii", errors="replace")):
            logged.append((fields[0].decode("ascii"), fields[1].decode("ascii", errors="replace"), fields[2]))
    # Three git processes in all, whatever the length of the history: the log, the
    # files each commit changed, and the content of every version of those files.
    changed = _changed_tables(root, [sha for sha, _, _ in logged], folder)
    blobs = git_blobs(root, sorted({blob for tables in changed.values() for table in tables
                                    for blob in (table.before, table.after) if not NO_BLOB.fullmatch(blob)}),
                      MAX_FILE_BYTES)
    commits = []
    for sha, date, message in logged:
        tables = {table.path: table for table in changed.get(sha, [])}
        files = [_file_change(root, tables[path], blobs) for path in sorted(tables)]
        if files:  # commits that only touched descriptors or notes change no figure
            commits.append(Commit(sha, date, readable_message(message), files))
    return commits


PARTS = ("major", "minor", "patch")
_VERSION = re.compile(r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})")


def raised(version: str, part: str) -> str:
    """`version` (MAJOR.MINOR.PATCH) raised by one in `part`, the parts after it set to 0."""
    numbers = [int(n) for n in version.split(".")]
    at = PARTS.index(part)
    return ".".join(str(n + 1 if i == at else 0 if i > at else n) for i, n in enumerate(numbers))


def release(commits: list[Commit], first: dict[str, str]) -> dict[str, str]:
    """Each package's version now, worked out from the history (`commits`, newest first).

    A package's descriptor keeps the version its first commit made (`first`, by package);
    each later commit that changed its tables raises it by the largest part its changes
    call for (FileChange.bump, the rule datapackages/README.md states), so a version cited
    names one state of the data, without a maintainer having to raise it by hand. Sets
    each commit's `versions`. A package whose version is not MAJOR.MINOR.PATCH keeps it;
    history cut short (MAX_COMMITS) starts from the oldest commit read."""
    current = {name: version for name, version in first.items() if isinstance(version, str) and _VERSION.fullmatch(version)}
    seen: set[str] = set()
    for commit in reversed(commits):
        for package in commit.packages:
            if package in current and package in seen:
                bumps = {f.bump for f in commit.files if f.package == package and not f.unreadable}
                part = next((p for p in PARTS if p in bumps), None)
                if part:
                    current[package] = raised(current[package], part)
            seen.add(package)
        commit.versions = {package: current[package] for package in commit.packages if package in current}
    return current


def publish_versions(catalogue, commits: list[Commit]) -> None:
    """Give each package of `catalogue` the version its history raised it to (`release`):
    the one its pages, downloads and citations then give."""
    first = {name: package.descriptor.get("version") for name, package in catalogue.packages.items()}
    for name, version in release(commits, first).items():
        catalogue.packages[name].descriptor["version"] = version
