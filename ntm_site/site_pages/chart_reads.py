"""Which data packages a chart's builder read, noted while it builds.

A builder reads the data only through the `Catalogue` it is handed. Here it
is handed a view of it (`RecordingCatalogue`) that notes the package of every
table it touches: a table's rows, file, schema or row count, or a package's
descriptor, count as reading that package. The names of the packages and of
their tables (which the descriptors say, and the chart cache's key holds
whole) are read freely: `all_observations` walks every package but reads the
observations tables only, so a cell of `funding` is no input of the series
charts.

Two ways a chart takes in data without touching a table itself:
- a derived table (`Catalogue.derived`) computed once, while building an
  earlier chart: each one remembers the packages it was computed from, and a
  chart that asks for it again is noted as reading them too;
- a district's highlighted series, derived from the series chart built before
  it (`BuiltCharts`): the highlighted chart read what its series read.

`chart_cache` keys each chart by the packages noted here (see its docstring).
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from ..data_in.catalogue import Catalogue

T = TypeVar("T")


class Reads:
    """The packages read by what is being built now: one set per chart, and one
    more for each derived table being computed inside it (its own, merged into
    the chart's when it is done)."""

    def __init__(self, everything: Callable[[], frozenset[str]]):
        self._open: list[set[str]] = []
        self._everything = everything

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        read: set[str] = set()
        self._open.append(read)
        try:
            yield read
        finally:
            self._open.pop()
            if self._open:
                self._open[-1] |= read

    def note(self, packages) -> None:
        if self._open:
            self._open[-1].update(packages)

    def note_everything(self) -> None:
        """For what cannot be put down to packages: the chart depends on all of them."""
        self.note(self._everything())

    def so_far(self) -> frozenset[str]:
        """Everything the chart being built has read up to now, its open derived tables included."""
        return frozenset().union(*self._open)


class _TableView:
    """A table: its identity free, anything else (rows, file, schema) a read of its package."""
    __slots__ = ("_table", "_reads")

    def __init__(self, table, reads: Reads):
        self._table, self._reads = table, reads

    @property
    def package(self) -> str:
        return self._table.package

    @property
    def name(self) -> str:
        return self._table.name

    def __getattr__(self, attribute: str):
        self._reads.note([self._table.package])
        return getattr(self._table, attribute)


class _Seen(Mapping):
    """A catalogue's packages, or a package's tables, each seen through `view`."""

    def __init__(self, items: dict, view: Callable, reads: Reads):
        self._items, self._view, self._reads = items, view, reads

    def __getitem__(self, name: str):
        return self._view(self._items[name], self._reads)

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class _PackageView:
    """A package: its name and its tables' names free, anything else (descriptor, folder, text) a read of it."""
    __slots__ = ("_package", "_reads", "tables")

    def __init__(self, package, reads: Reads):
        self._package, self._reads = package, reads
        self.tables = _Seen(package.tables, _TableView, reads)

    @property
    def name(self) -> str:
        return self._package.name

    def __getattr__(self, attribute: str):
        self._reads.note([self._package.name])
        return getattr(self._package, attribute)


class RecordingCatalogue(Catalogue):
    """A catalogue whose every read is noted in `reads`. Its methods are the
    Catalogue's own, working on the packages seen through views; the derived
    tables are its own too, each kept with the packages it was computed from."""

    def __init__(self, catalogue: Catalogue, reads: Reads):  # not the dataclass's: nothing is copied
        self.packages = _Seen(catalogue.packages, _PackageView, reads)
        self._reads = reads
        self._memo: dict[str, tuple[object, frozenset[str]]] = {}

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            with self._reads.recording() as read:
                value = compute()
            self._memo[key] = (value, frozenset(read))
            return value
        value, read = self._memo[key]
        self._reads.note(read)  # computed for an earlier chart: this one read the same packages
        return value

    def last_changed(self, package):
        # A date from git's history, not from the files the cache key holds: a chart
        # showing it could be read back stale. Refused, so that it is never done unawares.
        raise TypeError("a chart kept by its packages' files cannot show a date from git's history "
                        "(chart_cache): key the chart by that history first")


class BuiltCharts(MutableMapping):
    """The charts built so far in one language (`build_chart`'s `built`), each
    with the packages read while it was built: a chart made from one of them
    (a district's highlighted series) is noted as reading those too."""

    def __init__(self, reads: Reads):
        self._charts: dict[str, tuple[object, frozenset[str]]] = {}
        self._reads = reads

    def __getitem__(self, chart_id: str):
        chart, read = self._charts[chart_id]
        self._reads.note(read)
        return chart

    def __setitem__(self, chart_id: str, chart) -> None:
        # Put here by the chart being built, from what it has read so far: all the
        # stored chart was made from (and perhaps more, which only costs a rebuild).
        self._charts[chart_id] = (chart, self._reads.so_far())

    def __contains__(self, chart_id) -> bool:
        return chart_id in self._charts

    def __delitem__(self, chart_id: str) -> None:
        del self._charts[chart_id]

    def __iter__(self):
        return iter(self._charts)

    def __len__(self) -> int:
        return len(self._charts)


class _ProjectView:
    """The project as a builder sees it: the configuration (which the cache key
    holds whole) read freely; its data folder, read past the catalogue, is
    every package."""
    _DATA = frozenset({"root", "datapackages", "datapackages_dir"})

    def __init__(self, project, reads: Reads):
        self._project, self._reads = project, reads

    def __getattr__(self, attribute: str):
        if attribute in self._DATA:
            self._reads.note_everything()
        return getattr(self._project, attribute)


class Recorder:
    """Builds charts of one language, noting for each the packages it read."""

    def __init__(self, catalogue: Catalogue, project=None):
        self.reads = Reads(lambda: frozenset(catalogue.packages))
        self.catalogue = RecordingCatalogue(catalogue, self.reads)
        self.project = None if project is None else _ProjectView(project, self.reads)
        self.built = BuiltCharts(self.reads)

    def build(self, build_chart, chart_id: str, loc) -> tuple[object, frozenset[str]]:
        """`build_chart`'s chart and the packages it read."""
        with self.reads.recording() as read:
            chart = build_chart(chart_id, self.catalogue, loc, self.project, self.built)
        return chart, frozenset(read)
