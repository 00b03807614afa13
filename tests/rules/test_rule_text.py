"""timeline_build/rules/text.py: good and bad cases, and the Japanese terms on entries and pages."""

from __future__ import annotations

import pytest

from conftest import TODAY, assert_rule, problems_of, with_
from timeline_build import Paths, load
from timeline_build.rules.text import read_terms, term_problems

TERMS = """version: 1
rules:
  - expected: コンピューター
    pattern: /コンピュータ(?!ー)/
  - expected: ジェンスン・フアン
    patterns: [ジェンセン・フアン]
    prh: NVIDIA日本法人の表記
"""


@pytest.mark.parametrize("changes, expected", [
    ({"title__en": "Plain text < 3 & more"}, None),
    ({"title__en": "<b>bold</b>"}, "title.en: plain text only: no HTML tags or comments"),
    ({"summary__en": "a <!-- hidden --> b"}, "summary.en: plain text only: no HTML tags or comments"),
    ({"title__en": "evil\u202etxt.exe"}, "title.en contains the invisible control character U+202E"),
    ({"sources__0__publisher": "A\u200fB"},
     "sources.0.publisher contains the invisible control character U+200F"),
    ({"title__en": "x" * 121}, "title.en is too long (121 characters, at most 120): shorten it"),
    ({"summary__en": "x" * 601}, "summary.en is too long (601 characters, at most 600): shorten it"),
    ({"title__en": ""}, "title.en is empty: write the text, or remove the key if it is optional"),
    ({"title__en": " \n "}, "title.en is empty: write the text, or remove the key if it is optional"),
    ({"title__ja": "TODO: 日本語"}, "title.ja still holds the placeholder TODO: replace it with the real text"),
    ({"title__fr": "Une machine"}, "unknown key 'fr' in title; allowed keys: en, ja"),
    ({"title": "A string"}, "title should be a mapping of keys to values, not 'A string'"),
    ({"titel": {"en": "x", "ja": "x"}}, "unknown key 'titel' in the entry (did you mean 'title'?)"),
])
def test_text_rules(project, changes, expected):
    assert_rule(project, changes, expected)


def test_a_variant_spelling_is_reported_where_it_stands(project):
    (project / "timeline" / "terms.ja.yaml").write_text(TERMS, encoding="utf-8")
    text = "NVIDIAのジェンセン・フアンとコンピュータ。コンピューターは正しい。"
    found = problems_of(project, with_(summary__ja=text))
    assert sorted((p.line, p.column, p.message) for p in found) == [
        (11, 14, "write 'ジェンスン・フアン', not 'ジェンセン・フアン' (NVIDIA日本法人の表記): the site spells each "
                "name one way (timeline/terms.ja.yaml)"),
        (11, 24, "write 'コンピューター', not 'コンピュータ': the site spells each name one way "
                "(timeline/terms.ja.yaml)"),
    ]


def test_japanese_pages_follow_the_terms_too(project):
    (project / "timeline" / "terms.ja.yaml").write_text(TERMS, encoding="utf-8")
    (project / "docs" / "index.ja.md").write_text("# 表紙\n\n古いコンピュータ。\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n\nコンピュータ in English is not checked.\n", encoding="utf-8")
    found = [p for p in load(Paths.at(project), TODAY).problems if p.path.startswith("docs/")]
    assert [p.format().split(": write")[0] for p in found] == ["docs/index.ja.md:3:3: error"]


def test_term_patterns_are_literal_unless_between_slashes():
    terms = read_terms([{"expected": "x", "pattern": "a.b"}, {"expected": "y", "pattern": "/c.d/"}])
    assert [p.column for p in term_problems("a.b axb c.d cxd", "f", terms)] == [1, 9, 13]


def test_a_term_anchored_to_a_line_is_found_on_any_line():
    """Text is first searched for any term at once; that search must not miss what the line-by-line
    one finds (here a term that must start its line, on the second line)."""
    terms = read_terms([{"expected": "x", "pattern": "/^ab/"}, {"expected": "y", "pattern": "/yy$/"}])
    assert [(p.line, p.column) for p in term_problems("cab\nabc", "f", terms, first_line=5)] == [(6, 1)]
    assert [(p.line, p.column) for p in term_problems("yy\nyy yy z", "f", terms)] == [(1, 1)]


def test_only_japanese_values_are_held_to_the_terms(project):
    rule = "version: 1\nrules:\n  - expected: ロンドン・テック・ウィーク\n    pattern: London Tech Week\n"
    (project / "timeline" / "terms.ja.yaml").write_text(rule, encoding="utf-8")
    found = problems_of(project, with_(title={"en": "London Tech Week", "ja": "London Tech Weekの開幕"},
                                       sources__0__title="London Tech Week 2025"))
    assert [(p.line, p.column) for p in found] == [(14, 7)]
