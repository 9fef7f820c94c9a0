"""The frame a journalist's page gives an embedded chart: how wide and how tall.

The embed code is an iframe, and an iframe does not grow with what it shows:
too short, the chart's caption (its source) is cut off; too tall, a gap opens
in the article. Its page (embed.html.j2) shows the narrow drawing in a frame
narrower than the wide drawing and the wide one otherwise, never stretched,
so the frame is at most as wide as the wide drawing, and as tall as the
taller of the two layouts: a phone's, where the words take more lines, and
the wide one. The lines of text are counted in the chart font's widths
(chart_labels.text_width), with room to spare, since the reader's own font
draws them.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from .chart_labels import text_width

# embed.html.j2's layout, in px: the body's padding, and each text's font size,
# line height, the space after it, and whether it is bold.
PADDING = 8
TITLE = (16, 22.4, 2, True)
UNIT = (12, 16.8, 6, False)
CAPTION = (12, 16.8, 6, False)
# The narrowest column a phone gives an article's embed (a 320 px screen, the
# smallest still sold, less margins of 20 px), and how much wider the reader's font
# may set a line than the chart font does.
PHONE_COLUMN = 280
FONT_SLACK = 1.2
SPARE = 12  # px below the caption: a reader's font may still set a word more on a line


@dataclass(frozen=True)
class Frame:
    width: int  # at most; the frame is as wide as its column up to this
    height: int


def _lines(text: str, size: float, column: float, bold: bool = False) -> int:
    """Lines `text` takes at `size` px in a `column` px wide (words are not split)."""
    words, lines, line = text.split(), 0, 0.0
    space = text_width(" ", size, bold) * FONT_SLACK
    for word in words:
        width = text_width(word, size, bold) * FONT_SLACK
        if line and line + space + width <= column:
            line += space + width
        else:
            lines, line = lines + 1, width
    return max(lines, 1)


def _height(title: str, unit: str, caption: str, drawing_height: int, column: float) -> float:
    """The page's height with its text set `column` px wide. The drawing's full height: a
    frame narrower than the drawing shrinks it, but a wider one (a phone's column is
    anything from PHONE_COLUMN up) does not."""
    text = sum(_lines(words, size, column, bold) * line + after
               for words, (size, line, after, bold) in ((title, TITLE), (unit, UNIT), (caption, CAPTION)) if words)
    return 2 * PADDING + text + drawing_height


def frame(title: str, unit: str, caption_html: str, narrow: tuple[int, int], wide: tuple[int, int]) -> Frame:
    """The frame for a chart whose embed page shows `title`, `unit`, the drawings of the given
    (width, height) and a caption (HTML; its words are counted)."""
    caption = html.unescape(re.sub(r"<[^>]+>", "", caption_html))
    phone = _height(title, unit, caption, narrow[1], PHONE_COLUMN - 2 * PADDING)  # the text within the padding
    beside = _height(title, unit, caption, wide[1], wide[0])
    return Frame(width=wide[0] + 2 * PADDING, height=math.ceil(max(phone, beside) + SPARE))
