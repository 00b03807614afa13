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


PLEDGE = {"by": {"en": "A maker", "ja": "あるメーカー"}, "what": {"en": "Chips", "ja": "チップ"}}
STEP = {"date": "1769-01-05", "status": "announced", "note": {"en": "Announced.", "ja": "発表。"},
        "source": {"title": "Patent", "publisher": "An archive", "url": "https://example.org/p",
                   "accessed": "2026-01-03", "kind": "primary"}}
PLAN = {"status": "announced", "as_of": "2026-11-01"}


@pytest.mark.parametrize("changes, expected", [
    ({**PLAN, "pledge": {**PLEDGE, "amount": 1000, "unit": {"en": "GPUs", "ja": "基"}}}, None),
    ({**PLAN, "pledge": {**PLEDGE, "amount": 2e9, "currency": "GBP", "qualifier": "up-to", "deadline": "2027"}}, None),
    ({**PLAN, "pledge": PLEDGE}, None),  # a pledge without a figure
    ({**PLAN, "pledge": {**PLEDGE, "amount": 1000}}, "pledge.amount 1000 has no currency or unit: add currency"),
    ({**PLAN, "pledge": {**PLEDGE, "amount": 5, "currency": "GBP", "unit": {"en": "x", "ja": "x"}}},
     "pledge has both a currency and a unit"),
    ({**PLAN, "pledge": {**PLEDGE, "amount": 5, "currency": "BTC"}}, "pledge.currency is 'BTC', which is not one of"),
    ({**PLAN, "pledge": {**PLEDGE, "currency": "GBP"}}, "'currency' needs 'amount'"),
    ({**PLAN, "pledge": {"what": PLEDGE["what"]}}, "missing key 'by' in pledge"),
    ({"pledge": PLEDGE}, "'pledge' needs 'status'"),
    ({**PLAN, "status_history": [STEP]}, None),
    ({**PLAN, "status": "paused", "status_history": [STEP, {**STEP, "date": "2026-01", "status": "paused"}]}, None),
    ({**PLAN, "status": "paused", "status_history": [STEP]},
     "the history ends at 'announced' but the entry's status is 'paused'"),
    ({**PLAN, "status_history": [{**STEP, "date": "2026"}, STEP]},
     "comes before the step above it (2026): keep them oldest first"),
    ({**PLAN, "status_history": [{**STEP, "date": "2027-05"}]}, "status_history.0.date 2027-05 is in the future"),
    ({**PLAN, "status_history": [{**STEP, "source": {**STEP["source"], "kind": "maybe"}}]},
     "status_history.0.source.kind is 'maybe'"),
    ({**PLAN, "status_history": [{**STEP, "source": {**STEP["source"], "accessed": "2027-01-01"}}]},
     "accessed 2027-01-01 is in the future"),
])
def test_pledge_and_history_rules(project, changes, expected):
    assert_rule(project, changes, expected)
