"""Rules on sources: every entry rests on a primary source where one exists, and never on a copy."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ..problems import Problem
from . import EntryFile


def banned_reason(url: str, banned: dict[str, str]) -> tuple[str, str] | None:
    """(host, reason) when ``url`` is on a host of the do-not-cite list or one of its subdomains."""
    host = (urlsplit(url).hostname or "").lower()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in banned:
            return candidate, banned[candidate]
    return None


def hosts_are_citable(f: EntryFile) -> Iterator[Problem]:
    """No source (nor its archived copy) is on a host of timeline/do-not-cite.yaml."""
    for path, source in f.sources():
        for key in ("url", "archived"):
            if f.fine(*path, key):
                found = banned_reason(source[key], f.context.banned_hosts)
                if found:
                    field = ".".join(map(str, path + (key,)))
                    yield f.problem(path + (key,), f"{field}: {found[0]} is not cited here ({found[1]}): cite the "
                                    "original (see timeline/do-not-cite.yaml)")


def has_primary_source(f: EntryFile) -> Iterator[Problem]:
    """At least one source is primary, or no_primary_source says why none exists."""
    kinds = [source.get("kind") for path, source in f.sources() if path[0] == "sources"]
    if kinds and "primary" not in kinds and "no_primary_source" not in f.data and "sources" not in f.failed:
        yield f.problem(("sources",), "no primary source: add the maker's, the government's, the paper, patent or "
                        "Act, or the museum or archive holding the object (kind: primary); if none exists, say why "
                        "in no_primary_source and in the note", key=True)


RULES = [hosts_are_citable, has_primary_source]
