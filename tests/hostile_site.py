"""The hostile site: one site built from every payload of the tests of hostile text.

Descriptors, schemas, CSV cells and commit messages are written by whoever
opens a pull request. The payloads here would run a script, plant a link or
add an attribute if any of them got through. They are written into a copy
of the data with a git history whose messages are hostile too, and one site
is built from all of them once per test run (see conftest.shared_site), for
tests/test_hardening_markup.py (every class of output, swept in a browser)
and tests/test_hostile_input.py (markup and template syntax in data text).
Each group of payloads sits in cells of its own, so none hides another.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import DataCopy, shared_site

# ---------------------------------------------------------------- tests/test_hardening_markup.py

MARK = "zzhostile"  # a word every payload carries, to find it in pages and search
# Each payload marks the window and opens a dialog if it runs (a javascript: URL whose
# value is undefined leaves the page in place, so the mark can be read after a click).
HTML_PAYLOAD = (f"{MARK} <img src=x onerror=\"window.__pwned='html';alert('html')\">"
                "<script>window.__pwned='script';alert('script')</script>"
                "<a href=\"javascript:window.__pwned='a';alert('a')\">a</a>")
LINK_PAYLOAD = (f"{MARK} [klik](javascript:window.__pwned='mdlink';alert('mdlink')) "
                "![i](javascript:window.__pwned='mdimg';alert('mdimg')) "
                "[ref][r]\n\n[r]: javascript:window.__pwned='mdref';alert('mdref')")
ATTR_PAYLOAD = f"{MARK} tiêu đề {{: onclick=\"window.__pwned='attr';alert('attr')\" tabindex=0 }}"
ATTR_PAYLOAD_2 = (f"{MARK} chú thích {{#x .y onmouseover=window.__pwned='attr2';alert('attr2') "
                  "onfocus=window.__pwned='attr3';alert('attr3') autofocus}")
BLOCK_PAYLOAD = (f"{MARK} ghi chú\n\n[klik](javascript:window.__pwned='block';alert('block'))\n\n"
                 "<img src=x onerror=window.__pwned='block2';alert('block2')>")
QUOTE_PAYLOAD = f"{MARK} Can \"Lộc\" ' ); window.__pwned='quote';alert('quote'); ('\\ \U000e0041"  # quotes, backslash, a tag character
EMBED_PAYLOAD = f"{MARK} dồn điền\" onload=\"window.__pwned='embed';alert('embed')\" x=\"<b>"

# Every script of the page, as the browser holds it now, whose text names the payloads' mark
# (Playwright's text selectors skip what is inside <script>: `script:text(...)` never matches).
SCRIPTS_NAMING_PWNED = "[...document.scripts].filter(s => s.textContent.includes('__pwned')).map(s => s.outerHTML.slice(0, 120))"

# Every chart of the page hovered has turned into its live drawing (whose titles, labels and
# tooltips carry data text): waited for, rather than a fixed time that a slow machine outruns.
CHARTS_LIVE = """() => document.querySelectorAll('.ntm-chart--live .ntm-chart__live svg').length
  === document.querySelectorAll('.ntm-chart').length"""


def hover_every_chart_until_live(page) -> None:
    charts = page.locator(".ntm-chart")
    for i in range(charts.count()):
        charts.nth(i).hover()  # turns the static image into the live chart
    page.wait_for_function(CHARTS_LIVE, timeout=15_000)


# ---------------------------------------------------------------- tests/test_hostile_input.py

HOSTILE = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
           '[link](javascript:window.__pwned=3) **bold** {{ 7*7 }} {% raw %} | # &amp;')
HOSTILE_UNIT = "huong-khe"  # the district named HOSTILE (Can Lộc carries _poison's names)
HOSTILE_PACKAGE = "funding"  # the package titled and described HOSTILE


def _hostile_data(copy: DataCopy) -> None:
    """Markup, script and template syntax in the data text of tests/test_hostile_input.py,
    beside the payloads of _poison (other cells: a unit, a note, an indicator, a package)."""
    unit = 1 + next(i for i, row in enumerate(copy.rows("reference/admin_units.csv")) if row[1] == HOSTILE_UNIT)
    copy.set_cell("reference/admin_units.csv", unit, "name_vi", HOSTILE)
    copy.set_cell("reference/admin_units.csv", unit, "short_name_vi", HOSTILE)  # in charts and tooltips
    copy.set_cell("funding/sponsorship.csv", 2, "note_vi", HOSTILE)  # the province's total
    indicators = copy.rows("reference/indicators.csv")
    houses = next(i for i, row in enumerate(indicators) if row[0] == "model_area_commune_culture_houses")
    copy.set_cell("reference/indicators.csv", houses + 1, "name_vi", HOSTILE)  # a chart title on every district page
    descriptor_path = copy.path(f"{HOSTILE_PACKAGE}/datapackage.json")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["title"] = descriptor["description"] = HOSTILE
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- the site

def _set_json(path: Path, edit) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Hostile", "-c", "user.email=h@example.invalid", "-c", "commit.gpgsign=false",
                    *args], cwd=root, check=True, capture_output=True)


# A control character (no XML may hold it) and a right-to-left override (history cannot be refused: neutralised).
COMMIT_MESSAGE = f"{HTML_PAYLOAD} {LINK_PAYLOAD.splitlines()[0]} {ATTR_PAYLOAD} ]]> \x01 \u202eend"


def _poison(copy: DataCopy) -> None:
    def package(d):
        d["title"], d["title_en"] = ATTR_PAYLOAD, LINK_PAYLOAD.replace("\n", " ")
        d["description"], d["description_en"] = BLOCK_PAYLOAD, HTML_PAYLOAD + " " + ATTR_PAYLOAD_2
        d["licenses"][0].update(path="javascript:window.__pwned='licence';alert('licence')", title=HTML_PAYLOAD)
        d["licenses"].append({"name": "x", "path": " JaVa\tScRiPt:window.__pwned='licence2';alert('licence2')", "title": LINK_PAYLOAD})
        d["sources"][0].update(path="&#106;avascript:window.__pwned='source';alert('source')", title=ATTR_PAYLOAD_2)
        d["sources"].append({"title": f"{MARK} nguồn", "path": "https://example.org/nguon?a=1&b=2"})
        d["resources"][0].update(title=HTML_PAYLOAD, description=LINK_PAYLOAD)
    _set_json(copy.path("ocop/datapackage.json"), package)

    def schema(s):
        s["fields"][0].update(title=ATTR_PAYLOAD, title_en=HTML_PAYLOAD, description=BLOCK_PAYLOAD, description_en=LINK_PAYLOAD)
    _set_json(copy.folder.parent / "schemas/ocop_products.json", schema)
    copy.set_cell("reference/admin_units.csv", 9, "name_vi", f"Huyện {ATTR_PAYLOAD}")  # Can Lộc (443)
    copy.set_cell("reference/admin_units.csv", 9, "short_name_vi", QUOTE_PAYLOAD.replace("\U000e0041", "") + " <b>b</b>")
    copy.set_cell("reference/admin_units.csv", 9, "name_en", HTML_PAYLOAD)
    copy.set_cell("reference/admin_units.csv", 9, "short_name_en", ATTR_PAYLOAD_2)
    indicators = copy.rows("reference/indicators.csv")
    land = next(i for i, row in enumerate(indicators) if row[0] == "land_consolidation_ha")
    copy.set_cell("reference/indicators.csv", land + 1, "name_vi", EMBED_PAYLOAD)  # a chart title
    # CSV cells may hold no line break (validation refuses control characters): the payloads on one line.
    copy.set_cell("funding/sponsorship.csv", 5, "note_vi", BLOCK_PAYLOAD.replace("\n", " "))
    copy.set_cell("funding/sponsorship.csv", 5, "note_en", LINK_PAYLOAD.replace("\n", " "))


def _hostile_history(copy: DataCopy) -> None:
    # A history whose messages are hostile: the first commit adds the data, the second poisons it.
    root = copy.folder.parent
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", f"{MARK} <script>window.__pwned='first';alert('first')</script>")
    _poison(copy)
    _hostile_data(copy)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", COMMIT_MESSAGE)


def build_hostile_site(tmp_path_factory) -> Path:
    """The site built from every payload, once per test run, whichever module asks first."""
    return shared_site(tmp_path_factory, "hostile", _hostile_history, in_one_process=True)
