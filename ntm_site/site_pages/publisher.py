"""Who publishes the site and how readers reach them, from config/site.yml.

Nothing here is invented: a blank setting stays blank and the pages say so
plainly ("not yet given"), for the office to fill in. The issue tracker is
derived from the repository's address, so it is written once.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class Publisher:
    names: dict  # {"vi": ..., "en": ...}; blank when not yet given
    email: str
    repository: str  # e.g. https://github.com/<owner>/<repo>; blank when not yet given

    @classmethod
    def from_settings(cls, settings: dict, built_from: str | None = None) -> "Publisher":
        """`built_from`: the repository the build runs in (the deploy workflow gives it),
        for a site whose configuration names none."""
        block = settings.get("publisher") or {}
        names = block.get("name") or {}
        return cls({lang: _text(names.get(lang)) for lang in ("vi", "en")}, _text(block.get("email")),
                   (_text(block.get("repository")) or _text(built_from)).rstrip("/"))

    def name(self, lang: str) -> str:
        return self.names.get(lang, "")

    @property
    def issues_url(self) -> str:
        return f"{self.repository}/issues" if self.repository.startswith("https://") else ""

    def report_url(self, title: str, body: str) -> str:
        """Where a reader reports an error: a new issue, else an e-mail, with the page (and figure) filled in."""
        if self.issues_url:
            return f"{self.issues_url}/new?{urlencode({'title': title, 'body': body})}"
        if self.email and "@" in self.email:
            return f"mailto:{quote(self.email, safe='@')}?{urlencode({'subject': title, 'body': body}, quote_via=quote)}"
        return ""
