"""An entry's own page, what the MkDocs hook adds to it (citation, JSON-LD), and the links to entries
from hand-written pages."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable

from . import crosslinks, layout, series, views
from .dates import format_date
from .i18n import t
from .markup import generated_header, heading, md_text, render_template, set_aside_blocks
from .model import DEFAULT_LANG, Entry, Section, Timeline

CITATION_KEY_PREFIX = "steam-to-ai"  # BibTeX keys: steam-to-ai:<id>


def render_entry(tl: Timeline, entry: Entry, lang: str) -> str:
    page = layout.entry_page(entry.id)
    return render_template(
        "entry.md.j2", lang, page, header=generated_header(entry.path), entry=entry, era=tl.era_by_id[entry.era],
        tags=tl.tags, sections=[tl.sections[s] for s in entry.sections], related=tl.related_all[entry.id],
        prev=tl.prev[entry.id], next=tl.next[entry.id], points=tl.points_of.get(entry.id, []),
        numbers_page=series.NUMBERS_PAGE,
        listed_at=layout.listed_at(entry.era, tl.era_position[entry.id]), **_formatters(lang))


@functools.cache
def _formatters(lang: str) -> dict:
    """The same functions on every call, so an entry page whose data did not change is not rendered
    again (see markup.render_template)."""
    return {"figure": lambda p: views.figure(p, lang), "value_text": lambda v, u: views.value_text(v, u, lang),
            "date_text": lambda d: format_date(d, lang)}


def _bibtex_text(text: str) -> str:
    return re.sub(r"([{}\\%&$#_^~])", r"\\\1", " ".join(text.split()))


def render_citation(entry: Entry, lang: str, url: str, site_name: str) -> str:
    """'Cite this entry', added by the MkDocs hook, which knows the page's published URL."""
    title = entry.title[lang]
    if lang == "ja":
        plain = f"「{title}」『{site_name}』年表項目({entry.date_text(lang)})。{url}"
    else:
        plain = f"“{title}”. {t(lang, 'timeline_of', site=site_name)} ({entry.date_text(lang)}). {url}"
    bibtex = "\n".join([
        f"@misc{{{CITATION_KEY_PREFIX}:{entry.id},",
        f"  title        = {{{{{_bibtex_text(title)}}}}},",
        f"  howpublished = {{{_bibtex_text(site_name)}}},",
        f"  note         = {{{_bibtex_text(t(lang, 'timeline_of', site=site_name))}: "
        f"{_bibtex_text(entry.date_text(lang))}}},",
        f"  url          = {{{url}}},",
        f"  language     = {{{'japanese' if lang == 'ja' else 'english'}}},",
        "}",
    ])
    # Ready HTML, as on the rest of the page (see markup.heading).
    return "\n".join([
        heading("cite", t(lang, "cite"), search=False), "",
        f"<p>{html.escape(t(lang, 'cite_plain'))}:</p>",
        f'<pre><code class="language-text">{_code(plain)}',
        "</code></pre>",
        "<p>BibTeX:</p>",
        f'<pre><code class="language-bibtex">{_code(bibtex)}',
        "</code></pre>",
    ])


def _code(text: str) -> str:
    """Text in a code block, escaped as a Markdown code fence escapes it."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def json_ld(entry: Entry, lang: str, url: str, site_name: str) -> str:
    """schema.org data for an entry page, safe to place inside <script type="application/ld+json">."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title[lang],
        "description": entry.summary[lang],
        "startDate": entry.date.iso(),
        "url": url,
        "inLanguage": lang,
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "citation": [{"@type": "CreativeWork", "name": s.title, "publisher": s.publisher, "url": s.url}
                     for s in entry.sources],
    }
    if entry.end_date:
        data["endDate"] = entry.end_date.iso()
    if entry.place:
        data["location"] = {"@type": "Place", "name": entry.place[lang]}
    if entry.status == "cancelled":
        data["eventStatus"] = "https://schema.org/EventCancelled"
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # '<' as \u003c: no "</script>" can ever close the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_section_block(tl: Timeline, section: Section, lang: str, page: str) -> str:
    """The generated block on an article page (``page``, relative to docs/): the entries tied to it."""
    entries = tl.by_section.get(section.id, [])
    if not entries:
        return ""
    out = [f"## {t(lang, 'section_block')} {{ #timeline-entries }}", "", t(lang, "section_block_intro"), ""]
    out += [f'- <time datetime="{e.date.iso()}">{html.escape(e.date_text(lang))}</time> · '
            f"[{md_text(e.title[lang])}]({layout.link(page, layout.entry_page(e.id))})" for e in entries]
    return "\n".join(out) + "\n"


def entry_link(tl: Timeline, entry_id: str, label: str | None, lang: str, page: str) -> str:
    """What ``[[id]]`` / ``[[id|label]]`` becomes on a hand-written page (``page``, relative to docs/)."""
    text = label if label is not None else md_text(tl.by_id[entry_id].title[lang])
    return f"[{text}]({layout.link(page, layout.entry_page(entry_id))})"


def hand_written(markdown: str, tl: Timeline, uri: str, lang: str, kept: list[str],
                 unknown: Callable[[str, str | None, int, int], str]) -> str:
    """A hand-written page (``uri``, relative to docs/) with its ``[[id]]`` links and ``[[timeline:...]]``
    views, the views' HTML set aside in ``kept`` (see markup.set_aside), and an article's block of
    entries. ``unknown(id, label, line, column)`` answers for a link to no entry."""
    page_path = uri.replace(f".{lang}.md", ".md") if lang != DEFAULT_LANG else uri  # as layout names pages

    def link(entry_id, label, line, col):
        named = crosslinks.view(entry_id)
        if named is not None:
            return set_aside_blocks(views.render_view(tl, named[0], named[1], lang, page_path), kept)
        if entry_id not in tl.by_id:
            return unknown(entry_id, label, line, col)
        return entry_link(tl, entry_id, label, lang, uri)

    markdown = crosslinks.transform(markdown, link)
    stem = posixpath.basename(uri).split(".")[0]
    if uri in (layout.page_name(layout.article_page(stem), lang), layout.article_page(stem)) and stem in tl.sections:
        block = render_section_block(tl, tl.sections[stem], lang, uri)
        if block:
            markdown = markdown.rstrip("\n") + "\n\n" + block
    return markdown
