"""The source documents' texts: the `file` column of the sources table names
them in the repository's sources/ folder, and the site publishes each at
/nguon/<source_id>/.

The file name is data, so it is only ever a plain name inside sources/; a
name that is not one, or a missing file, or a text whose numbering cannot be
read, stops the build with a bilingual problem rather than a traceback.
"""
from __future__ import annotations

from pathlib import Path

from ..common.i18n import Messages
from ..common.problems import Problem
from .catalogue import Catalogue
from .source_text import parse


def source_file(root: Path, name: str) -> Path | None:
    """The path of a source's text, or None when `name` is not a plain file
    name of an existing file in `root`/sources/."""
    if not isinstance(name, str) or not name or Path(name).name != name or name.startswith("."):
        return None
    path = root / "sources" / name
    return path if path.is_file() else None


def _messages(messages: Messages, key: str, **params) -> dict:
    return {f"message_{lang}": messages.get(f"source_page.{key}", lang, **params) for lang in ("vi", "en")}


def source_file_problems(root: Path, catalogue: Catalogue, messages: Messages) -> list[Problem]:
    problems = []
    sources = catalogue.reference.tables["sources"]
    for number, (_, row) in enumerate(sources.frame.iterrows(), start=2):
        name = row.get("file")
        if not isinstance(name, str) or not name:
            continue  # a source without a text of its own (a decision cited for reference facts)
        where = dict(package="reference", file=sources.path.name, row=number, column="file", value=name)
        path = source_file(root, name)
        if path is None:
            problems.append(Problem(rule="source-file", **where, **_messages(messages, "file_missing")))
            continue
        try:
            parse(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            problems.append(Problem(rule="source-file", **where, **_messages(messages, "file_unreadable", error=error)))
    return problems
