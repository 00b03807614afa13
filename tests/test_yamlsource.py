"""The strict YAML reader: positions, and every kind of unreadable file as a clear problem."""

import pytest

from timeline_build.yamlsource import parse


def test_positions_of_values_and_keys():
    doc, problems = parse("date: 1769-01-05\ntitle:\n  en: Watt\n  ja: ワット\n".encode(), "e.yaml")
    assert problems == []
    assert doc.data == {"date": "1769-01-05", "title": {"en": "Watt", "ja": "ワット"}}
    assert doc.where(("title", "ja")) == (4, 7)
    assert doc.where_key(("title", "ja")) == (4, 3)
    assert doc.where(("title", "missing")) == (3, 3)  # falls back to the parent mapping


def test_dates_stay_strings_and_years_stay_ints():
    doc, _ = parse(b"a: 1769-01-05\nb: 1769\nc: 2016-02-30\n", "e.yaml")
    assert doc.data == {"a": "1769-01-05", "b": 1769, "c": "2016-02-30"}


def test_quoted_and_block_scalars_stay_text():
    doc, problems = parse(b'a: "1769"\nb: \'true\'\nc: |\n  7\nd: >-\n  null\ne: !!int "5"\nf: [x, 2]\n', "e.yaml")
    assert problems == []
    assert doc.data == {"a": "1769", "b": "true", "c": "7\n", "d": "null", "e": 5, "f": ["x", 2]}


def test_bom_is_accepted():
    doc, problems = parse("\ufeffa: 1\n".encode(), "e.yaml")
    assert problems == [] and doc.data == {"a": 1}


@pytest.mark.parametrize(
    "raw, line, column, message",
    [
        (b"a: [1,\n", 2, 1, "YAML syntax error"),
        (b"a:\n\tb: 1\n", 2, 1, "tab character"),
        (b"a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first given on line 1)"),
        (b"a: caf\xe9\n", 1, 7, "not valid UTF-8"),
        (b"", 1, 1, "the file is empty"),
        (b"# just a comment\n\n", 1, 1, "the file is empty"),
        (b"a: &x 1\nb: *x\n", 1, 4, "anchors and aliases"),  # PyYAML shares the node: the anchor is named
        (b"a: &x [1]\nb: *x\n", 1, 4, "anchors and aliases"),
        (b"- &x {k: v}\n- *x\n", 1, 3, "anchors and aliases"),
        (b"a: !!python/object:os.system x\n", 1, 4, "unsupported YAML tag"),
        (b"base: &b {x: 1}\nc:\n  <<: *b\n", 3, 3, "merge keys"),
        (b"? [a, b]\n: 1\n", 1, 3, "a mapping key must be a plain word"),
    ],
)
def test_unreadable_files(raw, line, column, message):
    doc, problems = parse(raw, "e.yaml")
    assert doc is None
    assert any(message in p.message for p in problems), problems
    first = next(p for p in problems if message in p.message)
    assert (first.path, first.line, first.column) == ("e.yaml", line, column)
