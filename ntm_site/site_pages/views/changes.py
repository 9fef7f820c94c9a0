"""/thay-doi/: what changed in the data, from git history, and its Atom feed."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from markupsafe import Markup, escape

from ...common.safe_text import one_line, xml_text
from ...data_in.changelog import Commit
from ...data_in.provenance import package_path
from . import PageInputs
from .common import column_title, table_of_file, value_in_words

CELLS_SHOWN = 25  # per file; the rest is counted
WORDS_MARKED = 7  # pieces (words and the spaces between them): a text of four words or more
# Whole numbers that place a row rather than state a figure: a footnote's number, an
# item's place in its list. Other numeric columns that are not keys hold figures.
ORDINAL_FIELDS = {"footnote", "number"}


def changes_page(inputs: PageInputs) -> dict:
    # History predates today's checks and cannot be refused: its text is shown
    # on one line, without control or invisible characters (safe_text.one_line).
    loc = inputs.loc
    empty = loc.t("pages.changes.empty")
    entries = []
    for commit in inputs.changes:
        files = []
        for f in commit.files:
            files.append({
                "path": one_line(f.path), "package": one_line(f.package), "counts": _counts(f.added, f.removed, f.changed_rows, loc),
                "bump": loc.code("version_bump", f.bump),
                "columns_added": [one_line(c) for c in f.columns_added],
                "columns_removed": [one_line(c) for c in f.columns_removed],
                # A cell emptied (or filled) says so: a blank would read as nothing
                # shown, and a column blank in every row is left out of the table.
                "cells": [[_row(inputs, f.package, f.path, c.key), _field(inputs, f.package, f.path, c.column),
                           *_marked(one_line(c.before), one_line(c.after), empty)]
                          for c in f.cells[:CELLS_SHOWN]],
                "more": max(len(f.cells) - CELLS_SHOWN, 0),
                # A file git cannot give back as CSV in this commit is said so, never a stopped build.
                "unreadable": f.unreadable and loc.t("build_safety.history.unreadable_file",
                                                     reason=loc.t(f"build_safety.history.reasons.{f.unreadable}")),
            })
        entries.append({"sha": commit.sha, "short": commit.sha[:8], "date": loc.date(commit.date[:10]),
                        "summary": _summary(inputs, commit), "cells": sum(len(f.cells) for f in commit.files),
                        # None: git gave a note that is not text; the page says so in its own words.
                        "message": None if commit.message is None else one_line(commit.message),
                        "unreadable_message": loc.t("build_safety.history.unreadable_message"),
                        "packages": [_package(inputs, p, commit.versions.get(p)) for p in commit.packages], "files": files})
    return {"entries": entries}


def _counts(added: int, removed: int, changed: int, loc) -> str:
    """"thêm 3 dòng, sửa 1 dòng": the counts that are not nought."""
    return ", ".join(loc.t(f"pages.changes.{kind}", count=loc.number(count))
                     for kind, count in (("added", added), ("removed", removed), ("changed", changed)) if count)


def _marked(before: str, after: str, empty: str) -> tuple[str | Markup, str | Markup]:
    """A text cell before and after, with the words that changed marked (<del>, <ins>):
    a citation of forty words where one date changed read as two equal paragraphs.
    A cell emptied or filled, or a short value, is shown whole."""
    if not before or not after:
        return before or empty, after or empty
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    if len(old) < WORDS_MARKED and len(new) < WORDS_MARKED:
        return before, after
    marked_old, marked_new = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        for words, start, end, tag, marked in ((old, i1, i2, "del", marked_old), (new, j1, j2, "ins", marked_new)):
            text = escape("".join(words[start:end]))
            marked.append(text if op == "equal" or not text else Markup("<{0}>{1}</{0}>").format(Markup(tag), text))
    return Markup("").join(marked_old), Markup("").join(marked_new)


def _is_figure(table, column: str) -> bool:
    """Whether a column holds figures in today's schema: numeric, and not a key or an ordinal."""
    if table is None or column not in {f["name"] for f in table.fields} or column in ORDINAL_FIELDS:
        return False
    return table.field(column).get("type") in ("number", "integer") and column not in table.key_fields


def _summary(inputs: PageInputs, commit: Commit) -> str:
    """What a reader first wants of an update: did any figure change? Figures corrected
    (cells of figure columns), else rows added or removed, else text alone."""
    loc = inputs.loc
    figures = sum(_is_figure(table_of_file(inputs.catalogue, f.package, f.path), c.column)
                  for f in commit.files for c in f.cells)
    if figures:
        return loc.t("pages.changes.figures_changed", count=loc.number(figures))
    counts = _counts(sum(f.added for f in commit.files), sum(f.removed for f in commit.files), 0, loc)
    return loc.t("pages.changes.rows_changed", counts=counts) if counts else loc.t("pages.changes.text_only")


def _package(inputs: PageInputs, name: str, version: str | None) -> dict:
    """A package a commit touched: by its title, with its page, if the data still has it
    (history may name a package since removed or renamed: by its name then), and its
    version once the commit was made (changelog.release)."""
    package = inputs.catalogue.packages.get(name)
    return {"name": one_line(name), "title": one_line(package.text("title", inputs.loc.lang)) if package else one_line(name),
            "page": package_path(name) if package else None, "version": version}


def _row(inputs: PageInputs, package: str, path: str, key: str) -> str:
    """A changed row in words where its key can be read with today's schema ("Tỷ lệ xã
    đạt chuẩn NTM nâng cao · Tỉnh Hà Tĩnh · Mục tiêu năm · 31/12/2024"); as its key otherwise
    (the key is the row's primary-key values, " | " between them: changelog.py)."""
    table = table_of_file(inputs.catalogue, package, path)
    fields = table.primary_key if table is not None else []
    values = key.split(" | ")
    if not fields or len(fields) != len(values):
        return one_line(key)
    words = [(value if said is None else said) for field, value in zip(fields, values)
             if (said := value_in_words(field, value, inputs.catalogue, inputs.loc)) != ""]
    return one_line(" · ".join(words))


def _field(inputs: PageInputs, package: str, path: str, column: str) -> str | Markup:
    """A changed cell's column by its label today, then its name in the file as code
    ("Trích dẫn ngắn short_citation_vi", as on the data-quality page); by its name
    alone where the data no longer has that table or column."""
    title = column_title(table_of_file(inputs.catalogue, package, path), column, inputs.loc)
    return Markup("{} <code>{}</code>").format(one_line(title), one_line(column)) if title else one_line(column)


def write_feed(target: Path, commits: list[Commit], title: str, page_url: str) -> Path:
    """An Atom feed of data updates; links are relative to the feed (no site URL is known at build time).

    Titles are Atom's default type "text": a reader shows them as typed."""
    updated = commits[0].date if commits else "1970-01-01T00:00:00Z"
    entries = []
    for c in commits:
        summary = "; ".join(f"{f.path}: +{f.added} −{f.removed} ~{f.changed_rows}" for f in c.files)
        entries.append(
            "<entry>"
            f"<id>urn:sha1:{xml_text(c.sha)}</id><title>{xml_text(c.message if c.message is not None else c.sha[:8])}</title>"
            f"<updated>{xml_text(c.date)}</updated>"
            f'<link href="{xml_text(page_url)}#{xml_text(c.sha[:8])}"/><summary>{xml_text(summary)}</summary>'
            "</entry>")
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>urn:ntm-ha-tinh:data-changes</id><title>{xml_text(title)}</title><updated>{xml_text(updated)}</updated>"
           f'<link href="{xml_text(page_url)}"/>' + "".join(entries) + "</feed>\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(xml, encoding="utf-8")
    return target


VIEWS = {"changes.md.j2": changes_page}
