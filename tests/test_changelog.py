"""/thay-doi/: the changelog reads real git history and reports an edit with before and after."""
import re
import shutil

import pytest

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
