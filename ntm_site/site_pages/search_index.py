"""Make the site search find Vietnamese words typed without diacritics.

Readers on phones often type "giai ngan" for "giải ngân". The theme's search
matches words as written, so after the site generator has written its index,
each section gets the diacritic-free spellings of its words that differ from
the originals, where the search matches them but does not show them: results
show only the page's own words.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """'Giải ngân, Đức Thọ' -> 'Giai ngan, Duc Tho'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> list[str]:
    """The folded spellings of the words of `text` that are not words of it
    already ("Ha" for "Hà" is none where "Ha Tinh" is written too), each once, in order."""
    words = _WORD.findall(text)
    seen, out = {word.lower() for word in words}, []
    for word in words:
        folded = fold(word)
        if folded.lower() not in seen:
            seen.add(folded.lower())
            out.append(folded)
    return out


# Material for MkDocs' search worker indexes every field its index names in
# `config.fields` but shows only a section's title, text and tags. So the
# folded words get fields of their own, weighted as the field they come from:
# a title typed without diacritics ranks as the title does.
FOLDED_FIELDS = {"title": "title_folded", "text": "text_folded"}


def add_folded_words(index_path: Path, records: str = "docs") -> None:
    """Add the folded words of each record (page section) of a search index.

    `records` names the index's list of sections: "docs" in MkDocs' index,
    "items" in Zensical's. Zensical's index names no fields (its worker
    searches title, text and path only), so there the folded words can only
    join the text, and its results show them.
    """
    index = json.loads(index_path.read_text(encoding="utf-8"))
    fields = index.get("config", {}).get("fields")
    if fields is None:
        _append_to_text(index[records])
    else:
        _add_hidden_fields(index[records], fields)
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _add_hidden_fields(docs: list[dict], fields: dict) -> None:
    """Each section's title folded, so that a heading typed without diacritics
    finds its section; the text folded once per page, on the page's own record,
    so that the page is found. Folding every section's text would make the index,
    which every page fetches as it loads, a third bigger."""
    for shown, hidden in FOLDED_FIELDS.items():
        fields[hidden] = dict(fields.get(shown, {}))
    pages: dict[str, list[dict]] = {}
    for doc in docs:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
        title = folded_words(doc.get("title", ""))
        if title:
            doc["title_folded"] = " ".join(title)
    for location, sections in pages.items():
        page = next((doc for doc in sections if doc["location"] == location), sections[0])
        text = folded_words(" ".join(doc.get("text", "") for doc in sections))
        if text:
            page["text_folded"] = " ".join(text)


def _append_to_text(docs: list[dict]) -> None:
    for doc in docs:
        extra = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if extra:
            doc["text"] = f"{doc.get('text', '')} {' '.join(extra)}".strip()
