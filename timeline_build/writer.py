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

from .cache import stat_key


@dataclasses.dataclass
class SyncStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def write(folder: Path, files: dict[str, str]) -> tuple[SyncStats, dict[str, tuple[int, int]]]:
    """Write ``files`` (relative path -> text) under ``folder`` where they differ from what is there.

    Returns the counts and each file's (modification time, size) after writing, for the cache."""
    stats = SyncStats()
    made: dict[str, tuple[int, int]] = {}
    present: dict[str, set[str]] = {}  # the names in each folder, listed once (a cold run finds none)
    base = os.fspath(folder)
    for rel, text in sorted(files.items()):  # plain strings: pathlib costs more than the writing itself
        parent_rel, _, name = rel.rpartition("/")
        parent = os.path.join(base, parent_rel) if parent_rel else base
        path = os.path.join(parent, name)
        data = text.encode("utf-8")
        names = present.get(parent)
        if names is None:
            os.makedirs(parent, exist_ok=True)
            names = present[parent] = set(os.listdir(parent))
        if name not in names:
            # A new file: write it in place (nothing to protect yet; a broken run leaves a file
            # whose content differs, which the next run rewrites).
            made[rel] = _write_new(path, data)
            stats.written += 1
            continue
        try:
            with open(path, "rb") as f:
                same = f.read() == data
        except FileNotFoundError:  # removed since the folder was listed
            same = False
        if same:
            stats.unchanged += 1
            made[rel] = stat_key(path)
            continue
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=".tmp-", suffix=".md")
        try:
            made[rel] = _write_fd(fd, data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        stats.written += 1
    return stats, made


def remove_others(folder: Path, wanted: set[str]) -> int:
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


def _write_new(path: str, data: bytes) -> tuple[int, int]:
    # O_BINARY: on Windows a descriptor is opened in text mode unless told otherwise, and every "\n"
    # would be written as "\r\n" (so no page would ever compare equal to what is generated)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    return _write_fd(os.open(path, flags, 0o666), data)


def _write_fd(fd: int, data: bytes) -> tuple[int, int]:
    """Write all of ``data`` to ``fd`` (unbuffered), close it; its (modification time, size) then."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return stat_key(fd)
    finally:
        os.close(fd)
