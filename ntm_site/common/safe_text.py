"""Data text made inert for each kind of output, and the one rule for URLs.

Every text from a file (descriptor, schema, CSV cell, commit message) is
written by whoever opens a pull request. Jinja2's autoescape makes it inert
in HTML; each other output has its own function here, so a template or a
writer picks the one for its context instead of escaping case by case:

- Markdown (headings, paragraphs, list items): `markdown_text`, then autoescape.
- YAML front matter, which the theme prints raw into <title> and <meta>: `yaml_text`.
- HTML shown as code for readers to copy (embed codes): `attribute_text`.
- URLs: `plain_url` admits absolute http(s) URLs only; `link` renders one as
  a plain <a>, anything else as text.
- XML (the Atom feed): `xml_text`.
- The CI job summary (GitHub-flavoured Markdown): `summary_text`.
- Every one-line text (`one_line`, under all of the above) loses control and
  invisible characters: that is how commit messages, which cannot be refused
  once made, are neutralised. In the data itself invisible characters are
  refused when it is validated (see invisible_text.py).

Chart specs never build an expression from data: a highlight is a field
predicate, which Vega-Lite quotes itself (see charts.py).
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Characters that change how text reads without being seen: the bidirectional
# controls (they can make a name display as another, "Trojan Source") and the
# zero-width characters (two names that look alike differ).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH


def code_point(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': a character named so it can be seen."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def show_invisible(text: str) -> str:
    """The text with each invisible character written as <U+XXXX>, for error messages."""
    return "".join(f"<U+{ord(c):04X}>" if c in INVISIBLE else c for c in text)


def one_line(value: object) -> str:
    """Whitespace (line and paragraph separators included) collapsed to single
    spaces; control and invisible characters, which no output should show,
    removed; lone surrogates, which no file can hold, replaced."""
    kept = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in str(value)
                   if c not in INVISIBLE and (c.isspace() or unicodedata.category(c) != "Cc"))
    return " ".join(kept.split())


# Characters Python-Markdown gives a meaning to and accepts a backslash escape
# for ('|' with the tables extension; '{' and '}' open attribute lists, which
# must never be read from data). HTML characters are left to autoescape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: object) -> str:
    """Data text for a Markdown context (heading, paragraph, list item): one
    line, with every Markdown character escaped, so it shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))


# JSON leaves these as they are, but YAML refuses some (C1 controls, U+FFFE)
# and reads others as line breaks (U+0085, U+2028, U+2029).
_YAML_UNSAFE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def yaml_text(value: object) -> Markup:
    """A value for the YAML front matter: HTML-escaped, JSON-quoted (JSON is
    YAML), one line. The theme prints page titles and descriptions into the
    HTML without escaping them, so the escaping must happen here."""
    quoted = json.dumps(html.escape(one_line(value)), ensure_ascii=False)
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted))


def attribute_text(value: object) -> str:
    """Data text for an attribute of HTML that is itself shown as text (the
    embed code readers copy into their own pages): escaped once here for the
    attribute they will paste, and once more by autoescape for showing it."""
    return html.escape(one_line(value), quote=True)


def plain_url(value: object) -> str | None:
    """`value` if it is an absolute http(s) URL with a host, else None.

    Nothing is repaired: a URL with whitespace, control or invisible
    characters, an entity, a backslash or another scheme (javascript:, data:,
    vbscript:, protocol-relative //...) is refused whole, so no browser can read
    it differently from this check."""
    if not isinstance(value, str) or not value.isascii():
        return None
    if any(not c.isprintable() or c.isspace() or c == "\\" for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(f"{parts.scheme.lower()}://"):
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    return value if host and not host.startswith(":") else None


def link(url: object, text: object, rel: str | None = None) -> Markup:
    """A plain link to an http(s) URL from data; for any other URL, the text alone."""
    safe = plain_url(url)
    if safe is None:
        return escape(one_line(text))
    if rel:
        return Markup('<a href="{}" rel="{}">{}</a>').format(safe, rel, one_line(text))
    return Markup('<a href="{}">{}</a>').format(safe, one_line(text))


# Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF):
# one of them would make the whole feed unreadable.
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """Text for an XML element or attribute value."""
    return html.escape(one_line(_XML_FORBIDDEN.sub("", str(value))), quote=True)


# CommonMark lets every ASCII punctuation character be escaped with a
# backslash; escaping them all leaves no markup (links, images, HTML, tables,
# emphasis, entities) that GitHub could render from a value.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def summary_text(value: object) -> str:
    """Data text for the CI job summary (GitHub-flavoured Markdown), shown as typed, on one line."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", one_line(show_invisible(str(value))))
