"""Rendering: golden files for the fixture timeline, and contributed text that stays inert.

To accept an intended change of the output, run ``UPDATE_GOLDEN=1 python -m pytest tests/test_render.py``
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import datetime
import html
import os
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from timeline_build import Paths, crosslinks, entry_page, layout, load, render
from timeline_build.markup import md_text

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(scope="module")
def timeline():
    result = load(Paths.at(FIXTURES / "site"), TODAY)
    assert result.ok, result.problems
    return result.timeline


def test_golden_files(timeline):
    files = {layout.in_generated_folder(path): text for path, text in render.render_all(timeline).items()}
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(files) == sorted(expected)
    for rel, text in files.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/{rel}"


def test_rendering_is_deterministic(timeline):
    assert render.render_all(timeline) == render.render_all(load(Paths.at(FIXTURES / "site"), TODAY).timeline)


def test_computed_links(timeline):
    assert [e.id for e in timeline.entries] == ["1712-first-engine", "1769-better-engine", "2025-chip-plan"]
    # 1769 names 1712, 2025 names 1769: each also gets the backlink
    assert [e.id for e in timeline.related_all["1712-first-engine"]] == ["1769-better-engine"]
    assert [e.id for e in timeline.related_all["1769-better-engine"]] == ["1712-first-engine", "2025-chip-plan"]
    assert timeline.prev["1712-first-engine"] is None
    assert timeline.next["1712-first-engine"].id == "1769-better-engine"
    assert [e.id for e in timeline.by_section["steam"]] == ["1712-first-engine", "1769-better-engine"]


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "text { onclick=alert(1) }",
    "text {: .x onmouseover=alert(1) }",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "# heading\n\n* list",
    "`code` **bold** _em_ [[2025-chip-plan]]",
    "1. numbered",
    "<!-- hidden --> shown",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_is_inert(text):
    html = markdown.markdown(md_text(text), extensions=["attr_list", "abbr", "admonition"])
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1
    inner = html[3:-4]
    assert "<" not in inner and ">" not in inner, inner  # no element at all: only text and entities
    assert " ".join(text.split()) == _unescape(inner)


def _unescape(text: str) -> str:
    import html as html_lib

    return html_lib.unescape(text)


def test_crosslinks_skip_code_and_report_positions():
    text = "A [[1769-x]] b `[[in-code]]` c\n```\n[[in-fence]]\n```\n[[2025-y|label]]"
    assert crosslinks.find(text) == [("1769-x", None, 1, 3), ("2025-y", "label", 5, 1)]


def test_entry_link_is_relative_to_the_page(timeline):
    assert entry_page.entry_link(timeline, "1712-first-engine", None, "ja", "article/steam.ja.md") == \
        "[最初の機関](../timeline/1712-first-engine.md)"
    assert entry_page.entry_link(timeline, "1712-first-engine", "x", "en", "index.md") == \
        "[x](timeline/1712-first-engine.md)"


_SPECIAL = "ab *_{}[]\\.!#`<>&\"'\t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000日本"  # white space of every kind, and markup
_TRICKY = st.text(alphabet=st.sampled_from(list(_SPECIAL)) | st.characters(), max_size=30)


@settings(max_examples=400, deadline=None)
@given(text=_TRICKY)
@example(text="a  b")
@example(text="a\u3000\u3000b")
@example(text="it's \"x\" & <y>")
def test_md_text_is_one_line_escaped_html_with_markdown_punctuation_escaped(text):
    plain = html.escape(" ".join(text.split()), quote=False)
    assert md_text(text) == re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", plain)


def test_generated_pages_leave_markdown_nothing_to_parse_but_headings(timeline):
    """Generated pages are ready HTML: Python-Markdown stashes each block whole and parses only the
    headings (for the table of contents); on an entry page, only its title. A page kind that went back
    to Markdown lists, links, attribute lists or Markdown inside HTML would cost Markdown's inline
    parsing again."""
    for path, text in render.render_all(timeline).items():
        entry = (layout.generated_kind(path) or ("",))[0] == "entry"
        markdown_headings = 0
        for block in text.split("\n\n"):
            first = block.split("\n", 1)[0]
            if first.startswith("[//]: #"):
                continue  # the generated-file header
            if re.match(r"^#{1,2} [^\n]+$", block):
                markdown_headings += 1
                continue
            assert first.startswith("<") or first.startswith("</"), (path, block[:80])
            assert "](" not in block and "{ ." not in block and 'markdown="' not in block, (path, block[:80])
        if entry:
            assert markdown_headings == 1, path  # the title; its sections' headings are HTML


def test_the_citation_is_ready_html_that_shows_the_title_as_written(timeline):
    """'Cite this entry' is a heading for the table of contents and ready HTML (no code fences for
    Markdown to parse), and the title reaches the reader exactly as written, never as markup."""
    import dataclasses

    title = 'A <b onclick="x()">bold</b> & \'odd\' {engine}'
    entry = dataclasses.replace(timeline.entries[0], title={"en": title, "ja": title})
    text = entry_page.render_citation(entry, "en", "https://example.org/timeline/x/", "Site")
    heading, rest = text.split("\n\n", 1)
    assert heading == ('<h2 data-search-exclude id="cite">Cite this entry'
                       '<a class="headerlink" href="#cite" title="Permanent link">&para;</a></h2>')
    assert rest.startswith("<p>") and "\n\n" not in rest.strip()  # one HTML block, set aside whole
    assert "<b" not in rest and "```" not in rest
    codes = [html.unescape(c) for c in re.findall(r"<code[^>]*>(.*?)</code>", rest, flags=re.S)]
    assert codes[0].startswith(f"“{title}”.")
    assert "title        = {{A <b onclick=\"x()\">bold</b> \\& 'odd' \\{engine\\}}}," in codes[1]


SVG_GOLDEN = GOLDEN.parent / "golden-svg"


@pytest.mark.parametrize("name", ["ribbon.en.svg", "ribbon.ja.svg", "chips.en.svg", "chips.ja.svg"])
def test_svg_golden_files(timeline, name):
    """The pictures are made from the data alone: the fixture timeline and series give exactly these."""
    from timeline_build import charts, layout

    kind, lang, _ = name.split(".")
    svg = (charts.ribbon(timeline, lang, layout.INDEX, last_year=2026) if kind == "ribbon"
           else charts.series_chart(timeline.series[0], lang))
    path = SVG_GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(svg + "\n", encoding="utf-8")
    assert svg + "\n" == path.read_text(encoding="utf-8")


def test_the_ribbon_links_every_entry_and_names_itself(timeline):
    from timeline_build import charts, layout

    svg = charts.ribbon(timeline, "en", layout.INDEX, last_year=2026)
    assert re.findall(r'<a href="([^"]+)"', svg) == [f"{e.id}/" for e in timeline.entries]
    assert '<title id="ribbon-title">' in svg and 'aria-describedby="ribbon-desc"' in svg
    # time to scale: equal gaps in years are equal gaps on the axis
    xs = [float(x) for x in re.findall(r'class="tl-tick" x="([0-9.]+)"', svg)]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert max(gaps) - min(gaps) <= 0.2  # coordinates are rounded to a tenth


def test_a_log_chart_puts_each_power_of_ten_one_step_apart(timeline):
    from timeline_build import charts

    svg = charts.series_chart(timeline.series[0], "en")
    ticks = re.findall(r'<text class="tl-tick" x="[0-9.]+" y="([0-9.]+)" text-anchor="end">([^<]+)</text>', svg)
    assert [label for _y, label in ticks] == ["1", "10", "100", "1000"]
    ys = [float(y) for y, _label in ticks]
    gaps = [a - b for a, b in zip(ys, ys[1:], strict=False)]
    assert max(gaps) - min(gaps) <= 0.2
    assert charts.tick_label(1e9) == "10⁹" and charts.tick_label(0.01) == "0.01"


def test_a_long_timeline_is_drawn_a_mark_per_era_and_year(timeline, monkeypatch):
    """Past RIBBON_MARKS entries the ribbon draws one mark per era and year, so the page stays small."""
    from timeline_build import charts, layout

    monkeypatch.setattr(charts, "RIBBON_MARKS", 1)
    svg = charts.ribbon(timeline, "en", layout.INDEX, last_year=2026)
    marks = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    years = {(e.era, e.date.year) for e in timeline.entries}
    assert len(marks) == len(years)
    assert all(href.startswith("./#") or href.startswith("eras/") for href, _label in marks)
    assert all(re.match(r"\d{4}, .+: \d+ entries$", label) for _href, label in marks)
