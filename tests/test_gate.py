"""A gate that holds: time rules, hostile content in built pages, and random input never crashing it."""

from __future__ import annotations

import dataclasses
import json
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, GOOD, ROOT, TODAY, mkdocs_build, mkdocs_env
from timeline_build import Paths, entry_page, load, rules, schema
from timeline_build.load import load_entry
from timeline_build.markup import md_text
from timeline_build.yamlsource import parse


def test_a_stale_plan_does_not_break_the_strict_build(fixture_site, tmp_path):
    entry = fixture_site / "timeline" / "entries" / "2025-chip-plan.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("as_of: 2026-01-04", "as_of: 2025-09-04"),
                     encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------------------------------------
# Hostile content: refused by the gate, and the build stops with nothing written


REFUSED = [
    ("title", "en", "<script>alert(1)</script>", "plain text only"),
    ("title", "en", "Click <a href=x onclick=alert(1)>me</a>", "plain text only"),
    ("summary", "en", "Shown <!-- hidden text --> shown", "plain text only"),
    ("title", "ja", "<svg/onload=alert(1)>", "plain text only"),
    ("title", "en", "report\u202ecod.exe", "U+202E"),
    ("title", "en", "zero\u2066width", "U+2066"),
    ("summary", "en", "x" * 1201, "too long"),
    ("summary", "en", "An autolink <https://evil.example/>", "plain text only"),
]


@pytest.mark.slow
@pytest.mark.parametrize("field, lang, text, message", REFUSED)
def test_hostile_text_stops_the_build(fixture_site, tmp_path, field, lang, text, message):
    entry = fixture_site / "timeline" / "entries" / "1712-first-engine.yaml"
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    data[field][lang] = text
    entry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode != 0 and message in run.stderr
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x",
                                 "//evil.example/", "https://ok.example/\" onmouseover=\"x", "JAVASCRIPT:alert(1)"])
def test_unsafe_source_urls_stop_the_build(fixture_site, tmp_path, url):
    entry = fixture_site / "timeline" / "entries" / "1712-first-engine.yaml"
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    data["sources"][0]["url"] = url
    entry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode != 0 and "a source URL must start with https:// or http://" in run.stderr


ACCEPTED_BUT_INERT = (
    "[link](javascript:alert(1)) ![img](https://evil.example/x.png) "
    "{ onclick=alert(1) } {: #x .y onmouseover=alert(2) } &lt;script&gt;alert(3)&lt;/script&gt; "
    "**bold** _em_ `code` # not a heading | a | b | [[1769-better-engine]] ~~strike~~ ==mark== "
    "\\*escaped\\* " + "W" * 340
)


@pytest.mark.slow
def test_accepted_text_reaches_the_built_pages_as_text_only(fixture_site, tmp_path):
    entry = fixture_site / "timeline" / "entries" / "1712-first-engine.yaml"
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    data["summary"]["en"] = ACCEPTED_BUT_INERT
    data["title"]["en"] = "&lt;b&gt;Not bold&lt;/b&gt; [x](javascript:y) \" onmouseover=\"z"
    data["sources"][0]["title"] = "Evil \" onmouseover=\"alert(4)"
    entry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    for page in (tmp_path / "out").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tags = _Tags()
        tags.feed(html)
        # no element, attribute or URL came from the contributed text
        assert not [a for a in tags.attributes if a[0].startswith("on")], page
        assert not [v for name, v in tags.attributes if name in ("href", "src") and v and
                    (v.lower().startswith("javascript:") or "evil.example" in v)], page
        assert "<strong>bold</strong>" not in html and "<code>code</code>" not in html, page
        assert "alert(3)</script>" not in html, page
    page = (tmp_path / "out/timeline/1712-first-engine/index.html").read_text(encoding="utf-8")
    assert "[link](javascript:alert(1))" in page and "W" * 340 in page
    assert "&amp;lt;b&amp;gt;Not bold" in page  # entities typed as text stay text


class _Tags(HTMLParser):
    """Every attribute of every element, as a browser's parser sees them."""

    def __init__(self):
        super().__init__()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attributes.extend(attrs)


def test_json_ld_cannot_close_its_script_element():
    tl = load(Paths.at(FIXTURES / "site"), TODAY).timeline
    entry = tl.by_id["1769-better-engine"]
    hostile = dataclasses.replace(entry, title={"en": "</script><script>alert(1)</script>", "ja": "x"})
    text = entry_page.json_ld(hostile, "en", "https://example.org/", "Site")
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


# ---------------------------------------------------------------------------------------------
# Property-based: whatever a contributor writes, the gate answers with problems, never a traceback


def _context(root: Path) -> rules.Context:
    return rules.Context(Paths.at(root), frozenset({"steam", "chips"}), frozenset({"steam"}),
                         frozenset({"1712-first-engine"}), frozenset({"steam", "chips"}), TODAY, 180, {}, ())
yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                         st.text(max_size=40), st.sampled_from(["1769", "1769-01-05", "2016-02-30", "circa",
                                                                 "https://example.org/", "javascript:x", "<b>x</b>"]))
values = st.recursive(yaml_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def _mutate(data: dict, draw) -> dict:
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "replace", "add", "nested"]))
        keys = list(data)
        if action == "delete" and keys:
            del data[draw(st.sampled_from(keys))]
        elif action == "replace" and keys:
            data[draw(st.sampled_from(keys))] = draw(values)
        elif action == "add":
            data[draw(st.text(max_size=10))] = draw(values)
        elif action == "nested" and isinstance(data.get("title"), dict):
            data["title"][draw(st.sampled_from(["en", "ja", "fr"]))] = draw(values)
    return data


@st.composite
def mutated_entries(draw):
    return _mutate(GOOD, draw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated_entries())
def test_mutated_entries_give_problems_or_an_entry_never_a_crash(tmp_path, data):
    path = tmp_path / "1769-fuzz.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    entry, problems = load_entry(path, _context(tmp_path))
    assert (entry is None) == any(p.severity == "error" for p in problems)
    for p in problems:
        assert p.path.endswith("1769-fuzz.yaml") and p.message and "Traceback" not in p.message
    if entry is not None:
        for lang in ("en", "ja"):
            inert = md_text(entry.title[lang])
            assert "<" not in inert and ">" not in inert


@pytest.mark.parametrize(("text", "valid"), [
    ("plain", True), ("x < y", True), ("a <3", True), ("<", True), ("text\n", True), ("\u65e5\u672c < 3", True),
    ("<b>bold</b>", False), ("a\n<script>", False), ("</x", False), ("<!--", False), ("<?php", False),
    ("\u65e5\u672c<i>", False),
])
def test_the_fast_schema_path_agrees_on_markup(text, valid):
    """The compiled fast path must give jsonschema's answer on markup, at the start, middle and end of
    a text and after a line break."""
    import fastjsonschema

    data = json.loads(json.dumps(GOOD))
    data["summary"]["ja"] = text
    try:
        schema._fast("entry")(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert schema._thorough("entry").is_valid(data) == valid
    assert fast_ok == valid


@settings(max_examples=300, deadline=None)
@given(data=mutated_entries())
def test_the_fast_schema_path_agrees_with_the_thorough_one(data):
    """Valid files skip jsonschema (fastjsonschema says yes); that shortcut must never let through
    what jsonschema would reject, nor reject what it accepts."""
    import fastjsonschema

    try:
        schema._fast("entry")(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == schema._thorough("entry").is_valid(data), data


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.binary(max_size=200),
                     st.text(alphabet=string.printable + "\t\u3000日本:-[]{}&*!|>'\"%@`#", max_size=200).map(
                         lambda s: s.encode("utf-8"))))
def test_any_bytes_parse_or_fail_cleanly(raw):
    doc, problems = parse(raw, "x.yaml")
    assert (doc is None) == bool(problems)
    for p in problems:
        assert p.path == "x.yaml" and p.message


# ---------------------------------------------------------------------------------------------
# Not trapped on MkDocs 1.x: the maintained fork builds the same site


@pytest.mark.slow
def test_the_site_builds_with_properdocs(tmp_path):
    run = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                          "-d", str(tmp_path / "out")], capture_output=True, text=True, env=mkdocs_env(), timeout=300)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "out/ja/timeline/1769-watt-separate-condenser/index.html").read_text(encoding="utf-8")
    assert "1769年1月5日" in page and 'id="cite"' in page
    assert (tmp_path / "out/timeline.json").exists()
