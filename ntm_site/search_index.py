"""Make the site search find Vietnamese words typed without diacritics.

Readers on phones often type "giai ngan" for "giải ngân". The theme's search
matches words as written, so after the site generator has written its index, each
page's text gets the diacritic-free spellings of its words that differ from
the originals. Results still show the original text.
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
    """The words of `text` whose folded spelling differs, folded, each once, in order."""
    seen, out = set(), []
    for word in _WORD.findall(text):
        folded = fold(word)
        key = folded.lower()
        if folded != word and key not in seen:
            seen.add(key)
            out.append(folded)
    return out


def add_folded_words(index_path: Path, records: str = "docs") -> None:
    """Append folded words to each record (page section) of a search index.

    `records` names the index's list of sections: "docs" in MkDocs' index,
    "items" in Zensical's.
    """
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in index[records]:
        extra = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if extra:
            doc["text"] = f"{doc.get('text', '')} {' '.join(extra)}".strip()
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
