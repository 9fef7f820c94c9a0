"""What MkDocs makes of each page's Markdown, kept between builds.

Once the charts are cached, a build spends about a third of its time in MkDocs
converting each page's Markdown to HTML and, in Material's search plugin, parsing
that HTML again for the search index, although a data commit changes few pages.
Each result is kept in the cache under the hash of everything it is made from: the
page's Markdown and front matter, the site's list of files (links are resolved
against it), the Markdown settings, the versions of the converters and our own
code. A page whose hash is kept is not converted again; its HTML, table of contents,
anchors and search entries are read back.

Only a build that MkDocs finished without a warning (strict mode) stores what it
made, so a page kept here never skips a warning its conversion would have given.
tests/test_build_speed.py checks that a build from kept pages writes the same bytes
as one without them.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.toc import AnchorLink, get_toc

from ..common.cache_files import code_digest, json_bytes, mark_used, store

SEARCH_PLUGIN = "material/search"


class KeptPages(BasePlugin):
    """A plugin for one MkDocs build (`install`), then `save` once it has succeeded."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.made: dict[Path, bytes] = {}  # stored only once the whole build has succeeded
        self._site_key: bytes | None = None
        self._page_keys: dict[int, bytes] = {}  # id(page) -> what its conversion is made from

    def install(self, config) -> None:
        config.plugins["ntm/kept-pages"] = self

    def save(self) -> None:
        for path, data in self.made.items():
            store(path, data)

    # --- MkDocs events ------------------------------------------------------------------------

    def on_pre_build(self, *, config) -> None:
        # After every plugin's on_config, which is where the search plugin makes its index.
        search = config.plugins.get(SEARCH_PLUGIN)
        if search is not None and getattr(search, "search_index", None) is not None:
            self._keep_search_entries(search)

    def on_pre_page(self, page, *, config, files):
        convert = page.render

        def convert_or_read(config, files):
            key = self._page_key(page, config, files)
            self._page_keys[id(page)] = key
            path = self._entry("html", key)
            if mark_used(path) and self._read_conversion(page, path, files):
                return
            convert(config, files)
            self.made[path] = json_bytes(_conversion(page))

        page.render = convert_or_read
        return page

    # --- Keys ---------------------------------------------------------------------------------

    def _entry(self, kind: str, key: bytes) -> Path:
        return self.folder / f"{kind}-{key.hex()}.json"

    def _page_key(self, page, config, files) -> bytes:
        if self._site_key is None:  # the files and settings are the same for every page of a build
            self._site_key = _site_key(config, files)
        return hashlib.sha256(self._site_key + json_bytes([page.file.src_uri, page.meta, page.markdown])).digest()

    def _keep_search_entries(self, search) -> None:
        index = search.search_index
        add_entries = index.add_entry_from_context
        settings = json_bytes(dict(search.config))

        def add_or_read(page):
            if id(page) not in self._page_keys:  # not converted through this plugin: nothing to key it by
                return add_entries(page)
            key = hashlib.sha256(self._page_keys[id(page)] + settings
                                 + json_bytes([page.url, page.title, page.meta])).digest()
            path = self._entry("search", key)
            if mark_used(path):
                entries = _read_json(path)
                if isinstance(entries, list):
                    index.entries.extend(entries)
                    return None
            first = len(index.entries)
            add_entries(page)
            self.made[path] = json_bytes(index.entries[first:])
            return None

        index.add_entry_from_context = add_or_read

    # --- Reading back -------------------------------------------------------------------------

    def _read_conversion(self, page, path: Path, files) -> bool:
        kept = _read_json(path)
        try:
            links = None
            if kept["links_to_anchors"] is not None:
                links = {files.get_file_from_path(src): anchors for src, anchors in kept["links_to_anchors"].items()}
                if None in links:
                    return False
            page.content = kept["content"]
            page.toc = get_toc(kept["toc"])
            page._title_from_render = kept["title"]
            page.present_anchor_ids = set(kept["anchors"])
            page.links_to_anchors = links
        except (KeyError, TypeError, AttributeError):  # not an entry this code wrote: convert instead
            return False
        return True


def _site_key(config, files) -> bytes:
    import markdown
    import mkdocs

    listed = sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files)
    settings = [mkdocs.__version__, markdown.__version__, config["markdown_extensions"], config["mdx_configs"],
                config["use_directory_urls"], str(config["validation"]), config["nav"], listed]
    return hashlib.sha256(code_digest() + json_bytes(settings)).digest()


def _conversion(page) -> dict:
    """What `Page.render` sets, as JSON."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_toc_token(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": None if links is None else {f.src_uri: anchors for f, anchors in links.items()},
    }


def _toc_token(item: AnchorLink) -> dict:
    return {"level": item.level, "id": item.id, "name": item.title,
            "children": [_toc_token(child) for child in item.children]}


def _read_json(path: Path):
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
