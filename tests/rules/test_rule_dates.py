"""timeline_build/rules/dates.py and the schema's date fields: good and bad cases."""

from __future__ import annotations

import pytest

from conftest import DELETE, assert_rule


@pytest.mark.parametrize("changes, expected, severity", [
    ({"date": "1769"}, None, "error"),
    ({"date": 1769}, None, "error"),
    ({"date": "1769-01"}, None, "error"),
    ({"date": "2016-02-29", "sources__0__accessed": "2026-01-03"}, "the id starts with 1769", "warning"),
    ({"date": "2016-02-30"}, "date: '2016-02-30' is not on the calendar: February 2016 has 29 days", "error"),
    ({"date": "1769-13"}, "date: '1769-13' has no month 13", "error"),
    ({"date": "1769-1-5"}, "date is '1769-1-5': write the date as YYYY, YYYY-MM or YYYY-MM-DD", "error"),
    ({"date": 99}, "date is 99: it must be between 1000 and 2200", "error"),
    ({"date": True}, "date should be text or a whole number, not true", "error"),
    # the bounds hold for text too, at every precision
    ({"date": "2300"}, "date 2300: the year must be between 1000 and 2200", "error"),
    ({"date": "2300-06"}, "date 2300-06: the year must be between 1000 and 2200", "error"),
    ({"date": "2300-01-01"}, "date 2300-01-01: the year must be between 1000 and 2200", "error"),
    ({"date": "0999-01-01"}, "date 0999-01-01: the year must be between 1000 and 2200", "error"),
    ({"end_date": "2300"}, "end_date 2300: the year must be between 1000 and 2200", "error"),
    ({"end_date": "1769-02"}, None, "error"),
    ({"end_date": "1768"}, "end_date 1768 is before date 1769-01-05: swap them or correct one", "error"),
    ({"end_date": "1769-01"}, None, "error"),  # January 1769 contains 5 January
    ({"qualifier": "circa"}, None, "error"),
    ({"qualifier": "approx"}, "qualifier is 'approx', which is not one of: circa, before, after", "error"),
    ({"sources__0__accessed": "2026-02-30"}, "accessed: '2026-02-30' is not on the calendar", "error"),
    ({"sources__0__accessed": "2027-01-01"}, "accessed 2027-01-01 is in the future: use the day you checked", "error"),
    ({"sources__0__accessed": "2026"}, "sources.0.accessed is '2026': write a full date as YYYY-MM-DD", "error"),
    ({"status": "announced", "as_of": "2026-12-01"}, "as_of 2026-12-01 is in the future", "error"),
    ({"date": "2031"}, "date 2031 is more than a year ahead: only a plan can be dated", "warning"),
    ({"date": "2031", "status": "announced", "as_of": "2026-11-01"}, "the id starts with 1769", "warning"),
])
def test_date_rules(project, changes, expected, severity):
    assert_rule(project, changes, expected, severity)


def test_a_source_without_accessed_gets_one_error_that_says_what_to_add(project):
    from conftest import problems_of, with_
    found = problems_of(project, with_(sources__0__accessed=DELETE))
    assert [p.message for p in found] == ["missing key 'accessed' in sources.0: add the day you read the source "
                                          "(accessed: YYYY-MM-DD)"]


def test_a_plan_may_lie_in_the_future(project):
    assert_rule(project, {"date": "2031", "status": "announced", "as_of": "2026-11-01"}, None,
                name="2031-test-entry")
