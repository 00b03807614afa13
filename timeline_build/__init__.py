"""The timeline engine: YAML entries in, cross-linked bilingual Markdown pages out.

``build_timeline.py`` is the command; ``mkdocs_hook.py`` runs the same code inside MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from pathlib import Path

from . import render, writer
from .project import Paths, Result, load

__all__ = ["Paths", "Result", "load", "generate", "Generated"]


@dataclasses.dataclass
class Generated:
    result: Result
    stats: writer.SyncStats | None  # None when nothing was written because of errors


def generate(paths: Paths, today: _dt.date | None = None, **options) -> Generated:
    """Validate everything; write the pages only if there is no error (the last good output stays)."""
    result = load(paths, today, **options)
    if not result.ok:
        return Generated(result, None)
    files = render.render_all(result.timeline)  # type: ignore[arg-type]
    return Generated(result, writer.sync(paths.generated, files))


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
