"""The pages that list entries: the timeline, the era, tag and status pages, and the tag index.

Each is a template in templates/: ready HTML, which Python-Markdown passes through without parsing it
as Markdown, and a Markdown heading where the table of contents needs one. CSS and the small script
in docs/javascripts/timeline.js enhance them; without them they are plain ordered lists.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable

from . import layout, schema, views
from .i18n import t
from .markup import generated_header, render_template
from .model import DEFAULT_LANG, Entry, Era, Timeline

SPARK_BINS = 24  # bars in an era's density strip on the timeline page


def _spark(entries: list[Entry], era: Era, last_year: int) -> list[int]:
    """A density strip: the heights (per cent) of bars counting the era's entries over its years."""
    start, end = era.start, era.end or last_year
    span = max(end - start + 1, 1)
    bins = [0] * SPARK_BINS
    for entry in entries:
        position = min(max(entry.date.year - start, 0), span - 1)
        bins[position * SPARK_BINS // span] += 1
    peak = max(bins) or 1
    return [math.ceil(100 * n / peak) for n in bins]


def used_statuses(tl: Timeline) -> list[str]:
    """The statuses some entry has, in the schema's order."""
    present = {e.status for e in tl.entries}
    return [s for s in schema.statuses() if s in present]


def _used_tags(tl: Timeline) -> list[str]:
    return [tag for tag in tl.tags if tl.by_tag[tag]]


def render_timeline(tl: Timeline, lang: str) -> str:
    last_year = tl.entries[-1].date.year if tl.entries else datetime.MAXYEAR
    years = [e.date.year for e in tl.entries]
    intro = t(lang, "timeline_intro", count=f"{len(tl.entries):,}", first=min(years), last=max(years)) if years else ""
    statuses = used_statuses(tl)
    selects = [
        ("era", t(lang, "filter_era"), [(e.id, e.title[lang]) for e in tl.eras], t(lang, "all_eras")),
        ("tag", t(lang, "filter_tag"), [(g, tl.tags[g][lang]) for g in _used_tags(tl)], t(lang, "all_tags")),
        ("status", t(lang, "filter_status"),
         [(s, t(lang, f"status_{s}")) for s in statuses] + [("none", t(lang, "not_a_plan"))], t(lang, "any_status")),
    ]
    return render_template(
        "timeline.md.j2", lang, layout.INDEX, header=generated_header("timeline/entries/*.yaml and timeline/eras.yaml"),
        intro=intro, eras=tl.eras, by_era=tl.by_era, by_tag=tl.by_tag, tags=tl.tags, used_tags=_used_tags(tl),
        statuses=statuses, selects=selects, limit=layout.INDEX_LIMIT, ribbon=views.ribbon(tl, lang, layout.INDEX),
        decades=_decades(tl), sparks={era.id: _spark(tl.by_era[era.id], era, last_year) for era in tl.eras},
        data_url=layout.file_href(layout.INDEX, "timeline.json") if lang == DEFAULT_LANG else
        "../" + layout.file_href(layout.INDEX, "timeline.json"), total=len(tl.entries))


def _decades(tl: Timeline) -> list[tuple[int, str]]:
    """(decade, link) for each decade with an entry: a link to its first entry where the timeline lists it."""
    first: dict[int, Entry] = {}
    for entry in tl.entries:
        first.setdefault(entry.date.year // 10 * 10, entry)
    return [(decade, layout.href(layout.INDEX, layout.listed_at(e.era, tl.era_position[e.id]), e.id))
            for decade, e in first.items()]


def _listing(source: str, title: str, entries: list[Entry], lang: str, page_of: Callable[[int], str],
             nav: list[tuple[str, str]], summary: bool = True, **lead) -> dict[str, str]:
    """A paginated list page: ``page_of(1)``, ``page_of(2)``, ... ``nav``: the links at its foot, each
    as (label, page, anchor, text before, text after)."""
    size = layout.PAGE_SIZE
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    files = {}
    for n, chunk in enumerate(chunks, start=1):
        page = page_of(n)
        links = [(label, layout.href(page, target, anchor), before, after)
                 for label, target, anchor, before, after in nav]
        files[layout.page_name(page, lang)] = render_template(
            "listing.md.j2", lang, page, header=generated_header(source), title=title, entries=chunk,
            total=len(entries), page_number=n, pages=len(chunks), page_of=page_of, summary=summary, nav=links,
            **{"era": None, "intro": "", **lead})
    return files


def render_era(tl: Timeline, era: Era, lang: str) -> dict[str, str]:
    index = tl.eras.index(era)
    nav = []
    if index > 0:
        prev = tl.eras[index - 1]
        nav.append((prev.title[lang], layout.era_page(prev.id), None, f"← {t(lang, 'previous_era')}: ", ""))
    if index + 1 < len(tl.eras):
        nxt = tl.eras[index + 1]
        nav.append((nxt.title[lang], layout.era_page(nxt.id), None, f"{t(lang, 'next_era')}: ", " →"))
    nav.append((t(lang, "back"), layout.INDEX, era.id, "", ""))
    return _listing("timeline/eras.yaml", era.title[lang], tl.by_era[era.id], lang,
                    lambda n: layout.era_page(era.id, n), nav, era=era)


def render_tag(tl: Timeline, tag: str, lang: str) -> dict[str, str]:
    label, entries = tl.tags[tag][lang], tl.by_tag[tag]
    return _listing("timeline/tags.yaml and timeline/entries/*.yaml", t(lang, "tag_title", tag=label), entries, lang,
                    lambda n: layout.tag_page(tag, n), [(t(lang, "back"), layout.INDEX, None, "", "")],
                    summary=False, intro=t(lang, "tag_intro", count=len(entries), tag=label))


def render_tags(tl: Timeline, lang: str) -> str:
    return render_template("tags.md.j2", lang, layout.TAGS_INDEX, header=generated_header("timeline/tags.yaml"),
                           tags=tl.tags, by_tag=tl.by_tag, used_tags=_used_tags(tl))


def render_status(tl: Timeline, status: str, lang: str) -> dict[str, str]:
    label = t(lang, f"status_{status}")
    entries = [e for e in tl.entries if e.status == status]
    return _listing("timeline/entries/*.yaml", t(lang, "status_title", status=label), entries, lang,
                    lambda n: layout.status_page(status, n), [(t(lang, "back"), layout.INDEX, None, "", "")],
                    summary=False, intro=t(lang, "status_intro", count=len(entries), status=label))
