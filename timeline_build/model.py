"""The timeline as the renderers see it: validated, typed, sorted and indexed.

Authored keys come straight from the YAML files. Computed fields (``prev``/``next`` in time,
``related_all`` = the entry's own ``related`` plus every entry that names it, the entries of each era,
tag and article section) are derived here once, in linear time, and never typed twice by a contributor.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Mapping

from .dates import PartialDate, format_date

LANGS = ("en", "ja")
DEFAULT_LANG = "en"

Text = Mapping[str, str]  # {"en": ..., "ja": ...}


@dataclasses.dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    accessed: _dt.date
    kind: str = "secondary"  # or "primary": see schema/entry.schema.json
    archived: str | None = None  # a web-archive copy of the same page


@dataclasses.dataclass(frozen=True)
class Pledge:
    """What a plan promised: who, what, and the figure with its currency or unit."""

    by: Text
    what: Text
    amount: float | None = None
    currency: str | None = None  # ISO 4217
    unit: Text | None = None  # what a quantity counts
    qualifier: str | None = None  # up-to | about | at-least
    deadline: PartialDate | None = None


@dataclasses.dataclass(frozen=True)
class StatusChange:
    """One dated step of a plan's status trail, with the source that shows it."""

    date: PartialDate
    status: str
    note: Text
    source: Source


@dataclasses.dataclass
class Entry:
    id: str
    path: str  # the YAML file, relative to the project root
    date: PartialDate
    era: str
    title: Text
    summary: Text
    sources: tuple[Source, ...]
    qualifier: str | None = None
    end_date: PartialDate | None = None
    note: Text | None = None
    place: Text | None = None
    sections: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    status: str | None = None
    as_of: _dt.date | None = None
    pledge: Pledge | None = None
    history: tuple[StatusChange, ...] = ()

    def date_text(self, lang: str) -> str:
        return format_date(self.date, lang, self.qualifier, self.end_date)

    def sort_key(self) -> tuple:
        return (self.date.sort_key(), self.id)


@dataclasses.dataclass(frozen=True)
class Era:
    id: str
    start: int
    end: int | None
    title: Text
    summary: Text

    def years(self, lang: str) -> str:
        if self.end is None:
            return f"{self.start}年〜" if lang == "ja" else f"{self.start}–"
        return f"{self.start}年〜{self.end}年" if lang == "ja" else f"{self.start}–{self.end}"


@dataclasses.dataclass(frozen=True)
class Section:
    """A hand-written article page, docs/article/<id>.md (and its translation)."""

    id: str
    title: Text
    paths: Mapping[str, str]  # language -> file, relative to the project root


@dataclasses.dataclass(frozen=True)
class Point:
    date: PartialDate
    value: float
    label: Text
    source: Source
    entry: str | None = None  # the id of the entry it belongs to
    note: Text | None = None


@dataclasses.dataclass(frozen=True)
class Series:
    """A measured quantity over time (timeline/series/<id>.yaml), drawn on the numbers page."""

    id: str
    path: str
    title: Text
    description: Text
    unit: Mapping[str, str]  # id, en, ja
    scale: str  # log | linear
    points: tuple[Point, ...]


@dataclasses.dataclass
class Timeline:
    entries: list[Entry]  # in time order
    eras: list[Era]  # in the order of eras.yaml
    tags: dict[str, Text]
    sections: dict[str, Section]
    by_id: dict[str, Entry] = dataclasses.field(default_factory=dict)
    era_by_id: dict[str, Era] = dataclasses.field(default_factory=dict)
    prev: dict[str, Entry | None] = dataclasses.field(default_factory=dict)
    next: dict[str, Entry | None] = dataclasses.field(default_factory=dict)
    related_all: dict[str, list[Entry]] = dataclasses.field(default_factory=dict)
    by_era: dict[str, list[Entry]] = dataclasses.field(default_factory=dict)
    by_tag: dict[str, list[Entry]] = dataclasses.field(default_factory=dict)
    by_section: dict[str, list[Entry]] = dataclasses.field(default_factory=dict)
    era_position: dict[str, int] = dataclasses.field(default_factory=dict)  # index within its era
    series: list[Series] = dataclasses.field(default_factory=list)
    points_of: dict[str, list[tuple[Series, Point]]] = dataclasses.field(default_factory=dict)  # by entry id

    @classmethod
    def build(cls, entries: list[Entry], eras: list[Era], tags: dict[str, Text],
              sections: dict[str, Section], series: list[Series] = ()) -> Timeline:
        """Sort and index; assumes ids and references were validated."""
        entries = sorted(entries, key=Entry.sort_key)
        tl = cls(entries, eras, tags, sections, series=list(series))
        for one in tl.series:
            for point in one.points:
                if point.entry:
                    tl.points_of.setdefault(point.entry, []).append((one, point))
        tl.by_id = {e.id: e for e in entries}
        tl.era_by_id = {era.id: era for era in eras}
        tl.by_era = {era.id: [] for era in eras}
        tl.by_tag = {tag: [] for tag in tags}
        tl.by_section = {s: [] for s in sections}
        linked: dict[str, set[str]] = {e.id: set(e.related) for e in entries}
        for i, entry in enumerate(entries):
            tl.prev[entry.id] = entries[i - 1] if i > 0 else None
            tl.next[entry.id] = entries[i + 1] if i + 1 < len(entries) else None
            tl.era_position[entry.id] = len(tl.by_era[entry.era])
            tl.by_era[entry.era].append(entry)
            for tag in entry.tags:
                tl.by_tag[tag].append(entry)
            for section in entry.sections:
                tl.by_section[section].append(entry)
            for other in entry.related:
                linked[other].add(entry.id)  # the backlink
        order = {entry.id: i for i, entry in enumerate(entries)}  # sorted once above
        tl.related_all = {
            entry_id: [tl.by_id[o] for o in sorted(others, key=order.__getitem__)]
            for entry_id, others in linked.items()
        }
        return tl
