"""Problems found in the data, and the one reporter that prints them.

Every validator in this package yields :class:`Problem` objects instead of raising, so a single run
reports everything that is wrong (the habit of python/peps' ``check-peps.py``). A location is printed
as ``path:line:col`` so that editors and terminals make it clickable.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
from collections.abc import Iterable, Sequence

from .i18n import t

ERROR = "error"
WARNING = "warning"


@dataclasses.dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int | None  # 1-based
    column: int | None  # 1-based
    message: str
    severity: str = ERROR

    def location(self) -> str:
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def format(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so CI annotates the pull request's diff."""
        kind = "error" if self.severity == ERROR else "warning"
        parts = [f"file={self.path}"]
        if self.line is not None:
            parts.append(f"line={self.line}")
        if self.column is not None:
            parts.append(f"col={self.column}")
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} {','.join(parts)}::{message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def summary(problems: Sequence[Problem], files: int) -> str:
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(n_err, 'error')}, {plural(n_warn, 'warning')} in {plural(files, 'file')} checked"


def report(problems: Sequence[Problem], files: int, fmt: str = "text") -> str:
    """All problems, sorted by place, then one summary line."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.message))
    lines = [p.format_github() if fmt == "github" else p.format() for p in ordered]
    lines.append(summary(problems, files))
    return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def banner(found: Sequence[Problem], lang: str) -> str:
    """The problems as HTML at the top of a page while `mkdocs serve` shows data with errors."""
    items = "".join(f"<li><code>{html.escape(p.location())}</code>: {html.escape(p.message)}</li>" for p in found)
    title = html.escape(t(lang, "problems_title", count=len(found)))
    return (f'<div class="tl-problems" role="alert"><p><strong>{title}</strong> '
            f'{html.escape(t(lang, "problems_intro"))}</p><ol>{items}</ol></div>')
