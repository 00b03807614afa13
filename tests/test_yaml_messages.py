"""The YAML reader's messages: each mistake reported once, at the line that is wrong, with the fix."""

from __future__ import annotations

import pytest

from conftest import TODAY, write_entry
from timeline_build import Paths, load
from timeline_build.yamlsource import parse


@pytest.mark.parametrize("text, expected", [
    # an unclosed list or quotation mark: where it was opened, not past the end of the file
    ("date: 1769\ntags: [a, b\n", ("2:7", "the list opened with '[' here is never closed: add the ']'")),
    ("date: 1769\nera: {a: b\n", ("2:6", "the mapping opened with '{' here is never closed")),
    ('title:\n  en: "A\n  ja: B\nera: s\n', ("2:7", "the quotation mark opened here is never closed")),
    # a line indented differently from its neighbours: that line
    ("title:\n  en: A\n ja: B\nera: s\n", ("3:2", "this line is indented differently from the lines at its level")),
    ("a:\n  - x\n - y\nb: 1\n", ("3:2", "this line is indented differently")),
    ("title:\n  en: A\n   ja: B\n", ("3:", "a ': ' in unquoted text, or a key indented further")),
    # tabs: one problem per file, at the first tab, with how many lines have one
    ("date: 1769\ntitle:\n\ten: A\n\tja: B\nsummary:\n\ten: x\n",
     ("3:1", "tab character (and on 2 more lines): YAML is indented with spaces")),
])
def test_syntax_mistakes_are_reported_once_where_they_are(text, expected):
    doc, problems = parse(text.encode(), "x.yaml")
    assert doc is None and len(problems) == 1
    where, message = expected
    assert problems[0].format().startswith(f"x.yaml:{where}"), problems[0].format()
    assert message in problems[0].message


def test_markup_in_a_folded_block_is_reported_at_the_tag_and_quoted(project):
    path = write_entry(project, {})
    path.write_text("date: 1769-01-05\nera: steam\ntitle:\n  en: A\n  ja: B\nsummary:\n  en: >-\n    Some text\n"
                    "    and <b>bold</b> here\n  ja: x\nsources:\n  - {title: T, publisher: P, url: 'https://e.org/', "
                    "accessed: 2026-01-01, kind: primary}\n", encoding="utf-8")
    found = [p for p in load(Paths.at(project), TODAY).problems if p.path.endswith("1769-test-entry.yaml")]
    assert [(p.line, p.column) for p in found] == [(9, 9)]
    assert "summary.en: plain text only: no HTML tags or comments ('<b>')" in found[0].message
