"""The district map: a choropleth per figure on /dia-phuong/ and a locator on
each district page, drawn from the boundaries as plain SVG (ntm_site/site_pages/maps.py).

Values are read from the comparison's CSV download (a published file with
its own tests), classes from the legend as a reader sees it: a unit's colour
must be the colour of the legend entry its value falls in."""
from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from ntm_site.site_pages.maps import NOT_REPORTED_FILL, natural_breaks, value_classes

LANGUAGES = {"vi": ("", "so-sanh-dia-phuong.csv", "không nêu", "Ranh giới trước ngày 1 tháng 1 năm 2025"),
             "en": ("en/", "districts-compared.csv", "not reported", "Boundaries before 1 January 2025")}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], ""

    def all(self, tag: str | None = None, cls: str | None = None) -> list["Node"]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.attrs.get("class", "").split()):
                found.append(child)
            found += child.all(tag, cls)
        return found

    def first(self, tag: str | None = None, cls: str | None = None) -> "Node":
        return self.all(tag, cls)[0]

    def full_text(self) -> str:
        return " ".join((self.text + " " + " ".join(c.full_text() for c in self.children)).split())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TreeBuilder(HTMLParser):
    """Enough of an HTML tree for these tests (the standard library has no DOM)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def parse(path: Path) -> Node:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


def district_units(catalogue) -> dict[int, dict]:
    units = catalogue.reference.tables["admin_units"].frame
    return {int(u["unit_code"]): u for _, u in units[units["level"] == "district"].iterrows()}


def comparison_values(site: Path, lang: str) -> dict[str, dict[int, str]]:
    """Figure label -> unit code -> value as the CSV download gives it ('' = not reported).
    A header names the figure's unit after its label, "Farmland consolidated (ha)": the
    map's figure is found by its label alone."""
    prefix, name, *_ = LANGUAGES[lang]
    rows = list(csv.DictReader(io.StringIO((site / prefix / "dia-phuong" / name).read_text(encoding="utf-8-sig"))))
    code_column = next(iter(rows[0]))
    values = {header: {int(r[code_column]): r[header] for r in rows} for header in list(rows[0])[2:]}
    return {**{re.sub(r" \([^()]*\)$", "", header): by_unit for header, by_unit in values.items()}, **values}


def choropleths(site: Path, lang: str) -> list[Node]:
    page = parse(site / LANGUAGES[lang][0] / "dia-phuong" / "index.html")
    return page.all("details", "ntm-map")


def figure_label(figure: Node) -> str:
    return figure.first("summary").full_text()


def legend(figure: Node) -> list[Node]:
    return figure.first("ul", "ntm-map__legend").all("li")


def swatch_fill(entry: Node) -> str:
    return entry.first("rect").attrs["fill"]


def unit_fill(unit: Node) -> str:
    return unit.first("use").attrs["fill"]


# --- classes, without a site -------------------------------------------------

def test_natural_breaks_group_close_values_and_keep_ties_together():
    assert natural_breaks([1, 2, 3, 100, 101, 102], 2) == [(1, 3), (100, 102)]
    assert natural_breaks([5, 5, 5, 9], 3) == [(5, 5), (9, 9)]  # never more classes than values
    ranges = natural_breaks([25.4, 67, 156, 156, 303, 418, 939, 947, 1078, 2718, 3886], 5)
    assert len(ranges) == 5 and ranges[0][0] == 25.4 and ranges[-1][1] == 3886
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:]))
    assert not any(low <= 156 <= high and low <= 303 <= high for low, high in ranges[:1])


def test_classes_run_light_to_dark_and_never_use_the_not_reported_fill():
    classes = value_classes([0, 0, 1, 3, 8, 4, 2, 3])
    assert len(classes) == 5
    lightness = [sum(int(c.fill[i:i + 2], 16) for i in (1, 3, 5)) for c in classes]
    assert lightness == sorted(lightness, reverse=True)
    assert NOT_REPORTED_FILL not in [c.fill for c in classes]


# --- the maps on /dia-phuong/ ------------------------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_map_has_one_shape_per_unit_named_in_its_title(built_site, catalogue, lang):
    units = district_units(catalogue)
    maps = choropleths(built_site, lang)
    assert len(maps) >= 8
    for figure in maps:
        shapes = figure.first("svg", "ntm-map__svg").all("a", "ntm-map__unit")
        assert sorted(int(g.attrs["data-unit-code"]) for g in shapes) == sorted(units), figure_label(figure)
        for g in shapes:
            unit = units[int(g.attrs["data-unit-code"])]
            assert len(g.all("use")) == 1
            assert g.first("title").full_text().startswith(unit[f"name_{lang}"] + ":"), g.first("title").full_text()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_map_colours_match_the_values_and_the_legend(built_site, lang):
    values = comparison_values(built_site, lang)
    not_reported = LANGUAGES[lang][2]
    maps = choropleths(built_site, lang)
    checked = 0
    for figure in maps:
        label = figure_label(figure)
        by_unit = values[label]
        entries = legend(figure)
        missing = [e for e in entries if "data-missing" in e.attrs]
        for g in figure.all("a", "ntm-map__unit"):
            code, fill = int(g.attrs["data-unit-code"]), unit_fill(g)
            value = by_unit[code]
            if value == "":
                assert fill == NOT_REPORTED_FILL and missing, (label, code)
                assert g.first("title").full_text().endswith(not_reported)
                continue
            if "data-category" in entries[0].attrs:
                entry = next(e for e in entries if e.attrs.get("data-category") == value)
            else:
                number = float(value)
                entry = next(e for e in entries if "data-low" in e.attrs
                             and float(e.attrs["data-low"]) <= number <= float(e.attrs["data-high"]))
            assert fill == swatch_fill(entry), (label, code, value)
            checked += 1
        # the legend has an entry for "not reported" exactly when a unit is not reported
        assert bool(missing) == any(v == "" for code, v in by_unit.items() if code != 42), label
        if missing:
            assert swatch_fill(missing[0]) == NOT_REPORTED_FILL and not_reported in missing[0].full_text()
    assert checked > 50


def test_a_status_has_one_colour_on_every_map(built_site):
    colours = {}
    for figure in choropleths(built_site, "vi"):
        for entry in legend(figure):
            if "data-category" in entry.attrs:
                colours.setdefault(entry.attrs["data-category"], set()).add(swatch_fill(entry))
    assert len(colours) >= 2 and all(len(fills) == 1 for fills in colours.values()), colours
    assert len({next(iter(f)) for f in colours.values()}) == len(colours)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_status_has_the_colour_the_charts_give_its_meaning(built_site, project, lang):
    """A reader who learnt the charts' colours (green met, orange-red not met) reads the
    maps by them: "recognised" once came out orange, as colours went by order."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.palette import STATUS_COLOURS

    loc = Localiser(lang, project.messages)
    meaning = {"recognised": "met", "in_progress": "basically_met"}
    fills = {entry.attrs["data-category"]: swatch_fill(entry).lower() for figure in choropleths(built_site, lang)
             for entry in legend(figure) if "data-category" in entry.attrs}
    for status, chart_status in meaning.items():
        assert fills[loc.code("recognition_status", status)] == STATUS_COLOURS[chart_status].lower(), (status, fills)
    near_not_met = {STATUS_COLOURS["not_met"].lower(), "#e69f00"}  # vermilion, and the orange beside it
    statuses = [loc.code("recognition_status", status) for status in ("recognised", "submitted", "in_progress")]
    assert not near_not_met & {fills[s] for s in statuses if s in fills}, fills


def test_a_unit_without_a_figure_is_hatched_not_drawn_as_zero(built_site):
    values = comparison_values(built_site, "vi")
    figure = next(f for f in choropleths(built_site, "vi") if figure_label(f).startswith("Diện tích chuyển đổi"))
    # footnote 3 gives no land consolidation for TX Hồng Lĩnh (437) or TX Kỳ Anh (449)
    assert values[figure_label(figure)][437] == "" and values[figure_label(figure)][449] == ""
    shapes = {int(g.attrs["data-unit-code"]): g for g in figure.all("a", "ntm-map__unit")}
    lowest = swatch_fill(legend(figure)[0])
    for code in (437, 449):
        assert unit_fill(shapes[code]) == NOT_REPORTED_FILL != lowest
        assert shapes[code].attrs["data-value"] == ""
    # and a real zero is a value: culture houses upgraded, TX Hồng Lĩnh 0 (footnote 8)
    houses = next(f for f in choropleths(built_site, "vi") if figure_label(f).startswith("Nhà văn hóa xã"))
    zero = next(g for g in houses.all("a", "ntm-map__unit") if g.attrs["data-unit-code"] == "437")
    assert zero.attrs["data-value"] == "0" and unit_fill(zero) == swatch_fill(legend(houses)[0]) != NOT_REPORTED_FILL


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_maps_say_which_boundaries_and_whose(built_site, lang):
    page = parse(built_site / LANGUAGES[lang][0] / "dia-phuong" / "index.html")
    section = page.first("div", "ntm-maps")
    text = section.full_text()
    assert LANGUAGES[lang][3] in text
    assert "GPL-3.0" in text and "dvhcvn" in text
    # the source's title in the page's language only (the descriptor has title and title_en)
    assert ("Government map portal" in text) == (lang == "en") and ("Cổng thông tin bản đồ" in text) == (lang == "vi")
    links = [a.attrs["href"] for a in section.all("a")]
    assert any(href.endswith("du-lieu/boundaries/ha-tinh-districts-2024.geojson") for href in links)
    assert all(not href.startswith(("http:", "//")) for href in links if "dvhcvn" not in href and "gnu.org" not in href)
    # each map's data table: a row per unit, values or "not reported"
    noted = set()
    for figure in page.all("details", "ntm-map"):
        rows = figure.first("table").first("tbody").all("tr")
        assert len(rows) == 13
        assert all(row.first("a").attrs["href"].endswith("/") for row in rows)  # each unit's own page
        if figure.first("figure").all("span", "ntm-map__note"):
            noted.add(figure.attrs["id"])
    # the maps of criteria met whose colours leave out criteria basically met say so under them
    with open(ROOT / "datapackages/criteria/district_criteria_summary.csv", encoding="utf-8", newline="") as handle:
        sets = {r["set_id"] for r in csv.DictReader(handle) if r["basically_met_count"] not in ("", "0")}
    assert sets and noted == {f"ban-do-met-{set_id}" for set_id in sets}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_district_page_locates_its_unit(built_site, catalogue, lang):
    for code, unit in district_units(catalogue).items():
        page = parse(built_site / LANGUAGES[lang][0] / "dia-phuong" / unit["slug"] / "index.html")
        locator = page.first("figure", "ntm-locator")
        svg = locator.first("svg")
        assert unit[f"short_name_{lang}"] in svg.first("title").full_text()
        shapes = svg.all("path")
        assert len(shapes) == 13
        highlighted = [p for p in shapes if "ntm-locator__here" in p.attrs.get("class", "")]
        assert [int(p.attrs["data-unit-code"]) for p in highlighted] == [code]
        others = {p.attrs["fill"] for p in shapes if p not in highlighted}
        assert len(others) == 1 and highlighted[0].attrs["fill"] not in others
        assert LANGUAGES[lang][3] in locator.full_text()
        # the summary comes first (a phone's first screen), the map after it
        html = (built_site / LANGUAGES[lang][0] / "dia-phuong" / unit["slug"] / "index.html").read_text(encoding="utf-8")
        assert html.index('id="tom-tat"') < html.index('class="ntm-locator"')


# --- in a browser ------------------------------------------------------------

# The first map's labels as [unit code, text, code of the unit drawn under the label's
# middle], and its key as number -> unit code.
LABELS_AND_KEY = """() => {
  const map = document.querySelector('details.ntm-map'), svg = map.querySelector('svg.ntm-map__svg');
  svg.scrollIntoView();
  const labels = [...svg.querySelectorAll('.ntm-map__labels text')].map(t => {
    const box = t.getBoundingClientRect();
    const under = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.closest('.ntm-map__unit');
    return [Number(t.dataset.unitCode), t.textContent, under ? Number(under.dataset.unitCode) : null];
  });
  const key = Object.fromEntries([...map.querySelectorAll('.ntm-map__key b')].map(b => [b.textContent, Number(b.dataset.unitCode)]));
  return {labels, key};
}"""


TOPMOST_POINT = """g => {  // a point of the screen where this unit is the topmost shape
    const box = g.getBoundingClientRect();
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
        const x = box.left + box.width * i / 20, y = box.top + box.height * j / 20;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest('.ntm-map__unit') === g) return [x, y];
    }
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 360])
@pytest.mark.parametrize("javascript", [False, True])
def test_the_map_fits_a_phone_and_picks_one_figure_at_a_time(browser, site_server, project, javascript, width):
    from playwright.sync_api import expect

    from ntm_site.common.i18n import Localiser

    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript,
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{site_server}/dia-phuong/", wait_until="load")
        # nothing of the maps reaches past the screen's edge (the whole page is test_readers.py's)
        assert page.evaluate("""() => Math.max(...[...document.querySelectorAll('.ntm-maps, .ntm-maps *')]
            .filter(e => e.checkVisibility()).map(e => e.getBoundingClientRect().right))""") <= width
        maps = page.locator("details.ntm-map")
        count = maps.count()
        assert count >= 8
        visible = [i for i in range(count) if maps.nth(i).locator("svg.ntm-map__svg").is_visible()]
        assert visible == [0]  # the first figure's map, open
        box = maps.nth(0).locator("svg.ntm-map__svg").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["width"] > width - 70
        # text on the map as displayed, at least 11 px
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.ntm-map__svg text')]
            .filter(t => t.checkVisibility()).map(t => t.getBoundingClientRect().height))""")
        assert smallest >= 11
        # every unit named or numbered, each name or number on its own unit, each number in the key
        labels = page.evaluate(LABELS_AND_KEY)
        assert sorted(code for code, _text, _under in labels["labels"]) == sorted(
            int(code) for code in maps.nth(0).locator(".ntm-map__unit").evaluate_all("gs => gs.map(g => g.dataset.unitCode)"))
        assert [(code, text) for code, text, under in labels["labels"] if under != code] == []
        numbered = {text: code for code, text, _under in labels["labels"] if text.isdigit()}
        assert numbered and labels["key"] == numbered
        if not javascript:
            # every other figure is one tap away, by its name
            assert maps.nth(1).locator(":scope > summary").is_visible()
            # and a tap on a unit opens its page (each unit is a link)
            unit = maps.nth(0).locator(".ntm-map__unit").nth(6)
            href = unit.get_attribute("href")
            page.touchscreen.tap(*unit.evaluate(TOPMOST_POINT))
            page.wait_for_url("**/dia-phuong/" + href)
            return
        picker = page.locator("select.ntm-maps__pick")
        label = maps.nth(2).locator(":scope > summary").inner_text()
        picker.select_option(label=label)
        visible = [i for i in range(count) if maps.nth(i).locator("svg.ntm-map__svg").is_visible()]
        assert visible == [2]
        # a tap on a unit tells its name and value
        maps.nth(2).locator("svg.ntm-map__svg").scroll_into_view_if_needed()
        unit = maps.nth(2).locator(".ntm-map__unit").nth(6)
        x, y = unit.evaluate(TOPMOST_POINT)
        page.touchscreen.tap(x, y)
        tip = page.locator(".ntm-map__tip")
        name_and_value = unit.locator("title").text_content()
        assert name_and_value.startswith("Huyện Can Lộc:")
        assert tip.is_visible() and tip.inner_text().splitlines()[0] == name_and_value
        # and a link to the unit's page (the page its row in the map's table links to),
        # in the tip's own colour, tall enough for a finger
        link = tip.get_by_role("link")
        row_links = maps.nth(2).locator("table a").evaluate_all("links => links.map(a => [a.textContent, a.href])")
        assert link.evaluate("a => a.href") == dict(row_links)["Huyện Can Lộc"]
        assert link.inner_text() == Localiser("vi", project.messages).t("maps.open_unit")
        assert link.evaluate("a => getComputedStyle(a).color") == tip.evaluate("p => getComputedStyle(p).color")
        assert link.bounding_box()["height"] >= 24
        # wholly in sight (the map is at the top of the screen, under the page's fixed header)
        corner = tip.bounding_box()
        for x_in, y_in in ((3, 3), (corner["width"] - 3, corner["height"] - 3)):
            assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)?.closest('.ntm-map__tip')",
                                 [corner["x"] + x_in, corner["y"] + y_in])
        # the tip covers part of the map: a tap on it, away from its link, closes it
        page.touchscreen.tap(corner["x"] + 3, corner["y"] + 3)
        expect(tip).to_be_hidden()  # a second tap this soon may wait out the browser's double-tap
        # the address names the figure shown, and opening it shows that figure
        assert page.evaluate("location.hash") == "#" + maps.nth(2).get_attribute("id")
        page.reload(wait_until="load")
        assert [i for i in range(count) if maps.nth(i).locator("svg.ntm-map__svg").is_visible()] == [2]
        # a tap on the tip's link opens the unit's page
        maps.nth(2).locator("svg.ntm-map__svg").scroll_into_view_if_needed()
        page.touchscreen.tap(*unit.evaluate(TOPMOST_POINT))
        box = tip.get_by_role("link").bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url("**/dia-phuong/can-loc/")
    finally:
        context.close()


# --- text from data stays text -------------------------------------------------

PAYLOAD = '"><img src=x onerror=alert(1)><svg onload=alert(2)>'


def test_names_and_labels_from_data_stay_text_in_the_maps(catalogue, project):
    from ntm_site.common.i18n import Localiser
    from ntm_site.site_pages.pages import TEMPLATES, PageSpec, environment
    from ntm_site.site_pages.views.compare import comparison
    from ntm_site.site_pages.views.district_map import district_maps, locator_map

    loc = Localiser("vi", project.messages)
    compare = comparison(catalogue, loc)
    for row in compare.rows:
        row.name = PAYLOAD + row.name
    compare.columns[0].label = PAYLOAD
    category = next(c for c in compare.columns if not c.numeric)
    for row in compare.rows:
        if category.id in row.cells:
            row.cells[category.id] = (PAYLOAD, PAYLOAD, PAYLOAD)
    names = {code: PAYLOAD + str(code) for code in district_units(catalogue)}
    maps = district_maps(project, compare, names, loc)
    env = environment(TEMPLATES)
    html = env.from_string("{% import '_map.j2' as maps with context %}{{ maps.choropleths(dm) }}{{ maps.locator(lm) }}").render(
        loc=loc, root="../", dm=maps, lm=locator_map(project, 443, PAYLOAD, loc))
    builder = TreeBuilder()
    builder.feed(html)
    elements = builder.root.all()
    assert not [e.tag for e in elements if e.tag in ("img", "script") or (e.tag == "svg" and "onload" in e.attrs)]
    assert not [e.attrs for e in elements if any(name.startswith("on") for name in e.attrs)]
    titles = [t.full_text() for t in builder.root.all("title")]
    assert any(t.startswith(PAYLOAD) for t in titles)
    assert any(e.attrs.get("data-category") == PAYLOAD for e in elements)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_about_page_says_the_boundaries_licence_is_not_the_datas(built_site, lang):
    about = parse(built_site / LANGUAGES[lang][0] / "gioi-thieu" / "index.html").full_text()
    assert "GPL-3.0" in about and "CC BY 4.0" in about


@pytest.mark.browser
def test_the_map_is_read_and_used_with_a_keyboard(browser, site_server):
    """A reader without a mouse or a finger: Tab reaches each unit of the map shown, in
    turn; each is a link named as its tip, drawn with a thick outline while it has the
    focus, and its tip shows beside it; Enter opens the unit's page. A click still shows
    the tip first, as a tap does."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site_server}/dia-phuong/", wait_until="load")
        shown = page.locator("details.ntm-map:not([hidden])")
        units = shown.locator(".ntm-map__unit")
        titles = units.evaluate_all("units => units.map(u => u.querySelector('title').textContent)")
        assert len(titles) == 13
        # a screen reader finds each unit as a link named by its title
        for title in titles[:3]:
            assert shown.get_by_role("link", name=title, exact=True).count() == 1
        page.locator("select.ntm-maps__pick").focus()
        tip = page.locator(".ntm-map__tip")
        for index in range(3):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.querySelector('title')?.textContent")
            assert focused == titles[index]
            assert tip.is_visible() and tip.inner_text() == titles[index]
            assert tip.get_attribute("aria-hidden") == "true"  # the link's name was just read out
            # its outline drawn again, thick, over every unit (one drawn later covered half of it)
            ring = shown.locator(".ntm-map__ring")
            assert ring.count() == 1 and ring.get_attribute("href") == units.nth(index).locator("use").get_attribute("href")
            assert page.evaluate("""() => { const ring = document.querySelector('.ntm-map__ring');
                const units = [...ring.parentNode.querySelectorAll('.ntm-map__unit')];
                return units.every(u => u.compareDocumentPosition(ring) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
            widths = units.evaluate_all("units => units.map(u => parseFloat(getComputedStyle(u.querySelector('use')).strokeWidth))")
            assert ring.evaluate("r => parseFloat(getComputedStyle(r).strokeWidth)") > 2 * max(widths)
        # the tip sits on the map, beside the unit it names
        shape, box = units.nth(2).bounding_box(), tip.bounding_box()
        assert abs((box["x"] + box["width"] / 2) - (shape["x"] + shape["width"] / 2)) < shape["width"] / 2 + box["width"] / 2
        # Escape hides it, the focus staying on the unit
        page.keyboard.press("Escape")
        assert tip.is_hidden() and page.evaluate("document.activeElement.matches('.ntm-map__unit')")
        # a click with a modifier key (a new tab) is left to the link, not taken for a tap; the
        # test's own listener on the unit stops the navigation, the map's comes after it
        click = """([unit, ctrl]) => { unit.addEventListener('click', e => e.preventDefault(), {once: true});
            unit.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, ctrlKey: ctrl, detail: 1})); }"""
        units.nth(2).evaluate(click.replace("[unit, ctrl]", "unit").replace("ctrlKey: ctrl", "ctrlKey: true"))
        assert tip.is_hidden()
        units.nth(2).evaluate(click.replace("[unit, ctrl]", "unit").replace("ctrlKey: ctrl", "ctrlKey: false"))
        assert tip.is_visible()  # the same click without the key: the tip
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        href = units.nth(2).get_attribute("href")
        page.keyboard.press("Enter")
        page.wait_for_url("**/dia-phuong/" + href)
        # back on the map, a click shows the tip with its link and stays on the page
        page.go_back(wait_until="load")
        unit = page.locator("details.ntm-map:not([hidden]) .ntm-map__unit").nth(6)
        page.mouse.click(*unit.evaluate(TOPMOST_POINT))
        assert tip.is_visible() and tip.get_by_role("link").count() == 1
        assert page.url.endswith("/dia-phuong/")
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_a_unit_reached_with_tab_keeps_the_browsers_focus_ring(browser, site_server):
    """The map's own ring is drawn by maps.js: where it has not run, the browser's ring stays."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_server}/dia-phuong/", wait_until="load")
        page.locator("details.ntm-map").first.locator(".ntm-map__unit").first.focus()
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert page.evaluate("document.activeElement.matches('.ntm-map__unit')") and style != "none", style
    finally:
        context.close()
