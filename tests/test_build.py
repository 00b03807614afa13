"""MkDocs integration: the fixture site and the real site build strictly, reproducibly and safely."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import mkdocs_build

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fixture_site_builds_both_languages(fixture_site, tmp_path):
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"
    for page in ["index.html", "timeline/index.html", "timeline/1769-better-engine/index.html",
                 "timeline/eras/steam/index.html", "article/steam/index.html"]:
        assert (out / page).exists(), page
        assert (out / "ja" / page).exists(), f"ja/{page}"

    # the ready HTML that Markdown was spared (markup.set_aside) is back in its place, and the headings
    # between its blocks (an entry's sections, each series on the numbers page) are real headings
    for page in out.rglob("*.html"):
        assert "tl-html-" not in page.read_text(encoding="utf-8"), page
    numbers = (out / "numbers/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="chips">', numbers) and "## " not in numbers

    entry = (out / "timeline/1769-better-engine/index.html").read_text(encoding="utf-8")
    assert '<h2 id="sources">' in entry
    assert '<time datetime="1769-01-05">5 January 1769</time>' in entry
    assert 'href="https://example.org/patent"' in entry
    assert 'href="../../article/steam/"' in entry  # the article section that discusses it
    assert 'href="../1712-first-engine/"' in entry  # related, and previous in time
    assert 'href="../2025-chip-plan/"' in entry  # the backlink from the entry that names it, and next
    # the language switcher leads to the same entry in Japanese
    assert re.search(r'href="[^"]*/ja/timeline/1769-better-engine/"[^>]*hreflang="ja"', entry)

    ja_entry = (out / "ja/timeline/1769-better-engine/index.html").read_text(encoding="utf-8")
    assert "1769年1月5日" in ja_entry and 'href="../../article/steam/"' in ja_entry
    assert '<html lang="ja"' in ja_entry

    article = (out / "ja/article/steam/index.html").read_text(encoding="utf-8")
    assert '<a href="../../timeline/1712-first-engine/">最初の機関</a>' in article  # [[id]] resolved
    assert 'id="timeline-entries"' in article  # the generated block
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="timeline/2025-chip-plan/">the plan</a>' in home
    assert "<code>[[not-an-id]]</code>" in home

    # each language has its own search index: a reader downloads only their language's
    search = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    search_ja = json.loads((out / "ja/search/search_index.json").read_text(encoding="utf-8"))
    assert search["config"]["lang"] == ["en"] and search_ja["config"]["lang"] == ["ja"]
    assert not any(doc["location"].startswith("ja/") for doc in search["docs"])
    assert any("最初の機関" in doc["text"] or "最初の機関" in doc["title"] for doc in search_ja["docs"])
    assert not any("最初の機関" in doc["title"] for doc in search["docs"])
    assert "timeline/1712-first-engine/" in {doc["location"] for doc in search_ja["docs"]}  # from /ja/
    assert '"base": "../../../ja/"' in ja_entry and '"base": "../.."' in entry  # each language's own root

    # a 404 page in each language, each leading home in its own language
    not_found, not_found_ja = (out / "404.html").read_text(encoding="utf-8"), \
        (out / "ja/404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in not_found and '<html lang="ja"' in not_found_ja
    assert 'href="/steam/"' in not_found and 'href="/steam/ja/"' in not_found_ja
    for page in (not_found, not_found_ja):  # the language switcher leads to each language's home
        switch = re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link"', page)
        assert switch == [("/steam/", "en"), ("/steam/ja/", "ja")], switch
    assert not (out / ".404.default.html").exists()


def test_an_entry_pages_section_headings_make_its_table_of_contents(fixture_site, tmp_path):
    """An entry page's section headings are ready HTML, not Markdown, and still work as headings do:
    they are the page's table of contents, search indexes the sections it should and no other, and a
    link to a section is checked like any link to an anchor."""
    article = fixture_site / "docs" / "article" / "steam.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nSee [its sources](../timeline/1769-better-engine.md#sources).\n", encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"
    for lang, folder in (("en", out), ("ja", out / "ja")):
        page = (folder / "timeline/1769-better-engine/index.html").read_text(encoding="utf-8")
        toc = page.split('md-nav--secondary', 1)[1].split("</nav>", 1)[0]
        assert re.findall(r'href="#([^"]+)"', toc) == ["in-numbers", "sources", "in-the-article", "related",
                                                      "before-and-after", "cite"], lang
        assert ("出典" if lang == "ja" else "Sources") in toc
        search = json.loads((folder / "search/search_index.json").read_text(encoding="utf-8"))
        sections = {doc["location"].split("#")[1] for doc in search["docs"]
                    if doc["location"].startswith("timeline/1769-better-engine/#")}
        assert sections == {"in-numbers", "sources"}, lang  # the others are marked data-search-exclude
        # the sections search skips are on the page all the same, once
        assert page.count('class="tl-prevnext"') == 1 and page.count('class="language-bibtex"') == 1, lang

    article.write_text(text + "\nSee [nothing](../timeline/1769-better-engine.md#no-such-section).\n",
                       encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "bad")
    assert run.returncode != 0
    assert "'#no-such-section'" in run.stderr


def test_builds_are_byte_identical(fixture_site, tmp_path):
    assert mkdocs_build(fixture_site, tmp_path / "a").returncode == 0
    assert mkdocs_build(fixture_site, tmp_path / "b").returncode == 0
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_unknown_id_on_a_page_fails_the_build_with_its_place(fixture_site, tmp_path):
    page = fixture_site / "docs" / "article" / "steam.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [[1999-nothing]].\n", encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode != 0
    assert "docs/article/steam.md:5:5: error: unknown timeline entry '[[1999-nothing]]'" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_bad_entry_fails_the_build(fixture_site, tmp_path):
    entry = fixture_site / "timeline" / "entries" / "1712-first-engine.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("era: steam", "era: stem"), encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode != 0
    assert "timeline/entries/1712-first-engine.yaml:4:6: error: unknown era 'stem'" in run.stderr


def test_contributed_text_cannot_become_markup(fixture_site, tmp_path):
    """Text the schema lets through (no tags) still renders as text: no links, attributes or markup."""
    tricks = ("[click](javascript:alert(1)) ![i](javascript:x) { onclick=alert(1) } "
              "&lt;script&gt;alert(2)&lt;/script&gt; **bold** `code` \u00a0")
    entry = fixture_site / "timeline" / "entries" / "1712-first-engine.yaml"
    text = entry.read_text(encoding="utf-8").replace("An engine pumps water from a mine.", json.dumps(tricks))
    entry.write_text(text, encoding="utf-8")
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    for page in (tmp_path / "out").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "javascript:" not in html.replace("[click](javascript:alert(1))", "").replace(
            "![i](javascript:x)", ""), page
        assert "onclick" not in html.replace("{ onclick=alert(1) }", ""), page
        assert "alert(2)</script>" not in html and "<strong>bold</strong>" not in html, page
    page = (tmp_path / "out/timeline/1712-first-engine/index.html").read_text(encoding="utf-8")
    assert "[click](javascript:alert(1))" in page and "&amp;lt;script&amp;gt;" in page


def test_real_site_builds_strictly(real_site):
    out = real_site.folder
    assert (out / "timeline" / "index.html").exists()
    assert (out / "ja" / "timeline" / "index.html").exists()
    # nothing is fetched from another host: no web fonts, no CDN scripts
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        loads = re.findall(r'<script[^>]+src="(https?:[^"]+)"', html)
        loads += [href for rel, href in re.findall(r'<link rel="([^"]+)" href="(https?:[^"]+)"', html)
                  if rel not in ("canonical", "alternate")]  # links to pages, not resources
        assert loads == [], f"{page} loads {loads}"


class _Visible(HTMLParser):
    """What a reader gets from a page, whatever its markup: its title, and the text and links of its
    content and of its table of contents."""

    PARTS = {"title": lambda tag, attrs: tag == "title",
             "content": lambda tag, attrs: tag == "article",
             "toc": lambda tag, attrs: tag == "nav" and "md-nav--secondary" in (attrs.get("class") or "")}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, dict[str, list[str]]] = {}
        self.open: list[tuple[str, str, int]] = []  # (part, its tag, the depth of that tag inside it)
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for part, starts in self.PARTS.items():
            if starts(tag, attrs) and part not in self.found:
                self.found[part] = {"text": [], "links": []}
                self.open.append((part, tag, 0))
                return
        self.open = [(part, t, depth + (t == tag)) for part, t, depth in self.open]
        self.skip += tag in ("script", "style")
        if tag == "a" and attrs.get("href"):
            for part, _t, _d in self.open:
                self.found[part]["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        still = []
        for part, t, depth in self.open:
            if t == tag and depth == 0:
                continue  # the part ends here
            still.append((part, t, depth - (t == tag)))
        self.open = still

    def handle_data(self, data):
        if not self.skip:
            for part, _t, _d in self.open:
                self.found[part]["text"].append(data)

    def summary(self) -> dict[str, str | list[str]]:
        out: dict[str, str | list[str]] = {}
        for part, got in sorted(self.found.items()):
            out[part] = " ".join("".join(got["text"]).split())
            if got["links"]:
                out[f"{part} links"] = got["links"]
        return out


VISIBLE_GOLDEN = Path(__file__).resolve().parent / "golden-text" / "fixture-site.json"


def test_every_page_shows_the_same_text_and_links_as_its_golden(fixture_site, tmp_path):
    """A change of markup (how pages are made) leaves what readers get unchanged: each page's title,
    the text and links of its content and its table of contents, in both languages. To accept an
    intended change of content: ``UPDATE_GOLDEN=1 python -m pytest tests/test_build.py -k golden``."""
    run = mkdocs_build(fixture_site, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    pages = {}
    for page in sorted((tmp_path / "out").rglob("*.html")):
        parser = _Visible()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page.relative_to(tmp_path / "out").as_posix()] = parser.summary()
    if os.environ.get("UPDATE_GOLDEN"):
        VISIBLE_GOLDEN.parent.mkdir(exist_ok=True)
        VISIBLE_GOLDEN.write_text(json.dumps(pages, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(VISIBLE_GOLDEN.read_text(encoding="utf-8"))
    assert sorted(pages) == sorted(expected)
    for name, seen in pages.items():
        assert seen == expected[name], name
    entry = pages["ja/timeline/1769-better-engine/index.html"]  # the golden holds real pages
    assert "出典" in entry["toc"] and "1769年1月5日" in entry["content"] and entry["content links"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every link between the site's own pages that leads nowhere, or to an anchor that is not there.
    The generated pages' links are ready HTML, which MkDocs does not check."""
    parsed = {}
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page] = parser
    broken = []
    for page, parser in parsed.items():
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            if parts.path.startswith("/"):  # from the site's root (the 404 page links so)
                assert parts.path.startswith(base_path), href
                target = (site / unquote(parts.path[len(base_path):])).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if target not in parsed and not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif parts.fragment and target in parsed and parts.fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    return broken


def test_every_link_between_pages_of_the_real_site_leads_somewhere(real_site):
    assert broken_links(real_site.folder) == []


def test_every_link_between_pages_of_the_fixture_site_leads_somewhere(fixture_site, tmp_path):
    assert mkdocs_build(fixture_site, tmp_path / "out").returncode == 0
    assert broken_links(tmp_path / "out", base_path="/steam/") == []  # tests/fixtures/site's site_url
