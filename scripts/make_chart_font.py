"""Write the charts' own font, `ntm_site/site_pages/chart_font/`, from Liberation Sans.

Run once when the font's source or its characters change; the two files it
writes are committed. The renderer draws chart text with this font whatever
fonts a machine has installed (see chart_font/README.md for why), so it must
hold every character a chart of the site shows: tests/test_chart_font.py
checks that it does.

    apt-get download fonts-liberation2 && dpkg-deb -x fonts-liberation2_*.deb /tmp/lib2
    .venv/bin/python scripts/make_chart_font.py /tmp/lib2/usr/share/fonts/truetype/liberation2

(fontTools is among the pinned packages, requirements.txt.)

The input is Liberation Sans 2.1.5 (Debian's fonts-liberation2 2.1.5-1),
under the SIL Open Font License 1.1 with the Reserved Font Name "Liberation":
a subset is a modified version, so it is renamed ("NTM Chart Sans").
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "ntm_site" / "site_pages" / "chart_font"
FAMILY = "NTM Chart Sans"
# Vietnamese and English text, figures and the signs the charts use: Latin with
# its supplements, the Vietnamese letters (precomposed and as combining marks),
# dashes, quotes and spaces, currency (đồng, euro), arrows, minus, <= and >=.
CHARACTERS = [(0x20, 0x7E), (0xA0, 0x17F), (0x1A0, 0x1A1), (0x1AF, 0x1B0), (0x300, 0x323),
              (0x1EA0, 0x1EF9), (0x2000, 0x206F), (0x20AB, 0x20AC), (0x2190, 0x2193),
              (0x2212, 0x2212), (0x2264, 0x2265)]
STYLES = {"Regular": "LiberationSans-Regular.ttf", "Bold": "LiberationSans-Bold.ttf"}


def renamed_subset(source: Path, style: str) -> TTFont:
    font = TTFont(source, recalcTimestamp=False)  # the same input writes the same bytes
    options = subset.Options()
    options.layout_features = ["*"]  # kerning kept: text is measured as the full font measures it
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # the renderer does not use hinting
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in CHARACTERS for code in range(first, last + 1)])
    subsetter.subset(font)
    names = {1: FAMILY, 16: FAMILY, 4: FAMILY if style == "Regular" else f"{FAMILY} {style}",
             6: f"NTMChartSans-{style}", 3: f"NTMChartSans-{style}; subset of Liberation Sans 2.1.5"}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    return font


def main(source_dir: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for style, filename in STYLES.items():
        target = OUT / f"NTMChartSans-{style}.ttf"
        renamed_subset(Path(source_dir) / filename, style).save(target)
        print(f"{target.relative_to(OUT.parent.parent.parent)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
