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


def test_the_incremental_serve_still_fits_mkdocs_and_the_i18n_plugin():
    """serve_incremental.py makes the builds of MkDocs' serve and of the i18n plugin dirty ones, by
    the module-level `build` names they call, and relies on `--dirty` skipping pages whose output is
    newer than their source; the search plugin's `is_dirty` is its own merge, switched off."""
    import inspect

    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.commands import build, serve
    from mkdocs_static_i18n import plugin as i18n_plugin

    for module in (serve, i18n_plugin):  # each calls MkDocs' build through its own module-level name
        assert module.build is build.build and "build(config" in inspect.getsource(module), module.__name__
    assert "dirty and not page.file.is_modified()" in inspect.getsource(build._populate_page)
    assert "dirty and not page.file.is_modified()" in inspect.getsource(build._build_page)
    assert "is_dirty" in inspect.getsource(SearchPlugin)
