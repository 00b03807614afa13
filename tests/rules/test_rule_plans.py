"""timeline_build/rules/plans.py and the schema's status fields: good and bad cases."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOOD, ROOT, assert_rule, write_entry


@pytest.mark.parametrize("changes, expected, severity", [
    ({"status": "announced", "as_of": "2026-11-01"}, None, "error"),
    ({"status": "completed"}, None, "error"),
    ({"status": "cancelled"}, None, "error"),
    ({"status": "announced"}, "missing key 'as_of' in the entry: a plan or pledge that is not finished", "error"),
    ({"status": "paused"}, "missing key 'as_of' in the entry", "error"),
    ({"status": "planned", "as_of": "2026-01-01"}, "status is 'planned', which is not one of: announced, "
                                                   "in-progress, paused, completed, cancelled", "error"),
    ({"as_of": "2026-01-01"}, "'as_of' needs 'status'", "error"),
    ({"status": "announced", "as_of": "2026-01-01"},
     "the status 'announced' was last checked on 2026-01-01, 330 days ago (more than 180)", "warning"),
    ({"status": "completed", "as_of": "2020-01-01"}, None, "error"),  # a finished plan is not re-checked
])
def test_plan_rules(project, changes, expected, severity):
    assert_rule(project, changes, expected, severity)


def test_stale_after_is_configurable(project):
    write_entry(project, {**GOOD, "status": "announced", "as_of": "2026-11-01"})
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "check", "--root", str(project),
                          "--stale-after", "7"], capture_output=True, text=True)
    assert run.returncode == 0  # warnings do not fail the check
    assert "1769-test-entry.yaml" in run.stdout and "more than 7" in run.stdout
