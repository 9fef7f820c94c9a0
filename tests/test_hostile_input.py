"""Bad and hostile input: clear errors for each kind, and data text that stays literal text."""
import dataclasses
import html
import json
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import serve
from hostile_site import HOSTILE_PACKAGE, HOSTILE_UNIT, SCRIPTS_NAMING_PWNED, build_hostile_site, hover_every_chart_until_live
from ntm_site.data_in.loading import load
from ntm_site.common.i18n import format_number, parse_number
from ntm_site.site_pages.pages import markdown_text
from ntm_site.common.problems import ValidationFailed
from ntm_site.common.safe_text import INVISIBLE

def problems_of(copy):
    with pytest.raises(ValidationFailed) as failure:
        load(copy.project)
    return [p for p in failure.value.problems if p.is_error]


def test_bom_and_crlf_are_accepted(data_copy):
    path = data_copy.path("funding/sponsorship.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    sponsorship = load(data_copy.project).table("funding", "sponsorship")
    assert sponsorship.columns[0] == "scope" and len(sponsorship) == 8


def test_utf16_file_gets_a_save_as_utf8_message(data_copy):
    path = data_copy.path("ocop/ocop_products.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    [problem] = problems_of(data_copy)
    assert problem.rule == "encoding-utf16" and problem.file.endswith("ocop/ocop_products.csv")
    assert "UTF-8" in problem.message_vi and "CSV UTF-8" in problem.message_en


def test_windows_1258_file_names_the_line(data_copy):
    path = data_copy.path("reference/townships.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    [problem] = problems_of(data_copy)
    assert problem.rule == "encoding-not-utf8" and problem.row == 2
    assert "Windows-1258" in problem.message_vi and "Windows-1258" in problem.message_en


def test_empty_file(data_copy):
    data_copy.path("criteria/township_civilised_urban.csv").write_text("", encoding="utf-8")
    [problem] = problems_of(data_copy)
    assert problem.rule == "empty-file" and problem.package == "criteria"


def test_missing_file(data_copy):
    data_copy.path("ocop/ocop_activity.csv").unlink()
    [problem] = problems_of(data_copy)
    assert problem.rule == "missing-file" and problem.file.endswith("ocop_activity.csv")


def test_malformed_schema(data_copy):
    data_copy.folder.parent.joinpath("schemas/sponsorship.json").write_text("{ broken", encoding="utf-8")
    [problem] = problems_of(data_copy)
    assert problem.rule == "malformed-schema" and problem.file.endswith("sponsorship.json")


def test_extra_column(data_copy):
    rows = data_copy.rows("funding/sponsorship.csv")
    data_copy.write_rows("funding/sponsorship.csv", [row + ["x"] for row in rows])
    assert "extra-label" in {p.rule for p in problems_of(data_copy)}


def test_file_over_the_size_limit_fails_without_being_read(data_copy, project):
    path = data_copy.path("funding/sponsorship.csv")
    with open(path, "ab") as handle:
        handle.truncate(project.settings["limits"]["file_bytes"] + 1)  # sparse: nothing is written
    [problem] = problems_of(data_copy)
    assert problem.rule == "file-too-large" and problem.file.endswith("sponsorship.csv")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_like_text_cells_are_rejected(data_copy, start):
    data_copy.set_cell("funding/sponsorship.csv", 5, "note_en", f"{start}HYPERLINK(\"http://x\")")
    [problem] = problems_of(data_copy)
    assert (problem.rule, problem.row, problem.column) == ("formula-cell", 5, "note_en")
    assert "Excel" in problem.message_vi and "Excel" in problem.message_en


@pytest.mark.parametrize("field", ["path", "schema"])
def test_urls_are_never_fetched(data_copy, field):
    descriptor_path = data_copy.path("ocop/datapackage.json")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"][0][field] = "https://example.invalid/x.json"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    rules = {p.rule for p in problems_of(data_copy)}
    assert rules <= {"unsafe-path", "unsafe-schema-path"} and rules


class TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.tags = [], []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def rendered_text(markdown_source):
    page = markdown.markdown(markdown_source, extensions=["tables", "attr_list", "admonition"])
    parser = TextOf()
    parser.feed(page)
    return "".join(parser.parts), parser.tags


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_text_in_a_markdown_context_shows_literally(text):
    # What templates do with data text in headings and paragraphs: escape for
    # Markdown, then HTML-escape (Jinja2 autoescape).
    source = html.escape(markdown_text(text))
    shown, tags = rendered_text(source)
    # Invisible characters (zero-width, bidi controls) are dropped from every output by design.
    visible = "".join(c for c in text if c not in INVISIBLE)
    assert shown.strip() == " ".join(visible.split())
    assert set(tags) <= {"p"}


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from(["vi", "en"]))
def test_number_formatting_and_parsing_agree(value, lang):
    assert parse_number(format_number(value, lang), lang) == value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The site built from hostile data (HOSTILE among the payloads of tests/hostile_site.py), once per run."""
    return build_hostile_site(tmp_path_factory)


def test_hostile_text_in_data_is_literal_on_every_page(hostile_site):
    out = hostile_site
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    for path, text in pages.items():
        assert "<script>window.__pwned" not in text, path
        assert 'onerror="window.__pwned' not in text, path
        assert 'href="javascript:' not in text, path
    district = pages[out / f"dia-phuong/{HOSTILE_UNIT}/index.html"]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in district
    assert "{{ 7*7 }}" in district and "49" not in district.split("{{ 7*7 }}")[0][-20:]
    search = (out / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in search


# giai-ngan/ (the province's sponsorship note) is opened once, by the hover-and-click sweep of
# tests/test_hardening_markup.py, which makes these checks there after doing all of this and more.
@pytest.mark.browser
@pytest.mark.parametrize("path", [f"dia-phuong/{HOSTILE_UNIT}/", "dia-phuong/", f"du-lieu/{HOSTILE_PACKAGE}/", "ket-qua/"])
def test_no_script_from_data_runs_in_the_browser(tabs, hostile_site, path):
    url, server = serve(hostile_site)
    dialogs = []
    listeners = {"dialog": lambda d: (dialogs.append(d.message), d.dismiss())}
    try:
        with tabs.open(f"{url}/{path}", {"width": 1280, "height": 720}, listeners=listeners) as page:
            hover_every_chart_until_live(page)
            live = page.locator(".ntm-chart__live svg .role-mark path, .ntm-chart__live svg .role-mark rect")
            for i in range(min(live.count(), 6)):  # tooltips carry the hostile names too
                live.nth(i).hover(force=True)
            page.wait_for_timeout(300)
            assert page.evaluate("window.__pwned") is None
            assert dialogs == []
            assert page.evaluate(SCRIPTS_NAMING_PWNED) == []
            assert page.locator("img[onerror]").count() == 0
    finally:
        server.shutdown()


def _break(copy, kind):
    """One broken edit of each kind a maintainer may make; returns the rule expected."""
    if kind == "type-error":
        copy.set_cell("funding/capital_disbursement.csv", 2, "plan_mvnd", "397.202,5")
    elif kind == "constraint-enum":
        copy.set_cell("ocop/ocop_products.csv", 3, "star_rating", "6")
    elif kind == "constraint-required":
        copy.set_cell("criteria/progress_counts.csv", 2, "section", "")
    elif kind == "primary-key":
        rows = copy.rows("funding/sponsorship.csv")
        copy.write_rows("funding/sponsorship.csv", rows + [rows[-1]])
    elif kind == "foreign-key":
        copy.set_cell("criteria/unit_recognition.csv", 2, "unit_code", "438")
    elif kind == "missing-label":
        copy.write_rows("ocop/ocop_products.csv", [r[:-2] + r[-1:] for r in copy.rows("ocop/ocop_products.csv")])
    elif kind == "empty-file":
        copy.path("funding/sponsorship.csv").write_text("", encoding="utf-8")
    elif kind == "encoding-utf16":
        path = copy.path("funding/sponsorship.csv")
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    elif kind == "malformed-descriptor":
        copy.path("funding/datapackage.json").write_text('{"resources": [', encoding="utf-8")
    elif kind == "formula-cell":
        copy.set_cell("funding/sponsorship.csv", 5, "note_vi", "=1+1")
    return kind


@pytest.mark.parametrize("kind", ["type-error", "constraint-enum", "constraint-required", "primary-key", "foreign-key",
                                  "missing-label", "empty-file", "encoding-utf16", "malformed-descriptor", "formula-cell"])
def test_cli_exits_1_and_names_the_place_for_each_kind_of_error(data_copy, tmp_path, cli_run, kind, one_process_builds):
    rule = _break(data_copy, kind)
    summary = tmp_path / "summary.md"
    out = tmp_path / "site"
    out.mkdir()
    (out / ".ntm-site-build").write_text("ntm-site-build\n", encoding="utf-8")  # made by a previous build
    (out / "index.html").write_text("previous", encoding="utf-8")
    for command in (["validate"], ["build", "--out", str(out)]):
        code, stdout, stderr = cli_run(*command, "--data", str(data_copy.folder), env={"GITHUB_STEP_SUMMARY": str(summary)})
        assert code == 1, stdout + stderr
        assert f"[{rule}]" in stderr and "gói/package" in stderr and "tệp/file" in stderr
        assert "\n  vi: " in stderr and "\n  en: " in stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert f"**{rule}**" in summary.read_text(encoding="utf-8")  # the CI job summary lists it too


def test_an_interrupted_build_leaves_the_previous_site_and_no_staging(monkeypatch, tmp_path, project, warm_charts):
    from ntm_site import build as build_stage, language_site

    out = tmp_path / "site"
    out.mkdir()
    (out / ".ntm-site-build").write_text("ntm-site-build\n", encoding="utf-8")  # made by a previous build
    (out / "index.html").write_text("previous", encoding="utf-8")

    def interrupted(*generator_arguments):
        raise KeyboardInterrupt  # e.g. Ctrl+C or a killed CI job while MkDocs runs

    monkeypatch.setitem(language_site.ENGINES, "mkdocs", dataclasses.replace(language_site.ENGINES["mkdocs"], run=interrupted))
    with pytest.raises(KeyboardInterrupt):
        build_stage.build(project, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
