"""Each language gets its own search index and its own 404 page.

mkdocs-static-i18n builds the Japanese site after the English one, into the same site folder, and the
last build's search index and 404 page win: one index with both languages (every reader downloads
both), and a Japanese 404 page for English readers. Here:

- the search plugin's index is split after each time it is written: the English pages stay in
  search/search_index.json, the Japanese pages go to ja/search/search_index.json with their locations
  made relative to /ja/ (overrides/main.html points Japanese pages' search at /ja/);
- the English build's 404 page is kept, and the Japanese one moved to ja/404.html.

Written against mkdocs-static-i18n 1.3.1 and Material 9.8.2 (pinned in requirements.txt); the tests
in tests/test_build.py check both results on a built site.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import DEFAULT_LANG, LANGS

INDEX = Path("search") / "search_index.json"


def split_search_index(site_dir: Path, merge=None) -> None:
    """Move every other language's entries out of the root index into its own (after ``merge``, which
    completes the entries of a partial rebuild while serving: see serve_incremental.py)."""
    root = site_dir / INDEX
    if not root.exists():
        return
    data = json.loads(root.read_text(encoding="utf-8"))
    if merge is not None:
        data["docs"] = merge(data["docs"])
    for lang in LANGS:
        if lang == DEFAULT_LANG:
            continue
        prefix = f"{lang}/"
        own = [dict(doc, location=doc["location"][len(prefix):]) for doc in data["docs"]
               if doc["location"].startswith(prefix)]
        if not own:
            continue
        data["docs"] = [doc for doc in data["docs"] if not doc["location"].startswith(prefix)]
        out = site_dir / lang / INDEX
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_dump({**data, "config": {**data["config"], "lang": [lang]}, "docs": own}), encoding="utf-8")
    data["config"] = {**data["config"], "lang": [DEFAULT_LANG]}
    root.write_text(_dump(data), encoding="utf-8")


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def after_search_writes(plugin, merge=None) -> None:
    """Split the index each time the search plugin writes it (it does so once per language build,
    and once more when the i18n plugin gathers both)."""
    if getattr(plugin, "_tl_split", False):
        return
    write = plugin.on_post_build

    def on_post_build(*args, **kwargs):
        write(*args, **kwargs)
        config = kwargs.get("config", args[0] if args else None)
        split_search_index(Path(config.site_dir), merge)

    plugin.on_post_build = on_post_build
    plugin._tl_split = True


def keep_404_per_language(site_dir: Path, lang: str) -> None:
    """After a language's build: its 404 page is at the site's root; keep the default language's
    there and move any other's into its folder."""
    page, kept = site_dir / "404.html", site_dir / ".404.default.html"
    if not page.exists():
        return
    if lang == DEFAULT_LANG:
        kept.write_bytes(page.read_bytes())
        return
    (site_dir / lang).mkdir(exist_ok=True)
    page.replace(site_dir / lang / "404.html")
    if kept.exists():
        kept.replace(page)
