"""An entry's own page, what the MkDocs hook adds to it (citation, JSON-LD), and the links to entries
from hand-written pages."""

from __future__ import annotations

import json
import re

from . import layout
from .dates import format_date
from .i18n import t
from .markup import day, entry_line, escape, generated_header, md_link, md_text, status_badge, time_element
from .model import DEFAULT_LANG, Entry, Section, Timeline

CITATION_KEY_PREFIX = "steam-to-ai"  # BibTeX keys: steam-to-ai:<id>


def render_entry(tl: Timeline, entry: Entry, lang: str) -> str:
    page = layout.entry_page(entry.id)
    era = tl.era_by_id[entry.era]
    out = [generated_header(entry.path), f"# {md_text(entry.title[lang])}", ""]
    meta = [time_element(entry, lang), md_link(era.title[lang], layout.link(page, layout.era_page(era.id)))]
    if entry.place:
        meta.append(md_text(entry.place[lang]))
    out += [" · ".join(meta), "{ .tl-meta }", ""]
    if entry.status:
        out += [status_badge(entry, lang), "{ .tl-status }", ""]
    out += [md_text(entry.summary[lang]), "{ .tl-lead }", ""]
    if entry.note:
        out += [f'!!! note "{escape(t(lang, "note"))}"', "", f"    {md_text(entry.note[lang])}", ""]
    if entry.tags:
        tags = ", ".join(md_link(tl.tags[tag][lang], layout.link(page, layout.tag_page(tag))) for tag in entry.tags)
        out += [f"{t(lang, 'tags')}: {tags}", "{ .tl-tags }", ""]

    out += [f"## {t(lang, 'sources')} {{ #sources }}", "", '<ol class="tl-sources">']
    for source in entry.sources:
        accessed = t(lang, "accessed", date=format_date(day(source.accessed), lang))
        archived = (f' (<a href="{escape(source.archived)}" rel="noopener">{escape(t(lang, "archived"))}</a>)'
                    if source.archived else "")
        out.append(f'<li><cite><a href="{escape(source.url)}" rel="noopener">{escape(source.title)}</a></cite>'
                   f"{archived}. {escape(source.publisher)}. {escape(accessed)}</li>")
    out += ["</ol>", ""]

    if entry.sections:
        out += [f"## {t(lang, 'in_article')} {{ #in-the-article data-search-exclude }}", ""]
        for section_id in entry.sections:
            section = tl.sections[section_id]
            title = section.title.get(lang) or section.title[DEFAULT_LANG]
            out.append(f"- {md_link(title, layout.link(page, layout.article_page(section_id)))}")
        out.append("")

    related = tl.related_all[entry.id]
    if related:
        out += [f"## {t(lang, 'related')} {{ #related data-search-exclude }}", ""]
        out += [f"- {entry_line(page, other, lang)}" for other in related]
        out.append("")

    out += [f"## {t(lang, 'before_after')} {{ #before-and-after data-search-exclude }}", "",
            '<nav class="tl-prevnext" markdown="block">']
    prev, nxt = tl.prev[entry.id], tl.next[entry.id]
    listed_at = layout.listed_at(entry.era, tl.era_position[entry.id])
    out += [f"← {t(lang, 'previous')}: {entry_line(page, prev, lang)}" if prev else t(lang, "first_entry"),
            "{ .tl-prev }", "",
            f"{t(lang, 'next')} →: {entry_line(page, nxt, lang)}" if nxt else t(lang, "last_entry"),
            "{ .tl-next }", "", "</nav>", "",
            md_link(t(lang, "back"), layout.link(page, listed_at, entry.id)), ""]
    return "\n".join(out).rstrip() + "\n"


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
    return "\n".join([
        f"## {t(lang, 'cite')} {{ #cite data-search-exclude }}", "",
        f"{t(lang, 'cite_plain')}:", "", "```text", plain, "```", "",
        "BibTeX:", "", "```bibtex", bibtex, "```", "",
    ])


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
    out += [f"- {time_element(e, lang)} · {md_link(e.title[lang], layout.link(page, layout.entry_page(e.id)))}"
            for e in entries]
    return "\n".join(out) + "\n"


def entry_link(tl: Timeline, entry_id: str, label: str | None, lang: str, page: str) -> str:
    """What ``[[id]]`` / ``[[id|label]]`` becomes on a hand-written page (``page``, relative to docs/)."""
    text = label if label is not None else md_text(tl.by_id[entry_id].title[lang])
    return f"[{text}]({layout.link(page, layout.entry_page(entry_id))})"
