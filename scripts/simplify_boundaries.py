"""Simplify the district boundaries for the web, keeping neighbours' shared borders shared.

    python scripts/simplify_boundaries.py            # write geodata/boundaries/ha-tinh-districts-2024.geojson
    python scripts/simplify_boundaries.py --report   # print sizes only

Input: sources/reference/ha-tinh-districts-boundaries-dvhcvn-gis-42.json (13
MultiPolygons, pre-2025 districts, from daohoangson/dvhcvn, GPL-3.0). Output:
a GeoJSON FeatureCollection with one feature per district, `unit_code` (the
official code, 436-449) as the join key.

How: Douglas-Peucker on each border *between junctions*. A vertex where the
set of districts sharing it changes (or a ring starts) is a junction in every
ring that has it, so two neighbours simplify their common border from the same
points to the same points and get the same line: no gaps, no overlaps.
Coordinates are then rounded; islands that shrink below a few points go.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "reference" / "ha-tinh-districts-boundaries-dvhcvn-gis-42.json"
TARGET = ROOT / "geodata" / "boundaries" / "ha-tinh-districts-2024.geojson"

TOLERANCE = 0.0015  # degrees, about 150 m: enough to tell the districts apart on a phone
DECIMALS = 4  # about 10 m
MIN_ISLAND_AREA = 2e-5  # square degrees (about 0.25 km2): smaller islands are left out

Point = tuple[float, float]


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the first and last point and whatever the line needs within `tolerance`."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _simplify_arc(arc: list[Point], tolerance: float) -> list[Point]:
    # The same border is walked in opposite directions by the two neighbours:
    # simplify it in one canonical direction so both get the same points.
    if arc[0] > arc[-1]:
        return list(reversed(douglas_peucker(list(reversed(arc)), tolerance)))
    return douglas_peucker(arc, tolerance)


def ring_area(ring: list[Point]) -> float:
    """Signed area (negative = clockwise in lon/lat)."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def junctions(rings: list[tuple[str, list[Point]]]) -> set[Point]:
    owners: dict[Point, set[str]] = defaultdict(set)
    for owner, ring in rings:
        for point in ring:
            owners[point].add(owner)
    fixed = set()
    for _, ring in rings:
        fixed.add(ring[0])
        n = len(ring) - 1  # closed ring: last == first
        for i in range(n):
            if owners[ring[i]] != owners[ring[i - 1]] or owners[ring[i]] != owners[ring[(i + 1) % n]]:
                fixed.add(ring[i])
    return fixed


def simplify_ring(ring: list[Point], fixed: set[Point], tolerance: float) -> list[Point]:
    cut = [i for i, p in enumerate(ring) if p in fixed] or [0]
    if cut[-1] != len(ring) - 1:
        cut.append(len(ring) - 1)
    out: list[Point] = [ring[0]]
    for a, b in zip(cut, cut[1:]):
        out += _simplify_arc(ring[a:b + 1], tolerance)[1:]
    return out


def _rounded(ring: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def simplify(source: dict, tolerance: float = TOLERANCE) -> dict:
    units = source["level2s"]
    rings = [(u["level2_id"], [tuple(p) for p in ring]) for u in units for polygon in u["coordinates"] for ring in polygon]
    fixed = junctions(rings)
    features = []
    for unit in units:
        polygons = []
        for polygon in unit["coordinates"]:
            simplified = [_rounded(simplify_ring([tuple(p) for p in ring], fixed, tolerance)) for ring in polygon]
            outer = simplified[0]
            if len(outer) < 4 or abs(ring_area(outer)) < MIN_ISLAND_AREA:
                continue
            polygons.append([r for r in simplified if len(r) >= 4])
        features.append({
            "type": "Feature",
            "properties": {"unit_code": int(unit["level2_id"]), "name_vi": unit["name"]},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        })
    return {"type": "FeatureCollection", "features": features}


def compact_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help="print the size per unit, write nothing")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help=f"degrees (default {TOLERANCE})")
    args = parser.parse_args(argv)
    result = simplify(json.loads(SOURCE.read_text(encoding="utf-8")), args.tolerance)
    for feature in result["features"]:
        size = len(compact_json(feature).encode())
        points = sum(len(r) for p in feature["geometry"]["coordinates"] for r in p)
        print(f"{feature['properties']['unit_code']} {feature['properties']['name_vi']:<20} {points:5d} points {size:6d} bytes")
    text = compact_json(result)
    print(f"total {len(text.encode())} bytes")
    if not args.report:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        _update_descriptor(text.encode())
    return 0


def _update_descriptor(data: bytes) -> None:
    """Keep the descriptor's size and hash true to the file just written."""
    path = TARGET.parent / "datapackage.json"
    if not path.exists():
        return
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["path"] == TARGET.name)
    resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
