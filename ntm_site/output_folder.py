"""The output folder: which paths a build may replace, and a swap that a kill cannot break.

Rules (README.md, "The output folder"):

- `--out` may not be, contain or lie inside the checkout's sources (`.git/`,
  `config/`, `datapackages/`, `schemas/`, `docs/`, `ntm_site/`...), the
  `--data` folder or its `schemas/`, and may not be a filesystem root, a mount
  point or a home folder (or a folder holding one). Paths are compared after
  resolving symlinks and `..`, so no spelling gets round the rule.
- An existing `--out` is replaced only when it is empty or carries the stamp
  file `STAMP` that every build writes into the site. A folder someone else
  made is never deleted, whatever it holds.
- The swap is one `renameat2(RENAME_EXCHANGE)` on Linux: at every instant
  `--out` holds the whole old or the whole new site. Where the filesystem or
  system has no atomic exchange, it falls back to two renames through
  `.<name>.old`; a kill between them leaves `--out` missing and the old site
  in `.<name>.old`, which the next build puts back before doing anything else.
- Leftovers beside `--out` (`.<name>-staging-*`, `.<name>.old`) are removed by
  the next build only when they carry the stamp (or are empty), and a staging
  folder only when the build that made it is no longer running (its process
  id is in the stamp). Folders are emptied with the stamp removed last, so a
  kill while deleting leaves a folder that still says it is ours.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .common.problems import Stopped

STAMP = ".ntm-site-build"
STAMP_TEXT = "ntm-site-build\n"
STAMP_NOTE = "This folder was made by build_site.py; the next build may replace it.\n"
STAMP_MAX_BYTES = 4096

# The checkout's own folders: the build reads them (build/cache is its chart and
# asset cache, filled during the build), or they are the project's sources.
CHECKOUT_SOURCES = (".git", ".github", "config", "datapackages", "schemas", "docs", "overrides", "ntm_site",
                    "sources", "tests", "benchmarks", ".venv", "build/cache")


class OutputRefused(Stopped):
    """`--out` names a folder the build must not replace."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _home_folders() -> list[Path]:
    homes = []
    for home in (os.environ.get("HOME"), os.path.expanduser("~")):
        if home:
            homes.append(Path(home).resolve())
    return homes


def _refuse(messages, key: str, out: Path, **params) -> OutputRefused:
    params = {"out": out, "stamp": STAMP, **params}
    return OutputRefused(messages.get(f"build_safety.output.{key}", "vi", **params),
                         messages.get(f"build_safety.output.{key}", "en", **params))


def has_stamp(folder: Path) -> bool:
    """Whether `folder` carries our stamp: a regular file (looked at before it is opened: a
    FIFO named like it must not hang the build) whose first line is ours."""
    try:
        info = (folder / STAMP).lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > STAMP_MAX_BYTES:
            return False
        with open(folder / STAMP, "rb") as handle:
            return handle.read(len(STAMP_TEXT)) == STAMP_TEXT.encode()
    except OSError:
        return False


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def check_output(out: Path, project) -> Path:
    """The resolved output folder, or OutputRefused saying why the build must not touch it."""
    messages = project.messages
    shown = out
    out = Path(out).resolve()
    # A file where a folder is expected is said plainly, not left to fail later.
    for ancestor in reversed(out.parents):
        if ancestor.exists() and not ancestor.is_dir():
            raise _refuse(messages, "through_a_file", shown, file=ancestor)
    root = project.root.resolve()
    data, schemas = project.datapackages.resolve(), project.schemas.resolve()
    if out == Path(out.anchor) or os.path.ismount(out):
        raise _refuse(messages, "filesystem_root", shown)
    if any(_inside(home, out) for home in _home_folders()):
        raise _refuse(messages, "home", shown)
    if _inside(root, out):
        raise _refuse(messages, "checkout", shown, checkout=root)
    for source in (data, schemas, *(root / name for name in CHECKOUT_SOURCES)):
        if _inside(out, source) or _inside(source, out):
            raise _refuse(messages, "sources", shown, source=source)
    if out.exists() and not out.is_dir():
        raise _refuse(messages, "not_a_folder", shown)
    if out.is_dir() and not has_stamp(out) and not _is_empty(out):
        raise _refuse(messages, "not_a_build", shown)
    return out


def _write_stamp(folder: Path, extra: str = "") -> None:
    (folder / STAMP).write_text(STAMP_TEXT + extra + STAMP_NOTE, encoding="utf-8")


def _remove_ours(folder: Path) -> None:
    """Delete a folder we made, its stamp last: a kill part-way leaves it recognisably ours."""
    with os.scandir(folder) as scan:
        entries = list(scan)
    for entry in entries:
        if entry.name == STAMP:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    stamp = folder / STAMP
    if stamp.exists() or stamp.is_symlink():
        os.unlink(stamp)
    folder.rmdir()


def _ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (has_stamp(folder) or _is_empty(folder)
                                                           or _stamp_cut_short(folder))


def _stamp_cut_short(folder: Path) -> bool:
    """A build killed while it wrote the stamp of its new staging folder leaves
    the folder with nothing but the start of our stamp in it (maybe nothing)."""
    try:
        if [entry.name for entry in os.scandir(folder)] != [STAMP] or not (folder / STAMP).is_file():
            return False
        with open(folder / STAMP, "rb") as handle:
            written = handle.read(len(STAMP_TEXT) + 1)
    except OSError:
        return False
    return STAMP_TEXT.encode().startswith(written)


def _build_running(folder: Path) -> bool:
    """Whether the process that made this staging folder still runs (its id is in the stamp)."""
    try:
        lines = (folder / STAMP).read_text(encoding="utf-8", errors="replace").splitlines() if has_stamp(folder) else []
    except OSError:
        return False
    for line in lines:
        if line.startswith("pid "):
            pid = int(line[4:]) if line[4:].isdigit() else 0
            if pid == os.getpid():
                return False
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            except (PermissionError, OverflowError, ValueError):
                return pid != 0
            return True
    return False


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def tidy_leftovers(out: Path) -> None:
    """Undo what a killed build left: put a cut swap's old site back, remove stale staging and `.old`."""
    old = _old(out)
    if _ours(old):
        if not out.exists() and not out.is_symlink() and has_stamp(old):
            os.rename(old, out)  # the swap was cut between its two renames
        else:
            _remove_ours(old)
    for staging in out.parent.glob(f".{out.name}-staging-*"):
        if _ours(staging) and not _build_running(staging):
            _remove_ours(staging)


def start_staging(out: Path) -> Path:
    """A fresh staging folder beside `out` (same filesystem, so the swap is a rename), stamped with our id."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tidy_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    _write_stamp(staging, f"pid {os.getpid()}\n")
    return staging


def remove_staging(staging: Path) -> None:
    """Remove the staging folder (and the old site swapped into it). If that fails, the site is
    already in place: the next build removes the leftover."""
    try:
        if staging.exists():
            _remove_ours(staging)
    except OSError:
        pass


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system or filesystem cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new_site: Path, out: Path, record: str = "") -> None:
    """Put `new_site` (inside the staging folder) at `out`; the old site, if any, ends up where
    `new_site` was, and goes with the staging folder. `record`: lines for the stamp after
    its first (what the site was built from: site_inputs.py)."""
    _write_stamp(new_site, record)
    if not out.exists():
        os.rename(new_site, out)
        return
    if _exchange(new_site, out):
        return
    old = _old(out)
    if _ours(old):
        _remove_ours(old)
    os.rename(out, old)
    try:
        os.rename(new_site, out)
    except OSError:
        os.rename(old, out)
        raise
    os.rename(old, new_site)  # back into the staging folder, removed with it
