"""The timeline engine: YAML entries in, cross-linked bilingual Markdown pages out.

One build, top down: ``load`` reads and checks every file (``load.py``, with the rules in ``rules/``)
-> ``render`` turns the timeline into pages (``render.py``) -> ``write_tree`` writes what changed
(``writer.py``). ``build_timeline.py`` is the command; ``mkdocs_hook.py`` runs the same code inside MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt

from . import layout
from .load import Result, load
from .model import Timeline
from .paths import Paths
from .render import render_all
from .writer import SyncStats, write_tree

__all__ = ["Paths", "Result", "load", "generate", "write_pages", "Generated"]


@dataclasses.dataclass
class Generated:
    result: Result
    stats: SyncStats | None  # None when nothing was written because of errors


def generate(paths: Paths, today: _dt.date | None = None, **options) -> Generated:
    """Check everything; write the pages only if there is no error (the last good pages stay)."""
    result = load(paths, today, **options)
    if result.timeline is None or not result.ok:
        return Generated(result, None)
    return Generated(result, write_pages(paths, result.timeline))


def write_pages(paths: Paths, timeline: Timeline) -> SyncStats:
    """Render every page of ``timeline`` and make docs/timeline/ hold exactly them."""
    pages = {layout.in_generated_folder(path): text for path, text in render_all(timeline).items()}
    return write_tree(paths.generated, pages)
