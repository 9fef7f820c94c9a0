"""The districts on a map: a choropleth per figure for /dia-phuong/ and a
locator for each district page.

The figures are the comparison table's (views/compare.py), unit by unit,
joined to the boundaries on the official unit code; nothing is computed
again. A unit the table leaves blank is "not reported" on the map too: drawn
with a hatch, never in a class colour. The markup is templates/_map.j2's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup, escape

from ...common.i18n import Localiser
from ...common.project import Project
from ...common.safe_text import link, one_line
from ...data_in.boundaries import PUBLISHED_FOLDER, folder as boundaries_folder
from ...data_in.catalogue import localised
from ...data_in.provenance import package_path
from ..maps import CATEGORICAL, NOT_REPORTED_FILL, Outline, boundaries_file, category_colours, class_of, read_outline, value_classes
from ..palette import SERIES_COLOURS, STATUS_COLOURS
from .compare import Comparison

MAP_WIDTH = 340  # viewBox units: a phone shows the map about this many CSS pixels wide
LABEL_SIZE = 12  # so names read at >= 11 px on a 320-px-wide map
LOCATOR_WIDTH = 160
LOCATOR_OTHERS = "#d9d9d9"
LOCATOR_HERE = "#2c7fb8"


@dataclass(frozen=True)
class MapUnit:
    code: int
    slug: str  # the unit's page, under /dia-phuong/
    name: str
    fill: str
    value: object  # the raw value ("" when not reported), for data-value
    text: str  # the value as shown, or "not reported"
    reported: bool


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    text: str
    low: float | None = None
    high: float | None = None
    category: str | None = None
    missing: bool = False


@dataclass(frozen=True)
class FigureMap:
    id: str
    label: str
    units: list[MapUnit]
    legend: list[LegendEntry]
    note: str | None = None  # what the colours leave out (compare.Column.map_note)


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    code: int  # the unit's


@dataclass(frozen=True)
class DistrictMaps:
    outline: Outline  # each unit's path is defined once per page, drawn by reference in every map
    labels: list[Label]  # names of the units with room for one, numbers of the others
    key: list[tuple[int, str, int]]  # (number, name, code) of each unit numbered on the map
    label_size: int
    figures: list[FigureMap]
    credit: Markup  # boundaries' source and licence, with links
    download: str  # the boundaries file, from the site root


def _descriptor(project: Project) -> dict | None:
    path = boundaries_folder(project) / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _credit(descriptor: dict, loc: Localiser) -> Markup:
    """'Boundaries: <source>, licence <licence>...': descriptor text is data, so it goes through link()."""
    source = (descriptor.get("sources") or [{}])[0]
    licence = (descriptor.get("licenses") or [{}])[0]
    return Markup(escape(loc.t("maps.boundaries"))).format(
        source=link(source.get("path"), localised(source, "title", loc.lang)),
        licence=link(licence.get("path"), licence.get("name", "")))


def _outline(project: Project, width: float, decimals: int) -> Outline | None:
    path = boundaries_file(boundaries_folder(project))
    return read_outline(path, width, decimals) if path is not None and path.exists() else None


# A recognition status keeps the colour the charts give its meaning: recognised
# green as "met", working towards it light blue as "basically met", submitted the
# charts' first blue, between them. Given colours in order of appearance,
# "recognised" came out orange, near the charts' "not met".
RECOGNITION_COLOURS = {status: colour.lower() for status, colour in (
    ("recognised", STATUS_COLOURS["met"]), ("submitted", SERIES_COLOURS[0]), ("in_progress", STATUS_COLOURS["basically_met"]))}


def _category_colours(columns, rows, loc: Localiser) -> dict[str, str]:
    """One colour per status in words across all maps, so 'working towards it'
    is the same colour on the NTM map and on the advanced-NTM map."""
    categories = list(dict.fromkeys(row.cells[c.id][2] for c in columns if not c.numeric for row in rows if c.id in row.cells))
    fixed = {loc.code("recognition_status", code): colour for code, colour in RECOGNITION_COLOURS.items()}
    return category_colours(categories, fixed) if len(categories) <= len(CATEGORICAL) else {}


def _figure_map(column, rows, names: dict[int, str], colours: dict[str, str], loc: Localiser) -> FigureMap | None:
    cells = {row.code: row.cells.get(column.id) for row in rows}
    reported = {code: cell for code, cell in cells.items() if cell is not None}
    if not reported:
        return None  # a figure no unit has is no map
    missing_text = loc.t("compare.not_reported")
    legend: list[LegendEntry] = []
    if column.numeric:
        classes = value_classes([float(cell[2]) for cell in reported.values()])
        fills = {code: class_of(float(cell[2]), classes).fill for code, cell in reported.items()}
        suffix = "" if not column.unit else column.unit if column.unit == "%" else f" {column.unit}"
        for c in classes:
            span = loc.number(c.low) if c.low == c.high else f"{loc.number(c.low)}–{loc.number(c.high)}"
            legend.append(LegendEntry(c.fill, span + suffix, low=c.low, high=c.high))
    else:
        categories = list(dict.fromkeys(cell[2] for cell in reported.values()))
        if not colours.keys() >= set(categories):
            return None  # more colours than an eye tells apart: the table shows it
        fills = {code: colours[cell[2]] for code, cell in reported.items()}
        legend += [LegendEntry(colours[category], category, category=category) for category in colours if category in categories]
    if len(reported) < len(cells):
        legend.append(LegendEntry(NOT_REPORTED_FILL, missing_text, missing=True))
    units = []
    for row in rows:
        cell = cells[row.code]
        if cell is None:
            units.append(MapUnit(row.code, row.slug, names[row.code], NOT_REPORTED_FILL, "", missing_text, reported=False))
        else:
            units.append(MapUnit(row.code, row.slug, names[row.code], fills[row.code], _plain(cell[2]), cell[0], reported=True))
    return FigureMap(column.id, column.label, units, legend, column.map_note)


def _plain(value: object) -> str:
    """A value for data-value: '3', not '3.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _labels(outline: Outline, names: dict[int, str]) -> tuple[list[Label], list[tuple[int, str, int]]]:
    """A unit's short name where it fits inside the unit (a rough width: 0.6 em a letter);
    elsewhere a number, north to south, and the key to the numbers as (number, name, code):
    a map that named half its units left a reader to guess which was the city."""
    labels, unnamed = [], []
    for code, name in names.items():
        shape = outline.shapes[code]
        half_width = len(name) * LABEL_SIZE * 0.3
        if shape.room >= LABEL_SIZE * 0.9 and half_width <= shape.room * 1.7:
            labels.append(Label(name, *shape.label_at, code))
        else:
            unnamed.append((shape.label_at[1], shape.label_at[0], name, code))
    numbered = list(enumerate(sorted(unnamed), start=1))
    return (labels + [Label(str(n), x, y, code) for n, (y, x, _name, code) in numbered],
            [(n, name, code) for n, (_y, _x, name, code) in numbered])


def district_maps(project: Project, compare: Comparison, full_names: dict[int, str], loc: Localiser) -> DistrictMaps | None:
    """Every figure of the comparison as a map (None without boundaries)."""
    descriptor, outline = _descriptor(project), _outline(project, MAP_WIDTH, 1)
    if descriptor is None or outline is None:
        return None
    rows = [row for row in compare.rows if row.slug and row.code in outline.shapes]
    colours = _category_colours(compare.columns, rows, loc)
    figures = [m for m in (_figure_map(column, rows, full_names, colours, loc) for column in compare.columns if column.mapped) if m is not None]
    resource = descriptor["resources"][0]["path"]
    labels, key = _labels(outline, {row.code: one_line(row.name) for row in rows})
    return DistrictMaps(outline, labels, key, LABEL_SIZE, figures,
                        _credit(descriptor, loc), f"{package_path(PUBLISHED_FOLDER)}{resource}")


@dataclass(frozen=True)
class Locator:
    outline: Outline
    code: int
    title: str
    here: str
    others: str


def locator_map(project: Project, code: int, short_name: str, loc: Localiser) -> Locator | None:
    outline = _outline(project, LOCATOR_WIDTH, 0)
    if outline is None or code not in outline.shapes:
        return None
    return Locator(outline, code, loc.t("maps.locator", name=short_name), LOCATOR_HERE, LOCATOR_OTHERS)
