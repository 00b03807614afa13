"""Rules on a quantitative series: its points are dated, in order, in the series' unit, and tied only
to entries that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem, did_you_mean
from . import EntryFile, dates


def _points(f: EntryFile) -> Iterator[tuple[int, dict]]:
    points = f.data.get("points")
    for i, point in enumerate(points if isinstance(points, list) else []):
        if isinstance(point, dict):
            yield i, point


def points_are_dated(f: EntryFile) -> Iterator[Problem]:
    """Every point's date is on the calendar, within the timeline's bounds, and the points are in time order."""
    yield from dates.dated_list_problems(f, "points", "point", future=True)


def points_share_the_series_unit(f: EntryFile) -> Iterator[Problem]:
    """Every point's unit is the series' unit (convert a figure before writing it)."""
    unit = f.data.get("unit", {}).get("id") if isinstance(f.data.get("unit"), dict) else None
    for i, point in _points(f):
        if unit and f.fine("points", i, "unit") and point["unit"] != unit:
            yield f.problem(("points", i, "unit"), f"points.{i}.unit is '{point['unit']}' but the series is in "
                            f"'{unit}': convert the value to {unit} and write unit: {unit}")


def points_name_entries_that_exist(f: EntryFile) -> Iterator[Problem]:
    """A point's entry is an entry of the timeline."""
    known = f.context.entries
    for i, point in _points(f):
        if f.fine("points", i, "entry") and point["entry"] not in known:
            yield f.problem(("points", i, "entry"), f"unknown entry '{point['entry']}'"
                            f"{did_you_mean(point['entry'], known)}: it must name an entry file in timeline/entries/")


RULES = [points_are_dated, points_share_the_series_unit, points_name_entries_that_exist]
