"""Text that a spreadsheet would run, or that no cell should hold.

One rule for every route into a download (CSV, XLSX, SQLite, ZIP): text that
could start a formula is refused at validation, never altered, so what is
published is what was entered. "Could start a formula" is generous, because
spreadsheets differ: after any leading whitespace (including no-break,
ideographic and zero-width spaces) the first character, read the way an
East Asian input method would (full-width `＝` is `=`), is one of `= + - @`,
or the text starts with a tab, carriage return or line feed.

Control characters (NUL, escape, line breaks...) are refused in cells: they
break CSV readers, terminals and chart labels, and no figure needs them.
"""
from __future__ import annotations

import re
import unicodedata

FORMULA_STARTS = frozenset("=+-@")
# Characters NFKC does not fold to ASCII but spreadsheets may still read as a sign.
_SIGN_LOOKALIKES = {"\u2212": "-", "\u2796": "-", "\u2795": "+"}
# Invisible characters Python's str.isspace() does not count as space.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_LINE_SEPARATORS = "\u2028\u2029"
# Unicode's control characters (category Cc, exactly U+0000-U+001F and U+007F-U+009F)
# and the line separators: one search per cell, every cell of every table is checked.
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_LINE_SEPARATORS}]")


def starts_formula(text: str) -> bool:
    """True if a spreadsheet opening this text might treat it as a formula."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    stripped = text.lstrip().lstrip(_INVISIBLE).lstrip()
    if not stripped:
        return False
    first = unicodedata.normalize("NFKC", stripped[0])[:1]
    return _SIGN_LOOKALIKES.get(first, first) in FORMULA_STARTS


def plain_number(text: str) -> bool:
    """A number as a CSV writes it ("-5", "25.4"): harmless even though it starts with a sign."""
    return bool(_PLAIN_NUMBER.match(text))


def control_character(text: str) -> str | None:
    """The first control character in `text` (as U+XXXX), or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None
