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


def check(text: str, path: str, known: Iterable[str]) -> list[Problem]:
    """Problems for cross-links in one page whose id is not an entry."""
    known = set(known)
    return [
        Problem(path, line, col,
                f"unknown timeline entry '[[{entry_id}]]'{did_you_mean(entry_id, known)}: "
                "use the file name of an entry in timeline/entries/ without .yaml")
        for entry_id, _label, line, col in find(text)
        if entry_id not in known
    ]
