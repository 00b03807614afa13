"""`mkdocs serve` rebuilds only the pages an edit changed, and the served site stays complete.

Why: a plain serve rebuild is a full build of both languages (5 s at 133 entries, 34 s at 1,000),
while an edit to an entry changes a handful of pages: the entry's, its neighbours', the lists it is
on, and the hand-written pages that show timeline data. MkDocs can rebuild only changed pages
(`--dirty`: a page is built when its source is newer than its output, or its output is missing), but
on its own that is wrong here: it warns (fatal under `strict`), the search index then holds only the
rebuilt pages, and a hand-written page that shows timeline data is not rebuilt when the data changes.
So, while serving:

- every build is a dirty one (the two `build` calls that matter: MkDocs' serve and the i18n plugin's
  build of the other language), with MkDocs' warning about dirty builds silenced;
- at the start of each rebuild (``start``): if anything but the data changed since the last good build
  (a hand-written page, mkdocs.yml, overrides/), a generated page was removed, the last build failed,
  or the problems banner comes or goes, the site folder is emptied, so every page is built; otherwise
  the generator's rewritten pages are newer than their outputs, and the outputs of the hand-written
  pages whose timeline data (views, [[id]] links) came out different are removed: exactly those
  pages are built (a page's HTML is a function of its Markdown while the navigation stays the same);
- the search index keeps the entries of the pages not rebuilt (``merge_search_docs``), and the
  navigation their titles (``keep_titles``).

Written against MkDocs 1.6.1 (``mkdocs.commands.serve.build``, ``File.is_modified``), mkdocs-static-i18n
1.3.1 (``mkdocs_static_i18n.plugin.build``) and Material 9.8.2's search plugin (``is_dirty``), all pinned
in requirements.txt; tests/test_serve.py checks the served site after incremental rebuilds, and
tests/test_serve_watch.py fails if those names go away.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from pathlib import Path

DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclasses.dataclass
class State:
    installed: bool = False
    fingerprint: tuple = ()
    banner: bool = False             # the last rebuild showed the problems banner on every page
    needs_full: bool = True          # the next rebuild builds every page (first build, failure, ...)
    # hand-written pages that show timeline data: output path -> (what they were made of, how to redo it)
    data_pages: dict[str, tuple[object, Callable[[], object]]] = dataclasses.field(default_factory=dict)
    built: set[str] = dataclasses.field(default_factory=set)  # page URLs built in this rebuild
    titles: dict[str, str] = dataclasses.field(default_factory=dict)  # output path -> page title
    previous_docs: list[dict] = dataclasses.field(default_factory=list)  # search docs, last rebuild
    written_docs: list[dict] = dataclasses.field(default_factory=list)  # search docs, last written


STATE = State()


class _QuietDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def install() -> bool:
    """Make every build while serving a dirty one. False (and nothing changed) if MkDocs or the i18n
    plugin no longer have what this relies on: serving then stays correct, only slower."""
    if STATE.installed:
        return True
    try:
        from mkdocs.commands import serve as serve_module
        from mkdocs.structure.files import File
        from mkdocs_static_i18n import plugin as i18n_module
    except ImportError:
        return False
    modules = (serve_module, i18n_module)
    if not all(callable(getattr(m, "build", None)) for m in modules) or not hasattr(File, "is_modified"):
        return False
    for module in modules:
        original = module.build

        def build(config, *args, _original=original, **kwargs):
            kwargs["dirty"] = True
            return _original(config, *args, **kwargs)

        module.build = build
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    STATE.installed = True
    return True


def configure_search(search_plugin) -> None:
    """Material's own dirty-reload merge assumes one page per rebuild; ours replaces it."""
    if STATE.installed and search_plugin is not None and hasattr(search_plugin, "is_dirty"):
        search_plugin.is_dirty = False


def fingerprint(paths, config_file: str) -> tuple:
    """What, besides the timeline data, every page depends on: the hand-written Markdown pages (their
    titles make the navigation), the configuration and the template overrides."""
    overrides = sorted(Path(folder, name) for folder, _dirs, names in os.walk(paths.root / "overrides")
                       for name in names)
    found = []
    for path in [*paths.hand_written_pages(), *overrides, Path(config_file)]:
        stat = path.stat()
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def start(site_dir: str, current: tuple, banner: bool, removed: bool) -> bool:
    """Prepare the site folder for this rebuild; True if every page will be built: also when the
    problems banner comes or goes (it is on every page), or when a page went away."""
    from mkdocs import utils

    full = STATE.needs_full or banner or STATE.banner or removed or current != STATE.fingerprint
    STATE.banner = banner
    STATE.fingerprint = current
    STATE.needs_full = False
    # The last rebuild's final index is this one's base; a failed rebuild made this one full.
    STATE.previous_docs, STATE.written_docs, STATE.built = STATE.written_docs, [], set()
    if full:
        utils.clean_directory(site_dir)
        STATE.data_pages, STATE.titles = {}, {}
        STATE.previous_docs = []
    else:
        for output, (made, redo) in STATE.data_pages.items():
            if _differs(made, redo) and os.path.exists(output):
                os.unlink(output)  # a missing output is built again
    return full


def _differs(made: object, redo: Callable[[], object]) -> bool:
    try:
        return redo() != made
    except Exception:  # the build itself reports it, on this page
        return True


def failed() -> None:
    STATE.needs_full = True


def shows_data(page, made: object, redo: Callable[[], object]) -> None:
    """``page`` (hand-written) shows timeline data: ``made`` is what it was built from (its Markdown
    and the HTML set aside), ``redo`` makes that again from the data as it is then."""
    if STATE.installed:
        STATE.data_pages[page.file.abs_dest_path] = (made, redo)


def built(page) -> None:
    if STATE.installed:
        STATE.built.add(page.url)
        if page.title is not None:
            STATE.titles[page.file.abs_dest_path] = page.title


def keep_titles(nav) -> None:
    """A page that is not rebuilt is not read, so it has no title of its own (MkDocs takes it from
    the page's first heading): the navigation of the pages that are rebuilt would say "None". Its
    title from the last build is the right one (a changed hand-written page rebuilds everything)."""
    for page in nav.pages:
        title = STATE.titles.get(page.file.abs_dest_path)
        if title is not None and page.markdown is None:
            page.title = title


def merge_search_docs(docs: list[dict]) -> list[dict]:
    """The search entries of the pages built now, and those of the last rebuild for every other page."""
    if not STATE.installed:
        return docs
    kept = [doc for doc in STATE.previous_docs if doc["location"].split("#", 1)[0] not in STATE.built]
    merged = kept + docs
    STATE.written_docs = merged  # the last write of a rebuild holds every language's pages
    return merged
