"""/thay-doi/: what changed in the data, from git history, and its Atom feed."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from ..changelog import Commit
from . import PageInputs

CELLS_SHOWN = 25  # per file; the rest is counted


def changes_page(inputs: PageInputs) -> dict:
    loc = inputs.loc
    entries = []
    for commit in inputs.changes:
        files = []
        for f in commit.files:
            files.append({
                "path": f.path, "package": f.package, "added": f.added, "removed": f.removed,
                "changed_rows": f.changed_rows, "bump": loc.code("version_bump", f.bump),
                "columns_added": f.columns_added, "columns_removed": f.columns_removed,
                "cells": [[c.key, c.column, c.before, c.after] for c in f.cells[:CELLS_SHOWN]],
                "more": max(len(f.cells) - CELLS_SHOWN, 0),
                # A file git cannot give back as CSV in this commit is said so, never a stopped build.
                "unreadable": f.unreadable and loc.t("build_safety.history.unreadable_file",
                                                     reason=loc.t(f"build_safety.history.reasons.{f.unreadable}")),
            })
        message = commit.message if commit.message is not None else loc.t("build_safety.history.unreadable_message")
        entries.append({"sha": commit.sha, "short": commit.sha[:8], "date": loc.date(commit.date[:10]),
                        "message": message, "packages": commit.packages, "files": files})
    return {"entries": entries}


def write_feed(target: Path, commits: list[Commit], title: str, page_url: str) -> Path:
    """An Atom feed of data updates; links are relative to the feed (no site URL is known at build time)."""
    updated = commits[0].date if commits else "1970-01-01T00:00:00Z"
    entries = []
    for c in commits:
        summary = "; ".join(f"{f.path}: +{f.added} −{f.removed} ~{f.changed_rows}" for f in c.files)
        entries.append(
            "<entry>"
            f"<id>urn:sha1:{c.sha}</id><title>{escape(c.message if c.message is not None else c.sha[:8])}</title><updated>{c.date}</updated>"
            f'<link href="{page_url}#{c.sha[:8]}"/><summary>{escape(summary)}</summary>'
            "</entry>")
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>urn:ntm-ha-tinh:data-changes</id><title>{escape(title)}</title><updated>{updated}</updated>"
           f'<link href="{page_url}"/>' + "".join(entries) + "</feed>\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(xml, encoding="utf-8")
    return target


VIEWS = {"changes.md.j2": changes_page}
