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


# A list whose every item is something a reader looks up by name (the 69 new communes
# and wards, `data-search-entries` on the list, an id on each item): in the section
# holding it, ten thousand letters long, a name typed whole ranked below pages that
# only share a word with it. Each item becomes a record of its own, titled by its
# <strong> name and opening at its id; the section keeps its words before the list.
_ENTRY_LIST = re.compile(r'<ul\b[^>]*\sdata-search-entries\b[^>]*>(.*?)</ul>', re.S)
_ENTRY = re.compile(r'<li id="([^"]+)"[^>]*>\s*<strong>(.*?)</strong>(.*?)</li>', re.S)
_LISTED = re.compile(r"<ul>.*?</ul>", re.S)


def add_entry_records(docs: list[dict], site: Path) -> list[dict]:
    """`docs` with a record for each entry of each page's entry list (see above), after
    the record of the section holding the list."""
    out, pages = [], {}
    for doc in docs:
        out.append(doc)
        page = doc["location"].split("#")[0]
        if page not in pages:
            html_file = site / page / "index.html"
            html = html_file.read_text(encoding="utf-8") if html_file.is_file() else ""
            pages[page] = [m.group(1) for m in _ENTRY_LIST.finditer(html)]
        lists = pages[page]
        entries = list(_ENTRY.finditer(lists[0])) if lists and "#" in doc["location"] else []
        if not entries or entries[0].group(2) not in doc.get("text", ""):
            continue  # not the section holding the page's list
        pages[page] = lists[1:]
        # The list as the index holds it: the <ul> holding the first entry's name.
        listed = [m for m in _LISTED.finditer(doc["text"]) if entries[0].group(2) in m.group(0)]
        if listed:
            doc["text"] = (doc["text"][:listed[0].start()] + doc["text"][listed[0].end():]).strip()
        for entry in entries:
            # Its links' words without the links: a result's text is shown on whatever page searched.
            text = re.sub(r"</?a\b[^>]*>", "", entry.group(3)).strip(" :")
            record = {**doc, "location": f"{page}#{entry.group(1)}", "title": _plain(entry.group(2)),
                      "text": f"<p>{text}</p>"}
            if "level" in doc:  # Zensical's: one level under the section's
                record["level"] = str(int(doc["level"]) + 1)
            out.append(record)
    return out


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def add_folded_words(index_path: Path, records: str = "docs", site: Path | None = None) -> None:
    """Add the folded words of each record (page section) of a search index, after a
    record for each entry of a page's entry list (`site`: the language's site folder).

    `records` names the index's list of sections: "docs" in MkDocs' index,
    "items" in Zensical's. Zensical's index names no fields (its worker
    searches title, text and path only), so there the folded words can only
    join the text, and its results show them.
    """
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if site is not None:
        index[records] = add_entry_records(index[records], site)
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
