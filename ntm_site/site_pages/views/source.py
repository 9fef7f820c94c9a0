"""/nguon/<source_id>/: a source document's text, an anchor per section, item and footnote.

The text is data: every character is escaped; only the report's own marks
are given a meaning (**bold**, *italic*, superscript footnote markers, which
become links to their footnote).
"""
from __future__ import annotations

import re
from markupsafe import Markup, escape

from ...data_in.source_files import source_file
from ...data_in.source_text import FOOTNOTE_MARKER, Block, footnote_anchor, footnote_markers, parse, sections
from . import PageInputs

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*(?!\*)")
FOOTNOTES_ANCHOR = "chu-thich"
CONTENTS_DEPTH = 4  # deeper headings are indented as the fourth level


def inline(text: str, footnotes: set[int]) -> Markup:
    """One block's text as HTML: escaped, with the report's emphasis and footnote links."""
    html = str(escape(text))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)

    def marker(match: re.Match) -> str:
        number = footnote_markers(match.group(0))[0]
        if number not in footnotes:
            return match.group(0)
        return f'<sup><a href="#{footnote_anchor(number)}">{number}</a></sup>'

    return Markup(FOOTNOTE_MARKER.sub(marker, html))


def source_page(inputs: PageInputs) -> dict:
    catalogue, project = inputs.catalogue, inputs.project
    source = catalogue.indexed("reference", "sources", "source_id").loc[inputs.spec.source]
    blocks: list[Block] = parse(source_file(project.root, source["file"]).read_text(encoding="utf-8"))
    footnotes = {b.footnote for b in blocks if b.kind == "footnote"}
    # The page's contents, its sections' headings as plain text (the theme's own list
    # knows only Markdown headings, and the report's are written as HTML).
    contents = [(b.id, min(b.level, CONTENTS_DEPTH), inline(b.text, set()).striptags()) for b in blocks if b.kind == "heading"]
    if footnotes:
        contents.append((FOOTNOTES_ANCHOR, 1, inputs.loc.t("source_page.footnotes")))
    return {
        "source": source,
        "source_id": inputs.spec.source,
        "groups": sections(blocks),
        "contents": contents,
        "footnotes_anchor": FOOTNOTES_ANCHOR,
        "inline": lambda block: inline(block.text, footnotes),
    }


VIEWS = {"source.md.j2": source_page}
