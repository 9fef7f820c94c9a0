"""What a long build is doing, said while it does it.

`build()` and `check()` take a reporter and wrap each stage in
`with reporter.stage(...)`. The default `Reporter` says nothing, so library
callers and tests see no output. The command line passes a `ConsoleReporter`,
which writes to stderr (results stay on stdout): one line when a stage starts
and one when it ends, with the time taken, in Vietnamese and English. On a
terminal a stage over many items (the charts) also draws a progress bar; in
a log (CI), where a bar redrawn in place is noise, the two lines are all.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TextIO

from .i18n import LANGUAGES, Messages, format_number


def in_both_languages(messages: Messages, key: str, **params) -> str:
    """One line in every language, 'vi text / en text'. A parameter may be a
    {lang: text} dict; `seconds` is written as each language writes numbers."""
    texts = []
    for lang in LANGUAGES:
        values = {name: _in_language(name, value, lang) for name, value in params.items()}
        texts.append(messages.get(key, lang, **values))
    return " / ".join(texts)


class Stage:
    """A stage under way; `tick()` once per item done."""

    def __init__(self, total: int | None = None, on_tick: Callable[[], None] | None = None):
        self.total = total
        self.done = 0
        self._on_tick = on_tick

    def tick(self) -> None:
        self.done += 1
        if self._on_tick is not None:
            self._on_tick()


class Reporter:
    """Says nothing: the default for library callers and tests."""

    @contextmanager
    def stage(self, key: str, total: int | None = None, **params) -> Iterator[Stage]:
        yield Stage(total)

    def child_start(self) -> float | None:
        """For a stage run in another process: when this build started, by the
        system's monotonic clock (the same in every process), to time its lines
        from; None when nothing is said."""
        return None

    def relay(self, text: str) -> None:
        """Say the lines another process said (see `child_start`)."""


class ConsoleReporter(Reporter):
    """Stage lines on `stream` (stderr); a progress bar for counted stages on a terminal."""

    def __init__(self, messages: Messages, stream: TextIO | None = None, terminal: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.messages = messages
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.clock = clock
        self.started = clock()

    def both(self, key: str, **params) -> str:
        return in_both_languages(self.messages, key, **params)

    def child_start(self) -> float | None:
        return self.started

    def relay(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def say(self, line: str) -> None:
        elapsed = int(self.clock() - self.started)
        print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {line}", file=self.stream, flush=True)

    @contextmanager
    def stage(self, key: str, total: int | None = None, **params) -> Iterator[Stage]:
        # A bare key is one of progress.stages; an area's own stage names its full key.
        full = key if "." in key else f"progress.stages.{key}"
        names = {lang: self.messages.get(full, lang, **params) for lang in LANGUAGES}
        self.say(self.both("progress.started", stage=names))
        began = self.clock()
        bar = _Bar(self.stream, " / ".join(names.values()), total) if self.terminal and total else None
        stage = Stage(total, on_tick=bar.advance if bar else None)
        try:
            yield stage
        except BaseException:
            if bar:
                bar.close()
            self.say(self.both("progress.failed", stage=names, seconds=self.clock() - began))
            raise
        if bar:
            bar.close()
        counted = {"done": stage.done, "total": total} if total is not None else {}
        self.say(self.both("progress.finished_items" if counted else "progress.finished", stage=names,
                           seconds=self.clock() - began, **counted))

class _Bar:
    """A rich progress bar that disappears when done, leaving the stage's end line."""

    def __init__(self, stream: TextIO, description: str, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(file=stream, force_terminal=True),
                                 transient=True)
        self.task = self.progress.add_task(description, total=total)
        self.progress.start()

    def advance(self) -> None:
        self.progress.advance(self.task)

    def close(self) -> None:
        self.progress.stop()


def _in_language(name: str, value, lang: str):
    if isinstance(value, dict):
        return value[lang]
    if name == "seconds":
        return format_number(round(value, 1), lang, 1)
    return value


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True)
class SiteCount:
    pages: int
    charts: int
    files: int


def count_site(out: Path) -> SiteCount:
    """What a built site holds: pages (one index.html each), chart images (one SVG each, every language), files."""
    files = [path for path in out.rglob("*") if path.is_file()]
    return SiteCount(
        pages=sum(path.name == "index.html" for path in files),
        charts=sum(path.suffix == ".svg" and path.parent.name == "charts" for path in files),
        files=len(files),
    )
