"""The pages that list entries: the timeline, the era, tag and status pages, and the tag index.

Layout comes from a few HTML wrappers (``md_in_html``) that CSS and the small script in
docs/javascripts/timeline.js enhance; without them the pages are plain ordered lists.
"""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Callable

from . import layout, schema
from .i18n import t
from .markup import count, escape, generated_header, md_link, md_text, status_badge, time_element
from .model import Entry, Era, Timeline

SPARK_BINS = 24  # bars in an era's density strip on the timeline page


def _item(page: str, entry: Entry, lang: str, summary: bool) -> list[str]:
    """One entry of a list: an anchor, its date, its linked title and (optionally) its summary.

    The summary is written as escaped HTML, not Markdown: Python-Markdown passes it through untouched."""
    badge = status_badge(entry, lang)
    text = f'<p class="tl-summary">{html.escape(" ".join(entry.summary[lang].split()), quote=False)}</p>'
    return [
        f'<li class="tl-item" id="{entry.id}" data-era="{entry.era}" data-tags="{" ".join(entry.tags)}" '
        f'data-status="{entry.status or "none"}" markdown="block">',
        time_element(entry, lang) + (f" {badge}" if badge else ""),
        "{ .tl-date }",
        "",
        md_link(entry.title[lang], layout.link(page, layout.entry_page(entry.id))),
        "{ .tl-title }",
        "",
        *([text, ""] if summary else []),
        "</li>",
    ]


def _list(page: str, entries: list[Entry], lang: str, summary: bool = True) -> list[str]:
    out = ['<ol class="tl-list" markdown="block">']
    for entry in entries:
        out.append("\n".join(_item(page, entry, lang, summary)))
    return out + ["</ol>", ""]


def _spark(entries: list[Entry], era: Era, last_year: int) -> str:
    """A density strip: how the era's entries spread over its years, in a fixed number of bars."""
    start, end = era.start, era.end or last_year
    span = max(end - start + 1, 1)
    bins = [0] * SPARK_BINS
    for entry in entries:
        position = min(max(entry.date.year - start, 0), span - 1)
        bins[position * SPARK_BINS // span] += 1
    peak = max(bins) or 1
    bars = "".join(f'<i style="--h:{math.ceil(100 * n / peak)}%"></i>' for n in bins)
    return f'<span class="tl-spark" aria-hidden="true">{bars}</span>'


def _overview(tl: Timeline, lang: str) -> list[str]:
    last_year = tl.entries[-1].date.year if tl.entries else datetime.MAXYEAR
    out = [f'<nav class="tl-overview" aria-label="{escape(t(lang, "eras"))}" markdown="block">',
           '<ol markdown="block">']
    for era in tl.eras:
        entries = tl.by_era[era.id]
        out += [f'<li data-era="{era.id}" markdown="block">', md_link(era.title[lang], f"#{era.id}"),
                "{ .tl-overview__title }", "",
                f"{era.years(lang)} · {count(len(entries), lang)} {_spark(entries, era, last_year)}",
                "{ .tl-overview__meta }", "", "</li>"]
    return out + ["</ol>", "</nav>", ""]


def used_statuses(tl: Timeline) -> list[str]:
    """The statuses some entry has, in the schema's order."""
    present = {e.status for e in tl.entries}
    return [s for s in schema.statuses() if s in present]


def _filters(tl: Timeline, lang: str) -> list[str]:
    """The filter form. Hidden until the script runs; the links below it serve without JavaScript."""
    def options(pairs: list[tuple[str, str]], everything: str) -> str:
        return f'<option value="">{escape(everything)}</option>' + "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in pairs)

    used_tags = [tag for tag in tl.tags if tl.by_tag[tag]]
    statuses = used_statuses(tl)
    selects = [
        ("era", t(lang, "filter_era"), options([(e.id, e.title[lang]) for e in tl.eras], t(lang, "all_eras"))),
        ("tag", t(lang, "filter_tag"), options([(g, tl.tags[g][lang]) for g in used_tags], t(lang, "all_tags"))),
        ("status", t(lang, "filter_status"),
         options([(s, t(lang, f"status_{s}")) for s in statuses] + [("none", t(lang, "not_a_plan"))],
                 t(lang, "any_status"))),
    ]
    counter = escape(t(lang, "filter_count", shown="{shown}", total="{total}"))
    out = [f'<form class="tl-filters" data-tl-filters data-count-label="{counter}" hidden '
           f'aria-label="{escape(t(lang, "filters"))}">']
    for name, label, opts in selects:
        out.append(f'<label>{escape(label)} <select name="{name}">{opts}</select></label>')
    out += [f'<button type="reset">{escape(t(lang, "clear"))}</button>',
            '<output aria-live="polite"></output>', "</form>", ""]
    tag_links = " · ".join(md_link(f"{tl.tags[g][lang]} ({len(tl.by_tag[g])})",
                                   layout.link(layout.INDEX, layout.tag_page(g))) for g in used_tags)
    out += [f"**{t(lang, 'browse_tags')}:** {tag_links}", "{ .tl-browse }", ""]
    if statuses:
        status_links = " · ".join(md_link(t(lang, f"status_{s}"), layout.link(layout.INDEX, layout.status_page(s)))
                                  for s in statuses)
        out += [f"**{t(lang, 'browse_status')}:** {status_links}", "{ .tl-browse }", ""]
    return out


def render_timeline(tl: Timeline, lang: str) -> str:
    page = layout.INDEX
    out = [generated_header("timeline/entries/*.yaml and timeline/eras.yaml"), f"# {t(lang, 'timeline')}", ""]
    if tl.entries:
        years = [e.date.year for e in tl.entries]
        out += [t(lang, "timeline_intro", count=f"{len(tl.entries):,}", first=min(years), last=max(years)), ""]
    out += _overview(tl, lang) + _filters(tl, lang)
    for era in tl.eras:
        entries = tl.by_era[era.id]
        era_link = layout.link(page, layout.era_page(era.id))
        out += [f'<section class="tl-era" data-era="{era.id}" markdown="block">', "",
                f"## {md_text(era.title[lang])} {{ #{era.id} }}", "",
                f"{era.years(lang)} · {count(len(entries), lang)} · {md_link(t(lang, 'era_page'), era_link)}",
                "{ .tl-era-meta }", "", md_text(era.summary[lang]), ""]
        if not entries:
            out += [t(lang, "no_entries"), ""]
        out += _list(page, entries[:layout.INDEX_LIMIT], lang)
        if len(entries) > layout.INDEX_LIMIT:
            out += [f"{t(lang, 'showing_first', shown=layout.INDEX_LIMIT, count=f'{len(entries):,}')} "
                    f"{md_link(t(lang, 'see_all'), era_link)}", ""]
        out += ["</section>", ""]
    return "\n".join(out).rstrip() + "\n"


def _pager(page_of: Callable[[int], str], n: int, pages: int, lang: str) -> list[str]:
    if pages == 1:
        return []
    here, parts = page_of(n), []
    if n > 1:
        parts.append(f"← {md_link(t(lang, 'older'), layout.link(here, page_of(n - 1)))}")
    parts.append(t(lang, "page_n", n=n, pages=pages))
    if n < pages:
        parts.append(f"{md_link(t(lang, 'newer'), layout.link(here, page_of(n + 1)))} →")
    return [" · ".join(parts), "{ .tl-pager }", ""]


def _listing(source: str, title: str, lead: list[str], entries: list[Entry], lang: str,
             page_of: Callable[[int], str], back: str, summary: bool = True) -> dict[str, str]:
    """A paginated list page: ``page_of(1)``, ``page_of(2)``, ..."""
    files = {}
    size = layout.PAGE_SIZE
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    for n, chunk in enumerate(chunks, start=1):
        out = [generated_header(source), f"# {title}", "", *lead]
        out += _pager(page_of, n, len(chunks), lang)
        out += _list(page_of(n), chunk, lang, summary) if chunk else [t(lang, "no_entries"), ""]
        out += _pager(page_of, n, len(chunks), lang)
        out += [back, ""]
        files[layout.page_name(page_of(n), lang)] = "\n".join(out).rstrip() + "\n"
    return files


def render_era(tl: Timeline, era: Era, lang: str) -> dict[str, str]:
    entries = tl.by_era[era.id]
    page = layout.era_page(era.id)
    lead = [f"{era.years(lang)} · {count(len(entries), lang)}", "{ .tl-era-meta }", "", md_text(era.summary[lang]), ""]
    index = tl.eras.index(era)
    nav = []
    if index > 0:
        prev = tl.eras[index - 1]
        prev_link = md_link(prev.title[lang], layout.link(page, layout.era_page(prev.id)))
        nav.append(f"← {t(lang, 'previous_era')}: {prev_link}")
    if index + 1 < len(tl.eras):
        nxt = tl.eras[index + 1]
        nav.append(f"{t(lang, 'next_era')}: {md_link(nxt.title[lang], layout.link(page, layout.era_page(nxt.id)))} →")
    nav.append(md_link(t(lang, "back"), layout.link(page, layout.INDEX, era.id)))
    return _listing("timeline/eras.yaml", md_text(era.title[lang]), lead, entries, lang,
                    lambda n: layout.era_page(era.id, n), "  \n".join(nav))


def render_tag(tl: Timeline, tag: str, lang: str) -> dict[str, str]:
    label = tl.tags[tag][lang]
    entries = tl.by_tag[tag]
    lead = [md_text(t(lang, "tag_intro", count=len(entries), tag=label)), ""]
    back = md_link(t(lang, "back"), layout.link(layout.tag_page(tag), layout.INDEX))
    return _listing("timeline/tags.yaml and timeline/entries/*.yaml", md_text(t(lang, "tag_title", tag=label)),
                    lead, entries, lang, lambda n: layout.tag_page(tag, n), back, summary=False)


def render_tags(tl: Timeline, lang: str) -> str:
    page = layout.TAGS_INDEX
    out = [generated_header("timeline/tags.yaml"), f"# {t(lang, 'tags_title')}", "", t(lang, "tags_intro"), ""]
    out += [f"- {md_link(tl.tags[g][lang], layout.link(page, layout.tag_page(g)))} ({len(tl.by_tag[g])})"
            for g in tl.tags if tl.by_tag[g]]
    out += ["", md_link(t(lang, "back"), layout.link(page, layout.INDEX)), ""]
    return "\n".join(out)


def render_status(tl: Timeline, status: str, lang: str) -> dict[str, str]:
    label = t(lang, f"status_{status}")
    entries = [e for e in tl.entries if e.status == status]
    lead = [md_text(t(lang, "status_intro", count=len(entries), status=label)), ""]
    back = md_link(t(lang, "back"), layout.link(layout.status_page(status), layout.INDEX))
    return _listing("timeline/entries/*.yaml", md_text(t(lang, "status_title", status=label)), lead, entries,
                    lang, lambda n: layout.status_page(status, n), back, summary=False)
