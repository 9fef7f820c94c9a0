"""Message catalogue and locale-aware formatting.

Every label the site shows comes from `config/messages.yml` (or from the
name_vi / name_en columns of the data), so adding a language is a data change.
Numbers and dates are formatted with Babel so Vietnamese pages read 1.234,5.
"""
from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from .yaml_files import read_yaml_file

LANGUAGES = ("vi", "en")
BABEL_LOCALES = {"vi": "vi_VN", "en": "en"}


@functools.cache
def _babel_locale(lang: str) -> Locale:
    # Parsed once: babel given a locale's name loads its data again on every call,
    # a tenth of a district page's time when every number is formatted.
    return Locale.parse(BABEL_LOCALES[lang])


class MissingMessage(KeyError):
    """A key or a language is missing from the message catalogue."""


@dataclass(frozen=True)
class Messages:
    tree: dict

    @classmethod
    def load(cls, path: Path) -> "Messages":
        """`path` (config/messages.yml) plus every file of the folder beside it
        named like it (config/messages/*.yml), one per area of the site, so
        each area's words live together. A top-level key may be in one file only."""
        tree: dict = {}
        for part in [path, *sorted(path.with_suffix("").glob("*.yml"))]:
            loaded = read_yaml_file(part) or {}
            repeated = tree.keys() & loaded.keys()
            if repeated:
                raise ValueError(f"{part}: message groups {sorted(repeated)} are already defined in another file")
            tree.update(loaded)
        return cls(tree)

    def get(self, key: str, lang: str, **params: Any) -> str:
        node: Any = self.tree
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise MissingMessage(f"message '{key}' is not in the catalogue")
            node = node[part]
        if not isinstance(node, dict) or lang not in node:
            raise MissingMessage(f"message '{key}' has no '{lang}' text")
        text = node[lang]
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        try:
            self.get(key, LANGUAGES[0])
        except MissingMessage:
            return False
        return True

    def both(self, key: str, **params: Any) -> dict[str, str]:
        return {lang: self.get(key, lang, **params) for lang in LANGUAGES}


def nfc(text: str) -> str:
    # Vietnamese tone marks have two Unicode spellings; compare and publish one.
    return unicodedata.normalize("NFC", text)


def format_number(value: Any, lang: str, decimals: int | None = None) -> str:
    """Format a number for reading: '1.234,5' in Vietnamese, '1,234.5' in English."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    number = Decimal(str(value))
    if decimals is None:
        pattern = "#,##0.###"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=_babel_locale(lang))


def format_year(value: Any) -> str:
    """'2024' in every language: a year is a name for a period, not a quantity,
    so it never takes a thousands separator."""
    if value is None or (not isinstance(value, str) and value != value):
        return "–"
    return str(int(value))


def format_percent(value: Any, lang: str, decimals: int | None = None) -> str:
    """A value already in per cent (13.43) shown as '13,43%' / '13.43%'."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return format_number(value, lang, decimals) + "%"


def parse_number(text: str, lang: str) -> Decimal:
    """Inverse of format_number, for tests and for reading what pages show."""
    group, decimal = (".", ",") if lang == "vi" else (",", ".")
    return Decimal(text.replace(group, "").replace(decimal, "."))


def format_iso_date(value: Any, lang: str, patterns: dict[str, str]) -> str:
    """Show an ISO-8601 date of any precision (2024, 2024-06, 2024-05-31).

    `patterns` holds CLDR patterns for 'day' and 'month' precision; they come
    from the message catalogue because date style is a language choice.
    """
    parts = str(value).split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(str(value)), format=patterns["day"], locale=_babel_locale(lang))
    if len(parts) == 2:
        first_day = dt.date(int(parts[0]), int(parts[1]), 1)
        return format_date(first_day, format=patterns["month"], locale=_babel_locale(lang))
    return parts[0]


# The words that open a Vietnamese unit's official name ("Huyện Can Lộc", "Thị xã
# Kỳ Anh"); the report also names units without them ("các huyện Thạch Hà, Can Lộc").
UNIT_TYPE_WORDS = ("Tỉnh", "Thành phố", "Thị xã", "Huyện", "Phường", "Thị trấn", "Xã")


def unit_kind(name: str) -> str | None:
    """The word that opens a Vietnamese unit's official name ("Huyện" of "Huyện Can Lộc")."""
    return next((w for w in UNIT_TYPE_WORDS if name.startswith(w + " ")), None)


def in_running_text(name: str, lang: str) -> str:
    """A unit's official name inside a sentence: Vietnamese writes its kind in lower
    case there ("thuộc tỉnh Hà Tĩnh", "gắn với huyện Can Lộc"); English keeps it."""
    word = unit_kind(name) if lang == "vi" else None
    return word.lower() + name[len(word):] if word else name


@dataclass(frozen=True)
class Localiser:
    """Messages and number/date formatting bound to one language.

    Templates and chart builders take one of these, so they never need to
    know which language they are writing.
    """
    lang: str
    messages: Messages

    def t(self, key: str, **params: Any) -> str:
        return self.messages.get(key, self.lang, **params)

    def number(self, value: Any, decimals: int | None = None) -> str:
        return format_number(value, self.lang, decimals)

    def percent(self, value: Any, decimals: int | None = None) -> str:
        return format_percent(value, self.lang, decimals)

    def year(self, value: Any) -> str:
        """A year as a year: '2024', never through number formatting ('2.024')."""
        return format_year(value)

    def date(self, value: Any) -> str:
        return format_iso_date(value, self.lang, self.messages.tree["formats"]["date"][self.lang])

    def name(self, row: Any, column: str = "name") -> str:
        """The localised name column of a data row (name_vi / name_en)."""
        return row[f"{column}_{self.lang}"]

    def code(self, group: str, code: Any) -> str:
        """Label of a code from the data (status, capital type...)."""
        return self.t(f"codes.{group}.{code}")
