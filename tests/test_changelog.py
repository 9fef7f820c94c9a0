"""/thay-doi/: the changelog reads real git history and reports an edit with before and after."""
import re
import shutil
import subprocess

import pytest

from conftest import ROOT
from ntm_site.build import build
from ntm_site.data_in.changelog import history
from ntm_site.common.project import Project


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin",
                        "GIT_AUTHOR_DATE": "2024-07-01T08:00:00+07:00", "GIT_COMMITTER_DATE": "2024-07-01T08:00:00+07:00"})


@pytest.fixture
def data_repo(tmp_path):
    """A temporary git repository holding a copy of the data, with one correction committed."""
    shutil.copytree(ROOT / "datapackages", tmp_path / "datapackages")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Initial data")
    sponsorship = tmp_path / "datapackages/funding/sponsorship.csv"
    text = sponsorship.read_text(encoding="utf-8")
    text = text.replace("district,440,3487,", "district,440,3488,")  # a corrected cell
    text += "district,448,10,2024-01-01,2024-06-30,vpdp-2024-06,A.II.1.4.a,,,\n"  # an added row
    sponsorship.write_text(text, encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Correct Duc Tho sponsorship; add Loc Ha")
    return tmp_path


def test_history_reports_the_edit_with_before_and_after(data_repo):
    latest, first = history(data_repo)
    assert latest.message == "Correct Duc Tho sponsorship; add Loc Ha" and first.message == "Initial data"
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


def test_changelog_page_and_feed_show_the_edit(data_repo, tmp_path, warm_charts):
    project = Project(root=ROOT, datapackages_dir=data_repo / "datapackages")
    out = tmp_path / "site"
    build(project, out)
    html = (out / "thay-doi/index.html").read_text(encoding="utf-8")
    assert "Correct Duc Tho sponsorship; add Loc Ha" in html
    # the changed cell's before and after, side by side in one row (cells carry their column's label)
    assert re.search(r'<td data-label="[^"]*">3487</td>\s*<td data-label="[^"]*">3488</td>', html)
    feed = (out / "thay-doi/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 and "Correct Duc Tho sponsorship" in feed
    assert "01/07/2024" in (out / "du-lieu/funding/index.html").read_text(encoding="utf-8")  # last updated


def test_last_changed_is_the_date_of_the_last_commit_touching_the_package(data_repo, tmp_path_factory):
    from ntm_site.data_in.history import last_changed

    assert last_changed(data_repo / "datapackages/funding") == "2024-07-01"  # the commit date set in git()
    plain = tmp_path_factory.mktemp("no-git")
    (plain / "funding").mkdir()
    assert last_changed(plain / "funding") is None  # outside git: no date, pages say so
