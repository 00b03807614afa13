"""timeline_build/rules/references.py: good and bad cases."""

from __future__ import annotations

import pytest

from conftest import GOOD, TODAY, assert_rule, write_entry
from timeline_build import Paths, load


@pytest.mark.parametrize("changes, expected", [
    ({"era": "steam", "sections": ["steam"], "related": ["1712-first-engine"], "tags": ["steam"]}, None),
    ({"era": "stem"}, "unknown era 'stem' (did you mean 'steam'?): use one of the ids in timeline/eras.yaml"),
    ({"sections": ["stem"]}, "unknown section 'stem' (did you mean 'steam'?)"),
    ({"related": ["1712-first-engin"]}, "unknown related entry '1712-first-engin' (did you mean"),
    ({"related": ["1769-test-entry"]}, "an entry cannot be related to itself: remove it"),
    ({"tags": ["stem"]}, "unknown tag 'stem' (did you mean 'steam'?): it must name a tag in timeline/tags.yaml (chips, "
                         "steam)"),
    ({"tags": ["zzz"]}, "unknown tag 'zzz': it must name a tag in timeline/tags.yaml (chips, steam)"),
    ({"tags": ["steam", "steam"]}, "'steam' is listed twice in tags: remove one"),
    ({"era": 5}, "era should be text, not 5"),
])
def test_reference_rules(project, changes, expected):
    assert_rule(project, changes, expected)


def test_a_link_typed_both_ways_warns_once(project):
    write_entry(project, {**GOOD, "related": ["1769-b"]}, "1769-a")
    write_entry(project, {**GOOD, "related": ["1769-a"]}, "1769-b")
    found = [p for p in load(Paths.at(project), TODAY).problems]
    assert [(p.path, p.line, p.severity) for p in found] == [("timeline/entries/1769-b.yaml", 16, "warning")]
    assert "'1769-a' already lists this entry in related" in found[0].message
