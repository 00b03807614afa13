"""The timeline engine: YAML entries in, cross-linked bilingual Markdown pages out.

``build_timeline.py`` is the command; ``mkdocs_hook.py`` runs the same code inside MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from pathlib import Path

from . import parallel, render, writer
from .cache import Cache
from .model import Timeline
from .project import Paths, Result, load

__all__ = ["Paths", "Result", "load", "generate", "Generated"]


@dataclasses.dataclass
class Generated:
    result: Result
    stats: writer.SyncStats | None  # None when nothing was written because of errors


def generate(paths: Paths, today: _dt.date | None = None, use_cache: bool = True, jobs: int | None = None,
             **options) -> Generated:
    """Validate everything; write the pages only if there is no error (the last good output stays).

    With the cache (see cache.py), unchanged entry files are not parsed again, and when no input of
    the pages changed and the pages are as they were written, nothing is rendered or written.
    ``jobs``: processes to use (None: automatic, see parallel.py)."""
    with parallel.no_gc_pauses():
        return _generate(paths, today, use_cache, jobs, options)


def _generate(paths: Paths, today: _dt.date | None, use_cache: bool, jobs: int | None, options: dict) -> Generated:
    store = Cache(paths.root / ".cache" / "build_timeline" if use_cache else None)
    result = load(paths, today, cache=store, jobs=jobs, **options)
    if not result.ok:
        store.save()
        return Generated(result, None)
    key = store.fingerprint(_inputs(paths))
    if store.output_unchanged(key, paths.generated):
        store.save()
        return Generated(result, writer.SyncStats(unchanged=len(store.manifest)))
    stats, manifest = _write_pages(result.timeline, paths.generated, jobs)  # type: ignore[arg-type]
    store.remember_output(key, manifest)
    store.save()
    return Generated(result, stats)


def _write_pages(tl: Timeline, folder: Path, jobs: int | None) -> tuple[writer.SyncStats, dict]:
    """Render and write every page; the entry pages in worker processes when there are many."""
    folder.mkdir(parents=True, exist_ok=True)

    def indexes() -> tuple[writer.SyncStats, dict]:
        return writer.write(folder, render.render_indexes(tl))

    ids = [entry.id for entry in tl.entries]
    done, (stats, manifest) = parallel.run(_entry_pages, ids, parallel.workers(len(ids), jobs),
                                           shared=(tl, folder), meanwhile=indexes)
    for written, unchanged, made in done:
        stats.written += written
        stats.unchanged += unchanged
        manifest.update(made)
    stats.removed = writer.remove_others(folder, set(manifest))
    return stats, manifest


def _entry_pages(ids: list[str]) -> list[tuple[int, int, dict]]:
    """Render and write the pages of some entries (in a worker, see parallel.py)."""
    tl, folder = parallel.shared()
    stats, made = writer.write(folder, render.render_entries(tl, [tl.by_id[i] for i in ids]))
    return [(stats.written, stats.unchanged, made)]


def _inputs(paths: Paths) -> list[Path]:
    """Every file the generated pages depend on (the engine's code is in the cache's version)."""
    names = sorted(name for name in os.listdir(paths.entries) if name.endswith(".yaml"))  # strings sort fast
    files = [paths.entries / name for name in names] + [paths.eras, paths.tags]
    return files + (sorted(paths.articles.glob("*.md")) if paths.articles.is_dir() else [])


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
