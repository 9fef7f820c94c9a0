"""The source report's plain text as blocks, each with a stable anchor.

The data's `section` column names places in the report by its own numbering
(A, A.I, A.I.2, A.II.1.4.b, C.II.4) and its `footnote` column by footnote
number; the anchors here are made from those same names, so a figure's
provenance can link to the exact place (`#muc-A.II.1.4.b`, `#chu-thich-10`).

The text is as received: paragraphs separated by blank lines, part headings
"A." to "C." (sometimes in **bold**), roman sub-parts, decimal numbering
("1.3.1.", once "2" without its dot), lettered items ("a)"), footnote markers
as superscript digits and footnote texts wherever the page ended. A page break
can cut a sentence: the rest, starting in lower case after footnote texts,
is joined back to its paragraph. Nothing here knows about HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..common.i18n import UNIT_TYPE_WORDS

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# The opening paragraph (before part A) has no number in the report; the data
# names it "0" (see datapackages/README.md).
OPENING = "0"

_PART = re.compile(r"^\**([A-C])\.\s+(.*?)\**$", re.S)
_ROMAN = re.compile(r"^([IVX]+)\.\s+(.*)$", re.S)
# "1.3.1. Hạ tầng", "2. Tiến độ" and the report's one "2 Chương trình OCOP" (no dot).
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)(?:\.\s+|\s+(?=[A-ZĐÀ-Ỹ]))(.*)$", re.S)
_LETTERED = re.compile(r"^([a-z])\)\s+(.*)$", re.S)
_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(.*)$", re.S)
# A footnote marker: superscript digits, except a unit's square or cube ("4 m²").
FOOTNOTE_MARKER = re.compile(rf"(?<!\bm)([{SUPERSCRIPT_DIGITS}]+)")
_CLOSING = "Nơi nhận:"
# Numbered paragraphs longer than this are items with their own text, not headings.
_HEADING_MAX = 150


@dataclass(frozen=True)
class Block:
    id: str  # the HTML anchor, stable across builds
    kind: str  # letterhead | opening | heading | item | paragraph | footnote | closing
    section: str  # the data's name for the place ("A.II.1.4.b"); "" outside the numbered parts
    text: str  # the block's text as in the report (label included), lines joined
    level: int = 0  # heading depth: 1 for a part (A.), 2 for I., 3 for 1., ...
    footnote: int | None = None  # the footnote's number, for kind "footnote"


def section_anchor(section: str) -> str:
    return f"muc-{section}"


def footnote_anchor(number: int) -> str:
    return f"chu-thich-{number}"


def footnote_markers(text: str) -> list[int]:
    return [int(m.group(1).translate(_TO_DIGIT)) for m in FOOTNOTE_MARKER.finditer(text)]


def _paragraphs(text: str) -> list[tuple[str, str]]:
    """(lines joined, lines kept) per paragraph: the letterhead and the
    signature keep their lines, the body's hard-wrapped lines are joined."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return [(" ".join(line.strip() for line in part.splitlines()), part) for part in parts]


def sections(blocks: list[Block]) -> list[list[Block]]:
    """Consecutive blocks of one place (a heading and its paragraphs), for
    grouping on the page; footnotes form a group of their own."""
    groups: list[list[Block]] = []
    for block in blocks:
        if groups and _group_key(groups[-1][0]) == _group_key(block):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _group_key(block: Block) -> str:
    return block.kind if block.kind in ("letterhead", "closing", "footnote") else block.section


def _starts_lower(text: str) -> bool:
    first = text.lstrip("*(-– ")[:1]
    return first.isalpha() and first.islower()


def parse(text: str) -> list[Block]:
    """The report as a list of blocks in reading order, footnote texts last.

    Raises ValueError when a block cannot be placed (a footnote text without a
    number, a numbered heading before any part), naming the paragraph.
    """
    blocks: list[Block] = []
    footnotes: list[Block] = []
    path: list[str] = []  # e.g. ["A", "II", "1", "3", "1"]
    roman_depth = 0  # len(path) of the roman level, where decimal numbering starts
    counts: dict[str, int] = {}  # paragraphs per section, for their own anchors
    used: set[str] = set()
    state = "letterhead"
    after_footnote = False

    def add(kind: str, text: str, level: int = 0, section: str | None = None) -> None:
        section = ".".join(path) if section is None else section
        anchor = section_anchor(section) if section else "van-ban"
        if kind not in ("heading", "item", "opening") or anchor in used:
            # Other paragraphs are numbered within their section: muc-A.II.1.1-3.
            counts[section] = counts.get(section, 0) + 1
            anchor = f"{anchor}-{counts[section]}"
        if anchor in used:
            raise ValueError(f"section {section!r} appears twice: {text[:60]!r}")
        used.add(anchor)
        blocks.append(Block(anchor, kind, section, text, level))

    for paragraph, lines in _paragraphs(text):
        if footnote := _FOOTNOTE.match(paragraph):
            number = int(footnote.group(1).translate(_TO_DIGIT))
            footnotes.append(Block(footnote_anchor(number), "footnote", ".".join(path), footnote.group(2), footnote=number))
            after_footnote = True
            continue
        if after_footnote and _starts_lower(paragraph) and blocks and blocks[-1].kind in ("paragraph", "item", "opening"):
            last = blocks[-1]
            blocks[-1] = Block(last.id, last.kind, last.section, f"{last.text} {paragraph}", last.level)
            after_footnote = False
            continue
        after_footnote = False
        if paragraph.startswith(_CLOSING):
            state = "closing"
        if state == "closing":
            add("closing", lines, section="")
            continue
        if state == "letterhead":
            add("letterhead", lines, section="")
            if paragraph.startswith("Kính gửi"):
                state = "opening"
            continue
        if part := _PART.match(paragraph):
            path[:] = [part.group(1)]
            roman_depth = 1
            add("heading", paragraph.strip("*"), level=1)
            state = "body"
            continue
        if state == "opening":
            if _ROMAN.match(paragraph) or _NUMBERED.match(paragraph) or _LETTERED.match(paragraph):
                raise ValueError(f"numbered paragraph before any part: {paragraph[:60]!r}")
            add("opening", paragraph, section=OPENING)
            continue
        if roman := _ROMAN.match(paragraph):
            path[:] = [path[0], roman.group(1)]
            roman_depth = 2
            add("heading", paragraph, level=2)
            continue
        if numbered := _NUMBERED.match(paragraph):
            path[:] = path[:roman_depth] + numbered.group(1).split(".")
            kind = "heading" if len(paragraph) <= _HEADING_MAX else "item"
            add(kind, paragraph, level=len(path))
            continue
        if lettered := _LETTERED.match(paragraph):
            # a) and b) sit under the last decimal heading, never under another letter.
            while path and path[-1].isalpha() and path[-1].islower():
                path.pop()
            path.append(lettered.group(1))
            kind = "heading" if len(paragraph) <= _HEADING_MAX else "item"
            add(kind, paragraph, level=len(path))
            continue
        add("paragraph", paragraph)
    # A footnote belongs where its marker is, not where the page ended.
    marked_in = {n: b.section for b in blocks for n in footnote_markers(b.text)}
    footnotes = [Block(f.id, f.kind, marked_in.get(f.footnote, f.section), f.text, footnote=f.footnote)
                 for f in sorted(footnotes, key=lambda b: b.footnote or 0)]
    return blocks + footnotes


def anchors(blocks: list[Block]) -> set[str]:
    return {b.id for b in blocks}


# What may open a paragraph before the name it is about ("+ Huyện Can Lộc: ...").
_LIST_MARK = "+-–•* "
# The first words of units' official names, to tell a full name ("Huyện Can Lộc").
_TYPE_WORDS = {word.split()[0].casefold() for word in UNIT_TYPE_WORDS}


def _long_section(blocks: list[Block], section: str) -> list[Block] | None:
    """The heading and paragraphs of `section` (footnotes apart), or None for a section of
    one paragraph, whose heading is as close as any paragraph link could be."""
    own = [b for b in blocks if b.section == section and b.kind != "footnote"]
    return own if len([b for b in own if b.id != section_anchor(section)]) >= 2 else None


def paragraph_naming(blocks: list[Block], section: str, names: tuple[str, ...]) -> str | None:
    """The anchor of the paragraph of `section` that a reader checking a figure
    about one unit wants, when the section is long enough to need one: the
    paragraph that opens with the unit's name ("+ Huyện Can Lộc: ..."), else the
    only one that names it. `names` are tried in turn (the full name, then any
    other form that names no other unit), as whole words in any case.

    None when the section's own heading is as close (a section of one
    paragraph, or one whose heading names the unit), and when no paragraph or
    several name it: which of several is the row's, the text cannot tell
    ("xã Mai Phụ, huyện Lộc Hà" and "huyện Lộc Hà đã được ... công nhận")."""
    own = _long_section(blocks, section)
    if own is None:
        return None
    for name in names:
        # "xã Đồng Môn, thành phố Hà Tĩnh": a full name after a comma says where
        # something smaller is, not what the unit did.
        after = r"(?<!, )" if name.split()[0].casefold() in _TYPE_WORDS else ""
        naming = re.compile(rf"{after}(?<!\w){re.escape(name)}(?!\w)", re.I)
        found = [b for b in own if naming.search(b.text)]
        opening = [b for b in found if naming.match(b.text.lstrip(_LIST_MARK))]
        best = opening if len(opening) == 1 else found if len(found) == 1 else []
        if best:
            return None if best[0].id == section_anchor(section) else best[0].id
        if found:
            return None
    return None


def _as_printed(number: str) -> str:
    """A pattern for a whole number as a Vietnamese text may print it: "1250" also as
    "1.250" (the thousands separator is a point; a comma is found too; not a space,
    which also parts two numbers: "1 250/12 000" would hold "250/12")."""
    groups = [number[max(0, end - 3):end] for end in range(len(number), 0, -3)][::-1]
    return "[.,]?".join(re.escape(group) for group in groups)


def _figure_pattern(figure: str) -> str:
    """A pattern for a figure as the report prints it: a count "60/181" (also "1.250/12.000"),
    or a rate "13.43%" printed "13,43%" (a decimal comma, maybe a space before the sign)."""
    if figure.endswith("%"):
        whole, _, decimals = figure[:-1].partition(".")
        return _as_printed(whole) + (f"[,.]{re.escape(decimals)}" if decimals else "") + r"\s?%"
    return "/".join(_as_printed(number) for number in figure.split("/"))


def paragraph_printing(blocks: list[Block], section: str, figure: str) -> str | None:
    """The anchor of the only paragraph of `section` that prints `figure` ("60/181",
    "13.43%") as a whole figure (not inside "160/1810"; "1250/2000" also as "1.250/2.000",
    "13.43%" as "13,43%"): where a province's count is, in a section that
    names the province throughout, so that no paragraph is about it by name.

    None when the section's own heading is as close (a section of one paragraph, or a
    heading that prints the figure), and when no paragraph or several print it."""
    own = _long_section(blocks, section)
    if own is None:
        return None
    printing = re.compile(rf"(?<![\d.,/]){_figure_pattern(figure)}(?![\d/]|[.,]\d)")
    found = [b for b in own if printing.search(b.text)]
    if len(found) != 1 or found[0].id == section_anchor(section):
        return None
    return found[0].id
