"""Contributor tools: scaffold a new entry, summarise a pull request's entries, list source URLs."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import unicodedata
from pathlib import Path

from .dates import DateError, PartialDate
from .load import Result, load_eras
from .model import Timeline
from .paths import Paths
from .problems import Problem
from .rules.ids import ID_RE, LONG_ID, suggest_id

SOURCE_AGE_WARNING_DAYS = 730  # a source read more than two years ago deserves a fresh look


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    stop = {"a", "an", "the", "of", "and", "its", "his", "her", "for", "to", "in", "on", "at", "by"}
    kept = [w for w in words if w not in stop] or words
    return "-".join(kept[:6])


def derive_id(date: PartialDate, title: str) -> str:
    return f"{date.year:04d}-{slugify(title)}"


def stub(date: str, era: str, title_en: str, title_ja: str | None, today: datetime.date) -> str:
    """A commented entry with every field, placeholders marked TODO (check refuses to pass them)."""
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML string
    return f"""# yaml-language-server: $schema=../../schema/entry.schema.json
# New entry: replace every TODO, then run `python build_timeline.py check`. See CONTRIBUTING.md.
date: {date}              # YYYY, YYYY-MM or YYYY-MM-DD: only as precise as your sources
# qualifier: circa        # optional: circa | before | after, when historians give an approximate date
# end_date: {date[:4]}            # optional: the end of an event that spans time
era: {era}
title:
  en: {q(title_en)}
  ja: {q(title_ja or "TODO: 日本語のタイトル")}
summary:
  en: >-
    TODO: two to four sentences: what happened, and why it matters for the story.
  ja: >-
    TODO: 2〜4文で、何が起きたか、この物語にとってなぜ重要かを書く。
# note:                   # optional: where sources disagree (name them), or what a figure covers
#   en: TODO
#   ja: TODO
# place:                  # optional
#   en: TODO
#   ja: TODO
sources:                  # at least one that a reader can open; primary or institutional first
  - title: "TODO: the title as shown on the page"
    publisher: "TODO: who published it"
    url: https://TODO.invalid/
    accessed: {today.isoformat()}
    kind: primary         # primary: the maker, government, paper, patent or Act, museum or archive; else secondary
    # archived: https://web.archive.org/web/...   # optional: a web-archive copy of the same page
# no_primary_source: "TODO: why no primary source exists"   # only when none exists; say it in the note too
# sections: [new-industrial-revolution]   # optional: article pages (docs/article/) that discuss it
# related: []             # optional: other entry ids; the backlink is added automatically
# tags: []                # optional: ids from timeline/tags.yaml
# status: announced       # only for plans and pledges: announced | in-progress | paused | completed | cancelled
# as_of: {today.isoformat()}       # the day the status was checked (needed unless completed or cancelled)
# pledge:                 # only for plans: who promised what (see CONTRIBUTING.md)
#   by: {{en: TODO, ja: TODO}}
#   what: {{en: TODO, ja: TODO}}
#   amount: 1000          # with currency: GBP (money) or unit: {{en: GPUs, ja: 基}} (a quantity)
# status_history:         # only for plans: the dated trail, oldest first, each step with its source
#   - date: {date}
#     status: announced
#     note: {{en: TODO, ja: TODO}}
#     source: {{title: TODO, publisher: TODO, url: https://TODO.invalid/, accessed: {today.isoformat()}, kind: primary}}
"""


def new_entry(paths: Paths, date: str, era: str, title: str, title_ja: str | None = None,
              entry_id: str | None = None, today: datetime.date | None = None) -> tuple[Path | None, str]:
    """Write timeline/entries/<id>.yaml; returns (path, message) or (None, why not)."""
    today = today or datetime.date.today()
    try:
        parsed = PartialDate.parse(date)
    except DateError as exc:
        return None, f"--date: {exc}"
    if not title.strip():
        return None, "--title: give the event's title in English"
    eras = era_ids(paths)
    if era not in eras:
        close = [e for e in eras if e.startswith(era[:3])]
        return None, f"--era: unknown era '{era}'; use one of: {', '.join(eras)}" + (
            f" (did you mean '{close[0]}'?)" if close else "")
    if not entry_id and not slugify(title):
        return None, (f"--title: the id is made from the title's Latin letters and digits, and '{title.strip()}' has "
                      f"none: give the English title, or an id with --id (e.g. --id {parsed.year}-short-name)")
    entry_id = entry_id or derive_id(parsed, title)
    if not ID_RE.match(entry_id):
        return None, (f"--id: '{entry_id}' is not a valid id: lowercase words joined by hyphens, starting with the year"
                      f" (e.g. {suggest_id(entry_id, parsed.year)})")
    path = paths.entries / f"{entry_id}.yaml"
    if path.exists():
        return None, f"{paths.rel(path)} already exists: edit it, or choose another --id"
    paths.entries.mkdir(parents=True, exist_ok=True)
    path.write_text(stub(parsed.iso(), era, title.strip(), title_ja, today), encoding="utf-8")
    hint = (f"\nthe id is {len(entry_id)} characters long: a shorter one reads better in a URL; rename the file "
            f"now if you like (under {LONG_ID} characters), before it is published" if len(entry_id) > LONG_ID else "")
    return path, (f"wrote {paths.rel(path)}: replace every TODO (Japanese title, summaries, source), "
                  f"then run: python build_timeline.py check{hint}")


def era_ids(paths: Paths) -> list[str]:
    """The era ids a new entry may use ([] when timeline/eras.yaml itself has problems)."""
    return [era.id for era in load_eras(paths)[0]]


def source_urls(tl: Timeline) -> list[str]:
    return sorted({s.url for e in tl.entries for s in e.sources})


def changed_entries(paths: Paths, base: str) -> list[tuple[str, str]]:
    """(status letter, entry id) for entry files that differ from ``base`` (A, M, D)."""
    run = subprocess.run(["git", "diff", "--name-status", "--no-renames", base, "--", "timeline/entries/"],
                         cwd=paths.root, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip() or f"git diff against {base} failed")
    out = []
    for line in run.stdout.splitlines():
        status, _, name = line.partition("\t")
        if name.endswith(".yaml"):
            out.append((status[0], Path(name).stem))
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "--", "timeline/entries/"],
                               cwd=paths.root, capture_output=True, text=True)
    out += [("A", Path(name).stem) for name in untracked.stdout.splitlines() if name.endswith(".yaml")]
    return sorted(out, key=lambda change: change[1])


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def pr_summary(result: Result, changes: list[tuple[str, str]], today: datetime.date) -> str:
    """Markdown for a pull request's job summary: the entries it touches, in time, and warnings."""
    lines = ["## Timeline entries in this change", ""]
    if not changes:
        return "\n".join(lines + ["No entry is added, changed or removed.", ""])
    tl = result.timeline
    kind = {"A": "added", "M": "changed", "D": "removed"}
    rows = ["| | Entry | Date | Before it in time | After it in time |", "| --- | --- | --- | --- | --- |"]
    touched = set()
    for status, entry_id in changes:
        touched.add(f"timeline/entries/{entry_id}.yaml")
        entry = tl.by_id.get(entry_id) if tl else None
        if entry is None:
            rows.append(f"| {kind.get(status, status)} | `{entry_id}` | | | |")
            continue
        prev, nxt = tl.prev[entry_id], tl.next[entry_id]
        around = [f"{_cell(e.title['en'])} ({e.date_text('en')})" if e else "(none)" for e in (prev, nxt)]
        rows.append(f"| {kind.get(status, status)} | **{_cell(entry.title['en'])}** `{entry_id}` | "
                    f"{entry.date_text('en')} | {around[0]} | {around[1]} |")
    lines += rows + [""]

    notes: list[Problem] = [p for p in result.problems if p.path in touched]
    if tl:
        for _status, entry_id in changes:
            entry = tl.by_id.get(entry_id)
            for source in entry.sources if entry else ():
                age = (today - source.accessed).days
                if age > SOURCE_AGE_WARNING_DAYS:
                    notes.append(Problem(entry.path, None, None, f"source '{source.title}' was last accessed "
                                         f"{age} days ago ({source.accessed}): open it again", "warning"))
    if notes:
        lines += ["### Problems and warnings", ""] + [f"- `{p.location()}` {p.severity}: {_cell(p.message)}"
                                                      for p in notes] + [""]
    else:
        lines += ["No problems or warnings for these entries.", ""]
    return "\n".join(lines)
