"""/thay-doi/: the changelog reads real git history and reports an edit with before and after."""
import re
import shutil

import pytest
from markupsafe import escape

from conftest import ROOT
from corrected_site import CORRECTION, commit_a_correction, git
from ntm_site.data_in.changelog import history


@pytest.fixture
def data_repo(tmp_path):
    """A temporary git repository holding a copy of the data, with one correction committed."""
    shutil.copytree(ROOT / "datapackages", tmp_path / "datapackages")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    commit_a_correction(tmp_path)
    return tmp_path


def test_history_reports_the_edit_with_before_and_after(data_repo):
    latest, first = history(data_repo)
    assert latest.message == CORRECTION and first.message == "Initial data"
    assert latest.packages == ["funding"]
    [change] = latest.files
    assert change.path == "datapackages/funding/sponsorship.csv"
    assert (change.added, change.removed, change.changed_rows) == (1, 0, 1)
    [cell] = change.cells
    assert (cell.column, cell.before, cell.after) == ("amount_mvnd", "3487", "3488")
    assert "440" in cell.key
    assert change.bump == "minor"
    assert sum(f.added for f in first.files) > 100 and first.files[0].columns_added == []


def test_a_correction_alone_is_a_patch(data_repo):
    path = data_repo / "datapackages/ocop/ocop_products.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("rated_cumulative,all,343", "rated_cumulative,all,344"), encoding="utf-8")
    git(data_repo, "commit", "-q", "-am", "Fix")
    assert history(data_repo)[0].files[0].bump == "patch"


def test_outside_git_there_is_no_history(tmp_path):
    shutil.copytree(ROOT / "datapackages", tmp_path / "datapackages")
    assert history(tmp_path) == []


def test_changelog_page_and_feed_show_the_edit(corrected_site):
    # The same correction, committed after the SYNTHETIC reports (conftest.corrected_site).
    out = corrected_site
    html = (out / "thay-doi/index.html").read_text(encoding="utf-8")
    assert CORRECTION in html
    # the changed cell's before and after, side by side in one row (cells carry their column's label)
    assert re.search(r'<td data-label="[^"]*">3487</td>\s*<td data-label="[^"]*">3488</td>', html)
    feed = (out / "thay-doi/feed.xml").read_text(encoding="utf-8")
    titles = re.findall(r"<entry>.*?<title[^>]*>(.*?)</title>", feed, re.S)
    assert titles[0] == CORRECTION and len(titles) == 4  # the data, the two reports, the correction
    assert "01/07/2024" in (out / "du-lieu/funding/index.html").read_text(encoding="utf-8")  # last updated


def test_last_changed_is_the_date_of_the_last_commit_touching_the_package(data_repo, tmp_path_factory):
    from ntm_site.data_in.history import last_changed

    assert last_changed(data_repo / "datapackages/funding") == "2024-07-01"  # the commit date set in git()
    plain = tmp_path_factory.mktemp("no-git")
    (plain / "funding").mkdir()
    assert last_changed(plain / "funding") is None  # outside git: no date, pages say so


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_entry_is_headed_by_its_date_and_packages_and_quotes_its_note(catalogue, project, lang):
    """A commit's note is the maintainer's, often long and in English: the entry's heading
    is the date and the packages by title, in the page's language; the note follows,
    quoted as written. A cell emptied shows as emptied, not as a column left out."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.changelog import CellChange, Commit, FileChange
    from ntm_site.site_pages.views import PageInputs
    from ntm_site.site_pages.views.changes import changes_page

    loc = Localiser(lang, project.messages)
    note = "Sources: the file column names only texts published at /nguon/"
    commit = Commit(sha="0e856d8a" * 5, date="2026-11-30T10:00:00+00:00", message=note, files=[
        FileChange(path="datapackages/reference/sources.csv", changed_rows=1,
                   cells=[CellChange(key="gso-dvhc-2024-11-01", column="file", before="reference/x.json", after=""),
                          CellChange(key="gso-dvhc-2024-11-01", column="retired_column", before="a", after="b")]),
        FileChange(path="datapackages/retired/old.csv", added=1)])
    [entry] = changes_page(PageInputs(catalogue, loc, None, [], {}, project, [commit]))["entries"]
    reference = catalogue.packages["reference"].text("title", lang)
    assert [p["title"] for p in entry["packages"]] == [reference, "retired"]  # a package since removed: by its name
    assert [p["page"] for p in entry["packages"]] == ["du-lieu/reference/", None]
    assert entry["message"] == note
    # A column by its label in today's schema, then its name in the file; a column the data
    # no longer has, by its name alone.
    label = next(f for f in catalogue.packages["reference"].tables["sources"].fields if f["name"] == "file")
    label = label["title"] if lang == "vi" else label["title_en"]
    assert entry["files"][0]["cells"] == [
        ["gso-dvhc-2024-11-01", f"{label} <code>file</code>", "reference/x.json", loc.t("pages.changes.empty")],
        ["gso-dvhc-2024-11-01", "retired_column", "a", "b"]]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_entry_first_says_whether_any_figure_changed(catalogue, project, lang):
    """Most updates touch text (notes, citations): an entry says first whether a figure
    changed, counting the cells of figure columns (not keys, not a footnote's number),
    else the rows added or removed; its cells are in its details."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.changelog import CellChange, Commit, FileChange
    from ntm_site.site_pages.views import PageInputs
    from ntm_site.site_pages.views.changes import changes_page

    loc = Localiser(lang, project.messages)
    key = "advanced_communes_pct | 42 | total | target | 2024-12-31"
    path = "datapackages/targets/observations.csv"
    commits = [
        Commit(sha="a" * 40, date="2026-12-02T10:00:00+00:00", message="figures", files=[FileChange(
            path=path, changed_rows=2, cells=[CellChange(key, "value", "40", "44"), CellChange(key, "value_upper", "", "50"),
                                              CellChange(key, "note_vi", "a", "b")])]),
        Commit(sha="b" * 40, date="2026-12-02T10:00:00+00:00", message="text", files=[FileChange(
            path=path, changed_rows=1, cells=[CellChange(key, "note_en", "a", "b"), CellChange(key, "footnote", "1", "2")])]),
        Commit(sha="c" * 40, date="2026-12-02T10:00:00+00:00", message="rows", files=[
            FileChange(path=path, added=3), FileChange(path="datapackages/funding/sponsorship.csv", removed=1)]),
    ]
    entries = changes_page(PageInputs(catalogue, loc, None, [], {}, project, commits))["entries"]
    assert [e["summary"] for e in entries] == [
        loc.t("pages.changes.figures_changed", count="2"),
        loc.t("pages.changes.text_only"),
        loc.t("pages.changes.rows_changed", counts=", ".join(
            [loc.t("pages.changes.added", count="3"), loc.t("pages.changes.removed", count="1")]))]
    assert [e["cells"] for e in entries] == [3, 2, 0]


def test_versions_rise_with_each_later_commit_by_its_largest_change():
    from ntm_site.data_in.changelog import CellChange, Commit, FileChange, raised, release

    assert [raised("1.9.3", part) for part in ("patch", "minor", "major")] == ["1.9.4", "1.10.0", "2.0.0"]
    cell = [CellChange("k", "value", "1", "2")]

    def commit(sha, *files):
        return Commit(sha=sha * 40, date="2026-12-02T10:00:00+00:00", message=sha, files=list(files))

    history = [  # newest first, as git gives it
        commit("e", FileChange("datapackages/ocop/a.csv", removed=1, columns_removed=["x"])),
        commit("d", FileChange("datapackages/ocop/a.csv", changed_rows=1, cells=cell),
               FileChange("datapackages/ocop/b.csv", added=2)),
        commit("c", FileChange("datapackages/funding/a.csv", changed_rows=1, cells=cell),
               FileChange("datapackages/ocop/b.csv", unreadable="binary")),
        commit("b", FileChange("datapackages/ocop/a.csv", changed_rows=1, cells=cell),
               FileChange("datapackages/funding/a.csv", added=5)),
        commit("a", FileChange("datapackages/ocop/a.csv", added=9)),
    ]
    now = release(history, {"ocop": "1.0.0", "funding": "2.1.0", "unversioned": None, "odd": "v1"})
    # ocop: made by a; b corrects a cell; c changes only a file it cannot read; d adds rows
    # (and corrects a cell); e removes a column. funding: made by b; c corrects a cell.
    assert now == {"ocop": "2.0.0", "funding": "2.1.1"}  # versions that are not MAJOR.MINOR.PATCH: left alone
    assert [c.versions for c in history] == [{"ocop": "2.0.0"}, {"ocop": "1.1.0"}, {"funding": "2.1.1", "ocop": "1.0.1"},
                                             {"funding": "2.1.0", "ocop": "1.0.1"}, {"ocop": "1.0.0"}]


def test_a_package_is_published_and_cited_at_the_version_its_history_gives(corrected_site):
    """The corrected site's history: the real data (funding 1.0.0), the end-of-2024 report
    (rows added to funding: 1.1.0), the correction (a row added and a cell corrected: 1.2.0)."""
    import json

    published = json.loads((corrected_site / "du-lieu/funding/datapackage.json").read_text(encoding="utf-8"))
    assert published["version"] == "1.2.0"
    page = (corrected_site / "du-lieu/funding/index.html").read_text(encoding="utf-8")
    assert "<dd>1.2.0 (<a href=\"../../thay-doi/#" in page and "version 1.2.0)" in (corrected_site / "en/du-lieu/funding/index.html").read_text(encoding="utf-8")
    assert "version = {1.2.0}" in (corrected_site / "du-lieu/funding/funding.bib").read_text(encoding="utf-8")
    changes = (corrected_site / "thay-doi/index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<p class="ntm-change__commit">(.*?)</p>', changes, re.S)
    funding = [found for line in lines for found in re.findall(r"/funding/\">funding</a> ([0-9.]+)", line)]
    assert funding == ["1.2.0", "1.1.0", "1.0.0"]  # after each commit that touched it, newest first


def test_the_changelog_page_heads_each_entry_with_date_and_packages(corrected_site):
    html = (corrected_site / "thay-doi/index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<section class="ntm-change"[^>]*>\s*<h2[^>]*>(.*?)</h2>', html, re.S)
    assert len(headings) == 4 and all(CORRECTION not in h and re.match(r"\d\d/\d\d/\d{4} · ", h) for h in headings)
    # the correction's entry (the newest) says a figure changed; its cells are folded away
    summaries = re.findall(r'<p class="ntm-change__summary">(.*?)</p>', html)
    assert len(summaries) == 4 and summaries[0] == "Số liệu: 1 con số được sửa."
    assert re.search(r'<details class="ntm-change__details">\s*<summary>Xem chi tiết: 1 tệp, 1 ô được sửa</summary>', html)
    assert f"<q>{CORRECTION}</q>" in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_changed_row_is_named_in_words_where_todays_schema_reads_its_key(catalogue, project, lang):
    """A card's title: the row's indicator, unit, kind and date in words, not its key
    ("advanced_communes_pct | 42 | total | target | 2024-12-31"); a key today's schema
    cannot read (another number of parts, a date that is none) stays as it is."""
    import csv

    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.changelog import CellChange, Commit, FileChange
    from ntm_site.site_pages.views import PageInputs
    from ntm_site.site_pages.views.changes import changes_page

    def named(table, key_column, key):
        with open(ROOT / "datapackages/reference" / f"{table}.csv", encoding="utf-8") as handle:
            return next(r[f"name_{lang}"] for r in csv.DictReader(handle) if r[key_column] == key)

    loc = Localiser(lang, project.messages)
    keys = ["advanced_communes_pct | 42 | total | target | 2024-12-31", "advanced_communes_pct | 42 | total",
            "advanced_communes_pct | 42 | total | target | 2024-13-45"]
    commit = Commit(sha="1" * 40, date="2026-12-02T10:00:00+00:00", message="m", files=[
        FileChange(path="datapackages/targets/observations.csv", changed_rows=3,
                   cells=[CellChange(key=k, column="value", before="1", after="2") for k in keys])])
    [entry] = changes_page(PageInputs(catalogue, loc, None, [], {}, project, [commit]))["entries"]
    titles = [cells[0] for cells in entry["files"][0]["cells"]]
    date = "31/12/2024" if lang == "vi" else "31 December 2024"
    words = [named("indicators", "indicator_id", "advanced_communes_pct"), named("admin_units", "unit_code", "42"),
             loc.t("codes.kind.target")]
    assert titles[0] == " · ".join(words + [date])
    assert titles[1] == keys[1]  # three parts where the schema's key has five
    assert titles[2] == " · ".join(words + ["2024-13-45"])


def test_the_words_a_correction_changed_in_a_text_are_marked(catalogue, project):
    """A corrected citation showed forty words before and forty after, one of them
    different: the changed words are marked, deleted and inserted; text from the history
    is escaped first (a commit's cells are untrusted); a short value, or a cell emptied or
    filled, is shown whole."""
    from ntm_site.common.i18n import Localiser
    from ntm_site.data_in.changelog import CellChange, Commit, FileChange
    from ntm_site.site_pages.views import PageInputs
    from ntm_site.site_pages.views.changes import changes_page

    loc = Localiser("vi", project.messages)
    key = "advanced_communes_pct | 42 | total | target | 2024-12-31"
    before = "Báo Hà Tĩnh, ngày 10/12/2018, bài về Nghi Xuân <b>đạt</b> chuẩn"
    after = "Báo Hà Tĩnh, ngày 11/12/2018, bài về Nghi Xuân <b>đạt</b> chuẩn <script>x()</script>"
    cells = [CellChange(key, "note_vi", before, after), CellChange(key, "note_en", "a b", "a c"),
             CellChange(key, "value", "40", "44"), CellChange(key, "note_vi", "", after)]
    commit = Commit(sha="d" * 40, date="2026-12-03T10:00:00+00:00", message="m", files=[
        FileChange(path="datapackages/targets/observations.csv", changed_rows=1, cells=cells)])
    [entry] = changes_page(PageInputs(catalogue, loc, None, [], {}, project, [commit]))["entries"]
    rows = [[str(value) for value in row[2:]] for row in entry["files"][0]["cells"]]
    marked_before, marked_after = rows[0]
    assert re.findall(r"<del>(.*?)</del>", marked_before) == ["10/12/2018,"]
    assert re.findall(r"<ins>(.*?)</ins>", marked_after) == ["11/12/2018,", " &lt;script&gt;x()&lt;/script&gt;"]
    assert "<ins>" not in marked_before and "<del>" not in marked_after
    assert re.sub(r"</?(del|ins)>", "", marked_before) == str(escape(before))  # nothing lost, nothing live
    assert "<script>" not in marked_after and "<b>" not in marked_before
    assert rows[1:] == [["a b", "a c"], ["40", "44"], [loc.t("pages.changes.empty"), after]]
