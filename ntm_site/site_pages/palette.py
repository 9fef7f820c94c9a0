"""The colours that carry a meaning across the site's charts and maps.

Okabe & Ito's colour-blind-safe set. A status keeps its colour wherever it is
drawn (green met, vermilion not met), so that a reader who learnt it on one
chart reads every other chart and map by it. Kept apart from charts.py so that
the maps take it without loading the chart library.
"""
STATUS_COLOURS = {"met": "#009E73", "basically_met": "#56B4E9", "not_met": "#D55E00", "not_reported": "#BBBBBB"}
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
