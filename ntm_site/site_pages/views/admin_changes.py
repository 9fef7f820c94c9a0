"""/dia-phuong/nay-la/ ("where is it now") and the district pages' lines on the 2025 changes.

Everything comes from the admin_changes package: the 69 units of Resolution
1665 with the earlier units they were formed from, the dated changes, and
the commune changes between the two GSO lists. No figure moves: these pages
only say where a 2024 place is now.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ...common.i18n import Localiser, in_running_text
from ...data_in.catalogue import Catalogue
from . import PageInputs
from .common import present

PACKAGE = "admin_changes"
PAGE_SLUG = "nay-la"  # under dia-phuong/, beside the unit pages
END_KINDS = ("district_dissolved", "district_level_ended")

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def vietnamese_order(name: str) -> tuple:
    """Sort key in the Vietnamese alphabet (Đ after D, Ơ after Ô), tones ignored first."""
    toneless = unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", name.lower()) if c not in _TONE_MARKS))
    return tuple(_ALPHABET.index(c) if c in _ALPHABET else 100 + ord(c) for c in toneless), name


_ARTICLE_CLAUSE = re.compile(r"Điều (\d+), khoản (\d+)")


def section_text(section: str, loc: Localiser) -> str:
    """'Điều 1, khoản 4' as the page's language says it."""
    match = _ARTICLE_CLAUSE.fullmatch(section)
    return loc.t("admin.article_clause", article=match[1], clause=match[2]) if match else section


def unit_label(kind: str, name: str, loc: Localiser) -> str:
    return loc.t(f"admin.unit_type.{kind}", name=name)


def _renamed(catalogue: Catalogue) -> pd.DataFrame:
    """The units renamed on 1 January 2025, by code: the name one had in 2024 may be
    another's in 2025 (phường Thạch Linh became "Trần Phú" as the old Trần Phú went)."""
    changes = catalogue.table(PACKAGE, "commune_changes_2025_01")
    return changes[changes["change"].str.split().map(lambda kinds: "renamed" in kinds)].set_index("unit_code")


def _part_label(row, loc: Localiser, renamed: pd.DataFrame) -> str:
    label = unit_label(row["earlier_type"], row["earlier_name_vi"], loc)
    said = []
    if row["share"] != "whole":
        said.append(loc.t('admin.share.' + row['share']))
    if row["earlier_code"] in renamed.index:  # named as in 2025: say its 2024 name too
        before = renamed.loc[row["earlier_code"]]
        said.append(loc.t("admin.renamed_from", label=unit_label(before["type_2024"], before["name_2024_vi"], loc)))
    return label + (f" ({'; '.join(said)})" if said else "")


def _district(catalogue: Catalogue, code, loc: Localiser) -> dict:
    unit = catalogue.indexed("reference", "admin_units", "unit_code").loc[int(code)]
    return {"name": unit[f"name_{loc.lang}"], "short": unit[f"short_name_{loc.lang}"], "slug": unit["slug"]}


def _ordered_codes(values) -> list[int]:
    return list(dict.fromkeys(int(v) for v in values))


def new_unit_rows(catalogue: Catalogue, loc: Localiser) -> list[dict]:
    """The 69 units in Vietnamese alphabetical order, each with its parts and 2024 districts."""
    units = catalogue.table(PACKAGE, "new_units")
    parts = catalogue.table(PACKAGE, "new_unit_parts")
    renamed = _renamed(catalogue)
    rows = []
    for unit in units.itertuples():
        mine = parts[parts["new_unit_id"] == unit.new_unit_id]
        rows.append({
            "id": unit.new_unit_id,
            "name": unit.name_vi,
            "label": unit_label(unit.type, unit.name_vi, loc),
            "parts": [_part_label(p, loc, renamed) for _, p in mine.iterrows()],
            "districts": [_district(catalogue, c, loc) for c in _ordered_codes(mine["district_code_2024"])],
            "spans": bool(unit.spans_districts),
            "type": unit.type,
            "note": getattr(unit, f"note_{loc.lang}"),
            "clause": loc.t("admin.clause", section=section_text(unit.section, loc)),
        })
    return sorted(rows, key=lambda r: vietnamese_order(r["name"]))


def _commune_change_text(row, catalogue: Catalogue, loc: Localiser) -> str:
    kinds = row["change"].split()
    if "absent_2025" in kinds:
        said = loc.t("admin.jan_absent")
        # Its name lives on in another unit, renamed to it: said, so that the two are not taken for one.
        heirs = _renamed(catalogue)
        heirs = heirs[(heirs["name_2025_vi"] == row["name_2024_vi"]) & (heirs["district_code_2025"] == row["district_code_2024"])]
        for _, heir in heirs.iterrows():
            said += "; " + loc.t("admin.jan_name_reused", name=row["name_2024_vi"],
                                 old=unit_label(heir["type_2024"], heir["name_2024_vi"], loc))
        return said
    if "absent_2024" in kinds:
        return loc.t("admin.jan_new")
    said = []
    if "district_changed" in kinds:
        said.append(loc.t("admin.jan_moved", old=_district(catalogue, row["district_code_2024"], loc)["name"],
                          new=_district(catalogue, row["district_code_2025"], loc)["name"]))
    if "renamed" in kinds:
        said.append(loc.t("admin.jan_renamed", name=row["name_2025_vi"]))
    if "type_changed" in kinds:
        said.append(loc.t("admin.jan_type", kind=loc.t(f"admin.type_word.{row['type_2025']}")))
    return ", ".join(said)


def commune_change_rows(catalogue: Catalogue, loc: Localiser, district: int | None = None) -> list[dict]:
    changes = catalogue.table(PACKAGE, "commune_changes_2025_01")
    rows = []
    for _, row in changes.iterrows():
        before = present(row["name_2024_vi"])
        home = row["district_code_2024"] if before else row["district_code_2025"]
        if district is not None and int(home) != district:
            continue
        name, kind = (row["name_2024_vi"], row["type_2024"]) if before else (row["name_2025_vi"], row["type_2025"])
        rows.append({"label": unit_label(kind, name, loc), "district": _district(catalogue, home, loc),
                     "what": _commune_change_text(row, catalogue, loc), "change": row["change"]})
    return rows


def page(inputs: PageInputs) -> dict:
    catalogue, loc = inputs.catalogue, inputs.loc
    units = new_unit_rows(catalogue, loc)
    sources = catalogue.indexed("reference", "sources", "source_id")
    resolution = sources.loc[catalogue.table(PACKAGE, "new_units")["source_id"].iloc[0]]
    return {
        "new_units": units,
        "counts": loc.t("admin.counts", total=len(units),
                        communes=sum(u["type"] == "xa" for u in units),
                        wards=sum(u["type"] == "phuong" for u in units),
                        spanning=sum(u["spans"] for u in units)),
        "resolution": resolution[f"short_citation_{loc.lang}"],
        "jan_changes": commune_change_rows(catalogue, loc),
    }


def district_level_end(catalogue: Catalogue) -> str | None:
    """The day the district level ended (ISO), from the dated changes; None while it lasts."""
    if PACKAGE not in catalogue.packages:
        return None
    changes = catalogue.table(PACKAGE, "changes")
    ended = changes[changes["kind"] == "district_level_ended"]["date_effective"]
    return str(ended.max()) if not ended.empty else None


def end_sentence(catalogue: Catalogue, code: int, loc: Localiser) -> str | None:
    """How and when the unit ended, from its dated change (None if it has not)."""
    changes = catalogue.table(PACKAGE, "changes")
    ended = changes[(changes["unit_code"] == code) & changes["kind"].isin(END_KINDS)]
    if ended.empty:
        return None
    row = ended.iloc[0]
    into = _district(catalogue, row["into_unit_code"], loc)["short"] if not pd.isna(row["into_unit_code"]) else ""
    name = _district(catalogue, code, loc)["name"]
    return loc.t(f"admin.ended.{row['kind']}", date=loc.date(row["date_effective"]),
                 name=name, name_in_text=in_running_text(name, loc.lang), into=into)


def district_context(catalogue: Catalogue, code: int, loc: Localiser) -> dict:
    """What a district page shows about the unit's end and the units that cover it now."""
    parts = catalogue.table(PACKAGE, "new_unit_parts")
    units = catalogue.indexed(PACKAGE, "new_units", "new_unit_id")
    here = parts[parts["district_code_2024"] == code]
    renamed = _renamed(catalogue)
    covering = []
    for new_id in dict.fromkeys(here["new_unit_id"]):
        unit = units.loc[new_id]
        all_parts = parts[parts["new_unit_id"] == new_id]
        others = [c for c in _ordered_codes(all_parts["district_code_2024"]) if c != code]
        covering.append({
            "id": new_id, "label": unit_label(unit["type"], unit["name_vi"], loc),
            "parts": [_part_label(p, loc, renamed) for _, p in here[here["new_unit_id"] == new_id].iterrows()],
            "others": [_district(catalogue, c, loc) for c in others],
        })
    changes = catalogue.table(PACKAGE, "changes")
    dated = changes[(changes["unit_code"] == code) & ~changes["kind"].isin(END_KINDS)]
    return {
        "end_sentence": end_sentence(catalogue, code, loc),
        "now_units": sorted(covering, key=lambda u: vietnamese_order(units.loc[u["id"], "name_vi"])),
        "now_changes": [{"date": loc.date(r["date_effective"]), "note": r[f"note_{loc.lang}"]}
                        for _, r in dated.iterrows() if present(r[f"note_{loc.lang}"])],
        "now_communes": commune_change_rows(catalogue, loc, district=code),
        "now_page": f"../{PAGE_SLUG}/",
        "name_in_text": in_running_text(_district(catalogue, code, loc)["name"], loc.lang),
    }


VIEWS = {"now_is.md.j2": page}
