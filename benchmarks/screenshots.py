#!/usr/bin/env python3
"""Screenshots of the built site on a phone and on a desktop, for the README and for reviews.

    python benchmarks/screenshots.py OUT_FOLDER [--site SITE_FOLDER] [--readme]

Builds the site into a temporary folder (or takes an already built one with
--site), serves it on loopback and photographs the home page, a district
page, the targets page and the funding page at 390x844 (a common phone) and
1366x900 (a common laptop) with Debian's Chromium (or $CHROMIUM), one PNG per
page and size: OUT_FOLDER/<size>-<page>.png. --readme also writes the
README's small copies (PNG with a reduced palette, well under 150 KB each).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gzip_server import serve  # noqa: E402  (benchmarks/ helper, served as a production host would)

PAGES = {"home": "", "district": "dia-phuong/can-loc/", "targets": "muc-tieu/", "funding": "giai-ngan/"}
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
# As tests/conftest.py: the flags Debian's Chromium needs to run headless as root in a container.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The README's pictures: which shot, under which name.
README_SHOTS = {"phone-home.png": "phone-home", "phone-funding.png": "phone-funding",
                "desktop-targets.png": "desktop-targets"}
README_FOLDER = ROOT / "docs-readme"


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    raise SystemExit("Chromium not found: apt-get install chromium, or set CHROMIUM=/path/to/chrome")


def shoot(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    url, server = serve(site)
    shots = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            for size, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
                for name, path in PAGES.items():
                    page.goto(f"{url}/{path}", wait_until="networkidle")
                    page.evaluate("document.fonts.ready")
                    target = out / f"{size}-{name}.png"
                    page.screenshot(path=str(target))
                    shots.append(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return shots


def small_copy(source: Path, target: Path, colours: int = 64) -> None:
    """The same picture in a few dozen colours: a page of text and flat charts
    loses nothing visible and the file shrinks to a fraction."""
    from PIL import Image

    with Image.open(source) as image:
        reduced = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        reduced.save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("out", type=Path, help="folder for the screenshots")
    args.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    args.add_argument("--readme", action="store_true", help=f"also write the README's copies into {README_FOLDER.name}/")
    options = args.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site = options.site
        if site is None:
            from ntm_site.build import build
            from ntm_site.common.progress import ConsoleReporter
            from ntm_site.common.project import default_project

            project = default_project()
            site = Path(scratch) / "site"
            build(project, site, reporter=ConsoleReporter(project.messages))
        shots = shoot(site.resolve(), options.out)
    for shot in shots:
        print(f"{shot}  {shot.stat().st_size // 1024} KB")
    if options.readme:
        README_FOLDER.mkdir(exist_ok=True)
        for name, shot in README_SHOTS.items():
            small_copy(options.out / f"{shot}.png", README_FOLDER / name)
            print(f"{README_FOLDER / name}  {(README_FOLDER / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
