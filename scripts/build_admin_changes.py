"""Write the tables of `datapackages/admin_changes/` from the reference copies.

Run once when the reference material changes; the CSV files it writes are
committed and reviewed like any other data (every row was checked by hand
against the resolution text, and tests/test_admin_changes.py checks them again
against the same text and the GSO lists).

    python scripts/build_admin_changes.py            # write the CSV files
    python scripts/build_admin_changes.py --check    # only print the cross-check

Inputs (all in sources/reference/, see its README):
- Resolution 1665/NQ-UBTVQH15 (the authority for the July 2025 units);
- the GSO unit lists of 1 Nov 2024 (2024 districts) and 1 Mar 2025 (the
  communes as the resolution names them);
- the dvhcvn merge list, a machine-made list used ONLY as a cross-check: its
  disagreements with the resolution are printed, never copied.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "sources" / "reference"
RESOLUTION = REFERENCE / "nq-1665-nq-ubtvqh15-2025-06-16-ha-tinh-communes.md"
LIST_2024 = REFERENCE / "gso-units-ha-tinh-2024-11-01.json"
LIST_2025 = REFERENCE / "gso-units-ha-tinh-2025-03-01.json"
MERGES = REFERENCE / "dvhcvn-2025-merges-ha-tinh.json"
OUT = ROOT / "datapackages" / "admin_changes"

RESOLUTION_ID = "nq-1665-ubtvqh15"
LIST_2024_ID = "gso-dvhc-2024-11-01"
LIST_2025_ID = "gso-dvhc-2025-03-01"
DISSOLUTION_ID = "nq-ubtvqh15-2024-11-14-ha-tinh"

TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}
# The resolution's spelling -> the GSO list's, where they differ (listed as discrepancies).
SPELLINGS = {"Cổ Đạm": "Cỗ Đạm"}
# Units the resolution divides: (clause, name) -> share.
SHARES = {
    (59, "Đại Nài"): "part",
    (61, "Đại Nài"): "remainder",
    (62, "Kỳ Lợi"): "area_whole",
    (63, "Kỳ Lợi"): "population_part",
    (64, "Kỳ Lợi"): "population_remainder",
}
UNCHANGED_CLAUSE = 68  # "02 xã không thực hiện sắp xếp là xã Sơn Kim 1 và xã Sơn Kim 2"


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_type(full: str) -> tuple[str, str]:
    full = clean(full)
    for word, code in TYPES.items():
        if full.startswith(word + " "):
            return code, full[len(word) + 1:]
    raise ValueError(f"unknown unit type in {full!r}")


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def gso_list(path: Path) -> dict[str, dict]:
    """commune code -> {name, type, district}."""
    data = json.loads(path.read_text(encoding="utf-8"))["province"]
    units = {}
    for district in data["level2s"]:
        for commune in district["level3s"]:
            kind, name = split_type(commune["name"])
            units[commune["level3_id"]] = {"name": name, "type": kind, "district": int(district["level2_id"])}
    return units


def resolution_clauses(text: str) -> dict[int, str]:
    """Article 1's numbered clauses, each as one clean line."""
    article = text.split("**Điều 1.", 1)[1].split("**Điều 2.", 1)[0]
    parts = re.split(r"\n(\d+)\\\. ", "\n" + article)
    return {int(parts[i]): clean(parts[i + 1].replace("*", "")) for i in range(1, len(parts) - 1, 2)}


_NEW_UNIT = re.compile(r"thành (xã|phường) mới có tên gọi là ?(xã|phường) ?(.+?)\.$")


def parse_clause(number: int, clause: str, names: list[str]) -> tuple[str, str, list[str]]:
    """(new type, new name, names of the earlier units as printed, in order)."""
    match = _NEW_UNIT.search(clause)
    if not match:
        raise ValueError(f"clause {number}: no new unit found in {clause!r}")
    kind, new_name = ("xa" if match[2] == "xã" else "phuong"), clean(match[3])
    segment = clause[:match.start()].split("quy mô dân số", 1)[1]
    found: list[tuple[int, str]] = []
    taken = [False] * len(segment)
    for name in sorted(names, key=len, reverse=True):
        for hit in re.finditer(re.escape(name), segment):
            span = range(hit.start(), hit.end())
            if any(taken[i] for i in span):
                continue
            for i in span:
                taken[i] = True
            found.append((hit.start(), name))
    return kind, new_name, [name for _, name in sorted(found)]


def build() -> tuple[dict[str, list[dict]], list[str]]:
    list_2024, list_2025 = gso_list(LIST_2024), gso_list(LIST_2025)
    by_name_2025: dict[str, list[str]] = {}
    for code, unit in list_2025.items():
        by_name_2025.setdefault(unit["name"], []).append(code)
    printed_names = [n for n in by_name_2025 if len(by_name_2025[n]) == 1] + list(SPELLINGS)
    clauses = resolution_clauses(RESOLUTION.read_text(encoding="utf-8"))

    new_units, parts = [], []
    for number in range(1, UNCHANGED_CLAUSE):
        kind, new_name, earlier = parse_clause(number, clauses[number], printed_names)
        new_id = f"{'xa' if kind == 'xa' else 'phuong'}-{slug(new_name)}"
        new_units.append({"new_unit_id": new_id, "type": kind, "name_vi": new_name, "clause": number})
        for printed in earlier:
            code = by_name_2025[SPELLINGS.get(printed, printed)][0]
            parts.append({"new_unit_id": new_id, "clause": number, "printed": printed, "code": code,
                          "share": SHARES.get((number, printed), "whole")})
    unchanged = re.findall(r"xã (Sơn Kim \d)", clauses[UNCHANGED_CLAUSE])
    for name in unchanged:
        new_id = f"xa-{slug(name)}"
        new_units.append({"new_unit_id": new_id, "type": "xa", "name_vi": name, "clause": UNCHANGED_CLAUSE})
        parts.append({"new_unit_id": new_id, "clause": UNCHANGED_CLAUSE, "printed": name,
                      "code": by_name_2025[name][0], "share": "whole"})

    notes = cross_check(new_units, parts, list_2025)
    tables = {
        "new_units": [_new_unit_row(u, parts, list_2024, list_2025) for u in new_units],
        "new_unit_parts": [_part_row(p, list_2024, list_2025) for p in parts],
        "commune_changes_2025_01": _commune_changes(list_2024, list_2025),
    }
    return tables, notes


def _section(clause: int) -> str:
    return f"Điều 1, khoản {clause}"


def _new_unit_row(unit: dict, parts: list[dict], list_2024: dict, list_2025: dict) -> dict:
    mine = [p for p in parts if p["new_unit_id"] == unit["new_unit_id"]]
    districts_2024 = sorted({list_2024[p["code"]]["district"] for p in mine})
    note_vi = note_en = ""
    if unit["clause"] == UNCHANGED_CLAUSE:
        note_vi, note_en = "Không thực hiện sắp xếp (giữ nguyên).", "Not reorganised (kept as it was)."
    return {
        "new_unit_id": unit["new_unit_id"], "type": unit["type"], "name_vi": unit["name_vi"],
        "valid_from": "2025-07-01",
        "spans_districts": "true" if len(districts_2024) > 1 else "false",
        "source_id": RESOLUTION_ID, "section": _section(unit["clause"]), "note_vi": note_vi, "note_en": note_en,
    }


def _part_row(part: dict, list_2024: dict, list_2025: dict) -> dict:
    code = part["code"]
    before, earlier = list_2024.get(code), list_2025[code]
    note_vi = note_en = ""
    if part["printed"] in SPELLINGS:
        note_vi = f"Nghị quyết viết '{part['printed']}', danh mục GSO viết '{earlier['name']}'."
        note_en = f"The resolution spells it '{part['printed']}', the GSO list '{earlier['name']}'."
    return {
        "new_unit_id": part["new_unit_id"], "earlier_code": int(code), "earlier_type": earlier["type"],
        "earlier_name_vi": earlier["name"], "name_as_printed": part["printed"], "share": part["share"],
        "district_code_2025": earlier["district"], "district_code_2024": before["district"] if before else "",
        "source_id": RESOLUTION_ID, "section": _section(part["clause"]),
        "list_source_id": LIST_2025_ID, "note_vi": note_vi, "note_en": note_en,
    }


def _commune_changes(list_2024: dict, list_2025: dict) -> list[dict]:
    """Every commune-level unit whose code, name, type or district differs between the two lists."""
    rows = []
    for code in sorted(set(list_2024) | set(list_2025), key=int):
        old, new = list_2024.get(code), list_2025.get(code)
        kinds = []
        if old and not new:
            kinds.append("absent_2025")
        elif new and not old:
            kinds.append("absent_2024")
        else:
            if old["district"] != new["district"]:
                kinds.append("district_changed")
            if old["name"] != new["name"]:
                kinds.append("renamed")
            if old["type"] != new["type"]:
                kinds.append("type_changed")
        if not kinds:
            continue
        rows.append({
            "unit_code": int(code),
            "name_2024_vi": old["name"] if old else "", "type_2024": old["type"] if old else "",
            "district_code_2024": old["district"] if old else "",
            "name_2025_vi": new["name"] if new else "", "type_2025": new["type"] if new else "",
            "district_code_2025": new["district"] if new else "",
            "change": " ".join(kinds), "date_listed": "2025-03-01",
            "source_id": LIST_2025_ID,
            # Where the list shows it: under its district, or (gone) nowhere in the province.
            "section": f"tỉnh 42, huyện {new['district']}" if new else "tỉnh 42",
            "previous_source_id": LIST_2024_ID,
        })
    return rows


def cross_check(new_units: list[dict], parts: list[dict], list_2025: dict) -> list[str]:
    """Where the machine-made dvhcvn merge list disagrees with what was read from the resolution."""
    merges = json.loads(MERGES.read_text(encoding="utf-8"))["data"]["level2s"]
    theirs = {}
    for unit in merges:
        kind, name = split_type(unit["name"])
        theirs[f"{'xa' if kind == 'xa' else 'phuong'}-{slug(name)}"] = {
            m["old_id"]: m["type"] for m in unit["merges"]}
    notes = []
    ours_ids = {u["new_unit_id"] for u in new_units}
    for missing in sorted(set(theirs) - ours_ids):
        notes.append(f"dvhcvn has {missing}, the resolution does not")
    for missing in sorted(ours_ids - set(theirs)):
        notes.append(f"the resolution has {missing}, dvhcvn does not")
    for new_id in sorted(ours_ids & set(theirs)):
        mine = {p["code"]: p["share"] for p in parts if p["new_unit_id"] == new_id}
        for code in sorted(set(theirs[new_id]) - set(mine)):
            name = list_2025.get(code, {}).get("name", "?")
            notes.append(f"{new_id}: dvhcvn adds {code} {name}, which the resolution does not name")
        for code in sorted(set(mine) - set(theirs[new_id])):
            notes.append(f"{new_id}: dvhcvn omits {code} {list_2025[code]['name']}, which the resolution names")
        for code in sorted(set(mine) & set(theirs[new_id])):
            whole_here = mine[code] == "whole"
            whole_there = theirs[new_id][code] == "full"
            if whole_here != whole_there:
                notes.append(f"{new_id}: {code} {list_2025[code]['name']} is '{mine[code]}' in the resolution, "
                             f"'{theirs[new_id][code]}' in dvhcvn")
    return notes


def write(tables: dict[str, list[dict]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(OUT / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the cross-check only, write nothing")
    args = parser.parse_args(argv)
    tables, notes = build()
    print(f"{len(tables['new_units'])} new units, {len(tables['new_unit_parts'])} parts, "
          f"{len(tables['commune_changes_2025_01'])} commune changes on 1 Jan 2025")
    print("Cross-check against the dvhcvn merge list (machine-made):")
    for line in notes:
        print("  -", line)
    if not args.check:
        write(tables)
    return 0


if __name__ == "__main__":
    sys.exit(main())
