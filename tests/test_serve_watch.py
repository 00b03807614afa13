"""serve_watch.py reaches into MkDocs' LiveReloadServer: fail loudly if MkDocs changes it."""

from __future__ import annotations

import mkdocs
from mkdocs.livereload import LiveReloadServer

from timeline_build import serve_watch


def test_the_serve_workaround_still_fits_mkdocs(tmp_path):
    assert mkdocs.__version__ == "1.6.1", "serve_watch.py was written against MkDocs 1.6.1: check it still fits"
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        missing = [name for name in serve_watch.NEEDED if not hasattr(server, name)]
        assert missing == [], f"MkDocs' LiveReloadServer no longer has {missing}: update serve_watch.py"
        server.watch(str(tmp_path))
        assert server._watched_paths.get(str(tmp_path)) == 1
    finally:
        server.server_close()
