"""The timeline as open data: JSON, CSV, Atom, iCalendar and TimelineJS, all pure functions.

Every export is built from the same validated :class:`Timeline` as the pages, so they cannot
disagree. ``page_url(lang, entry_id)`` gives the absolute URL of an entry's page; the MkDocs hook
supplies it from ``site_url``. Output is deterministic: no clock is read here.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urlsplit

from .dates import PartialDate
from .model import DEFAULT_LANG, LANGS, Entry, Pledge, Series, Source, Timeline

SCHEMA_VERSION = 2  # 2: sources' kind and archived copy, date_text, pledge, status_history, series
PageURL = Callable[[str, str], str]  # (lang, entry id) -> absolute URL

FEED_ITEMS = 50  # a feed carries the latest additions, not the whole timeline


def updated(entry: Entry) -> datetime.date:
    """When an entry was last checked: its newest 'accessed' or 'as_of' day."""
    return max([s.accessed for s in entry.sources] + ([entry.as_of] if entry.as_of else []))


def entry_record(tl: Timeline, entry: Entry, page_url: PageURL) -> dict:
    return {
        "id": entry.id,
        "date": entry.date.iso(),
        "date_precision": entry.date.precision,
        "date_text": {lang: entry.date_text(lang) for lang in LANGS},
        "qualifier": entry.qualifier,
        "end_date": entry.end_date.iso() if entry.end_date else None,
        "era": entry.era,
        "title": dict(entry.title),
        "summary": dict(entry.summary),
        "note": dict(entry.note) if entry.note else None,
        "place": dict(entry.place) if entry.place else None,
        "sources": [_source(s) for s in entry.sources],
        "sections": list(entry.sections),
        "related": list(entry.related),
        "related_all": [e.id for e in tl.related_all[entry.id]],
        "tags": list(entry.tags),
        "status": entry.status,
        "as_of": entry.as_of.isoformat() if entry.as_of else None,
        "pledge": _pledge(entry.pledge) if entry.pledge else None,
        "status_history": [{"date": step.date.iso(), "status": step.status, "note": dict(step.note),
                            "source": _source(step.source)} for step in entry.history],
        "urls": {lang: page_url(lang, entry.id) for lang in LANGS},
        "source_file": entry.path,
    }


def _source(s: Source) -> dict:
    return {"title": s.title, "publisher": s.publisher, "url": s.url, "accessed": s.accessed.isoformat(),
            "kind": s.kind, "archived": s.archived}


def _pledge(p: Pledge) -> dict:
    return {"by": dict(p.by), "what": dict(p.what), "amount": p.amount, "currency": p.currency,
            "unit": dict(p.unit) if p.unit else None, "qualifier": p.qualifier,
            "deadline": p.deadline.iso() if p.deadline else None}


def _series(s: Series) -> dict:
    return {"id": s.id, "title": dict(s.title), "description": dict(s.description), "unit": dict(s.unit),
            "scale": s.scale, "points": [{"date": p.date.iso(), "value": p.value, "label": dict(p.label),
                                          "entry": p.entry, "note": dict(p.note) if p.note else None,
                                          "source": _source(p.source)} for p in s.points]}


def render_json(tl: Timeline, page_url: PageURL) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "eras": [{"id": e.id, "start": e.start, "end": e.end, "title": dict(e.title), "summary": dict(e.summary)}
                 for e in tl.eras],
        "tags": {tag: dict(label) for tag, label in tl.tags.items()},
        "entries": [entry_record(tl, e, page_url) for e in tl.entries],
        "series": [_series(s) for s in tl.series],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = ["id", "date", "date_precision", "qualifier", "end_date", "era", "title_en", "title_ja",
               "summary_en", "summary_ja", "status", "as_of", "tags", "source_urls", "url_en", "url_ja"]


def render_csv(tl: Timeline, page_url: PageURL) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in tl.entries:
        writer.writerow([
            e.id, e.date.iso(), e.date.precision, e.qualifier or "", e.end_date.iso() if e.end_date else "",
            e.era, e.title["en"], e.title["ja"], e.summary["en"], e.summary["ja"], e.status or "",
            e.as_of.isoformat() if e.as_of else "", " ".join(e.tags), " ".join(s.url for s in e.sources),
            page_url("en", e.id), page_url("ja", e.id),
        ])
    return buffer.getvalue()


ATOM = "http://www.w3.org/2005/Atom"


def render_atom(tl: Timeline, lang: str, page_url: PageURL, feed_url: str, site_url: str, title: str) -> str:
    """Newest additions first: entries ordered by the day they were last checked, then by id."""
    ET.register_namespace("", ATOM)
    entries = sorted(tl.entries, key=lambda e: (updated(e), e.id), reverse=True)[:FEED_ITEMS]
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site_url})
    newest = updated(entries[0]) if entries else datetime.date(2000, 1, 1)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest.isoformat()}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = title
    for e in entries:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = page_url(lang, e.id)
        ET.SubElement(item, f"{{{ATOM}}}id").text = url
        ET.SubElement(item, f"{{{ATOM}}}title").text = f"{e.date_text(lang)}: {e.title[lang]}"
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
        ET.SubElement(item, f"{{{ATOM}}}updated").text = f"{updated(e).isoformat()}T00:00:00Z"
        ET.SubElement(item, f"{{{ATOM}}}summary").text = e.summary[lang]
        for tag in e.tags:
            ET.SubElement(item, f"{{{ATOM}}}category", {"term": tag, "label": tl.tags[tag][lang]})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _span(e: Entry) -> tuple[datetime.date, datetime.date]:
    """All-day span of an entry in iCalendar terms: start day, and the day after its last day."""
    end: PartialDate = e.end_date or e.date
    return e.date.first_day(), end.last_day() + datetime.timedelta(days=1)


def render_ics(tl: Timeline, lang: str, page_url: PageURL, host: str, title: str) -> str:
    """One all-day event per entry, spanning the whole year or month when that is all that is known."""
    import icalendar  # here, not at the top: importing it is a tenth of what `check` takes

    cal = icalendar.Calendar()
    cal.add("prodid", "-//build_timeline.py//steam-to-ai//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for e in tl.entries:
        start, end = _span(e)
        event = icalendar.Event()
        event.add("uid", f"{e.id}@{host}")
        event.add("dtstamp", datetime.datetime.combine(updated(e), datetime.time(), tzinfo=datetime.UTC))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", e.title[lang])
        event.add("description", f"{e.date_text(lang)} ({e.date.precision}). {e.summary[lang]}")
        event.add("url", page_url(lang, e.id))
        event.add("categories", [e.era, *e.tags])
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _tljs_date(date: PartialDate) -> dict:
    out = {"year": str(date.year)}
    if date.month:
        out["month"] = str(date.month)
    if date.day:
        out["day"] = str(date.day)
    return out


def render_timelinejs(tl: Timeline, lang: str, page_url: PageURL, title: str) -> str:
    """The JSON format of Knight Lab's TimelineJS, so others can embed the timeline."""
    events = []
    for e in tl.entries:
        event = {
            "unique_id": e.id,
            "start_date": {**_tljs_date(e.date), "display_date": e.date_text(lang)},
            "text": {"headline": e.title[lang], "text": e.summary[lang]},
            "group": tl.era_by_id[e.era].title[lang],
            "media": {"url": page_url(lang, e.id), "link": page_url(lang, e.id)},
        }
        if e.end_date:
            event["end_date"] = _tljs_date(e.end_date)
        events.append(event)
    last = tl.entries[-1].date.year if tl.entries else 2026
    eras = [{"start_date": {"year": str(era.start)}, "end_date": {"year": str(era.end or last)},
             "text": {"headline": era.title[lang]}} for era in tl.eras]
    data = {"title": {"text": {"headline": title}}, "events": events, "eras": eras}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def series_csv(series: Series) -> str:
    """A series as CSV, for download beside its chart."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(["date", "value", "unit", "label_en", "label_ja", "entry", "note_en", "note_ja", "source_title",
                  "source_publisher", "source_url", "source_accessed", "source_kind"])
    for p in series.points:
        note = p.note or {}
        out.writerow([p.date.iso(), f"{p.value:g}", series.unit["id"], p.label["en"], p.label["ja"], p.entry or "",
                      note.get("en", ""), note.get("ja", ""), p.source.title, p.source.publisher, p.source.url,
                      p.source.accessed.isoformat(), p.source.kind])
    return buffer.getvalue()


def render_site_files(tl: Timeline, lang: str, page_url: PageURL, site: str, site_name: str) -> dict[str, str]:
    """The open-data files of one language's site, by path from that language's root: the feed, the
    calendar and the TimelineJS data in each language, the JSON and CSV once (at the default
    language's root), and each series' CSV beside each language's numbers page."""
    home = site if lang == DEFAULT_LANG else f"{site}{lang}/"
    host = urlsplit(site).hostname or "localhost"
    files = {
        "feed.xml": render_atom(tl, lang, page_url, f"{home}feed.xml", home, site_name),
        "timeline.ics": render_ics(tl, lang, page_url, host, site_name),
        "timelinejs.json": render_timelinejs(tl, lang, page_url, site_name),
    }
    if lang == DEFAULT_LANG:
        files["timeline.json"] = render_json(tl, page_url)
        files["timeline.csv"] = render_csv(tl, page_url)
    for series in tl.series:
        files[f"series/{series.id}.csv"] = series_csv(series)
    return files
