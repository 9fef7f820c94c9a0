"""Citations that work: each dataset's citation carries its address, version
and the date of that version, as text and as BibTeX, RIS and CSL-JSON files;
the access date is the reader's to add."""
import json

from ntm_site.data_in.catalogue import Package
from ntm_site.published.citations import Citation, bibtex, csl_json, one_line, ris


def _citation(title="Tiêu đề", url="https://example.org/ntm/du-lieu/funding/"):
    return Citation(key="ntm-ha-tinh-funding-1-0-0", title=title, version="1.0.0", publisher="Nông thôn mới Hà Tĩnh",
                    url=url, updated="2024-06-30", year="2024", note="VPĐP, báo cáo", lang="vi")


def test_the_three_formats_carry_url_version_and_the_versions_date_but_no_access_date():
    # The day the data last changed is the version's date: written as an access
    # date (urldate, Y2, accessed), it told reference managers the reader read it then.
    c = _citation()
    assert "url = {https://example.org/ntm/du-lieu/funding/}" in bibtex(c) and "date = {2024-06-30}" in bibtex(c)
    assert "urldate" not in bibtex(c)
    assert "version = {1.0.0}" in bibtex(c)
    lines = ris(c).split("\r\n")
    assert "UR  - https://example.org/ntm/du-lieu/funding/" in lines and "DA  - 2024/06/30" in lines
    assert not [line for line in lines if line.startswith("Y2")]
    assert lines[0] == "TY  - DATA" and "ER  - " in lines
    item = json.loads(csl_json(c))[0]
    assert item["URL"].endswith("/du-lieu/funding/") and item["version"] == "1.0.0"
    assert item["issued"] == {"date-parts": [[2024, 6, 30]]} and item["type"] == "dataset" and "accessed" not in item


def test_hostile_titles_cannot_break_out_of_a_field_or_a_line():
    title = one_line("A} @misc{evil, title={x\nTY  - JOUR\u2028% & _")
    c = _citation(title=title)
    record = bibtex(c)
    # no second entry: the title stays inside its braces (an "@" inside a field is text)
    assert [line for line in record.splitlines() if line.lstrip().startswith("@")] == [record.splitlines()[0]]
    assert record.replace("\\{", "").count("{") == record.replace("\\}", "").count("}")
    title_line = next(line for line in record.splitlines() if line.strip().startswith("title"))
    assert title_line.count("{") - title_line.count("\\{") == title_line.count("}") - title_line.count("\\}")
    assert [line[:2] for line in ris(c).split("\r\n") if line].count("TY") == 1  # no second record
    assert json.loads(csl_json(c))[0]["title"] == title


def test_a_built_package_page_offers_the_citation_files(built_site):
    folder = built_site / "du-lieu" / "funding"
    for suffix in ("bib", "ris", "csl.json"):
        assert (folder / f"funding.{suffix}").exists()
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="funding.bib"' in html and 'href="funding.csl.json"' in html
    item = json.loads((folder / "funding.csl.json").read_text(encoding="utf-8"))[0]
    assert item["version"] and "Vốn" in item["title"] or item["title"]


def test_a_package_page_gives_its_own_languages_citation_first(built_site, project):
    """A journalist on an English page copied the first citation, which was the Vietnamese."""
    import re

    languages = project.settings["languages"]
    checked = 0
    for lang in languages:
        root = built_site if lang == languages[0] else built_site / lang
        for page in sorted((root / "du-lieu").glob("*/index.html")):
            cite = re.search(r'<div class="ntm-cite"[^>]*>(.*?)</div>', page.read_text(encoding="utf-8"), re.S)
            if cite is None:
                continue
            said = re.findall(r'<p lang="([a-z]+)">', cite[1])
            assert said[0] == lang and sorted(said) == sorted(languages), (page, said)
            checked += 1
    assert checked >= 2 * 10  # every package, both languages


def test_the_repository_has_a_citation_file():
    from pathlib import Path

    import yaml

    cff = yaml.safe_load((Path(__file__).resolve().parent.parent / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "CC-BY-4.0" and cff["title"]


def test_the_documents_a_page_cites_read_as_one_sentence(built_site):
    """Each citation ends with a full stop in the sources table; listed one after another they
    read "A; B; C.", never "A.; B.;" (as the criteria page's list once did)."""
    import re

    for page in ("tieu-chi/index.html", "en/tieu-chi/index.html", "ocop/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        [cited] = re.findall(r'<p class="ntm-cited">(.*?)</p>', html, re.S)
        text = re.sub(r"<[^>]+>", "", cited)
        assert ".;" not in text and text.endswith(".") and not text.endswith(".."), text
