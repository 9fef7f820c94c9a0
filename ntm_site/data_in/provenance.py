"""Provenance as readers follow it: a figure's place in its source document,
printed as text and linked to the anchor on the source's page.

The anchors are those of source_text (one per section, item and footnote), so
a link from any table, chart or headline opens the report where the figure is.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..common.i18n import Localiser
from .source_text import OPENING, footnote_anchor, section_anchor

# Where the source documents' pages are: /nguon/<source_id>/ (a published URL).
SOURCE_FOLDER = "nguon"


def source_path(source_id: str) -> str:
    """The source page's path from the root of a language's build."""
    return f"{SOURCE_FOLDER}/{source_id}/"


# Where each data package is published, its page and its files: /du-lieu/<package>/.
PACKAGES_FOLDER = "du-lieu"


def package_path(package: str) -> str:
    """A package's folder (its page and downloads) from the root of a language's build."""
    return f"{PACKAGES_FOLDER}/{package}/"


@dataclass(frozen=True)
class SourceRef:
    """Where in its source document a figure is: 'mục A.II.1.1, chú thích 10'.

    Printed as is, it is plain text (escaped in HTML); `link(root)` makes each
    section and footnote a link to its anchor on the source's page
    (/nguon/<source_id>/), for a page whose way to the site root is `root`.
    """
    source_id: str
    sections: tuple[str, ...]
    footnote: int | None
    loc: Localiser
    # (section, paragraph anchor): where a section's link lands instead of its
    # heading, the paragraph about the row's unit in a long section.
    landings: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self._render(lambda text, anchor: text)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def href(self, root: str, anchor: str) -> str:
        return f"{root}{source_path(self.source_id)}#{anchor}"

    def section_target(self, section: str) -> str:
        """The anchor a section's link opens: its paragraph about the unit, or its heading."""
        return dict(self.landings).get(section, section_anchor(section))

    def link(self, root: str) -> Markup:
        return self._render(lambda text, anchor: Markup('<a href="{}">{}</a>').format(self.href(root, anchor), text), escape)

    def link_sections(self, root: str) -> list[Markup]:
        """Each section as a link, its name as the text (for a list of sections)."""
        return [Markup('<a href="{}">{}</a>').format(self.href(root, self.section_target(s)), s) for s in self.sections]

    def anchors(self) -> list[str]:
        """The anchors this reference links to, the footnote's last."""
        found = [self.section_target(s) for s in self.sections]
        return found + ([footnote_anchor(self.footnote)] if self.footnote is not None else [])

    def _render(self, linked, kind=str):
        join = kind("; ").join
        opening = [linked(self.loc.t("source_page.opening"), self.section_target(s)) for s in self.sections if s == OPENING]
        numbered = [linked(s, self.section_target(s)) for s in self.sections if s != OPENING]
        parts = []
        if numbered:
            parts.append(kind(self.loc.t("source.section", section="{section}")).format(section=join(numbered)))
        parts += opening
        text = join(parts)
        if self.footnote is not None:
            text += kind(self.loc.t("source.footnote", footnote="{footnote}")).format(
                footnote=linked(str(self.footnote), footnote_anchor(self.footnote)))
        return text


def markup_message(loc: Localiser, message: str, **params) -> Markup:
    """A message with HTML in its parameters (a linked SourceRef): the
    message's own text and plain parameters are escaped, Markup kept."""
    return escape(loc.t(message)).format(**params)


def many_rows_ref(source_id: str, sections, loc: Localiser) -> SourceRef:
    """One reference for many rows of one source (a chart's): their sections, in order, once each."""
    unique = dict.fromkeys(s for group in sections for s in str(group).split("; "))
    return SourceRef(source_id, tuple(unique), None, loc)


def published_sources(catalogue) -> list[str]:
    """Sources whose text the site publishes at /nguon/<source_id>/: those with a `file`.
    A reference to any other source names its sections without linking them."""
    sources = catalogue.reference.tables["sources"].frame
    return [row["source_id"] for _, row in sources.iterrows() if isinstance(row.get("file"), str) and row["file"]]
