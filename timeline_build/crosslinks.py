"""The short cross-link syntax of hand-written pages: ``[[1964-ibm-system-360]]``.

``[[id]]`` becomes a link to the entry's page with the entry's title in the page's language;
``[[id|text]]`` links the given text. The syntax is left alone inside code (fenced blocks and
backtick spans), so pages can show it. Every id is checked against the timeline: an unknown one is
an error with its file, line and column, never a broken link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .problems import Problem, did_you_mean

LINK_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN_RE = re.compile(r"(`+).*?\1")

# (entry id, link text or None, line, column) -> replacement
Callback = Callable[[str, "str | None", int, int], str]


def transform(text: str, callback: Callback) -> str:
    """Replace every cross-link outside code with what ``callback`` returns."""
    out = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        m = _FENCE_RE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            out.append(line)
            continue
        if fence is not None or "[[" not in line:
            out.append(line)
            continue
        pieces, pos = [], 0
        for code in _CODE_SPAN_RE.finditer(line):
            pieces.append(_sub(line[pos:code.start()], pos, number, callback))
            pieces.append(code.group(0))
            pos = code.end()
        pieces.append(_sub(line[pos:], pos, number, callback))
        out.append("".join(pieces))
    return "\n".join(out)


def _sub(segment: str, offset: int, number: int, callback: Callback) -> str:
    return LINK_RE.sub(
        lambda m: callback(m.group(1).strip(), m.group(2).strip() if m.group(2) else None,
                           number, offset + m.start() + 1),
        segment,
    )


def find(text: str) -> list[tuple[str, str | None, int, int]]:
    """Every cross-link outside code: (id, text, line, column)."""
    found: list[tuple[str, str | None, int, int]] = []

    def record(entry_id: str, label: str | None, line: int, col: int) -> str:
        found.append((entry_id, label, line, col))
        return ""

    transform(text, record)
    return found


# A view placed on a hand-written page: [[timeline:<name> <arguments>]], on a line of its own.
VIEW_PREFIX = "timeline:"
VIEWS = ("ribbon", "latest", "cards", "numbers", "pledges")  # see views.py


def view(entry_id: str) -> tuple[str, list[str]] | None:
    """(name, arguments) when a cross-link is a view, such as [[timeline:cards 1712-a 1769-b]]."""
    if not entry_id.startswith(VIEW_PREFIX):
        return None
    name, *args = entry_id[len(VIEW_PREFIX):].split()
    return name, args


def check(text: str, path: str, known: Iterable[str]) -> list[Problem]:
    """Problems for cross-links in one page whose id is not an entry, and for views that do not exist."""
    known = set(known)
    problems = []
    for entry_id, _label, line, col in find(text):
        named = view(entry_id)
        if named is None:
            if entry_id not in known:
                problems.append(Problem(path, line, col, f"unknown timeline entry '[[{entry_id}]]'"
                                        f"{did_you_mean(entry_id, known)}: use the file name of an entry in "
                                        "timeline/entries/ without .yaml"))
        elif named[0] not in VIEWS:
            problems.append(Problem(path, line, col, f"unknown view '{named[0]}'{did_you_mean(named[0], VIEWS)}: "
                                    f"use one of {', '.join(VIEWS)}"))
        else:
            problems += [Problem(path, line, col, f"unknown timeline entry '{arg}' in the {named[0]} view"
                                 f"{did_you_mean(arg, known)}") for arg in named[1] if arg not in known]
    return problems
