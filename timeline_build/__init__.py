"""The timeline engine: YAML entries in, cross-linked bilingual Markdown pages out.

``build_timeline.py`` is the command; ``mkdocs_hook.py`` runs the same code inside MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from pathlib import Path

from . import render, writer
from .cache import Cache
from .project import Paths, Result, load

__all__ = ["Paths", "Result", "load", "generate", "Generated"]


@dataclasses.dataclass
class Generated:
    result: Result
    stats: writer.SyncStats | None  # None when nothing was written because of errors


def generate(paths: Paths, today: _dt.date | None = None, use_cache: bool = True, **options) -> Generated:
    """Validate everything; write the pages only if there is no error (the last good output stays).

    With the cache (see cache.py), unchanged entry files are not parsed again, and when no input of
    the pages changed and the pages are as they were written, nothing is rendered or written."""
    store = Cache(paths.root / ".cache" / "build_timeline" if use_cache else None)
    result = load(paths, today, cache=store, **options)
    if not result.ok:
        store.save()
        return Generated(result, None)
    key = store.fingerprint(_inputs(paths))
    if store.output_unchanged(key, paths.generated):
        store.save()
        return Generated(result, writer.SyncStats(unchanged=len(store.manifest)))
    files = render.render_all(result.timeline)  # type: ignore[arg-type]
    stats = writer.sync(paths.generated, files)
    store.remember_output(key, paths.generated, sorted(files))
    store.save()
    return Generated(result, stats)


def _inputs(paths: Paths) -> list[Path]:
    """Every file the generated pages depend on (the engine's code is in the cache's version)."""
    files = sorted(paths.entries.glob("*.yaml")) + [paths.eras, paths.tags]
    return files + (sorted(paths.articles.glob("*.md")) if paths.articles.is_dir() else [])


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
