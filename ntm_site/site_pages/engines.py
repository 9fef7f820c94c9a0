"""The static-site generators that turn the generated Markdown into HTML.

MkDocs with Material for MkDocs is the default. Material for MkDocs reaches
end of life in May 2027; its makers' successor, Zensical, reads the same
mkdocs.yml and theme overrides, so the same build runs with either
(`build_site.py build --engine zensical`), and a test keeps that path working
so the project can move when it must.
"""
from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


def run_mkdocs(config_file: Path, cache: Path | None = None) -> None:
    """`cache`: where the theme's compiled templates (templates/) and the pages' HTML
    (pages/, see kept_pages) are kept between builds."""
    from mkdocs.commands.build import build as mkdocs_build  # here: `validate` does not need MkDocs
    from mkdocs.config import load_config

    from .kept_pages import KeptPages

    # mkdocs logs through `logging`; make its warnings visible, and strict
    # mode turns them (broken links, missing files) into a failed build.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(config_file), strict=True)
    kept = None
    if cache is not None:
        _keep_compiled_templates(config.theme, cache / "templates")
        kept = KeptPages(cache / "pages")
        kept.install(config)
    mkdocs_build(config)
    if kept is not None:  # strict: the build ended without a warning
        kept.save()


def _keep_compiled_templates(theme, compiled: Path) -> None:
    """MkDocs compiles the theme's ~45 templates again in every build: about a tenth of
    a language's build once its charts are cached. Kept as the pages' own templates are
    (pages.environment); Jinja2 checks each against its source before using it."""
    from jinja2 import FileSystemBytecodeCache

    compiled.mkdir(parents=True, exist_ok=True)
    new_environment = theme.get_env

    def environment_keeping_compiled_templates():
        env = new_environment()
        env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
        return env

    theme.get_env = environment_keeping_compiled_templates


def run_zensical(config_file: Path, cache: Path | None = None) -> None:
    """`cache` is not used: Zensical compiles and converts in its own core."""
    # A child process: Zensical's Rust core reports some faults by aborting,
    # which must end this build, not the Python process running it.
    config_file = config_file.resolve()
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config_file)],
                            cwd=config_file.parent, capture_output=True, encoding="utf-8", errors="replace")
    if result.returncode != 0:
        raise RuntimeError(f"Zensical could not build {config_file.name}:\n{result.stdout}{result.stderr}")


@dataclass(frozen=True)
class Engine:
    run: Callable[[Path, Path | None], None]  # (derived mkdocs.yml, the build's cache folder)
    # Where the engine writes its search index within a language's site, and
    # the key of the list of indexed sections in that JSON file.
    search_index: str
    search_records: str


ENGINES = {
    "mkdocs": Engine(run_mkdocs, "search/search_index.json", "docs"),
    "zensical": Engine(run_zensical, "search.json", "items"),
}
