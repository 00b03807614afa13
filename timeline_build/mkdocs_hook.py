"""The thin MkDocs hook: run the generator before every build, and finish pages with what needs the site.

mkdocs.yml lists this file under ``hooks:``. Validation and rendering are the same code that
``build_timeline.py`` runs; this file only adds what depends on MkDocs' configuration:

- ``[[id]]`` cross-links and the entries block on hand-written pages;
- on entry pages, "Cite this entry", schema.org JSON-LD, a description, "Edit this page" leading
  to the entry's YAML file, and the section headings (ready HTML) in the table of contents;
- on every page, OpenGraph metadata (rendered by overrides/main.html);
- after the build, the open-data files (timeline.json, timeline.csv, feed.xml, timeline.ics,
  timelinejs.json) in the site folder.

``mkdocs serve`` does not reload hook modules: restart it after changing the generator's code (edits
under timeline/ are picked up live).
"""

from __future__ import annotations

import copy
import datetime
import html
import logging
import os
import sys
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by file path

from timeline_build import (  # noqa: E402
    entry_page,
    exports,
    layout,
    load,
    markup,
    problems,
    serve_incremental,
    serve_watch,
    site_split,
    write_pages,
)
from timeline_build.model import DEFAULT_LANG, LANGS, Entry, Timeline  # noqa: E402
from timeline_build.paths import Paths  # noqa: E402

log = logging.getLogger("mkdocs.hooks.timeline")

# What one `mkdocs build` or `mkdocs serve` knows between events: "serving", "paths", "timeline" (the
# last good one) and "problems" (the errors of the data as it is now; only ever non-empty while serving).
_state: dict = {}

# Reproducible output: MkDocs stamps sitemap.xml and its gzip header with the build date unless
# SOURCE_DATE_EPOCH is set. Unless the caller set it, it is pinned to the newest day the content was
# checked (a source's "accessed" or a status's "as_of"), so the same input gives byte-identical output
# on any day, and the sitemap's lastmod still moves when the content is re-checked.
_EPOCH_FROM_CALLER = "SOURCE_DATE_EPOCH" in os.environ


def _paths(config) -> Paths:
    return Paths.at(Path(config.config_file_path).parent, Path(config.docs_dir))


def on_startup(command, dirty):
    _state["serving"] = command == "serve"
    if _state["serving"]:
        serve_incremental.install()  # rebuild only what an edit changed (see serve_incremental.py)


def on_config(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        site_split.after_search_writes(search, serve_incremental.merge_search_docs)
        serve_incremental.configure_search(search)
    return config


def on_pre_build(config):
    """Check the data and (re)generate docs/timeline/.

    `mkdocs build` stops at any error, before anything is written. `mkdocs serve` never stops: while
    the data has errors it keeps the last good pages (or, when it started broken, the pages of the
    entries that are valid), and every page shows the problems at its top (see on_post_page)."""
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return  # the i18n plugin's build of the other language: the same data, already loaded
    _state["paths"] = paths = _paths(config)
    serving = _state.get("serving", False)
    result = load(paths, partial=serving)
    errors = problems.errors(result.problems)
    for problem in result.problems:
        # Warnings (a plan to re-check, say) are for contributors and `check`: logged as info so that
        # `mkdocs build --strict` never starts failing only because time has passed. So are errors
        # while serving, which the pages themselves show.
        (log.error if problem in errors and not serving else log.info)(problem.format())
    if errors and not serving:
        raise PluginError(
            "the timeline has errors (listed above); nothing was generated. "
            f"{problems.summary(result.problems, result.files)}. Run 'python build_timeline.py check'."
        )
    _state["problems"] = errors
    removed = 0
    if result.timeline is not None and not (errors and _state.get("timeline") is not None):
        _state["timeline"] = result.timeline  # else: keep the last good pages
        stats = write_pages(paths, result.timeline)
        removed = stats.removed
        if stats.written or stats.removed:
            log.info(f"timeline: {stats.written} page(s) written, {stats.removed} removed")
        _set_epoch(result.timeline)
    if serve_incremental.STATE.installed:
        inputs = serve_incremental.fingerprint(paths, config.config_file_path)
        serve_incremental.start(config.site_dir, inputs, banner=bool(errors), removed=bool(removed))


def on_template_context(context, template_name, config):
    """The 404 page's language switcher leads to each language's home. (The i18n plugin points each
    page's switcher at that page's translations, as the attribute ``config.extra.alternate``, which
    Jinja reads before the item; the Japanese 404 page, which has none, kept the links of the last
    English page built.)"""
    i18n = config.plugins.get("i18n")
    homes = getattr(i18n, "extra_alternate", None)
    if template_name == "404.html" and homes:
        config.extra.alternate = copy.deepcopy(homes)
    return context


def on_build_error(error):
    serve_incremental.failed()


def on_nav(nav, config, files):
    if serve_incremental.STATE.installed:
        serve_incremental.keep_titles(nav)
    return nav


def on_post_page(output, page, config):
    """While serving data with errors: the problems, at the top of every page, in its language."""
    found = _state.get("problems")
    if not found:
        return output
    body = output.find("<body")
    end = output.find(">", body) + 1 if body >= 0 else 0
    return output[:end] + problems.banner(found, _page_lang(page)) + output[end:]


def on_env(env, config, files):
    """Keep Material's compiled templates between builds.

    Jinja compiles every template anew for each build: twice per `mkdocs build` (one build per
    language) and twice per `mkdocs serve` rebuild, nearly half of a `--dirty` rebuild. Its bytecode
    cache keeps the compiled code in .cache/jinja2/ (gitignored), checked against each template's
    source, so an edited template is compiled again. The HTML is the same either way."""
    folder = Path(config.config_file_path).parent / ".cache" / "jinja2"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_serve(server, config, builder):
    """One rebuild per edit: see serve_watch.py."""
    return serve_watch.ignore_generated_folder(server, config)


def _set_epoch(tl: Timeline) -> None:
    if _EPOCH_FROM_CALLER or not tl.entries:
        return
    newest = max(exports.updated(e) for e in tl.entries)
    moment = datetime.datetime.combine(newest, datetime.time(), tzinfo=datetime.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))


def _page_lang(page) -> str:
    locale = getattr(page.file, "locale", None)
    if locale in LANGS:
        return locale
    for lang in LANGS:
        if page.file.src_uri.endswith(f".{lang}.md"):
            return lang
    return DEFAULT_LANG


def _entry_of(page, tl: Timeline) -> Entry | None:
    kind = layout.generated_kind(page.file.src_uri)
    return tl.by_id.get(kind[1]) if kind and kind[0] == "entry" else None


def _site_url(config) -> str:
    """The published address; mkdocs.yml always sets one (SITE_URL, or its local default)."""
    return config.site_url.rstrip("/") + "/"


def page_url(config, lang: str, entry_id: str) -> str:
    return _site_url(config) + layout.entry_url(entry_id, lang)


def _edit_url(config, source: str | None) -> str | None:
    """'Edit this page' for generated pages leads to the data they come from, not to generated Markdown."""
    if not config.repo_url or not source:
        return None
    edit_uri = (config.edit_uri or "edit/main/docs/").rstrip("/")
    root = edit_uri[: -len("/docs")] if edit_uri.endswith("/docs") else edit_uri
    return f"{config.repo_url.rstrip('/')}/{root.strip('/')}/{source}"


DESCRIPTION_LIMIT = 200  # characters of an entry's summary in its page's meta description


def _description(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(",;: ") + "…"
    return text


def on_page_markdown(markdown, page, config, files):
    tl = _state.get("timeline")
    if tl is None:
        return markdown
    paths = _state["paths"]
    lang = _page_lang(page)
    src = Path(page.file.abs_src_path) if page.file.abs_src_path else None

    if src is not None and paths.generated in src.parents:
        return _finish_generated(markdown, page, config, tl, lang)

    uri = page.file.src_uri
    rel = paths.rel(src) if src else uri
    written = markdown
    markdown, page.meta["tl_html"] = made = _with_timeline(written, uri, rel, lang, tl)
    if markdown != written:  # while serving, rebuilt when this changes (see serve_incremental.py)
        def again() -> tuple[str, list[str]]:
            return _with_timeline(written, uri, rel, lang, _state["timeline"])
        serve_incremental.shows_data(page, made, again)
    return markdown


def on_page_content(html_text, page, config, files):
    """The ready HTML set aside in on_page_markdown, back in its place (see markup.set_aside). On an
    entry page, the section headings (ready HTML too) join the title in the table of contents, and
    the last sections, which search leaves out, are held back until search has read the page."""
    html_text = markup.put_back(html_text, page.meta.pop("tl_html", []))
    if not page.meta.pop("tl_entry", False):
        return html_text
    found = markup.headings_in(html_text)
    title = page.toc.items[0] if len(page.toc) and page.toc.items[0].level == 1 else None
    (title.children if title else page.toc.items).extend(AnchorLink(text, anchor, 2) for anchor, text in found)
    page.present_anchor_ids = (page.present_anchor_ids or set()) | {anchor for anchor, _ in found}
    cut = markup.unsearched_tail(html_text)
    if cut is None:
        return html_text
    # Material's search plugin reads page.content in its on_page_context, which runs before this
    # hook's: it skips these sections, but it would parse them first (a third of an entry page's
    # search time). on_page_context puts them back before the page is written.
    page.meta["tl_unsearched"] = html_text[cut:]
    return html_text[:cut]


def _with_timeline(markdown: str, uri: str, rel: str, lang: str, tl: Timeline) -> tuple[str, list[str]]:
    """A hand-written page made with the timeline (entry_page.hand_written), and its HTML set aside."""
    kept: list[str] = []

    def unknown(entry_id, label, line, col):
        if _state.get("problems"):  # an entry that is broken right now: its name, unlinked, until it is fixed
            return html.escape(label or entry_id)
        raise PluginError(f"{rel}:{line}:{col}: unknown timeline entry '[[{entry_id}]]'")

    return entry_page.hand_written(markdown, tl, uri, lang, kept, unknown), kept


def _finish_generated(markdown, page, config, tl: Timeline, lang: str) -> str:
    page.meta["tl_html"] = kept = []
    entry = _entry_of(page, tl)
    uri = page.file.src_uri
    if entry is not None:
        url = page_url(config, lang, entry.id)
        page.meta["description"] = html.escape(_description(entry.summary[lang]))
        page.meta["tl_json_ld"] = entry_page.json_ld(entry, lang, url, config.site_name)
        page.meta["tl_og_type"] = "article"
        page.meta["tl_entry"] = True
        page.edit_url = _edit_url(config, entry.path)
        citation = entry_page.render_citation(entry, lang, url, config.site_name)
        # Markdown sees the title; the rest is one block of ready HTML (see on_page_content)
        return markup.set_aside_blocks(markdown.rstrip("\n") + "\n\n" + citation, kept)
    markdown = markup.set_aside_blocks(markdown, kept)  # Markdown sees the headings only
    # Listing pages repeat the entries' summaries: leave them out of the search index, so a search
    # lands on the entry itself and the index stays small (it is loaded on every page).
    page.meta["search"] = {"exclude": True}
    kind = layout.generated_kind(uri)
    data_file = {"eras": "timeline/eras.yaml", "tags": "timeline/tags.yaml"}.get(kind[0] if kind else "")
    page.edit_url = _edit_url(config, data_file)
    return markdown


def on_page_context(context, page, config, nav):
    """OpenGraph data for overrides/main.html (values are escaped there)."""
    page.content += page.meta.pop("tl_unsearched", "")  # see on_page_content
    serve_incremental.built(page)
    lang = _page_lang(page)
    page.meta["tl_head"] = {
        "url": page.canonical_url or _site_url(config),
        "title": html.unescape(page.title or ""),
        "description": html.unescape(page.meta.get("description") or config.site_description or ""),
        "site_name": config.site_name,
        "locale": "ja_JP" if lang == "ja" else "en_GB",
        "og_type": page.meta.get("tl_og_type", "website"),
        "json_ld": page.meta.get("tl_json_ld"),
    }
    # Material's scripts look for the search index under __config.base: each language's own root
    # (site_split.py gives each language its index).
    base = context.get("base_url", ".")
    context["tl_search_base"] = base if lang == DEFAULT_LANG else f"{base}/{lang}/"  # a folder: "/" ends it
    return context


def on_post_build(config):
    """Publish the timeline as data beside the pages (each language build writes its own files)."""
    tl = _state.get("timeline")
    if tl is None:
        return
    site_dir = Path(config.site_dir)

    def url(lang: str, entry_id: str) -> str:
        return page_url(config, lang, entry_id)

    # The i18n plugin builds each language in turn, into site/ and site/ja/, running this hook each time.
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) or DEFAULT_LANG
    site_split.keep_404_per_language(site_dir, lang)
    out = site_dir if lang == DEFAULT_LANG or site_dir.name == lang else site_dir / lang
    for name, text in exports.render_site_files(tl, lang, url, _site_url(config), config.site_name).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(text.encode("utf-8"))
