"""Rules on references: every era, article section, related entry and tag an entry names exists."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Entry
from ..paths import Paths
from ..problems import WARNING, Problem, did_you_mean
from ..yamlsource import Document
from . import EntryFile

_LISTS = {  # key: (what one item is called, where it must be found, the context's set of ids)
    "sections": ("section", "an article page in docs/article/", "sections"),
    "related": ("related entry", "an entry file in timeline/entries/", "entries"),
    "tags": ("tag", "a tag in timeline/tags.yaml", "tags"),
}


def era_exists(f: EntryFile) -> Iterator[Problem]:
    """The era is one of timeline/eras.yaml."""
    era, known = f.data.get("era"), f.context.eras
    if f.fine("era") and era not in known:
        yield f.problem(("era",), f"unknown era '{era}'{did_you_mean(era, known)}: "
                        f"use one of the ids in timeline/eras.yaml ({', '.join(sorted(known))})")


def listed_ids_exist(f: EntryFile) -> Iterator[Problem]:
    """Every section, related entry and tag named exists, and an entry is not related to itself."""
    for key, (what, where, context_key) in _LISTS.items():
        values = f.data.get(key)
        known = getattr(f.context, context_key)
        for i, value in enumerate(values if isinstance(values, list) else []):
            if not isinstance(value, str):
                continue
            if key == "related" and value == f.id:
                yield f.problem((key, i), "an entry cannot be related to itself: remove it")
            elif value not in known:
                choices = f" ({', '.join(sorted(known))})" if key == "tags" else ""
                yield f.problem((key, i), f"unknown {what} '{value}'{did_you_mean(value, known)}: "
                                f"it must name {where}{choices}")


def mutual_links(entries: list[Entry], paths: Paths) -> Iterator[Problem]:
    """(warning) A link is typed once: the other entry shows the backlink by itself."""
    named = {(e.id, other) for e in entries for other in e.related}
    for entry in entries:
        for i, other in enumerate(entry.related):
            if entry.id > other and (other, entry.id) in named:
                line = Document(entry.path, None, None, paths.root / entry.path).where(("related", i))[0]
                yield Problem(entry.path, line, None, f"'{other}' already lists this entry in related; links are "
                              "shown both ways, so remove it here", WARNING)


RULES = [era_exists, listed_ids_exist]
