"""How to cite a dataset: the same facts as text on its page and as files
reference managers read (BibTeX, RIS, CSL-JSON).

Every citation carries the dataset's address (when the site's address is
known), its version and its date: the day the data last changed (git), as
the date of the version cited. No access date is written for the reader (a
rebuild of the same data writes the same bytes); the page invites readers to
add the day they read it.

Titles and descriptions come from descriptors, which are untrusted text: each
format escapes them its own way (BibTeX's special characters, RIS's one line
per tag, JSON).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..common.i18n import Localiser
from ..data_in.catalogue import Catalogue, Package
from ..data_in.provenance import package_path

SITE_AUTHOR = {"vi": "Nhóm dữ liệu mở nông thôn mới Hà Tĩnh", "en": "Ha Tinh NTM open-data team"}


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    version: str
    publisher: str
    url: str | None
    updated: str | None  # ISO date: the day the data last changed, the version's date
    year: str | None
    note: str  # what the data was transcribed from
    lang: str


def citation(package: Package, loc: Localiser, site_base: str | None, updated: str | None, based_on: str) -> Citation:
    """`site_base`: the absolute address of this language's build, or None."""
    return Citation(
        key=f"ntm-ha-tinh-{package.name}-{package.descriptor.get('version', '')}".replace(".", "-"),
        title=one_line(loc.t("cite.title", title=package.text("title", loc.lang))),
        version=one_line(str(package.descriptor.get("version", ""))),
        publisher=loc.t("site.name"),
        url=f"{site_base}{package_path(package.name)}" if site_base else None,
        updated=updated,
        year=updated[:4] if updated else None,
        note=one_line(based_on),
        lang=loc.lang,
    )


def based_on(catalogue: Catalogue, package: Package, lang: str) -> str:
    """What a package was transcribed from: its own `cited_as` (a package of many
    web pages says so in its descriptor), else the report."""
    if package.descriptor.get("cited_as"):
        return package.text("cited_as", lang)
    source = catalogue.main_source(package)
    return f"{source[f'issuer_{lang}']}, {source[f'title_{lang}']}"


def package_citation(catalogue: Catalogue, package: Package, loc: Localiser, site_base: str | None) -> Citation:
    return citation(package, loc, site_base, catalogue.last_changed(package), based_on(catalogue, package, loc.lang))


def write_package_citations(catalogue: Catalogue, loc: Localiser, site_base: str | None, folder: Path) -> None:
    """`<package>.bib`, `.ris` and `.csl.json` beside each package's other downloads."""
    for name, package in catalogue.packages.items():
        write_citation_files(package_citation(catalogue, package, loc, site_base), folder / name, name)


def one_line(text: str) -> str:
    """Control, format and separator characters out; whitespace runs as one space."""
    kept = "".join(ch if unicodedata.category(ch)[0] not in "CZ" or ch == " " else " " for ch in str(text))
    return " ".join(kept.split())


_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "$": r"\$", "&": r"\&",
                   "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def _bib(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in text)


def bibtex(c: Citation) -> str:
    # The author is an organisation: double braces keep BibTeX from splitting it into names.
    fields = [("title", _bib(c.title)), ("author", "{" + _bib(c.publisher) + "}"), ("publisher", _bib(c.publisher)),
              ("version", _bib(c.version)), ("year", c.year), ("date", c.updated), ("url", c.url),
              ("note", _bib(c.note)), ("language", c.lang)]
    lines = [f"@dataset{{{c.key},"] + [f"  {name} = {{{value}}}," for name, value in fields if value] + ["}"]
    return "\n".join(lines) + "\n"


def ris(c: Citation) -> str:
    tags = [("TY", "DATA"), ("TI", c.title), ("AU", c.publisher), ("PB", c.publisher), ("ET", c.version),
            ("PY", c.year), ("DA", c.updated and c.updated.replace("-", "/")), ("UR", c.url), ("N1", c.note), ("LA", c.lang), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in tags if value is not None and (value or tag == "ER"))


def csl_json(c: Citation) -> str:
    item = {"id": c.key, "type": "dataset", "title": c.title, "author": [{"literal": c.publisher}],
            "publisher": c.publisher, "version": c.version, "note": c.note, "language": c.lang}
    if c.url:
        item["URL"] = c.url
    if c.updated:
        item["issued"] = {"date-parts": [[int(p) for p in c.updated.split("-")]]}
    return json.dumps([item], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


FORMATS = {"bib": bibtex, "ris": ris, "csl.json": csl_json}


def write_citation_files(c: Citation, folder: Path, stem: str) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for suffix, render in FORMATS.items():
        paths[suffix] = folder / f"{stem}.{suffix}"
        paths[suffix].write_text(render(c), encoding="utf-8", newline="")
    return paths
