"""The site's page layout: which page shows what, and every link between generated pages.

Paths here are what MkDocs calls ``src_uri``: relative to docs/, with forward slashes, in the default
language (``page_name`` adds the language). No other module spells a generated page's path.
"""

from __future__ import annotations

import posixpath
import re

from .model import DEFAULT_LANG

FOLDER = "timeline"  # docs/timeline/: generated, gitignored
INDEX = f"{FOLDER}/index.md"
TAGS_INDEX = f"{FOLDER}/tags/index.md"
PAGE_SIZE = 100  # entries per era, tag or status page
INDEX_LIMIT = 100  # entries listed per era on the timeline page; the era pages have the rest
TRACKER_LIMIT = 200  # the latest pledges in the tracker's table; the status pages list them all

_GENERATED = re.compile(rf"^{FOLDER}/(?:(?P<kind>eras|tags|status)/(?:(?P<key>[^/]+)/)?)?(?P<stem>[^/.]+)"
                        r"(?:\.[a-z]{2})?\.md$")


def entry_page(entry_id: str) -> str:
    return f"{FOLDER}/{entry_id}.md"


def _stem(n: int) -> str:
    return "index" if n == 1 else str(n)


def era_page(era_id: str, n: int = 1) -> str:
    return f"{FOLDER}/eras/{era_id}/{_stem(n)}.md"


def tag_page(tag: str, n: int = 1) -> str:
    return f"{FOLDER}/tags/{tag}/{_stem(n)}.md"


def status_page(status: str, n: int = 1) -> str:
    return f"{FOLDER}/status/{status}/{_stem(n)}.md"


def article_page(section_id: str) -> str:
    return f"article/{section_id}.md"


def listed_at(era_id: str, position: int) -> str:
    """The page listing the ``position``-th entry (from 0) of an era: the timeline, or an era page."""
    return INDEX if position < INDEX_LIMIT else era_page(era_id, position // PAGE_SIZE + 1)


def page_name(path: str, lang: str) -> str:
    """The file of a page in a language: timeline/index.md, timeline/index.ja.md."""
    return path if lang == DEFAULT_LANG else f"{path[:-3]}.{lang}.md"


def relative(path: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own paths (relative, normalised, no ".."), without its
    two calls to ``os.getcwd`` (a fifth of the generator's time at 1,000 entries)."""
    to, at = [p for p in path.split("/") if p and p != "."], [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative Markdown link target from one page to another (MkDocs checks it at build time)."""
    target = relative(to_page, posixpath.dirname(from_page))
    return f"{target}#{anchor}" if anchor else target


def url(page: str) -> str:
    """A page's address relative to the site's root (and to its language's root), as MkDocs makes
    it with directory URLs: timeline/<id>.md -> timeline/<id>/, timeline/eras/e/index.md -> timeline/eras/e/."""
    stem = page[:-len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def href(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative link in ready HTML from one page to another: the same page in the same language
    wherever the site is served from. (MkDocs does not check links in HTML; the built site's links
    are checked by tests/test_build.py.)"""
    target = relative(url(to_page), url(from_page))
    target = "./" if target == "." else target + "/"
    return f"{target}#{anchor}" if anchor else target


def file_href(from_page: str, path: str) -> str:
    """A relative link in ready HTML from a page to a file at the root of its language's site
    (the open data: timeline.json, series/<id>.csv)."""
    return relative(path, url(from_page))


def in_generated_folder(path: str) -> str:
    """A generated page's path relative to docs/timeline/, as the writer stores it."""
    return path[len(FOLDER) + 1:]


def generated_kind(src_uri: str) -> tuple[str, str] | None:
    """What a generated page shows: ("entry", id), ("eras"|"tags"|"status", key), ("index", "");
    None for a hand-written page."""
    m = _GENERATED.match(src_uri)
    if not m:
        return None
    if m["kind"]:
        return m["kind"], m["key"] or ""
    if m["stem"] == "index":
        return "index", ""
    return "entry", m["stem"]


def entry_url(entry_id: str, lang: str) -> str:
    """An entry page's published address, relative to the site's root."""
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    return f"{prefix}{FOLDER}/{entry_id}/"
