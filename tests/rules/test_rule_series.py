"""timeline_build/rules/series.py and schema/series.schema.json: good and bad cases."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from conftest import GOOD, TODAY, write_entry
from timeline_build import Paths, load

SOURCE = {"title": "Chip history", "publisher": "A maker", "url": "https://example.org/c", "accessed": "2026-01-03",
          "kind": "primary"}
SERIES = {
    "title": {"en": "Transistors per chip", "ja": "チップ1個あたりのトランジスタ数"},
    "description": {"en": "How many.", "ja": "いくつか。"},
    "unit": {"id": "transistors", "en": "transistors", "ja": "個"},
    "scale": "log",
    "points": [
        {"date": "1769", "value": 2300, "unit": "transistors", "label": {"en": "A", "ja": "A"}, "source": SOURCE,
         "entry": "1769-test-entry"},
        {"date": "2024-03", "value": 2.08e11, "unit": "transistors", "label": {"en": "B", "ja": "B"},
         "source": SOURCE, "note": {"en": "Two dies.", "ja": "2枚のダイ。"}},
    ],
}


def _with(path: str, value):
    data = copy.deepcopy(SERIES)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is None:
        del target[int(last) if isinstance(target, list) else last]
    else:
        target[int(last) if isinstance(target, list) else last] = value
    return data


@pytest.mark.parametrize("data, expected", [
    (SERIES, None),
    (_with("points.0.source", None), "missing key 'source' in points.0"),
    (_with("points.0.unit", None), "missing key 'unit' in points.0"),
    (_with("points.0.date", None), "missing key 'date' in points.0"),
    (_with("points.0.value", -1), "points.0.value"),
    (_with("points.1.unit", "mw"), "points.1.unit is 'mw' but the series is in 'transistors'"),
    (_with("points.1.date", "1700"), "points.1.date 1700 comes before the point above it (1769): keep them"),
    (_with("points.1.date", "2300"), "points.1.date 2300: the year must be between 1000 and 2200"),
    (_with("points.0.entry", "1769-test-entri"), "unknown entry '1769-test-entri' (did you mean '1769-test-entry'?)"),
    (_with("points.0.source.accessed", "2027-01-01"), "accessed 2027-01-01 is in the future"),
    (_with("points.0.source.url", "javascript:alert(1)"), "a source URL must start with https:// or http://"),
    (_with("points.0.label.en", "<b>x</b>"), "plain text only"),
    (_with("scale", "cubic"), "scale is 'cubic', which is not one of: log, linear"),
    (_with("points", [SERIES["points"][0]]), "points needs at least 2 item(s)"),
])
def test_series_rules(project, data, expected):
    write_entry(project, GOOD)
    (project / "docs" / "numbers.md").write_text("# Numbers\n\n[[timeline:numbers]]\n", encoding="utf-8")
    folder = project / "timeline" / "series"
    folder.mkdir()
    plain = json.loads(json.dumps(data))  # no shared objects, so no YAML aliases
    (folder / "chips.yaml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = load(Paths.at(project), TODAY)
    found = [p for p in result.problems if p.path == "timeline/series/chips.yaml"]
    if expected is None:
        assert found == [] and [s.id for s in result.timeline.series] == ["chips"]
        assert [p.label["en"] for _s, p in result.timeline.points_of["1769-test-entry"]] == ["A"]
    else:
        assert any(expected in p.message for p in found), [p.format() for p in found]
        assert all(p.line is not None for p in found)  # file:line:col, always


def test_series_need_the_numbers_page(project):
    write_entry(project, GOOD)
    (project / "docs" / "numbers.md").unlink()
    folder = project / "timeline" / "series"
    folder.mkdir()
    plain = json.loads(json.dumps(SERIES))
    (folder / "chips.yaml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = [p.format() for p in load(Paths.at(project), TODAY).problems]
    assert found == ["docs/numbers.md: error: timeline/series/ has series but this page does not show them: create "
                     "it with a line [[timeline:numbers]] (entry pages link to it)"]
