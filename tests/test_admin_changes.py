"""Where each place is now: the admin_changes tables against their sources, the
"what is it now" page, the district pages' end dates, the search index, and
the simplified boundaries."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from ntm_site.data_in.boundaries import check_boundaries, folder as boundaries_folder
from ntm_site.language_site import nav_entries
from ntm_site.site_pages.search_index import fold
from ntm_site.site_pages.views.districts import district_units

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "sources" / "reference"
PACKAGE = ROOT / "datapackages" / "admin_changes"
RESOLUTION = REFERENCE / "nq-1665-nq-ubtvqh15-2025-06-16-ha-tinh-communes.md"
DISTRICT_CODES = {436, 437, 439, 440, 441, 442, 443, 444, 445, 446, 447, 448, 449}


def rows(name: str) -> list[dict]:
    with open(PACKAGE / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def squeeze(text: str) -> str:
    """The resolution's Markdown copy has lost and gained spaces and bold marks
    here and there ("Kỳ Khangthành", "phường**Bắc Hồng Lĩnh**"): compare without them."""
    return re.sub(r"[\s*\\]", "", unicodedata.normalize("NFC", text))


def clauses() -> dict[int, str]:
    article = RESOLUTION.read_text(encoding="utf-8").split("**Điều 1.")[1].split("**Điều 2.")[0]
    found = re.findall(r"^(\d+)\\\. (.*?)(?=^\d+\\\. |\Z)", article, flags=re.M | re.S)
    return {int(n): squeeze(text) for n, text in found}


def gso(path: str) -> dict[str, dict]:
    units = {}
    for district in json.loads((REFERENCE / path).read_text(encoding="utf-8"))["province"]["level2s"]:
        for commune in district["level3s"]:
            units[commune["level3_id"]] = {"full": " ".join(commune["name"].split()), "district": district["level2_id"]}
    return units


LIST_2024 = gso("gso-units-ha-tinh-2024-11-01.json")
LIST_2025 = gso("gso-units-ha-tinh-2025-03-01.json")
TYPE_WORD = {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn"}


# ------------------------------------------------------------------ the tables against their sources

def test_69_units_60_communes_9_wards_as_clause_68_says():
    units = rows("new_units")
    assert len(units) == 69
    assert sum(u["type"] == "xa" for u in units) == 60 and sum(u["type"] == "phuong" for u in units) == 9
    assert "69đơnvịhànhchínhcấpxã,gồm60xãvà09phường" in clauses()[68]


def test_each_new_unit_is_named_by_its_clause():
    text = clauses()
    for unit in rows("new_units"):
        clause = int(unit["section"].rsplit(" ", 1)[1])
        word = "xã" if unit["type"] == "xa" else "phường"
        if clause == 68:  # the two communes left as they were
            assert squeeze(f"xã {unit['name_vi']}") in text[68]
        else:
            assert squeeze(f"có tên gọi là {word} {unit['name_vi']}.") in text[clause] + ".", unit


# What the resolution writes around the names of the earlier units.
CONNECTORS = [
    "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của", "và một phần diện tích tự nhiên, quy mô dân số của",
    "và phần còn lại của", "sau khi sắp xếp theo quy định tại khoản 59 Điều này", "sau khi sắp xếp theo quy định tại khoản 63 Điều này",
    "và toàn bộ diện tích tự nhiên của", "và một phần quy mô dân số của", "và phần quy mô dân số còn lại của",
    "các", "thị trấn", "phường", "xã", "và", ",",
]


def test_every_earlier_unit_is_in_its_clause_and_none_is_missing():
    text = clauses()
    parts = rows("new_unit_parts")
    for clause in range(1, 68):
        mine = [p for p in parts if p["section"] == f"Điều 1, khoản {clause}"]
        segment = text[clause].split("thànhxãmới")[0].split("thànhphườngmới")[0]
        for part in sorted(mine, key=lambda p: -len(p["name_as_printed"])):
            name = squeeze(part["name_as_printed"])
            assert name in segment, (clause, part["name_as_printed"])
            segment = segment.replace(name, "|", 1)
        for connector in sorted(CONNECTORS, key=len, reverse=True):
            segment = segment.replace(squeeze(connector), "")
        assert set(segment) <= {"|"}, f"clause {clause}: words not accounted for: {segment!r}"


def test_every_earlier_unit_is_in_the_gso_lists_with_its_districts():
    parts = rows("new_unit_parts")
    assert len({(p["new_unit_id"], p["earlier_code"]) for p in parts}) == len(parts)
    for part in parts:
        code = part["earlier_code"]
        assert code in LIST_2025, part
        assert LIST_2025[code]["full"] == f"{TYPE_WORD[part['earlier_type']]} {part['earlier_name_vi']}"
        assert LIST_2025[code]["district"] == part["district_code_2025"]
        assert code in LIST_2024, part  # every earlier unit existed, by its code, in 2024
        assert LIST_2024[code]["district"] == part["district_code_2024"]
    new_ids = {u["new_unit_id"] for u in rows("new_units")}
    assert {p["new_unit_id"] for p in parts} == new_ids


def test_spanning_units_are_marked():
    parts = rows("new_unit_parts")
    for unit in rows("new_units"):
        districts = {p["district_code_2024"] for p in parts if p["new_unit_id"] == unit["new_unit_id"]}
        assert (unit["spans_districts"] == "true") == (len(districts) > 1), unit
    spanning = {u["new_unit_id"] for u in rows("new_units") if u["spans_districts"] == "true"}
    # Xuân Lam (Nghi Xuân) joined the wards of Hồng Lĩnh; Hộ Độ (Lộc Hà) joined Trần Phú ward.
    assert {"phuong-bac-hong-linh", "phuong-tran-phu"} <= spanning


def test_divided_units_keep_the_resolutions_wording():
    shares = {(p["new_unit_id"], p["earlier_name_vi"]): p["share"] for p in rows("new_unit_parts") if p["share"] != "whole"}
    assert shares == {
        ("phuong-thanh-sen", "Đại Nài"): "part", ("phuong-ha-huy-tap", "Đại Nài"): "remainder",
        ("phuong-vung-ang", "Kỳ Lợi"): "area_whole", ("phuong-song-tri", "Kỳ Lợi"): "population_part",
        ("phuong-hoanh-son", "Kỳ Lợi"): "population_remainder",
    }
    text = clauses()
    assert squeeze("một phần diện tích tự nhiên, quy mô dân số của phường Đại Nài") in text[59]
    assert squeeze("toàn bộ diện tích tự nhiên của xã Kỳ Lợi") in text[62]


def test_the_machine_made_merge_list_differs_only_where_documented():
    """dvhcvn is a cross-check only: its one disagreement (Bình Lộc) is stated on the page and in the README."""
    merges = json.loads((REFERENCE / "dvhcvn-2025-merges-ha-tinh.json").read_text(encoding="utf-8"))["data"]["level2s"]
    ours: dict[str, set] = {}
    for part in rows("new_unit_parts"):
        name = next(u["name_vi"] for u in rows("new_units") if u["new_unit_id"] == part["new_unit_id"])
        ours.setdefault(name, set()).add(part["earlier_code"])
    theirs = {" ".join(m["name"].split()[1:]): {x["old_id"] for x in m["merges"]} for m in merges}
    assert set(theirs) == set(ours)
    differences = {name: theirs[name] ^ ours[name] for name in ours if theirs[name] != ours[name]}
    assert differences == {"Lộc Hà": {"18448"}}
    assert LIST_2025["18448"]["full"] == "Xã Bình Lộc" and "18448" not in LIST_2024


def test_every_row_names_a_known_source(catalogue):
    sources = set(catalogue.reference.tables["sources"].frame["source_id"])
    for table in ("changes", "new_units", "new_unit_parts", "commune_changes_2025_01"):
        frame = catalogue.table("admin_changes", table)
        assert frame["source_id"].notna().all() and set(frame["source_id"]) <= sources
    resolution = catalogue.indexed("reference", "sources", "source_id").loc["nq-1665-ubtvqh15"]
    assert resolution["document_number"] == "1665/NQ-UBTVQH15" and resolution["url"].startswith("https://")


# ------------------------------------------------------------------ validity dates

def test_loc_ha_ended_on_1_january_2025_the_others_on_1_july_2025(catalogue):
    units = catalogue.indexed("reference", "admin_units", "unit_code")
    assert str(units.loc[448, "valid_to"]) == "2024-12-31"
    changes = catalogue.table("admin_changes", "changes")
    for code in DISTRICT_CODES:
        end = changes[(changes["unit_code"] == code) & changes["kind"].isin(["district_dissolved", "district_level_ended"])]
        assert len(end) == 1, code
        # valid_to is the last day, the change's date the first day without the unit.
        assert dt.date.fromisoformat(str(units.loc[code, "valid_to"])) + dt.timedelta(days=1) == \
            dt.date.fromisoformat(str(end.iloc[0]["date_effective"]))
        expected = "2025-01-01" if code == 448 else "2025-07-01"
        assert str(end.iloc[0]["date_effective"]) == expected


def test_thach_ha_and_ha_tinh_city_boundary_changes_are_dated(catalogue):
    changes = catalogue.table("admin_changes", "changes")
    boundary = changes[changes["kind"] == "boundary_changed"]
    assert {436, 445} <= set(boundary["unit_code"])
    assert set(boundary["date_effective"].astype(str)) == {"2025-01-01"}
    moved = [r for r in rows("commune_changes_2025_01") if "district_changed" in r["change"]]
    assert {(r["name_2024_vi"], r["district_code_2024"], r["district_code_2025"]) for r in moved} >= {
        ("Hộ Độ", "448", "436"), ("Thạch Kim", "448", "445"), ("Thạch Hải", "445", "436"), ("Cẩm Bình", "446", "436")}


def test_no_unit_is_called_nay_la_and_the_nav_keeps_them_apart(project, catalogue):
    assert "nay-la" not in set(catalogue.reference.tables["admin_units"].frame["slug"])
    entries = nav_entries(project, catalogue, "vi")
    [districts] = [e for e in entries if "dia-phuong/index.md" in str(e)]
    children = list(districts.values())[0]
    assert len(children) == 1 + len(district_units(catalogue))
    assert not any("nay-la" in str(child) for child in children)
    assert {"Nay là đâu": "dia-phuong/nay-la/index.md"} in entries


# ------------------------------------------------------------------ the built pages and search

def page_text(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_what_is_it_now_page_lists_all_69(built_site, prefix):
    html = (built_site / prefix / "dia-phuong/nay-la/index.html").read_text(encoding="utf-8")
    for unit in rows("new_units"):
        assert f'id="{unit["new_unit_id"]}"' in html
        assert unit["name_vi"] in html
    for part in rows("new_unit_parts"):
        assert part["earlier_name_vi"] in html
    slugs = {u["unit_code"]: u["slug"] for u in csv.DictReader(open(ROOT / "datapackages/reference/admin_units.csv", encoding="utf-8"))}
    for code in DISTRICT_CODES:
        assert f'href="../{slugs[str(code)]}/"' in html


def test_district_pages_say_when_each_unit_ended(built_site):
    units = {u["unit_code"]: u for u in csv.DictReader(open(ROOT / "datapackages/reference/admin_units.csv", encoding="utf-8"))}
    for code in DISTRICT_CODES:
        vi = page_text(built_site, f"dia-phuong/{units[str(code)]['slug']}")
        en = page_text(built_site, f"en/dia-phuong/{units[str(code)]['slug']}")
        if code == 448:
            assert "Huyện Lộc Hà không còn từ ngày 01/01/2025: huyện được nhập vào huyện Thạch Hà" in vi
            assert "Loc Ha District ceased to exist on 1 January 2025: it was merged into Thach Ha District" in en
            assert "Cấp huyện không còn" not in vi
            assert "30/06/2025" not in vi  # its last day was 31/12/2024
        else:
            assert "Cấp huyện không còn từ ngày 01/07/2025" in vi
            assert "The district level ceased to exist on 1 July 2025" in en


def test_district_pages_list_the_units_that_cover_them_now(built_site):
    units = {u["unit_code"]: u["slug"] for u in csv.DictReader(open(ROOT / "datapackages/reference/admin_units.csv", encoding="utf-8"))}
    for part in rows("new_unit_parts"):
        html = (built_site / "dia-phuong" / units[part["district_code_2024"]] / "index.html").read_text(encoding="utf-8")
        assert f'href="../nay-la/#{part["new_unit_id"]}"' in html
        assert part["earlier_name_vi"] in html


def _index(site: Path) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def _searched(doc: dict) -> str:
    """All a search matches in a section: its title and text, and their words without
    diacritics (a new commune is a section of its own, named in its title)."""
    return " ".join(doc.get(field, "") for field in ("title", "text", "title_folded", "text_folded"))


def test_search_finds_every_new_and_old_name_on_the_page_and_the_old_district(built_site):
    docs = _index(built_site)
    now_is = " ".join(_searched(d) for d in docs if d["location"].startswith("dia-phuong/nay-la/"))
    units = {u["unit_code"]: u["slug"] for u in csv.DictReader(open(ROOT / "datapackages/reference/admin_units.csv", encoding="utf-8"))}
    by_district = {slug: " ".join(_searched(d) for d in docs if d["location"].startswith(f"dia-phuong/{slug}/"))
                   for slug in units.values()}
    def found(name: str, text: str) -> bool:
        # The index holds the name as written, and each of its words without diacritics
        # (the search matches words, so "thach lac" finds "Thạch Lạc").
        words = set(re.findall(r"\w+", text.lower()))
        return name in text and all(w.lower() in words for w in fold(name).split())

    for unit in rows("new_units"):
        assert found(unit["name_vi"], now_is), unit
    for part in rows("new_unit_parts"):
        for text in (now_is, by_district[units[part["district_code_2024"]]]):
            assert found(part["earlier_name_vi"], text), part
    for change in rows("commune_changes_2025_01"):
        name = change["name_2024_vi"] or change["name_2025_vi"]
        district = change["district_code_2024"] or change["district_code_2025"]
        assert name in now_is and name in by_district[units[district]], change


# ------------------------------------------------------------------ boundaries

BOUNDARIES = ROOT / "geodata" / "boundaries"


def test_simplified_boundaries_have_13_units_and_are_small():
    collection = json.loads((BOUNDARIES / "ha-tinh-districts-2024.geojson").read_text(encoding="utf-8"))
    codes = [f["properties"]["unit_code"] for f in collection["features"]]
    assert sorted(codes) == sorted(DISTRICT_CODES)
    for feature in collection["features"]:
        size = len(json.dumps(feature, ensure_ascii=False, separators=(",", ":")).encode())
        assert 300 < size < 6000, (feature["properties"], size)  # a few KB each, yet a real outline
        assert feature["geometry"]["type"] == "MultiPolygon"
    assert (BOUNDARIES / "ha-tinh-districts-2024.geojson").stat().st_size < 60_000
    source = (REFERENCE / "ha-tinh-districts-boundaries-dvhcvn-gis-42.json").stat().st_size
    assert (BOUNDARIES / "ha-tinh-districts-2024.geojson").stat().st_size < source / 20


def test_boundaries_state_their_own_licence_and_caption():
    descriptor = json.loads((BOUNDARIES / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in descriptor["licenses"]] == ["GPL-3.0-only"]
    assert "dvhcvn" in json.dumps(descriptor["sources"])
    assert descriptor["caption_en"] == "Boundaries before 1 January 2025"


def test_boundaries_pass_the_checks(project, catalogue):
    assert check_boundaries(project, catalogue) == []


def test_a_boundary_with_an_unknown_code_is_refused_in_both_languages(data_copy, catalogue):
    target = boundaries_folder(data_copy.project)
    shutil.copytree(BOUNDARIES, target)
    path = target / "ha-tinh-districts-2024.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"unit_code":448', '"unit_code":999'), encoding="utf-8")
    problems = check_boundaries(data_copy.project, catalogue)
    rules = {p.rule for p in problems}
    assert {"unknown-code", "hash"} <= rules
    unknown = next(p for p in problems if p.rule == "unknown-code")
    assert "999" in unknown.message_vi and "999" in unknown.message_en and unknown.file.endswith(".geojson")


def test_the_site_publishes_the_boundaries(built_site):
    published = built_site / "du-lieu/boundaries"
    assert (published / "ha-tinh-districts-2024.geojson").read_bytes() == (BOUNDARIES / "ha-tinh-districts-2024.geojson").read_bytes()
    assert json.loads((published / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]["name"] == "GPL-3.0-only"


def test_the_package_page_credits_the_resolution_not_the_report(built_site):
    text = page_text(built_site, "du-lieu/admin_changes")
    assert "Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Hà Tĩnh năm 2025" in text
    assert "Báo cáo sơ kết 6 tháng đầu năm" not in text


def test_the_data_page_offers_the_boundaries_with_their_licence(built_site):
    html = (built_site / "du-lieu/index.html").read_text(encoding="utf-8")
    assert 'href="boundaries/ha-tinh-districts-2024.geojson"' in html and "GPL-3.0" in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_name_one_ward_lost_and_another_took_is_told_apart(catalogue, project, lang):
    """On 1 January 2025 phường Trần Phú went from the list and phường Thạch Linh took its
    name: "Thành Sen (... phường Trần Phú ...)" beside "phường Trần Phú: no longer listed" left
    a resident of the old Trần Phú unable to tell where they are. Each renamed part says its
    2024 name, and a unit no longer listed says who bears its name now."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.views.admin_changes import commune_change_rows, new_unit_rows, unit_label

    loc = Localiser(lang, project.messages)
    changes = catalogue.table("admin_changes", "commune_changes_2025_01")
    renamed = changes[changes["change"].str.contains("renamed")]
    gone = changes[changes["change"].str.contains("absent_2025")]
    reused = renamed[renamed["name_2025_vi"].isin(gone["name_2024_vi"])]
    assert len(reused) >= 2  # the premise: Thạch Linh -> Trần Phú, Nguyễn Du -> Bắc Hà
    parts = [part for unit in new_unit_rows(catalogue, loc) for part in unit["parts"]]
    rows = {row["label"]: row["what"] for row in commune_change_rows(catalogue, loc)}
    for _, heir in reused.iterrows():
        now, before = (unit_label(heir[f"type_{year}"], heir[f"name_{year}_vi"], loc) for year in (2025, 2024))
        said = [part for part in parts if part.startswith(now + " (")]
        assert said and all(before in part for part in said), (now, said)
        assert before in rows[now] and heir["name_2025_vi"] in rows[now]  # the line of the unit that went
