"""Where a project's files are: the data under timeline/, the schemas, and the pages under docs/."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Paths:
    """Where things are, relative to one project root (the real one, or a test fixture)."""

    root: Path
    docs: Path

    @classmethod
    def at(cls, root: Path, docs: Path | None = None) -> Paths:
        root = root.resolve()
        return cls(root, (docs or root / "docs").resolve())

    @property
    def timeline(self) -> Path:
        return self.root / "timeline"

    @property
    def entries(self) -> Path:
        return self.timeline / "entries"

    @property
    def eras(self) -> Path:
        return self.timeline / "eras.yaml"

    @property
    def tags(self) -> Path:
        return self.timeline / "tags.yaml"

    @property
    def do_not_cite(self) -> Path:
        return self.timeline / "do-not-cite.yaml"

    @property
    def terms(self) -> Path:
        return self.timeline / "terms.ja.yaml"

    @property
    def articles(self) -> Path:
        return self.docs / "article"

    @property
    def generated(self) -> Path:
        """The only folder the generator writes to; it is entirely generated."""
        return self.docs / "timeline"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes (as problems print it)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def hand_written_pages(self) -> list[Path]:
        """Every Markdown page under docs/ except the generated folder (which is not even walked)."""
        pages = []
        for folder, dirs, names in os.walk(self.docs):
            if Path(folder) == self.docs and self.generated.name in dirs:
                dirs.remove(self.generated.name)
            pages += [Path(folder) / name for name in names if name.endswith(".md")]
        return sorted(pages, key=lambda p: p.as_posix())
