"""Rendering: the validated timeline in, every generated page's Markdown out. Nothing here touches
the disk. Links between pages are Markdown links to ``.md`` files (see ``layout``), so MkDocs checks
every one at build time and the i18n plugin points them at the right language."""

from __future__ import annotations

from . import layout
from .entry_page import render_entry
from .lists import render_era, render_status, render_tag, render_tags, render_timeline, used_statuses
from .model import LANGS, Timeline


def render_all(tl: Timeline) -> dict[str, str]:
    """Every generated page, by its path relative to docs/ (``timeline/...``)."""
    files: dict[str, str] = {}
    for lang in LANGS:
        files[layout.page_name(layout.INDEX, lang)] = render_timeline(tl, lang)
        files[layout.page_name(layout.TAGS_INDEX, lang)] = render_tags(tl, lang)
        for era in tl.eras:
            files.update(render_era(tl, era, lang))
        for tag in tl.tags:
            if tl.by_tag[tag]:
                files.update(render_tag(tl, tag, lang))
        for status in used_statuses(tl):
            files.update(render_status(tl, status, lang))
        for entry in tl.entries:
            files[layout.page_name(layout.entry_page(entry.id), lang)] = render_entry(tl, entry, lang)
    return files
