"""The only code that writes pages to disk.

A file is written only when its content changed, atomically (a temporary file, then a rename), and
files in the folder that the current pages no longer include are removed. Rewriting unchanged files
would make ``mkdocs serve`` see a change and rebuild forever.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path


@dataclasses.dataclass
class SyncStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def write_tree(folder: Path, pages: dict[str, str]) -> SyncStats:
    """Make ``folder`` hold exactly ``pages`` (relative path -> text), touching only what differs."""
    stats = SyncStats()
    for rel, text in sorted(pages.items()):
        path = folder / rel
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                stats.unchanged += 1
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".md")
        try:
            with os.fdopen(fd, "wb") as f:  # binary: no newline translation on Windows
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        stats.written += 1
    stats.removed = _remove_others(folder, set(pages))
    return stats


def _remove_others(folder: Path, wanted: set[str]) -> int:
    """Remove every file under ``folder`` not in ``wanted`` (relative paths), then empty folders."""
    removed = 0
    for top, _dirs, names in os.walk(folder, topdown=False):  # children before their folders
        rel_top = Path(top).relative_to(folder).as_posix()
        prefix = "" if rel_top == "." else rel_top + "/"
        for name in names:
            if prefix + name not in wanted:
                os.unlink(os.path.join(top, name))
                removed += 1
        if top != str(folder) and not os.listdir(top):
            os.rmdir(top)
    return removed
