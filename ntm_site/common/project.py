"""Where things live in a checkout, and the site settings from config/site.yml."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


from .i18n import Messages
from .yaml_files import read_yaml_file


@dataclass(frozen=True)
class Project:
    root: Path
    # Tests point these at copies; the defaults are the checkout's own folders.
    datapackages_dir: Path | None = field(default=None)
    # The published address (e.g. https://example.github.io/ntm/), when known.
    site_url: str | None = field(default=None)
    # The repository the site is built from (e.g. https://github.com/<owner>/<repo>),
    # where readers report errors when config/site.yml names none: CI knows it.
    repository_url: str | None = field(default=None)

    def __post_init__(self) -> None:
        # The published address: --site-url, else config/site.yml's `site_url`.
        if self.site_url is None:
            object.__setattr__(self, "site_url", self.settings.get("site_url") or None)

    def language_base(self, lang: str) -> str | None:
        """The absolute address of one language's build (the first language at
        the site's root, the others under /<lang>/), or None when unknown."""
        if not self.site_url:
            return None
        base = self.site_url.rstrip("/") + "/"
        return base if lang == self.settings["languages"][0] else f"{base}{lang}/"

    @property
    def datapackages(self) -> Path:
        return self.datapackages_dir or self.root / "datapackages"

    @property
    def schemas(self) -> Path:
        # Packages name their schemas as ../../schemas/<table>.json, so the
        # schemas folder always sits beside the datapackages folder.
        return self.datapackages.parent / "schemas"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def cache(self) -> Path:
        """The build cache: chart drawings and specs, validation findings, downloads (rebuilds reuse them)."""
        return self.root / "build" / "cache"

    @cached_property
    def settings(self) -> dict:
        return read_yaml_file(self.config / "site.yml")

    @cached_property
    def messages(self) -> Messages:
        return Messages.load(self.config / "messages.yml")

    @cached_property
    def rules(self) -> list[dict]:
        return read_yaml_file(self.config / "rules.yml")["rules"]


def default_project() -> Project:
    return Project(root=Path(__file__).resolve().parents[2])
