"""Maps drawn as plain SVG: the district boundaries as paths, values as classes.

No map library and no script are needed to see a map: the boundaries
(geodata/boundaries/, GPL-3.0, apart from the figures) are projected once
into SVG path data, and each figure's values are put into a few classes with
a colour each. Pages lay the result out (templates/_map.j2); this module
knows nothing of pages or languages.

The projection is equirectangular with the longitude scaled by the cosine of
the middle latitude: at the size of one province (about 150 km) its
distortion is far below what a phone can show.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Sequential classes, light to dark: ColorBrewer YlGnBu, colour-blind safe
# (Brewer & Harrower, colorbrewer2.org), one list per number of classes.
SEQUENTIAL = {
    1: ["#41b6c4"],
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
}
MAX_CLASSES = max(SEQUENTIAL)
# Categories (a status in words): Okabe & Ito's colour-blind-safe set, light ones first.
CATEGORICAL = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#cc79a7", "#0072b2", "#d55e00"]
# A unit without a figure: a pattern (defined once per page), never a class colour.
NOT_REPORTED_FILL = "url(#ntm-map-hatch)"


@dataclass(frozen=True)
class Shape:
    code: int
    path: str  # SVG path data in the map's coordinates
    label_at: tuple[float, float]  # a point well inside the unit's largest part
    room: float  # distance from that point to the unit's edge: how much text fits


@dataclass(frozen=True)
class Outline:
    """Every unit's shape in one coordinate system (a viewBox of width x height)."""
    width: float
    height: float
    shapes: dict[int, Shape]

    @property
    def view_box(self) -> str:
        return f"0 0 {_number(self.width)} {_number(self.height)}"


@dataclass(frozen=True)
class ValueClass:
    fill: str
    low: float
    high: float


def boundaries_file(folder: Path) -> Path | None:
    """The boundaries GeoJSON the package descriptor names (checked by boundaries.py), if any."""
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        return None
    resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
    return folder / resources[0]["path"] if resources else None


def read_outline(path: Path, width: float, decimals: int) -> Outline:
    """Project the boundaries at `path` into a box `width` wide, coordinates
    rounded to `decimals` places (1 for a page's map, 0 for a small locator)."""
    return _read_outline(path, path.stat().st_mtime_ns, width, decimals)


@functools.lru_cache(maxsize=8)  # one outline serves every page of both languages
def _read_outline(path: Path, _mtime: int, width: float, decimals: int) -> Outline:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    polygons = {f["properties"]["unit_code"]: _polygons(f["geometry"]) for f in features}
    points = [p for parts in polygons.values() for polygon in parts for ring in polygon for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * squeeze)

    def project(point) -> tuple[float, float]:
        return (round((point[0] - west) * squeeze * scale, decimals), round((north - point[1]) * scale, decimals))

    shapes = {}
    for code, parts in polygons.items():
        projected = [[[project(p) for p in ring] for ring in polygon] for polygon in parts]
        largest = max(projected, key=lambda polygon: abs(_area(polygon[0])))
        label_at, room = _inner_point(largest)
        shapes[code] = Shape(code, _path_data(projected, decimals), label_at, room)
    return Outline(round(width, decimals), round((north - south) * scale, decimals), shapes)


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path_data(polygons: list, decimals: int) -> str:
    """Relative moves after the first point of each ring: shorter than absolute ones."""
    factor = 10 ** decimals
    parts = []
    for polygon in polygons:
        for ring in polygon:
            # Integers in units of the last decimal, so differences stay exact.
            steps = [(round(x * factor), round(y * factor)) for x, y in ring]
            if steps[0] == steps[-1]:
                steps = steps[:-1]
            moves = [f"{_scaled(x1 - x0, factor)} {_scaled(y1 - y0, factor)}"
                     for (x0, y0), (x1, y1) in zip(steps, steps[1:]) if (x0, y0) != (x1, y1)]
            parts.append(f"M{_scaled(steps[0][0], factor)} {_scaled(steps[0][1], factor)}l" + " ".join(moves) + "z")
    return "".join(parts).replace(" -", "-")


def _scaled(value: int, factor: int) -> str:
    if factor == 1:
        return str(value)
    whole = f"{value / factor:.{len(str(factor)) - 1}f}".rstrip("0").rstrip(".")
    # "0.5" -> ".5", "-0.5" -> "-.5": SVG reads both, and they are shorter.
    return whole.replace("0.", ".", 1) if whole.startswith(("0.", "-0.")) else whole


def _area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _segments(polygon: list) -> tuple[np.ndarray, ...]:
    """Every edge of every ring of `polygon` as arrays: start x, start y, dx, dy."""
    rings = [np.asarray(ring, dtype=float) for ring in polygon]
    starts = np.concatenate(rings)
    ends = np.concatenate([np.roll(ring, -1, axis=0) for ring in rings])
    return starts[:, 0], starts[:, 1], ends[:, 0] - starts[:, 0], ends[:, 1] - starts[:, 1]


def _inside(xs: np.ndarray, ys: np.ndarray, segments: tuple[np.ndarray, ...]) -> np.ndarray:
    """For each point, whether it is inside the polygon (even-odd rule over every ring)."""
    ax, ay, dx, dy = segments
    x, y = xs[:, None], ys[:, None]
    crosses = (ay > y) != (ay + dy > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = ax + (y - ay) * dx / dy
    return (crosses & (x < at)).sum(axis=1) % 2 == 1


def _edge_distance(xs: np.ndarray, ys: np.ndarray, segments: tuple[np.ndarray, ...]) -> np.ndarray:
    """For each point, its distance to the nearest edge of the polygon."""
    ax, ay, dx, dy = segments
    x, y = xs[:, None], ys[:, None]
    length = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(length == 0, 0.0, np.clip(((x - ax) * dx + (y - ay) * dy) / length, 0.0, 1.0))
    return np.hypot(x - ax - t * dx, y - ay - t * dy).min(axis=1)


def _inner_point(polygon: list, steps: int = 16) -> tuple[tuple[float, float], float]:
    """The point of a grid over the polygon farthest from its edge (a centroid
    can fall outside a bent unit), refined once around the best cell. All the
    grid's points against all the edges at once (numpy): point by point, this
    was most of the time of a district page."""
    segments = _segments(polygon)
    outer = np.asarray(polygon[0], dtype=float)
    box = (outer[:, 0].min(), outer[:, 1].min(), outer[:, 0].max(), outer[:, 1].max())
    best, room = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), 0.0
    for _ in range(2):
        cell_x, cell_y = (box[2] - box[0]) / steps, (box[3] - box[1]) / steps
        # Column by column, as the earlier loop went: the first of equally good points wins.
        i, j = np.meshgrid(np.arange(steps + 1), np.arange(steps + 1), indexing="ij")
        xs, ys = box[0] + i.ravel() * cell_x, box[1] + j.ravel() * cell_y
        distances = np.where(_inside(xs, ys, segments), _edge_distance(xs, ys, segments), 0.0)
        farthest = int(distances.argmax())
        if distances[farthest] > room:
            best, room = (float(xs[farthest]), float(ys[farthest])), float(distances[farthest])
        box = (best[0] - cell_x, best[1] - cell_y, best[0] + cell_x, best[1] + cell_y)
    return (round(best[0], 1), round(best[1], 1)), room


def natural_breaks(values: list[float], classes: int) -> list[tuple[float, float]]:
    """Group sorted values into `classes` ranges with the least spread within
    them (Fisher's exact method, which Jenks' natural breaks approximate).

    Equal values always share a class; each range is (lowest, highest) of the
    values in it, so a legend states only values that occur.
    """
    distinct = sorted(set(values))
    counts = [values.count(v) for v in distinct]
    classes = min(classes, len(distinct))
    n = len(distinct)

    def spread(first: int, last: int) -> float:  # weighted squared deviation of distinct[first..last]
        weight = sum(counts[first:last + 1])
        mean = sum(distinct[i] * counts[i] for i in range(first, last + 1)) / weight
        return sum(counts[i] * (distinct[i] - mean) ** 2 for i in range(first, last + 1))

    # cost[k][j]: best spread of distinct[0..j] in k+1 classes; start[k][j]: first index of the last class.
    cost = [[spread(0, j) for j in range(n)]]
    start = [[0] * n]
    for k in range(1, classes):
        row, begin = [math.inf] * n, [0] * n
        for j in range(k, n):
            for i in range(k, j + 1):
                total = cost[k - 1][i - 1] + spread(i, j)
                if total < row[j]:
                    row[j], begin[j] = total, i
        cost.append(row)
        start.append(begin)
    ranges, last = [], n - 1
    for k in range(classes - 1, -1, -1):
        first = start[k][last]
        ranges.append((distinct[first], distinct[last]))
        last = first - 1
    return ranges[::-1]


def value_classes(values: list[float]) -> list[ValueClass]:
    """A few classes for the values a figure has, each with its colour, light to dark."""
    if not values:
        return []
    ranges = natural_breaks(values, MAX_CLASSES)
    colours = SEQUENTIAL[len(ranges)]
    return [ValueClass(colour, low, high) for colour, (low, high) in zip(colours, ranges)]


def class_of(value: float, classes: list[ValueClass]) -> ValueClass:
    return next(c for c in classes if c.low <= value <= c.high)


def category_colours(categories: list[str], fixed: dict[str, str] | None = None) -> dict[str, str]:
    """One colour per category: its own in `fixed`, else the next of CATEGORICAL that
    no fixed one has, in the order given (of first appearance)."""
    fixed = fixed or {}
    others = [c for c in categories if c not in fixed]
    spare = [colour for colour in CATEGORICAL if colour not in fixed.values()]
    if len(others) > len(spare):
        raise ValueError(f"{len(categories)} categories: a map can tell at most {len(CATEGORICAL)} apart")
    return {c: fixed[c] if c in fixed else spare[others.index(c)] for c in categories}
