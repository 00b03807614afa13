"""Rules on dates: on the calendar, in order, within the timeline's bounds, and checked days in the past."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from .. import schema
from ..dates import DateError, PartialDate, parse_full_date
from ..problems import WARNING, Problem
from . import EntryFile


def event_dates(f: EntryFile) -> dict[str, PartialDate]:
    """The entry's ``date`` and ``end_date`` that are well formed and on the calendar."""
    out = {}
    for key in ("date", "end_date"):
        if f.fine(key):
            try:
                out[key] = PartialDate.parse(f.data[key])
            except DateError:
                pass
    return out


def checked_days(f: EntryFile) -> Iterator[tuple[tuple, object]]:
    """The path and value of every day someone checked something: sources' accessed, and as_of."""
    for path, source in f.sources():
        if f.fine(*path, "accessed"):
            yield path + ("accessed",), source["accessed"]
    if f.fine("as_of"):
        yield ("as_of",), f.data["as_of"]


def a_year_after(day: _dt.date) -> _dt.date:
    """The same day next year (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def dates_are_on_the_calendar(f: EntryFile) -> Iterator[Problem]:
    """date and end_date are real dates (no 30 February, no month 13)."""
    for key in ("date", "end_date"):
        if f.fine(key):
            try:
                PartialDate.parse(f.data[key])
            except DateError as exc:
                yield f.problem((key,), f"{key}: {exc}")


def years_within_bounds(f: EntryFile) -> Iterator[Problem]:
    """Every date's year lies within the timeline's bounds, whether written as a number or as text."""
    low, high = schema.date_bounds()
    for key, date in event_dates(f).items():
        if not low <= date.year <= high:
            yield f.problem((key,), f"{key} {date.iso()}: the year must be between {low} and {high}; "
                            "check the date for a typing error")


def end_not_before_start(f: EntryFile) -> Iterator[Problem]:
    """An end_date is not before the date."""
    dates = event_dates(f)
    start, end = dates.get("date"), dates.get("end_date")
    if start and end and end.last_day() < start.first_day():
        yield f.problem(("end_date",), f"end_date {end.iso()} is before date {start.iso()}: swap them or correct one")


def checked_days_are_real_and_past(f: EntryFile) -> Iterator[Problem]:
    """An accessed or as_of day is a real day, and not in the future."""
    for path, value in checked_days(f):
        try:
            day = parse_full_date(value)
        except DateError as exc:
            yield f.problem(path, f"{path[-1]}: {exc}")
            continue
        if day > f.context.today:
            yield f.problem(path, f"{path[-1]} {day.isoformat()} is in the future: use the day you checked")


def only_plans_lie_ahead(f: EntryFile) -> Iterator[Problem]:
    """(warning) Only a plan is dated more than a year ahead."""
    horizon = a_year_after(f.context.today)
    if f.data.get("status") in schema.open_statuses():
        return
    for key, date in event_dates(f).items():
        if date.first_day() > horizon:
            yield f.problem((key,), f"{key} {date.iso()} is more than a year ahead: only a plan can be dated in the "
                            "future; add status: announced and as_of, or correct the date", WARNING)


def dated_list_problems(f: EntryFile, key: str, item: str, future: bool) -> Iterator[Problem]:
    """The dates of a list (a series' points, a plan's status history): each on the calendar and within
    the timeline's bounds, in time order, and (unless ``future``) not after today."""
    items = f.data.get(key)
    low, high = schema.date_bounds()
    last = None
    for i, value in enumerate(items if isinstance(items, list) and key not in f.failed else []):
        if not isinstance(value, dict) or not f.fine(key, i, "date"):
            continue
        path, field = (key, i, "date"), f"{key}.{i}.date"
        try:
            date = PartialDate.parse(value["date"])
        except DateError as exc:
            yield f.problem(path, f"{field}: {exc}")
            continue
        if not low <= date.year <= high:
            yield f.problem(path, f"{field} {date.iso()}: the year must be between {low} and {high}")
        elif not future and date.first_day() > f.context.today:
            yield f.problem(path, f"{field} {date.iso()} is in the future")
        elif last is not None and date.sort_key() < last.sort_key():
            yield f.problem(path, f"{field} {date.iso()} comes before the {item} above it ({last.iso()}): keep "
                            "them oldest first")
        last = date


RULES = [dates_are_on_the_calendar, years_within_bounds, end_not_before_start, checked_days_are_real_and_past,
         only_plans_lie_ahead]
