"""From every figure to the sentence it came from (issue 12, points 1 and 7).

The report's text is published at /nguon/<source_id>/ with an anchor per
section, numbered item and footnote; every provenance mention links there;
and the figures the audit found wrong are right, with checks so they stay so.
"""
from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, SOURCE_REPORT
from ntm_site.common.i18n import Localiser, format_year
from ntm_site.data_in.source_text import (footnote_anchor, footnote_markers, paragraph_naming, paragraph_printing, parse,
                                         section_anchor)
from ntm_site.data_in.targets import TargetConfigError, check_progress, evaluate

SOURCE_ID = "vpdp-2024-06"
MAIN_PAGES = ["", "muc-tieu/", "tieu-chi/", "ocop/", "giai-ngan/", "ket-qua/", "dia-phuong/thach-ha/",
              "du-lieu/criteria/", "chat-luong-du-lieu/"]


def csv_rows(relative: str) -> list[dict]:
    with open(ROOT / "datapackages" / relative, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ------------------------------------------------------------------ the text, parsed

@pytest.fixture(scope="module")
def blocks():
    return parse(SOURCE_REPORT.read_text(encoding="utf-8"))


def text_at(blocks, anchor: str) -> str:
    """What a link to `anchor` shows highlighted: a heading with the rest of its section, or the block."""
    for i, block in enumerate(blocks):
        if block.id == anchor:
            if block.kind == "heading":
                return " ".join(b.text for b in blocks[i:] if b.section == block.section and b.kind != "footnote")
            return block.text
    raise AssertionError(f"no anchor {anchor}")


def test_every_place_the_data_names_has_an_anchor(blocks):
    ids = {b.id for b in blocks}
    for path in (ROOT / "datapackages").glob("*/*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("source_id") != SOURCE_ID or "section" not in row:
                    continue
                for section in row["section"].split("; "):
                    assert section_anchor(section) in ids, f"{path.name}: section {section}"
                if row.get("footnote"):
                    assert footnote_anchor(int(row["footnote"])) in ids, f"{path.name}: footnote {row['footnote']}"


def test_footnotes_are_numbered_once_each_and_a_unit_square_is_not_one(blocks):
    numbers = [b.footnote for b in blocks if b.kind == "footnote"]
    assert numbers == list(range(1, 15))
    markers = [n for b in blocks if b.kind != "footnote" for n in footnote_markers(b.text)]
    assert sorted(markers) == list(range(1, 15))  # "4 m²/người" is a unit, not footnote 2
    assert footnote_markers("4 m²/người") == []


def test_a_sentence_cut_by_a_page_break_is_joined_again(blocks):
    assert "chỉ đạo sửa đổi các Bộ tiêu chí xây dựng nông thôn mới trên địa bàn Hà Tĩnh" in text_at(blocks, "muc-A.I-1")
    footnote_1 = text_at(blocks, footnote_anchor(1))
    assert footnote_1.startswith("Văn bản số 433/UBND-TH1") and "dựng nông thôn mới trên địa bàn" not in footnote_1


def test_numbered_items_and_lettered_items_have_their_own_anchor(blocks):
    assert "64.752/482.078" in text_at(blocks, "muc-A.II.1.4.b")
    assert "Hương Khê" in text_at(blocks, "muc-C.II.4") and "Hồng Lĩnh" in text_at(blocks, "muc-C.II.4")
    assert "Chương trình OCOP" in text_at(blocks, "muc-A.II.2")
    assert "1818/SNN-KHTC" in text_at(blocks, "muc-0")


def test_a_heading_the_report_cannot_place_is_a_clear_error():
    with pytest.raises(ValueError, match="before any part"):
        parse("Kính gửi: Sở.\n\n1.1. Một mục không có phần\n")


# A report in the source's shape, made up for these tests: which paragraph of a
# section a row about one unit opens.
MADE_UP_REPORT = """Kính gửi: Sở.

A. KẾT QUẢ

I. Các huyện

1. Một mục dài

- Có thêm 2 xã: xã Thạch Liên, huyện Thạch Hà đề xuất công nhận.

- Các huyện Can Lộc, Nghi Xuân phấn đấu; huyện Can Lộc đạt 50%.

- Huyện Đức Thọ cùng huyện Can Lộc rà soát tiêu chí.

+ Huyện Thạch Hà: có 4/9 tiêu chí đạt chuẩn.

2. Một mục ngắn

Huyện Vũ Quang có 3 thôn kiểu mẫu.
"""


@pytest.mark.parametrize("section, names, opens", [
    # The paragraph that opens with the unit, though another names it first (as a commune's place).
    ("A.I.1", ("Huyện Thạch Hà", "Thạch Hà"), "+ Huyện Thạch Hà: có 4/9"),
    # The only paragraph that names it, opening with it or not.
    ("A.I.1", ("Huyện Đức Thọ", "Đức Thọ"), "- Huyện Đức Thọ cùng"),
    ("A.I.1", ("Huyện Nghi Xuân", "Nghi Xuân"), "- Các huyện Can Lộc, Nghi Xuân"),
    # Named in two paragraphs, opening neither: the text cannot tell which is the row's.
    ("A.I.1", ("Huyện Can Lộc", "Can Lộc"), None),
    # Named nowhere in the section; a section of one paragraph, whose heading is as close.
    ("A.I.1", ("Huyện Hương Khê", "Hương Khê"), None),
    ("A.I.2", ("Huyện Vũ Quang", "Vũ Quang"), None),
])
def test_a_row_about_a_unit_opens_the_paragraph_about_it(section, names, opens):
    blocks = parse(MADE_UP_REPORT)
    assert_opens(blocks, paragraph_naming(blocks, section, names), section, opens)


def assert_opens(blocks, anchor: str | None, section: str, opens: str | None) -> None:
    """`anchor` is the paragraph of `section` starting with `opens`, or None if `opens` is."""
    if opens is None:
        assert anchor is None
    else:
        [block] = [b for b in blocks if b.id == anchor]
        assert block.section == section and block.text.startswith(opens), (anchor, block.text)


# Counts as the report prints them, made up for this test.
MADE_UP_COUNTS = """Kính gửi: Sở.

A. KẾT QUẢ

I. Toàn tỉnh

1. Một mục dài

- Toàn tỉnh có 60/181 xã đạt chuẩn nâng cao.

- Có 160/1810 hộ; 8/10 huyện đạt chuẩn.

- Có thêm 8/10 thôn kiểu mẫu.

- Có 1.250/12.000 hộ dùng nước sạch.

- Năm trước: 1 250/12 000 hộ.

- Giải ngân còn chậm, mới đạt 13,43% kế hoạch.

2. Một mục ngắn

Có 3/5 xã.
"""


@pytest.mark.parametrize("section, figure, opens", [
    ("A.I.1", "60/181", "- Toàn tỉnh có 60/181"),  # the only paragraph printing it
    ("A.I.1", "0/181", None),  # inside "60/181": not this figure
    ("A.I.1", "60/18", None),  # "60/181" is another figure
    ("A.I.1", "160/181", None),  # "160/1810" neither
    ("A.I.1", "8/10", None),  # printed in two paragraphs: the text cannot tell which is the row's
    ("A.I.2", "3/5", None),  # a section of one paragraph: its heading is as close
    ("A.I.1", "1250/12000", "- Có 1.250/12.000"),  # printed with thousands separators
    ("A.I.1", "250/12000", None),  # inside "1.250/12.000", and two numbers in "1 250/12 000"
    ("A.I.1", "1250/2000", None),  # "12.000" is another figure
    ("A.I.1", "13.43%", "- Giải ngân còn chậm"),  # a rate, printed with a decimal comma
    ("A.I.1", "3.43%", None),  # inside "13,43%"
    ("A.I.1", "13.4%", None),  # "13,43%" is another figure
])
def test_a_count_of_the_province_opens_the_paragraph_printing_it(section, figure, opens):
    blocks = parse(MADE_UP_COUNTS)
    assert_opens(blocks, paragraph_printing(blocks, section, figure), section, opens)


def test_a_district_row_in_the_reports_longest_section_opens_its_own_paragraph(site, source_page):
    # A.II.1.1 is sixteen paragraphs; Can Lộc's criteria rows are in one of them. Its
    # recognition, which the report implies by a count, opens the paragraph printing the count.
    implied = {r["unit_code"]: r["implied_by"] for r in csv_rows("criteria/unit_recognition.csv") if r["basis"] == "implied"}
    counts = {r["measure"]: f"{r['value']}/{r['out_of']}" for r in csv_rows("criteria/progress_counts.csv")
              if r["source_id"] == SOURCE_ID}
    page = elements(page_path(site, "dia-phuong/can-loc/"))
    opened = {h.split("#", 1)[1] for h in page.links if f"nguon/{SOURCE_ID}/#muc-A.II.1.1-" in h}
    own = {a for a in opened if highlighted(source_page, a).startswith("+ Huyện Can Lộc: Theo báo cáo của huyện, có 4/9")}
    assert own and opened - own and all(counts[implied["443"]] in highlighted(source_page, a) for a in opened - own), opened
    # On every district's page, a link that opens one paragraph opens one about that district,
    # or, for a status the report implies, the one printing the count it is inferred from.
    units = {r["slug"]: r for r in csv_rows("reference/admin_units.csv") if r["level"] == "district"}
    landed = 0
    for slug, unit in units.items():
        for href in elements(page_path(site, f"dia-phuong/{slug}/")).links:
            anchor = href.split("#", 1)[1] if f"nguon/{SOURCE_ID}/#" in href else ""
            if re.fullmatch(r"muc-[\w.]+-\d+", anchor):
                name = unit["name_vi"].split(" ", 1 if unit["type"] == "huyen" else 2)[-1]
                text = highlighted(source_page, anchor)
                count = counts.get(implied.get(unit["unit_code"]), name)
                assert name in text or count in text, (slug, anchor)
                landed += 1
    assert landed >= 10


# ------------------------------------------------------------------ the built site

class Elements(HTMLParser):
    """Text of each element with an id, of each <section> (by the ids inside
    it), the links of each table row, and all links."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []  # [tag, id, text parts, ids inside]
        self.by_id: dict[str, str] = {}
        self.section_of: dict[str, str] = {}
        self.rows: list[tuple[list[str], list[str]]] = []  # (cell texts, hrefs)
        self.header_rows: set[int] = set()  # indexes in rows of rows made of <th>
        self.links: list[str] = []
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._row is not None:
                self._row[1].append(attrs["href"])
        if tag == "tr":
            self._row = ([], [])
            self._only_th = True
        if tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._only_th = getattr(self, "_only_th", True) and tag == "th"
        if tag in self.VOID:
            return
        self.stack.append([tag, attrs.get("id"), [], []])
        if attrs.get("id"):
            for entry in self.stack:
                entry[3].append(attrs["id"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row[0].append("".join(self._cell).strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            if self._only_th and self._row[0]:
                self.header_rows.add(len(self.rows))
            self.rows.append(self._row)
            self._row = None
        if tag in self.VOID:
            return
        while self.stack:
            name, ident, parts, inside = self.stack.pop()
            text = "".join(parts)
            if self.stack:
                self.stack[-1][2].append(text)
            if ident:
                self.by_id[ident] = text
            if name == "section":
                for inner in inside:
                    self.section_of.setdefault(inner, text)
            if name == tag:
                break

    def table_rows(self):
        """(headers, cells, hrefs) of each body row, with the header row above it."""
        headers: list[str] = []
        for index, (cells, hrefs) in enumerate(self.rows):
            if index in self.header_rows:
                headers = cells
            else:
                yield headers, cells, hrefs

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)
        if self._cell is not None:
            self._cell.append(data)


def elements(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # the real data's site, built once per run (conftest)


@pytest.fixture(scope="module")
def source_page(site) -> Elements:
    return elements(site / "nguon" / SOURCE_ID / "index.html")


def highlighted(source_page: Elements, anchor: str) -> str:
    """The passage a link to `anchor` highlights: a heading's whole section, else the element."""
    assert anchor in source_page.by_id, f"no element with id {anchor!r} on the source page"
    if anchor.startswith("muc-") and re.fullmatch(r"muc-[A-C0][\w.]*", anchor) and anchor in source_page.section_of:
        return source_page.section_of[anchor]
    return source_page.by_id[anchor]


def page_path(site: Path, url: str) -> Path:
    return site / url / "index.html"


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_provenance_links_on_each_main_page_reach_an_anchor_holding_the_figure(site, source_page, url):
    page = page_path(site, url)
    parser = elements(page)
    linked = [href for href in parser.links if f"nguon/{SOURCE_ID}/#" in href]
    assert linked, f"{url}: no provenance link to the source page"
    for href in linked:
        resolved = urlsplit(urljoin(f"http://site/{url}", href))
        assert resolved.path == f"/nguon/{SOURCE_ID}/", href
        highlighted(source_page, resolved.fragment)
    # In each table row, a figure of the row is in the passage its link opens.
    # Columns the site computes (rank, share, time elapsed) and dates are not the report's figures.
    computed = {project_text(key) for key in ("columns.rank", "columns.share_of_province", "columns.due_share",
                                              "columns.as_of", "columns.deadline", "columns.period")}
    checked = 0
    for headers, cells, hrefs in parser.table_rows():
        anchors = [h.split("#", 1)[1] for h in hrefs if f"nguon/{SOURCE_ID}/#" in h]
        figures = [digits for header, cell in zip(headers, cells) if header not in computed
                   for digits in [leading_figure(cell)] if digits and len(digits) >= 2]
        if not anchors or not figures:
            continue
        passages = figures_in(" ".join(highlighted(source_page, a) for a in anchors))
        assert set(figures) & passages, f"{url}: none of {figures} is in {anchors}"
        checked += 1
    if url not in ("", "chat-luong-du-lieu/", "du-lieu/criteria/"):
        assert checked >= 2, f"{url}: too few rows with a figure and a link were checked"


def project_text(key: str) -> str:
    from ntm_site.common.project import default_project
    return default_project().messages.get(key, "vi")


_FIGURE = re.compile(r"\d[\d.,]*\d|\d")


def leading_figure(cell: str) -> str | None:
    """The digits of the figure a cell starts with ('64.752' -> '64752'), None for text or a date."""
    cell = cell.strip().lstrip("≥≤~ ")
    if re.match(r"\d{1,2}/\d{1,2}/\d{4}|tháng", cell):
        return None
    match = re.match(r"\d[\d.,]*\d|\d", cell)
    return re.sub(r"[.,]", "", match.group(0)) if match else None


def figures_in(text: str) -> set[str]:
    """Every figure of a passage by its digits, so '16,918 tỷ' matches '16.918 triệu' and '1627' '1.627'."""
    return {re.sub(r"[.,]", "", m.group(0)) for m in _FIGURE.finditer(text)}


def test_figures_reach_their_exact_sentence(site, source_page):
    funding = (site / "giai-ngan" / "index.html").read_text(encoding="utf-8")
    # The disbursement table links its figures to item A.II.1.4.b (on each row, or once above the
    # table when every row shares it), and that item holds them.
    assert "64.752" in funding and f'nguon/{SOURCE_ID}/#muc-A.II.1.4.b"' in funding
    assert "64.752/482.078" in highlighted(source_page, "muc-A.II.1.4.b")
    # A figure printed in a footnote links to that footnote.
    results = elements(page_path(site, "ket-qua/"))
    # (the value and its unit joined by a no-break space, so that no line ends between them)
    [row] = [(c, h) for c, h in results.rows if any(cell.startswith("10.694\u00a0ha") for cell in c)]
    assert any(h.endswith("#chu-thich-3") for h in row[1])
    assert "10.694 ha" in highlighted(source_page, "chu-thich-3")
    # The headline on the home page links its source too (not nested in its own link).
    # A count of the province opens the paragraph printing it, not the whole 16-paragraph section.
    home = (site / "index.html").read_text(encoding="utf-8")
    landing = re.findall(r'class="ntm-headline__source">[^<]*mục <a href="nguon/vpdp-2024-06/#(muc-A\.II\.1\.1-\d+)">', home)
    assert len(landing) == 2, landing  # the communes and the districts cards
    assert "60/181" in highlighted(source_page, landing[0]) and "8/10" in highlighted(source_page, landing[1])


def test_chart_source_lines_and_downloads_point_to_the_source(site):
    funding = (site / "giai-ngan" / "index.html").read_text(encoding="utf-8")
    figcaptions = re.findall(r"<figcaption>(.*?)</figcaption>", funding, re.S)
    assert figcaptions and all(f'nguon/{SOURCE_ID}/#muc-' in f for f in figcaptions)
    import zipfile
    with zipfile.ZipFile(site / "du-lieu" / "funding" / "funding.zip") as bundle:
        readme = bundle.read("funding/README.txt").decode("utf-8")
    assert f"nguon/{SOURCE_ID}/" in readme and "#muc-A.II.1.4.b" in readme and "#chu-thich-10" in readme


def test_the_source_page_says_what_it_is(site, source_page):
    vi = (site / "nguon" / SOURCE_ID / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "nguon" / SOURCE_ID / "index.html").read_text(encoding="utf-8")
    assert "Văn bản nguồn" in vi and "Điều 15 Luật Sở hữu trí tuệ" in vi
    assert "Vietnamese original" in en and "not been translated" in en
    assert "/VPDP-NV₃" in vi and "để trống trong bản gốc" in vi and "blank in the original" in en
    sources = {r["source_id"]: r for r in csv_rows("reference/sources.csv")}
    assert sources[SOURCE_ID]["citation_vi"] in vi.replace("&#39;", "'")
    assert ":target" in (site / "assets" / "stylesheets" / "ntm.css").read_text(encoding="utf-8")
    # Everything from the text is escaped: the report's own ** marks became <strong>, nothing else is markup.
    assert "<strong>Liên kết với Tập đoàn Quế Lâm</strong>" in vi and "**" not in vi.split('class="ntm-source"')[1]
    assert "<strong>KT. CHÁNH VĂN PHÒNG" in vi
    assert source_page.by_id["chu-thich-14"].startswith("14")


# ------------------------------------------------------------------ every figure true as shown

def test_the_five_missing_statements_are_transcribed_with_provenance(blocks):
    recognition = csv_rows("criteria/unit_recognition.csv")
    aims = {(r["unit_code"], r["goal"]): r for r in recognition if r["target_year"]}
    for code, goal in [("437", "ntm_task_completed"), ("449", "ntm_task_completed"), ("444", "ntm_standard")]:
        row = aims[(code, goal)]
        assert row["target_year"] == "2024" and {"C.I", "C.II.4"} <= set(row["section"].split("; "))
    for code in ("440", "442", "443", "445"):  # Đức Thọ, Nghi Xuân, Can Lộc, Thạch Hà
        row = aims[(code, "ntm_advanced")]
        assert row["target_year"] == "2024" and "C.II.4" in row["section"]
    c_ii_4 = text_at(blocks, "muc-C.II.4")
    assert "Nghi Xuân, Can Lộc, Thạch Hà và Đức Thọ" in c_ii_4 and "NTM nâng cao năm 2024" in c_ii_4
    assert "huyện Hương Khê đạt chuẩn NTM năm 2024" in text_at(blocks, "muc-C.I")

    [slow] = [r for r in csv_rows("targets/observations.csv") if r["indicator_id"] == "thematic_programmes_slow"]
    assert (slow["value"], slow["section"], slow["unit_code"]) == ("6", "B.I", "42")
    assert "6 chương trình chuyên đề" in text_at(blocks, "muc-B.I")

    [letter] = [r for r in csv_rows("documents/cited_documents.csv") if r["document_ref"] == "1818/SNN-KHTC"]
    assert letter["section"] == "0" and "11/6/2024" in letter["note_vi"]
    assert "Ngày 11/6/2024" in text_at(blocks, "muc-0")


def test_basically_met_is_its_own_status_wherever_counts_are_shown(site):
    [thach_ha] = [r for r in csv_rows("criteria/district_criteria_summary.csv") if r["unit_code"] == "445"]
    assert (thach_ha["met_count"], thach_ha["basically_met_count"], thach_ha["not_met_count"]) == ("0", "4", "5")
    district = (site / "dia-phuong" / "thach-ha" / "index.html").read_text(encoding="utf-8")
    assert "cơ bản đạt 4, chưa đạt 5 trên 9 tiêu chí" in district
    assert "đạt 4" not in district.replace("cơ bản đạt 4", "")
    criteria = elements(page_path(site, "tieu-chi/"))
    [row] = [cells for headers, cells, _ in criteria.table_rows() if cells and cells[0] == "Huyện Thạch Hà"
             and "Cơ bản đạt" in headers and "Bộ tiêu chí" in headers[1]]
    assert row[2:5] == ["0", "4", "5"]
    en = (site / "en" / "dia-phuong" / "thach-ha" / "index.html").read_text(encoding="utf-8")
    assert "4 basically met, 5 not met, of 9 criteria" in en


def test_years_are_never_formatted_as_numbers(site):
    assert format_year(2024) == "2024" and format_year(2024.0) == "2024"
    separated_year = re.compile(r"(?<![\d.,])(?:19|20)\d[.,]\d{2}\b|(?<![\d.,])2[.,]0\d{2}(?![\d.,])")
    offenders = []
    for page in site.rglob("index.html"):
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        if "nguon" in page.parts:
            continue  # the report's own text, as printed
        for match in separated_year.finditer(text):
            offenders.append(f"{page.relative_to(site)}: {match.group(0)}")
    assert offenders == []
    funding = page_path(site, "du-lieu/funding/").read_text(encoding="utf-8")
    # plan_year in the preview: in its column, or said once above the table when every row shares it
    assert re.search(r"plan_year: <strong>2024</strong>|<td[^>]*>2024</td>", funding)
    criteria = elements(page_path(site, "tieu-chi/"))
    assert any("2024" in cells and "Huyện Hương Khê" in cells for cells, _ in criteria.rows)


def test_progress_counts_only_what_the_report_says_is_achieved(project, catalogue, site):
    evaluated = {t.id: t for t in evaluate(project, catalogue)}
    for target_id in ("advanced-communes", "model-communes", "districts-complete"):
        assert evaluated[target_id].progress_value is None and evaluated[target_id].status == "no_data"
        assert evaluated[target_id].context  # what the report gives instead is still shown
    targets = (site / "muc-tieu" / "index.html").read_text(encoding="utf-8")
    # Said as the report's own figure being absent, the related ones after it (a reader took
    # "no achieved figure" followed by "8 of 10" for a contradiction).
    not_given = Localiser("vi", project.messages).t("target_context.not_given", given="|").split("|")[0]
    assert not_given in targets and "8 trên 10 huyện đạt chuẩn NTM" in targets
    # The configuration cannot bring them back.
    appraised = catalogue.table("targets", "observations")
    appraised = appraised[appraised["indicator_id"] == "advanced_communes_submitted"].iloc[0]
    with pytest.raises(TargetConfigError, match="appraised"):
        check_progress({"id": "advanced-communes", "progress": {}}, appraised)
    districts = catalogue.table("criteria", "progress_counts").set_index("measure").loc["districts_ntm_recognised"]
    with pytest.raises(TargetConfigError, match="10 units"):
        check_progress({"id": "districts-complete", "units": 13, "progress": {"column": "share_reported"}}, districts)


def test_reference_facts_cite_their_own_documents(site):
    sources = {r["source_id"]: r for r in csv_rows("reference/sources.csv")}
    for row in csv_rows("reference/criteria_sets.csv"):
        decision = sources[row["source_id"]]
        assert row["source_id"] != SOURCE_ID and decision["document_number"] == row["decision_ref"]
        assert decision["date"] == row["decision_date"] and decision["issuer_vi"] == "Thủ tướng Chính phủ"
    assert sources["qd-148-ttg-2023"]["date"] == "2023-02-24"
    ocop = (site / "ocop" / "index.html").read_text(encoding="utf-8")
    assert "Quyết định số 148/QĐ-TTg ngày 24/02/2023" in ocop
    criteria = (site / "tieu-chi" / "index.html").read_text(encoding="utf-8")
    for number in ("321/QĐ-TTg", "320/QĐ-TTg", "318/QĐ-TTg"):
        assert f"Quyết định số {number} ngày 08/3/2022" in criteria


def test_a_discrepancy_names_the_document_it_concerns(site):
    quality = elements(page_path(site, "chat-luong-du-lieu/"))
    [row] = [cells for cells, _ in quality.rows if any("04/05/2025" in c for c in cells)]
    assert "124/2024/NQ-HĐND" in row[1] and "15/5/2024" in row[1]


# ------------------------------------------------------------------ who publishes (point 2)

def test_publisher_settings_are_never_guessed():
    from ntm_site.site_pages.publisher import Publisher

    blank = Publisher.from_settings({"publisher": {"name": {"vi": "", "en": ""}, "email": "", "repository": ""}})
    assert blank.issues_url == "" and blank.report_url("t", "b") == ""
    given = Publisher.from_settings({"publisher": {"email": "vp@example.org", "repository": "https://example.org/o/r/"}})
    assert given.issues_url == "https://example.org/o/r/issues"
    assert given.report_url("Báo lỗi trang: /ocop/", "Trang: /ocop/").startswith("https://example.org/o/r/issues/new?title=B%C3%A1o")
    mail_only = Publisher.from_settings({"publisher": {"email": "vp@example.org", "repository": "javascript:alert(1)"}})
    assert mail_only.issues_url == "" and mail_only.report_url("t", "b").startswith("mailto:vp@example.org?")


def test_every_page_says_how_to_report_an_error(site):
    for url in MAIN_PAGES + [f"nguon/{SOURCE_ID}/", "gioi-thieu/"]:
        assert 'class="ntm-report-error"' in page_path(site, url).read_text(encoding="utf-8"), url
    about = page_path(site, "gioi-thieu/").read_text(encoding="utf-8")
    assert "Đơn vị công bố và liên hệ" in about and "chưa công bố (văn phòng sẽ bổ sung)" in about


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_contents_list_every_heading_of_the_report_in_order_and_lead_to_it(site, lang, blocks):
    """The report runs to 24 phone screens, and the theme's own contents knew none of its
    headings (they are written as HTML): the page lists them, each a link to its section."""
    page = (site / lang / "nguon" / SOURCE_ID / "index.html").read_text(encoding="utf-8")
    contents = page[page.index('<details class="ntm-source__contents">'):]
    contents = contents[:contents.index("</details>")]
    targets = re.findall(r'<a href="#([^"]+)">', contents)
    headings = [b.id for b in blocks if b.kind == "heading"]
    assert len(headings) > 15 and targets == headings + ["chu-thich"]
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert set(targets) <= ids
    assert f"({len(targets)} " in contents  # the summary says how many


def test_the_english_page_glosses_the_documents_vietnamese_title(site, catalogue):
    """An English reader saw only "Subject: Báo cáo sơ kết 6 tháng đầu năm…"."""
    source = catalogue.indexed("reference", "sources", "source_id").loc[SOURCE_ID]
    page = (site / "en" / "nguon" / SOURCE_ID / "index.html").read_text(encoding="utf-8")
    subject = page[page.index("<dt>Subject</dt>"):]
    subject = subject[:subject.index("</dd>")]
    assert source["title_vi"] in subject and f"[{source['title_en']}]" in subject


def _fact(page: str, label: str) -> str:
    fact = page[page.index(f"<dt>{label}</dt>"):]
    return fact[:fact.index("</dd>")]


@pytest.mark.parametrize("page", ["nguon/" + SOURCE_ID, "gioi-thieu"])
def test_the_english_pages_gloss_the_documents_addressee_and_signatory(site, catalogue, page):
    """The addressee and the signatory's title were in Vietnamese alone on the English pages
    (and, on About, not marked as Vietnamese for a screen reader). Each is shown as printed,
    marked as Vietnamese, with the project's translation after it; the Vietnamese pages
    show the document's words alone."""
    source = catalogue.indexed("reference", "sources", "source_id").loc[SOURCE_ID]
    assert source["recipient_en"] and source["signer_title_en"]  # the report has both
    english = (site / "en" / page / "index.html").read_text(encoding="utf-8")
    addressee, signatory = _fact(english, "Addressed to"), _fact(english, "Signed by")
    assert f'<span lang="vi">{source["recipient_vi"]}</span> [{source["recipient_en"]}]' in addressee
    assert f'<span lang="vi">{source["signed_by"]}</span> [{source["signer_title_en"]}]' in signatory
    vietnamese = (site / page / "index.html").read_text(encoding="utf-8")
    assert _fact(vietnamese, "Nơi nhận").endswith(f'<span lang="vi">{source["recipient_vi"]}</span>')
    assert _fact(vietnamese, "Người ký").endswith(f'<span lang="vi">{source["signed_by"]}</span>')
    assert source["recipient_en"] not in vietnamese and source["signer_title_en"] not in vietnamese


def test_a_status_the_report_implies_by_a_count_opens_the_paragraph_printing_that_count(project, catalogue, blocks):
    """Can Lộc meets the NTM standard only by the report's count ("8/10 huyện", in a paragraph
    naming the two districts that do not): its link opened the paragraph naming Can Lộc, which
    is about its advanced criteria. A status so implied opens the paragraph printing the count
    it is inferred from (its implied_by); a row the paragraph naming it is about still opens it."""
    from ntm_site.site_pages.views.common import UnitParagraphs

    paragraphs = UnitParagraphs(ROOT, catalogue)
    text = {b.id: b.text for b in blocks}
    counts = {(r["measure"], r["source_id"]): f"{r['value']}/{r['out_of']}" for r in csv_rows("criteria/progress_counts.csv")}
    implied = [r for r in csv_rows("criteria/unit_recognition.csv") if r["basis"] == "implied"]
    assert implied and all(r["implied_by"] for r in implied)  # the premise
    criteria = catalogue.table("criteria", "district_criteria_status")
    a_criterion = criteria[criteria["section"] == "A.II.1.1"].iloc[0]  # a district's own paragraph
    for lang in ("vi", "en"):
        loc = Localiser(lang, project.messages)
        for row in implied:
            [(section, anchor)] = paragraphs.locate(row, loc).landings
            assert section == row["section"] and counts[row["implied_by"], row["source_id"]] in text[anchor], row
            assert row["implied_by"] != "districts_ntm_recognised" or "Can Lộc" not in text[anchor]
        assert paragraphs.locate(a_criterion, loc).landings


def test_implied_by_allows_exactly_the_counts_the_report_can_give():
    """`unit_recognition.implied_by` names a measure of `progress_counts`: its schema's code
    list is a copy, kept equal so a new measure can be named there too."""
    import json

    def codes(table: str, field: str) -> list[str]:
        schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
        return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]

    assert codes("unit_recognition", "implied_by") == codes("progress_counts", "measure")


def test_the_province_disbursement_rate_opens_the_paragraph_printing_it(project, catalogue, blocks):
    """The home page's 13.43% card linked section B.I whole, eight paragraphs of Vietnamese:
    the sentence with "13,43%" was the last one, below the first screen. A row with a rate
    the report prints opens, in a long section, the one paragraph printing that rate."""
    from ntm_site.site_pages.views.common import UnitParagraphs

    paragraphs = UnitParagraphs(ROOT, catalogue)
    text = {b.id: b.text for b in blocks}
    capital = catalogue.table("funding", "capital_disbursement")
    total = capital[capital["capital_type"] == "total"].iloc[0]
    printed = f"{total['rate_reported_pct']:g}".replace(".", ",") + "%"
    landings = dict(paragraphs.locate(total, Localiser("vi", project.messages)).landings)
    assert "B.I" in landings  # the long section of shortcomings
    assert printed in text[landings["B.I"]] and text[landings["B.I"]].startswith("- Giải ngân")
