"""One rebuild per edit in ``mkdocs serve``: the generator's own writes do not start another.

Why: an edit under timeline/ starts a rebuild; that rebuild's generator rewrites a few pages in
docs/timeline/, and MkDocs, watching docs/, would then build the whole site once more for nothing
(and reload the browser twice). Here the docs/ watch is replaced by one that ignores the generated
folder.

Written against MkDocs 1.6.1's ``mkdocs.livereload.LiveReloadServer`` (pinned in requirements.txt),
whose private attributes it uses: ``_watched_paths``, ``_watch_refs``, ``_rebuild_cond``,
``_want_rebuild`` and ``observer``. If they change, the plain watch stays (the only cost is that
extra rebuild) and tests/test_serve.py fails loudly, so an upgrade cannot break this silently.
"""

from __future__ import annotations

import os

from . import layout

NEEDED = ("_watched_paths", "_watch_refs", "_rebuild_cond", "_want_rebuild", "observer")


def ignore_generated_folder(server, config):
    """Watch docs/ for everything but docs/timeline/ (what the generator writes)."""
    import watchdog.events  # MkDocs' own file watcher; only `serve` needs it

    docs = os.path.abspath(config.docs_dir)
    generated = os.path.join(docs, layout.FOLDER) + os.sep
    if not all(hasattr(server, name) for name in NEEDED) or server._watched_paths.get(docs) != 1:
        return server

    def callback(event) -> None:
        if event.is_directory:
            return
        changed = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if all(os.fsdecode(p).startswith(generated) for p in changed):
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = callback
    server.unwatch(docs)
    server._watched_paths[docs] = 1
    server._watch_refs[docs] = server.observer.schedule(handler, docs, recursive=True)
    return server
