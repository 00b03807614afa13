"""Dates at their true precision: a year, a month or a day, optionally approximate.

``1769`` means "some time in 1769", not 1 January 1769, so a date here is a *range* with a
precision, and it is shown only as precisely as it is known ("c. 1764", "April 1964",
"5 January 1769"; 「1764年頃」「1964年4月」「1769年1月5日」).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import re

YEAR, MONTH, DAY = "year", "month", "day"
QUALIFIERS = ("circa", "before", "after")

_DATE_RE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")

_MONTHS_EN = [
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]


class DateError(ValueError):
    """A date that cannot be: wrong form, or not on the calendar."""


@dataclasses.dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a YAML int is a year)."""
        if isinstance(value, bool):
            raise DateError("a date is not true/false; write YYYY, YYYY-MM or YYYY-MM-DD")
        if isinstance(value, int):
            value = f"{value:04d}"
        if not isinstance(value, str):
            raise DateError("write the date as YYYY, YYYY-MM or YYYY-MM-DD")
        m = _DATE_RE.match(value.strip())
        if not m:
            raise DateError(f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(m["y"])
        month = int(m["m"]) if m["m"] else None
        day = int(m["d"]) if m["d"] else None
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{value}' has no month {month}; months run from 01 to 12")
        if day is not None:
            last = calendar.monthrange(year, month or 1)[1]  # the pattern gives no day without a month
            if not 1 <= day <= last:
                raise DateError(f"'{value}' is not on the calendar: {_MONTHS_EN[month or 1]} {year} has {last} days")
        return cls(year, month, day)

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        if self.day:
            return self.first_day()
        month = self.month or 12
        return _dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """The value for ``<time datetime>``: as precise as the date, no more."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def format(self, lang: str) -> str:
        if lang == "ja":
            text = f"{self.year}年"
            if self.month:
                text += f"{self.month}月"
                if self.day:
                    text += f"{self.day}日"
            return text
        if self.day:
            return f"{self.day} {_MONTHS_EN[self.month or 0]} {self.year}"
        if self.month:
            return f"{_MONTHS_EN[self.month]} {self.year}"
        return str(self.year)


def format_date(date: PartialDate, lang: str, qualifier: str | None = None,
                end: PartialDate | None = None) -> str:
    """A date as a reader sees it, with its qualifier and an optional end."""
    text = date.format(lang)
    if end is not None:
        text = _range(date, end, lang)
    if qualifier is None:
        return text
    if lang == "ja":  # the qualifier belongs to the start: 1764年頃〜1770年
        start = date.format(lang)
        suffix = {"circa": "頃", "before": "以前", "after": "以降"}[qualifier]
        return text.replace(start, start + suffix, 1)
    return {"circa": "c.", "before": "before", "after": "after"}[qualifier] + " " + text


def _range(start: PartialDate, end: PartialDate, lang: str) -> str:
    """A span without repeating what both ends share: "6–14 October 1829", 「1829年10月6日〜14日」."""
    same_year = start.year == end.year and start.precision == end.precision
    if lang == "ja":
        if same_year and start.day and start.month == end.month:
            return f"{start.format(lang)}〜{end.day}日"
        if same_year and start.month:
            return f"{start.format(lang)}〜" + end.format(lang)[len(f"{end.year}年"):]
        return f"{start.format(lang)}〜{end.format(lang)}"
    if same_year and start.day and start.month == end.month:
        return f"{start.day}–{end.format(lang)}"
    if same_year and start.day:
        return f"{start.day} {_MONTHS_EN[start.month or 0]} – {end.format(lang)}"
    if same_year and start.month:
        return f"{_MONTHS_EN[start.month]} – {end.format(lang)}"
    return f"{start.format(lang)} – {end.format(lang)}"


def parse_full_date(value: object) -> _dt.date:
    """A day-precise date (``accessed``, ``as_of``)."""
    date = PartialDate.parse(value)
    if date.precision != DAY:
        raise DateError(f"'{value}' needs a day: write YYYY-MM-DD")
    return date.first_day()
