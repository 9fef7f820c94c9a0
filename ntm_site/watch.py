"""Rebuild while previewing: notice when a watched file changes, by polling.

Polling (a look at every file's size and modification time each second) needs
no extra package and works the same on every system and file system; the
project's few thousand source files take milliseconds to look at.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

Snapshot = dict[Path, tuple[int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """Size and modification time of every file under `folders`."""
    seen: Snapshot = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next look sees it gone
                continue
            if path.is_file():
                seen[path] = (stat.st_mtime_ns, stat.st_size)
    return seen


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def watch(folders: list[Path], on_change: Callable[[list[Path]], None], interval: float = 1.0,
          stop: threading.Event | None = None) -> None:
    """Call `on_change` with the changed files after each change, until `stop` is set.

    An editor saves in several writes, so a change is acted on only once the
    files have stayed the same for one more interval."""
    stop = stop or threading.Event()
    current = snapshot(folders)
    while not stop.wait(interval):
        latest = snapshot(folders)
        if latest == current:
            continue
        while not stop.wait(interval):
            settled = snapshot(folders)
            if settled == latest:
                break
            latest = settled
        if stop.is_set():
            return
        paths = changed(current, latest)
        current = latest
        if paths:
            on_change(paths)
