"""A cache for the generator, so a rerun with little changed costs little.

Two things are kept in ``.cache/build_timeline/`` under the project (gitignored), never for ``check``,
which writes nothing:

- per entry file, keyed by its modification time and size, what is costly to recompute: the parsed
  data and the problems the JSON Schema found. Rules that look across files (references, dates against
  today) run again on every build; they are cheap.
- the fingerprint of every input of the pages (data files, article pages, the engine's own code) and
  the list of files written from them: when both still hold, rendering and writing are skipped.

Any change to the engine's code or the schemas starts afresh, so a stale cache cannot outlive a fix.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
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


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.file = folder / "state.pickle" if folder else None
        self.version = _code_version()
        self.entries: dict[str, tuple[tuple[int, int], Any]] = {}
        self.render_key: str | None = None
        self.manifest: dict[str, tuple[int, int]] = {}
        self.dirty = False
        self.seen: dict[Path, tuple[int, int] | None] = {}  # stat keys taken during this run
        if self.file is not None:
            try:
                with open(self.file, "rb") as f:
                    state = pickle.load(f)
                if state.get("version") == self.version:
                    self.entries = state["entries"]
                    self.render_key = state["render_key"]
                    self.manifest = state["manifest"]
            except (OSError, pickle.UnpicklingError, EOFError, KeyError, AttributeError, TypeError):
                pass  # no cache, or an unreadable one: start afresh

    # per-file results -------------------------------------------------------------------------

    def lookup(self, path: Path) -> Any | None:
        hit = self.entries.get(path.name)
        if hit is None:
            return None
        key = self.seen[path] = stat_key(path)
        return hit[1] if hit[0] == key else None

    def store(self, path: Path, value: Any) -> None:
        key = self.seen[path] = stat_key(path)
        if key is not None:
            self.entries[path.name] = (key, value)
            self.dirty = True

    def forget_missing(self, names: set[str]) -> None:
        for name in set(self.entries) - names:
            del self.entries[name]
            self.dirty = True

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
        if self.file is None or not self.dirty:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        state = {"version": self.version, "entries": self.entries, "render_key": self.render_key,
                 "manifest": self.manifest}
        fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".state-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.file)
        self.dirty = False
