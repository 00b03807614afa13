"""Dates at their true precision: parsing, calendar checks and display in both languages."""

import pytest

from timeline_build.dates import DateError, PartialDate, format_date, parse_full_date


@pytest.mark.parametrize(
    "value, iso, precision",
    [
        (1712, "1712", "year"),
        ("1712", "1712", "year"),
        ("1964-04", "1964-04", "month"),
        ("1769-01-05", "1769-01-05", "day"),
        ("2016-02-29", "2016-02-29", "day"),
    ],
)
def test_good_dates(value, iso, precision):
    date = PartialDate.parse(value)
    assert date.iso() == iso
    assert date.precision == precision


@pytest.mark.parametrize(
    "value, message",
    [
        ("2016-02-30", "February 2016 has 29 days"),
        ("2015-02-29", "February 2015 has 28 days"),
        ("1769-13", "no month 13"),
        ("1769-00-10", "no month 0"),
        ("1769-01-32", "January 1769 has 31 days"),
        ("1769-1-5", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("5 January 1769", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "YYYY, YYYY-MM or YYYY-MM-DD"),
        (True, "not true/false"),
        (1769.5, "YYYY, YYYY-MM or YYYY-MM-DD"),
        (None, "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_bad_dates(value, message):
    with pytest.raises(DateError, match=message):
        PartialDate.parse(value)


@pytest.mark.parametrize(
    "value, qualifier, end, en, ja",
    [
        ("1764", "circa", None, "c. 1764", "1764年頃"),
        ("1964-04", None, None, "April 1964", "1964年4月"),
        ("1769-01-05", None, None, "5 January 1769", "1769年1月5日"),
        ("1800", "before", None, "before 1800", "1800年以前"),
        ("1800", "after", None, "after 1800", "1800年以降"),
        ("1926", None, "1933", "1926 – 1933", "1926年〜1933年"),
        ("1829-10-06", None, "1829-10-14", "6–14 October 1829", "1829年10月6日〜14日"),
        ("1829-10-06", None, "1829-11-14", "6 October – 14 November 1829", "1829年10月6日〜11月14日"),
        ("2025-01", None, "2025-03", "January – March 2025", "2025年1月〜3月"),
        ("2025-09", None, "2026", "September 2025 – 2026", "2025年9月〜2026年"),
        ("1764", "circa", "1770", "c. 1764 – 1770", "1764年頃〜1770年"),
    ],
)
def test_format(value, qualifier, end, en, ja):
    date = PartialDate.parse(value)
    end_date = PartialDate.parse(end) if end else None
    assert format_date(date, "en", qualifier, end_date) == en
    assert format_date(date, "ja", qualifier, end_date) == ja


def test_ranges_of_partial_dates():
    assert PartialDate.parse("1800").last_day().isoformat() == "1800-12-31"
    assert PartialDate.parse("2016-02").last_day().isoformat() == "2016-02-29"
    assert PartialDate.parse("1800-05").first_day().isoformat() == "1800-05-01"


def test_sorting_puts_less_precise_dates_first_within_their_year():
    dates = [PartialDate.parse(v) for v in ("1769-01-05", "1769", "1712", "1769-01")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == ["1712", "1769", "1769-01", "1769-01-05"]


def test_full_dates_need_a_day():
    assert parse_full_date("2026-11-27").isoformat() == "2026-11-27"
    with pytest.raises(DateError, match="needs a day"):
        parse_full_date("2026-11")
