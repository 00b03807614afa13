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
    """One entry file as the rules see it."""

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

    def sources(self) -> Iterator[tuple[int, dict]]:
        listed = self.data.get("sources")
        for i, source in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(source, dict):
                yield i, source


Rule = Callable[[EntryFile], Iterator[Problem]]


def checklist() -> list[Rule]:
    """Every rule, in the order their problems are listed for one file."""
    from . import dates, ids, plans, references, sources, text
    return [*ids.RULES, *dates.RULES, *text.RULES, *sources.RULES, *references.RULES, *plans.RULES]
