"""Targets against progress: the documented status rule, and the /muc-tieu/ page."""
import pytest

from ntm_site.data_in.targets import elapsed_share, end_of, evaluate, status_of


def test_end_of_reads_iso_dates_of_any_precision():
    assert str(end_of("2024")) == "2024-12-31"
    assert str(end_of("2024-02")) == "2024-02-29"
    assert str(end_of("2024-05-31")) == "2024-05-31"


def test_elapsed_share_of_a_calendar_year():
    assert elapsed_share("2024-01-01", "2024-12-31", "2024-12-31") == 1.0
    assert elapsed_share(None, "2024-12-31", "2024-06-30") == pytest.approx(182 / 366)
    assert elapsed_share("2024-07-01", "2024-12-31", "2024-06-30") == 0.0


@pytest.mark.parametrize("measure,target,progress,due,expected", [
    ("flow", 20, None, None, "no_data"),
    ("flow", 20, 20, 0.5, "achieved"),
    ("flow", 20, 25, 0.5, "achieved"),
    ("flow", 20, 10, 0.5, "in_progress"),
    ("flow", 20, 9, 0.5, "behind"),
    ("level", 100, 80, None, "in_progress"),
    ("level", 40, 44, None, "achieved"),
])
def test_status_rule(measure, target, progress, due, expected):
    assert status_of(measure, target, progress, due) == expected


def test_every_configured_target_selects_one_row(project, catalogue):
    evaluated = evaluate(project, catalogue)
    assert len(evaluated) >= 8
    assert all(t.target["kind"] == "target" for t in evaluated)


def test_disbursement_target_status_follows_the_data(project, catalogue):
    [capital] = [t for t in evaluate(project, catalogue) if t.id == "capital-2024"]
    total = catalogue.table("funding", "capital_disbursement").set_index("capital_type").loc["total"]
    assert capital.progress_value == total["rate_reported_pct"]
    due = elapsed_share(None, capital.target["as_of"], total["as_of"])
    assert capital.status == ("in_progress" if total["rate_reported_pct"] / 100 >= due else "behind")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_rate_reads_with_its_per_cent_sign_against_the_number(built_site, project, catalogue, lang):
    """"13.43 % of 2024 capital disbursed" stood apart from every other 13.43% of the site."""
    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    [capital] = [t for t in evaluate(project, catalogue) if t.id == "capital-2024"]
    label = capital.label[lang]
    assert label.startswith("%")  # the premise: a label that begins with the sign
    html = (built_site / ("" if lang == "vi" else "en") / "muc-tieu/index.html").read_text(encoding="utf-8")
    number = loc.number(capital.progress_value)
    assert f"{number}{label}" in html and f"{number} {label}" not in html


def test_targets_page_lists_every_target_and_the_rule(built_site, project, catalogue):
    html = (built_site / "muc-tieu/index.html").read_text(encoding="utf-8")
    assert 'id="bieu-do-targets-progress"' in html
    for t in evaluate(project, catalogue):
        name = catalogue.reference.tables["indicators"].frame.set_index("indicator_id").loc[t.target["indicator_id"], "name_vi"]
        assert name in html
    assert "Chậm so với tiến độ" in html or "Đang thực hiện" in html
    assert "Cách xếp tình trạng" in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_rule_explains_each_status_the_table_shows_on_a_line_of_its_own(built_site, project, catalogue, lang):
    """As one paragraph of small print, readers lost which sentence told which status."""
    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    items = aside_items(built_site, lang, loc.t("pages.targets.rule_heading"))
    shown = {t.status for t in evaluate(project, catalogue)}
    assert len(shown) >= 3
    for status in shown - {"in_progress", "behind"}:  # those two are told by the kind of target, below
        assert any(item.startswith(loc.code("target_status", status) + ":") for item in items), (status, items)
    assert sum("in progress" in item or "đang thực hiện" in item for item in items) == 2, items


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_follow_up_rule_names_each_status_a_promise_can_have_on_its_lines(built_site, project, lang):
    from ntm_site.common.i18n import Localiser

    loc = Localiser(lang, project.messages)
    items = aside_items(built_site, lang, loc.t("history.followup.rule_heading"))
    assert len(items) >= 4
    # each quoted as the page labels it (the rule once said "một phần" for "Thực hiện một phần hoặc muộn")
    for status in ("kept", "partly_kept", "not_kept", "reached_later", "no_later_source"):
        word = loc.t(f"history.followup.status.{status}").lower()
        assert any(f"“{word}" in item.lower() for item in items), (status, items)


def aside_items(built_site, lang: str, heading: str) -> list[str]:
    """The lines of the aside under `heading` on the targets page, as text."""
    import re
    from html import unescape

    page = (built_site / ("en/" if lang == "en" else "") / "muc-tieu/index.html").read_text(encoding="utf-8")
    aside = page[page.index(heading):]
    aside = aside[:aside.index("</div>")]
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", aside, re.S)]
