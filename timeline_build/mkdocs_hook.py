"""The thin MkDocs hook: run the generator before every build, and resolve cross-links on pages.

mkdocs.yml lists this file under ``hooks:``. It adds nothing of its own: validation and rendering are
the same code ``build_timeline.py`` runs. Note that ``mkdocs serve`` does not reload hook modules:
restart it after changing the generator's code (edits to timeline/ are picked up live).
"""

from __future__ import annotations

import datetime
import logging
import os
import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by file path

from timeline_build import crosslinks, generate, problems, render  # noqa: E402
from timeline_build.model import DEFAULT_LANG, LANGS, Timeline  # noqa: E402
from timeline_build.project import Paths  # noqa: E402

log = logging.getLogger("mkdocs.hooks.timeline")

_state: dict[str, Timeline] = {}


def _paths(config) -> Paths:
    return Paths.at(Path(config.config_file_path).parent, Path(config.docs_dir))


# Reproducible output: MkDocs stamps sitemap.xml and its gzip header with the build date unless
# SOURCE_DATE_EPOCH is set. Unless the caller set it, it is pinned to the newest day the content was
# checked (a source's "accessed" or a status's "as_of"), so the same input gives byte-identical output
# on any day, and the sitemap's lastmod still moves when the content is re-checked.
_EPOCH_FROM_CALLER = "SOURCE_DATE_EPOCH" in os.environ


def on_pre_build(config):
    """Validate and (re)generate docs/timeline/. Any error stops the build before anything is written."""
    paths = _paths(config)
    generated = generate(paths)
    result = generated.result
    for problem in result.problems:
        (log.error if problem.severity == problems.ERROR else log.warning)(problem.format())
    if not result.ok:
        raise PluginError(
            "the timeline has errors (listed above); nothing was generated. "
            f"{problems.summary(result.problems, result.files)}. Run 'python build_timeline.py check'."
        )
    _state["timeline"] = result.timeline  # type: ignore[assignment]
    stats = generated.stats
    if stats and (stats.written or stats.removed):
        log.info(f"timeline: {stats.written} page(s) written, {stats.removed} removed")
    _set_epoch(result.timeline)  # type: ignore[arg-type]


def _set_epoch(tl: Timeline) -> None:
    if _EPOCH_FROM_CALLER or not tl.entries:
        return
    newest = max(max([s.accessed for s in e.sources] + ([e.as_of] if e.as_of else [])) for e in tl.entries)
    moment = datetime.datetime.combine(newest, datetime.time(), tzinfo=datetime.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))


def _page_lang(page) -> str:
    locale = getattr(page.file, "locale", None)
    if locale in LANGS:
        return locale
    for lang in LANGS:
        if page.file.src_uri.endswith(f".{lang}.md"):
            return lang
    return DEFAULT_LANG


def on_page_markdown(markdown, page, config, files):
    """Resolve [[id]] cross-links, and add the timeline block to article section pages."""
    tl = _state.get("timeline")
    if tl is None:
        return markdown
    paths = _paths(config)
    src = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    if src is not None and paths.generated in src.parents:
        return markdown
    lang = _page_lang(page)
    page_dir = posixpath.dirname(page.file.src_uri)
    rel = paths.rel(src) if src else page.file.src_uri

    def link(entry_id, label, line, col):
        if entry_id not in tl.by_id:  # the pre-build check makes this unreachable; stay safe
            raise PluginError(f"{rel}:{line}:{col}: unknown timeline entry '[[{entry_id}]]'")
        return render.entry_link(tl, entry_id, label, lang, page_dir)

    markdown = crosslinks.transform(markdown, link)
    stem = posixpath.basename(page.file.src_uri).split(".")[0]
    if page_dir == "article" and stem in tl.sections:
        block = render.render_section_block(tl, tl.sections[stem], lang, page_dir)
        if block:
            markdown = markdown.rstrip("\n") + "\n\n" + block
    return markdown
