"""timeline_build/rules/ids.py: good and bad cases."""

from __future__ import annotations

import pytest

from conftest import GOOD, assert_rule


@pytest.mark.parametrize("name, expected, severity", [
    ("1769-test-entry", None, "error"),
    ("1769-a", None, "error"),
    ("Bad_Name", "the file name 'Bad_Name.yaml' is not a valid id: use lowercase words joined by hyphens, starting "
                 "with the year (e.g. 1769-bad-name.yaml)", "error"),
    ("watt", "(e.g. 1769-watt.yaml)", "error"),
    ("1770-test-entry", "the id starts with 1770 but the date is in 1769: for a new entry, rename the file to "
                        "1769-test-entry.yaml", "warning"),
    ("1769-" + "-".join(["word"] * 10), "characters long (keep it under 50)", "warning"),
])
def test_id_rules(project, name, expected, severity):
    assert_rule(project, {}, expected, severity, name=name)
    assert GOOD["date"].startswith("1769")
