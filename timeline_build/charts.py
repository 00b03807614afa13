"""Pictures made at build time from the data: inline SVG, with a title and description for screen
readers, links that a keyboard reaches, and colours from the site's CSS (so dark mode works). Every
chart stands beside a text alternative (the list or the data table), rendered by its caller.

Pure functions, deterministic to the byte: the same data gives the same SVG.
"""

from __future__ import annotations

import math
from html import escape

from . import layout
from .i18n import t
from .model import Series, Timeline

WIDTH = 1000  # the drawing's own units; the SVG scales to the page's width
RIBBON_LANE = 36  # height of one era's lane: its label above, its band and marks below
RIBBON_AXIS = 26  # room for the year labels
RIBBON_MARKS = 400  # up to this many entries, one mark each; beyond, one mark per era and year
CHART_HEIGHT = 360
MARGIN = {"left": 70, "right": 20, "top": 20, "bottom": 40}


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing .0 (stable output, small files)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _year_ticks(first: int, last: int) -> list[int]:
    step = 50 if last - first > 150 else 25 if last - first > 60 else 10
    return list(range(math.ceil(first / step) * step, last + 1, step))


def ribbon(tl: Timeline, lang: str, page: str, last_year: int) -> str:
    """Every entry as a mark on one time axis, drawn to scale, with each era as a band in its lane."""
    first = min([era.start for era in tl.eras] + [e.date.year for e in tl.entries]) // 10 * 10
    last = last_year + 1
    width = WIDTH - 20

    def x(year: float) -> float:
        return 10 + width * (year - first) / (last - first)

    height = RIBBON_LANE * len(tl.eras) + RIBBON_AXIS
    title, desc = t(lang, "ribbon_title"), t(lang, "ribbon_desc", first=first, last=last_year, count=len(tl.entries))
    out = [f'<svg class="tl-ribbon" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="ribbon-title" '
           f'aria-describedby="ribbon-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="ribbon-title">{escape(title)}</title>', f'<desc id="ribbon-desc">{escape(desc)}</desc>']
    for year in _year_ticks(first, last_year):
        out.append(f'<line class="tl-grid" x1="{_n(x(year))}" x2="{_n(x(year))}" y1="0" '
                   f'y2="{height - RIBBON_AXIS + 4}"/>'
                   f'<text class="tl-tick" x="{_n(x(year))}" y="{height - 8}" text-anchor="middle">{year}</text>')
    lane_of = {era.id: i for i, era in enumerate(tl.eras)}
    for i, era in enumerate(tl.eras):
        top = i * RIBBON_LANE
        start, end = x(era.start), x((era.end or last_year) + 1)
        # a band's label starts at its left end, or, for the bands near the present, ends at the right edge
        label_x, anchor = (start, "start") if start < WIDTH * 0.6 else (WIDTH - 4, "end")
        out.append(f'<text class="tl-band-label" x="{_n(label_x)}" y="{top + 13}" text-anchor="{anchor}">'
                   f'{escape(era.title[lang])}</text>'
                   f'<rect class="tl-band tl-band--{i % 5}" x="{_n(start)}" y="{top + 18}" '
                   f'width="{_n(max(end - start, 2))}" height="14" rx="3"/>')
    if len(tl.entries) <= RIBBON_MARKS:  # a mark per entry
        for entry in tl.entries:
            date = entry.date
            year = date.year + ((date.month or 6) - 1) / 12 + ((date.day or 15) - 1) / 365
            label = f"{entry.date_text(lang)}: {entry.title[lang]}"
            out.append(_mark(layout.href(page, layout.entry_page(entry.id)), label, x(year),
                             lane_of[entry.era] * RIBBON_LANE + 25, 4))
    else:  # a mark per era and year, sized by how many entries it stands for, so the page stays small
        groups: dict[tuple[str, int], list] = {}
        for entry in tl.entries:
            groups.setdefault((entry.era, entry.date.year), []).append(entry)
        for (era, year), entries in groups.items():
            head = entries[0]
            target = layout.href(page, layout.listed_at(era, tl.era_position[head.id]), head.id)
            label = t(lang, "ribbon_group", year=year, count=len(entries), era=tl.era_by_id[era].title[lang])
            out.append(_mark(target, label, x(year + 0.5), lane_of[era] * RIBBON_LANE + 25,
                             min(3 + math.sqrt(len(entries)), 8)))
    out.append("</svg>")
    return "\n".join(out)


def _mark(href: str, label: str, cx: float, cy: float, r: float) -> str:
    return (f'<a href="{href}" aria-label="{escape(label)}"><circle class="tl-mark" cx="{_n(cx)}" cy="{_n(cy)}" '
            f'r="{_n(r)}"><title>{escape(label)}</title></circle></a>')


MAX_TICKS = 9  # value-axis labels; more decades than this are labelled every second or third


def _log_ticks(low: float, high: float) -> list[float]:
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    step = math.ceil((last - first + 1) / MAX_TICKS)
    last = first + math.ceil((last - first) / step) * step  # the top gridline is a labelled one too
    return [10.0 ** k for k in range(first, last + 1, step)]


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tick_label(value: float) -> str:
    """A value-axis label: plain below ten thousand, else a power of ten (10⁶)."""
    if 0.001 <= value < 10_000:
        return f"{value:g}"
    return "10" + str(round(math.log10(value))).translate(_SUPERSCRIPT)


def series_chart(series: Series, lang: str) -> str:
    """The series as points over time, on a log or linear value axis, each point labelled."""
    points = series.points
    years = [p.date.year + ((p.date.month or 6) - 1) / 12 for p in points]
    values = [p.value for p in points]
    first, last = math.floor(min(years)), math.ceil(max(years)) + 1
    if series.scale == "log":
        ticks = _log_ticks(min(values), max(values))
        low, high = math.log10(ticks[0]), math.log10(ticks[-1])
        def scale(v: float) -> float:
            return (math.log10(v) - low) / ((high - low) or 1)
    else:
        top = max(values) * 1.1
        step = 10 ** math.floor(math.log10(top))
        ticks = [step * k for k in range(0, int(top // step) + 2)]
        def scale(v: float) -> float:
            return v / ticks[-1]
    left, right = MARGIN["left"], WIDTH - MARGIN["right"]
    top_y, bottom = MARGIN["top"], CHART_HEIGHT - MARGIN["bottom"]

    def x(year: float) -> float:
        return left + (right - left) * (year - first) / ((last - first) or 1)

    def y(value: float) -> float:
        return bottom - (bottom - top_y) * scale(value)

    unit = series.unit[lang]
    cid = f"chart-{series.id}"
    desc = t(lang, "chart_desc", count=len(points), first=points[0].date.year, last=points[-1].date.year, unit=unit,
             scale=t(lang, f"scale_{series.scale}"))
    out = [f'<svg class="tl-chart" viewBox="0 0 {WIDTH} {CHART_HEIGHT}" role="img" aria-labelledby="{cid}-title" '
           f'aria-describedby="{cid}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{cid}-title">{escape(series.title[lang])}</title>',
           f'<desc id="{cid}-desc">{escape(desc)}</desc>']
    for value in ticks:
        out.append(f'<line class="tl-grid" x1="{left}" x2="{right}" y1="{_n(y(value))}" y2="{_n(y(value))}"/>'
                   f'<text class="tl-tick" x="{left - 6}" y="{_n(y(value) + 4)}" text-anchor="end">'
                   f'{escape(tick_label(value))}</text>')
    for year in _year_ticks(first, last):
        out.append(f'<text class="tl-tick" x="{_n(x(year))}" y="{bottom + 18}" text-anchor="middle">{year}</text>')
    out.append(f'<text class="tl-axis" x="{left}" y="{top_y - 6}">{escape(unit)}</text>')
    path = " ".join(f"{_n(x(year))},{_n(y(v))}" for year, v in zip(years, values, strict=True))
    out.append(f'<polyline class="tl-line" points="{path}"/>')
    for point, year in zip(points, years, strict=True):
        anchor = "end" if x(year) > left + (right - left) * 0.75 else "start"  # labels stay inside the chart
        dx = -8 if anchor == "end" else 8
        out.append(f'<circle class="tl-dot" cx="{_n(x(year))}" cy="{_n(y(point.value))}" r="5"/>'
                   f'<text class="tl-point-label" x="{_n(x(year) + dx)}" y="{_n(y(point.value) - 8)}" '
                   f'text-anchor="{anchor}">{escape(point.label[lang])}</text>')
    out.append("</svg>")
    return "\n".join(out)
