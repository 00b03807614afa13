"""The rules an entry file must pass beyond its shape (which the JSON Schema checks), as a checklist.

Each rule is a small function with its rule stated in its docstring. It takes an :class:`EntryFile`
and yields :class:`~timeline_build.problems.Problem` objects; it never raises and never stops the
others, so one run reports everything. Rules leave alone any value the schema already rejected
(``file.failed``), so nothing is reported twice. Each module has its own table of good and bad cases
in ``tests/rules/``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable, Iterator
from typing import Any

from ..paths import Paths
from ..problems import ERROR, Problem
from ..yamlsource import Document


@dataclasses.dataclass(frozen=True)
class Context:
    """What the rules know besides the file itself: the other files' ids and the day of the run."""

    paths: Paths
    eras: frozenset[str]
    sections: frozenset[str]
    entries: frozenset[str]
    tags: frozenset[str]
    today: _dt.date
    stale_after_days: int
    banned_hosts: dict[str, str]  # host -> why it is not cited (timeline/do-not-cite.yaml)
    terms: tuple  # Japanese spelling rules (timeline/terms.ja.yaml), see rules.text


@dataclasses.dataclass
class EntryFile:
    """One data file (an entry, or a series) as the rules see it."""

    id: str
    doc: Document
    failed: set[tuple]  # paths the schema rejected
    context: Context
    raw: str  # the file's text

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    def problem(self, path: tuple, message: str, severity: str = ERROR, key: bool = False) -> Problem:
        line, col = self.doc.where_key(path) if key else self.doc.where(path)
        return Problem(self.doc.path, line, col, message, severity)

    def fine(self, *path: Any) -> bool:
        """Whether the value at ``path`` is present and passed the schema."""
        if any(path[:i] in self.failed for i in range(1, len(path) + 1)):
            return False
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return False
        return True

    def sources(self) -> Iterator[tuple[tuple, dict]]:
        """Every source in the file, wherever it stands (``sources``, a status history's or a series
        point's ``source``), with its path."""
        yield from _sources(self.data, ())


def _sources(value: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, dict):
                yield path + (key,), item
            elif key == "sources" and isinstance(item, list):
                yield from (((key, i), s) for i, s in enumerate(item) if isinstance(s, dict))
            else:
                yield from _sources(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _sources(item, path + (i,))


Rule = Callable[[EntryFile], Iterator[Problem]]


def checklist() -> list[Rule]:
    """Every rule an entry file passes."""
    from . import dates, ids, plans, references, sources, text
    return [*ids.RULES, *dates.RULES, *text.RULES, *sources.RULES, *references.RULES, *plans.RULES]


def series_checklist() -> list[Rule]:
    """Every rule a series file (timeline/series/<id>.yaml) passes."""
    from . import dates, series, sources, text
    return [*series.RULES, dates.checked_days_are_real_and_past, *text.RULES, sources.hosts_are_citable]
