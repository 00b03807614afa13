"""The only code that writes to disk.

A file is written only when its content changed, atomically (a temporary file, then a rename), and
files in the generated folder that the current data no longer produces are removed. Rewriting
unchanged files would make ``mkdocs serve`` see a change and rebuild forever.
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


def sync(folder: Path, files: dict[str, str]) -> SyncStats:
    """Make ``folder`` hold exactly ``files`` (relative path -> text)."""
    stats = SyncStats()
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in sorted(files.items()):
        path = folder / rel
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                stats.unchanged += 1
                continue
        except FileNotFoundError:
            # A new file: write it in place (nothing to protect yet; a broken run leaves a file
            # whose content differs, which the next run rewrites).
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            stats.written += 1
            continue
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".md")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        stats.written += 1

    wanted = {folder / rel for rel in files}
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folders
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif path not in wanted:
            path.unlink()
            stats.removed += 1
    return stats
