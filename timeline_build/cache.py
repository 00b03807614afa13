"""A cache for the generator, so a rerun with little changed costs little.

Two things are kept in ``.cache/build_timeline/`` under the project (gitignored), never for ``check``,
which writes nothing:

- per entry file, keyed by its modification time and size, what is costly to recompute: the parsed
  data and the problems found in the file alone. Rules that look across files (references, dates
  against today) run again on every build; they are cheap. These results are split by file name into
  16 shards (``entries-NN.pickle``), each written by the process that loaded its files: a worker in a
  big cold run, so nothing parsed travels back only to be cached; one shard after a single edit.
- the fingerprint of every input of the pages (data files, article pages, the engine's own code) and
  the list of files written from them (``state.pickle``): when both still hold, rendering and writing
  are skipped.

Any change to the engine's code or the schemas starts afresh, so a stale cache cannot outlive a fix.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

_ENGINE = Path(__file__).resolve().parent
_SCHEMAS = _ENGINE.parent / "schema"


def _code_version() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for folder in (_ENGINE, _SCHEMAS):
        for path in sorted(folder.glob("*.*")):
            if path.suffix in (".py", ".json"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def stat_key(path: Path | str | int) -> tuple[int, int] | None:
    """A file's (modification time in ns, size), or None if it cannot be stat'ed. Also takes a descriptor."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


SHARDS = 16  # the per-file results are kept in this many files, so that one edit rewrites a sixteenth


def shard_of(name: str) -> int:
    """The shard that keeps the results of the entry file ``name`` (the same on every machine)."""
    return zlib.crc32(name.encode("utf-8")) % SHARDS


class Cache:
    """The cache of one run. Per-file results are kept in :data:`SHARDS` files (``entries-NN.pickle``)
    and loaded when first asked for; the page state in ``state.pickle``. A shard is written by whoever
    loaded its files (this process or a worker, see project.py), as soon as they are all done."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.version = _code_version()
        self.render_key: str | None = None
        self.manifest: dict[str, tuple[int, int]] = {}
        self.dirty = False  # the page state
        self.seen: dict[Path, tuple[int, int] | None] = {}  # stat keys taken during this run (set by project.load)
        self._shards: dict[int, dict[str, tuple[tuple[int, int] | None, Any]]] = {}
        state = self._read("state.pickle")
        if state is not None:
            self.render_key = state["render_key"]
            self.manifest = state["manifest"]

    def _read(self, name: str) -> dict | None:
        if self.folder is None:
            return None
        try:
            with open(self.folder / name, "rb") as f:
                state = pickle.load(f)
            return state if state.get("version") == self.version else None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None  # no cache, or an unreadable one: start afresh

    def _write(self, name: str, state: dict) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".state-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump({"version": self.version, **state}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / name)
        except BaseException:
            os.unlink(tmp)
            raise

    # per-file results -------------------------------------------------------------------------

    def shard(self, number: int) -> dict[str, tuple[tuple[int, int] | None, Any]]:
        """The kept results of one shard: file name -> (stat key, value)."""
        found = self._shards.get(number)
        if found is None:
            state = self._read(f"entries-{number:02d}.pickle")
            found = self._shards[number] = state["entries"] if state is not None else {}
        return found

    def known(self, path: Path) -> bool:
        """Whether a result for this file name is kept (it may be stale)."""
        return path.name in self.shard(shard_of(path.name))

    def lookup(self, path: Path) -> tuple[tuple[int, int] | None, Any | None]:
        """The file's stat key, taken now, and its kept result if the file has not changed since."""
        key = stat_key(path)
        hit = self.shard(shard_of(path.name)).get(path.name)
        return key, (hit[1] if hit is not None and hit[0] == key and key is not None else None)

    def replace_shard(self, number: int, entries: dict[str, tuple[tuple[int, int] | None, Any]]) -> None:
        """Keep exactly ``entries`` for shard ``number``: written now if they differ from what was kept."""
        old = self.shard(number)
        if entries.keys() == old.keys() and all(entries[name][0] == old[name][0] for name in entries):
            return
        self._shards[number] = entries
        if self.folder is not None:
            self._write(f"entries-{number:02d}.pickle", {"entries": entries})

    # rendering --------------------------------------------------------------------------------

    def fingerprint(self, inputs: list[Path]) -> str:
        digest = hashlib.sha256(self.version.encode())
        for path in inputs:
            key = self.seen[path] if path in self.seen else stat_key(path)  # each file is stat'ed once
            digest.update(f"{path}\0{key}\n".encode())
        return digest.hexdigest()

    def output_unchanged(self, key: str, folder: Path) -> bool:
        """True when the pages were made from exactly these inputs and nobody touched them since."""
        if key != self.render_key or not self.manifest:
            return False
        base = os.path.join(folder, "")
        return all(stat_key(base + rel) == stat for rel, stat in self.manifest.items())

    def remember_output(self, key: str, manifest: dict[str, tuple[int, int]]) -> None:
        """The pages written from the inputs ``key``, with each one's (modification time, size)."""
        self.render_key = key
        self.manifest = dict(sorted(manifest.items()))
        self.dirty = True

    def save(self) -> None:
        """Write the page state if it changed (the shards are written as they are done)."""
        if self.folder is None or not self.dirty:
            return
        self._write("state.pickle", {"render_key": self.render_key, "manifest": self.manifest})
        self.dirty = False
