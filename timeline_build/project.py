"""Load and validate the whole project: eras, tags, entries, article sections and cross-links.

Shape is checked by the JSON Schemas (``schema.py``); the rules a schema cannot express are here,
one small function per rule, each with its rule stated in its docstring. Every problem is collected;
nothing stops at the first one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from . import crosslinks, parallel, schema
from .cache import SHARDS, Cache, shard_of, stat_key
from .dates import DateError, PartialDate, parse_full_date
from .model import DEFAULT_LANG, LANGS, Entry, Era, Section, Source, Timeline
from .problems import ERROR, WARNING, Problem, did_you_mean, errors
from .yamlsource import Document, parse

ID_RE = re.compile(r"^[0-9]{4}(-[a-z0-9]+)+$")
STALE_AFTER_DAYS = 180  # an unfinished plan's status is re-checked at least this often
_TEXT_FIELDS = ("title", "summary", "note", "place")
# Characters that reorder or hide text (the "Trojan Source" family), and the other controls (Cc)
# except the line feed that folded YAML text may keep.
_INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


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
    def articles(self) -> Path:
        return self.docs / "article"

    @property
    def generated(self) -> Path:
        """The only folder the generator writes to; it is entirely generated."""
        return self.docs / "timeline"

    def rel(self, path: Path) -> str:
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:  # the usual case: under the root
            return text[len(root) + 1:].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclasses.dataclass
class Result:
    timeline: Timeline | None
    problems: list[Problem]
    files: int  # how many files were checked

    @property
    def ok(self) -> bool:
        return self.timeline is not None and not errors(self.problems)


def _read(path: Path, paths: Paths) -> tuple[Document | None, list[Problem]]:
    rel = paths.rel(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, None, None, f"cannot read the file: {exc.strerror}")]
    return parse(raw, rel)


def _problem(doc: Document, path: tuple, message: str, severity: str = ERROR, key: bool = False) -> Problem:
    line, col = doc.where_key(path) if key else doc.where(path)
    return Problem(doc.path, line, col, message, severity)


# ---------------------------------------------------------------------------------------------
# Eras and tags


def load_eras(paths: Paths) -> tuple[list[Era], list[Problem]]:
    doc, problems = _read(paths.eras, paths)
    if doc is None:
        return [], problems
    problems, _failed = schema.check(doc, "eras")
    if problems:
        return [], problems
    eras, seen = [], {}
    for i, item in enumerate(doc.data):
        if item["id"] in seen:
            problems.append(_problem(doc, (i, "id"), f"era '{item['id']}' is defined twice "
                                     f"(also item {seen[item['id']] + 1}): keep one"))
            continue
        seen[item["id"]] = i
        if item.get("end") is not None and item["end"] < item["start"]:
            problems.append(_problem(doc, (i, "end"), f"era '{item['id']}' ends ({item['end']}) before "
                                     f"it starts ({item['start']}): swap or fix the years"))
        problems.extend(_text_problems(doc, (i,), item, ("title", "summary")))
        eras.append(Era(item["id"], item["start"], item.get("end"), _clean(item["title"]), _clean(item["summary"])))
    return eras, problems


def load_tags(paths: Paths) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    doc, problems = _read(paths.tags, paths)
    if doc is None:
        return {}, problems
    problems, _failed = schema.check(doc, "tags")
    if problems:
        return {}, problems
    problems.extend(p for tag in doc.data for p in _text_problems(doc, (), doc.data, (tag,)))
    return {tag: _clean(label) for tag, label in doc.data.items()}, problems


# ---------------------------------------------------------------------------------------------
# Article sections


_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        m = _H1_RE.match(line)
        if m:
            return m.group(1)
    return None


def load_sections(paths: Paths) -> tuple[dict[str, Section], list[Problem]]:
    """Article pages ``docs/article/<id>.md`` (not ``index``), each with every language."""
    sections: dict[str, Section] = {}
    problems: list[Problem] = []
    if not paths.articles.is_dir():
        return sections, problems
    for path in sorted(paths.articles.glob("*.md")):
        stem = path.name[:-3]
        if "." in stem or stem == "index":
            continue  # a translation (name.ja.md) or the overview page
        titles, files = {}, {}
        for lang in LANGS:
            file = path if lang == DEFAULT_LANG else path.with_name(f"{stem}.{lang}.md")
            if not file.exists():
                problems.append(Problem(paths.rel(path), 1, 1, f"the article page has no {lang} version: "
                                        f"add {paths.rel(file)}"))
                continue
            heading = _first_heading(file.read_text(encoding="utf-8"))
            if heading is None:
                problems.append(Problem(paths.rel(file), 1, 1, "the page has no '# Title' heading: "
                                        "start it with one"))
                heading = stem
            titles[lang] = heading
            files[lang] = paths.rel(file)
        sections[stem] = Section(stem, titles, files)
    return sections, problems


def hand_written_pages(paths: Paths) -> list[Path]:
    """Every Markdown page under docs/ except the generated folder (which is not even walked)."""
    pages = []
    for folder, dirs, names in os.walk(paths.docs):
        if Path(folder) == paths.docs and paths.generated.name in dirs:
            dirs.remove(paths.generated.name)
        pages += [Path(folder) / name for name in names if name.endswith(".md")]
    return sorted(pages, key=lambda p: p.as_posix())


def check_pages(paths: Paths, known_ids: set[str]) -> tuple[list[Problem], int]:
    """Rule: every ``[[id]]`` in a hand-written page names an entry."""
    problems: list[Problem] = []
    count = 0
    for path in hand_written_pages(paths):
        count += 1
        problems.extend(crosslinks.check(path.read_text(encoding="utf-8"), paths.rel(path), known_ids))
    return problems, count


# ---------------------------------------------------------------------------------------------
# Entries


_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Collapse white space; drop it between two Japanese characters, where YAML's folded blocks
    (``>-``) put a space at every line break although Japanese uses none."""
    text = " ".join(text.split())
    return text if text.isascii() or " " not in text else _CJK_GAP.sub("", text)


def _clean(value: Any) -> Any:
    return {lang: clean_text(text) for lang, text in value.items()} if isinstance(value, dict) else value


def _text_problems(doc: Document, base: tuple, data: dict, fields: tuple) -> Iterator[Problem]:
    """Rule: text holds no direction-control or other invisible control characters."""
    for field in fields:
        value = data.get(field)
        items = value.items() if isinstance(value, dict) else []
        for lang, text in items:
            found = _INVISIBLE.search(text) if isinstance(text, str) else None
            if found:
                yield _problem(doc, base + (field, lang),
                               f"{field}.{lang} contains the invisible control character "
                               f"U+{ord(found.group()):04X}, which can disguise text: remove it")


def _date_rules(doc: Document, data: dict, failed: set) -> tuple[PartialDate | None, PartialDate | None,
                                                                 list[Problem]]:
    """Rule: dates are on the calendar, and an end_date is not before the date."""
    problems = []
    start = end = None
    for key in ("date", "end_date"):
        if key in data and (key,) not in failed:
            try:
                value = PartialDate.parse(data[key])
            except DateError as exc:
                problems.append(_problem(doc, (key,), f"{key}: {exc}"))
                continue
            if key == "date":
                start = value
            else:
                end = value
    if start and end and end.last_day() < start.first_day():
        problems.append(_problem(doc, ("end_date",), f"end_date {end.iso()} is before date {start.iso()}: "
                                 "swap them or correct one"))
    return start, end, problems


def _day(doc: Document, path: tuple, value: Any, failed: set) -> tuple[_dt.date | None, list[Problem]]:
    """Rule: an accessed/as_of day is on the calendar (that it is not in the future is checked on
    every run, against the day of the run)."""
    if path in failed:
        return None, []
    try:
        return parse_full_date(value), []
    except DateError as exc:
        return None, [_problem(doc, path, f"{path[-1]}: {exc}")]


def _not_future(doc: Document, path: tuple, day: _dt.date | None, today: _dt.date) -> list[Problem]:
    """Rule: an accessed/as_of day is not in the future."""
    if day is None or day <= today:
        return []
    return [_problem(doc, path, f"{path[-1]} {day.isoformat()} is in the future: use the day you checked")]


def _reference_rules(doc: Document, data: dict, known: dict[str, set[str]], entry_id: str) -> Iterator[Problem]:
    """Rule: era, sections, related entries and tags exist, and an entry does not relate to itself."""
    era = data.get("era")
    if isinstance(era, str) and era not in known["era"]:
        yield _problem(doc, ("era",), f"unknown era '{era}'{did_you_mean(era, known['era'])}: "
                       f"use one of the ids in timeline/eras.yaml ({', '.join(sorted(known['era']))})")
    for key, what, where in (("sections", "section", "an article page in docs/article/"),
                             ("related", "related entry", "an entry file in timeline/entries/"),
                             ("tags", "tag", "a tag in timeline/tags.yaml")):
        values = data.get(key)
        if not isinstance(values, list):
            continue
        kind = {"sections": "section", "related": "entry", "tags": "tag"}[key]
        for i, value in enumerate(values):
            if not isinstance(value, str):
                continue
            if key == "related" and value == entry_id:
                yield _problem(doc, (key, i), "an entry cannot be related to itself: remove it")
            elif value not in known[kind]:
                yield _problem(doc, (key, i), f"unknown {what} '{value}'"
                               f"{did_you_mean(value, known[kind])}: it must name {where}")


def _mutual_links(entries: list[Entry], paths: Paths) -> list[Problem]:
    """Rule (warning): a link is typed once; the other entry gets the backlink automatically."""
    named = {(e.id, other) for e in entries for other in e.related}
    problems = []
    for entry in entries:
        for i, other in enumerate(entry.related):
            if entry.id > other and (other, entry.id) in named:
                # Rare: only now is the file read again for the line (entries keep no node tree).
                line = Document(entry.path, None, None, paths.root / entry.path).where(("related", i))[0]
                problems.append(Problem(entry.path, line, None, f"'{other}' already lists this entry in related; "
                                        "links are shown both ways, so remove it here", WARNING))
    return problems


def _placeholders(doc: Document, value: Any, path: tuple) -> Iterator[Problem]:
    """Rule: no 'TODO' left from the scaffold (python build_timeline.py new)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(doc, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _placeholders(doc, item, path + (i,))
    elif isinstance(value, str) and "TODO" in value:
        field = ".".join(str(p) for p in path)
        yield _problem(doc, path, f"{field} still holds the placeholder TODO: replace it with the real text")


_PLAN_STATUSES = ("announced", "in-progress", "paused")


def _time_rules(doc: Document, data: dict, entry_id: str, start: PartialDate | None, end: PartialDate | None,
                as_of: _dt.date | None, today: _dt.date, stale_after_days: int) -> Iterator[Problem]:
    """Rules (warnings): plans are re-checked; only plans lie far in the future; ids keep their year."""
    status = data.get("status")
    if as_of is not None and status in _PLAN_STATUSES and (today - as_of).days > stale_after_days:
        yield _problem(doc, ("as_of",), f"the status '{status}' was last checked on {as_of.isoformat()}, "
                       f"{(today - as_of).days} days ago (more than {stale_after_days}): check what became of "
                       "the plan, then update status and as_of", WARNING)
    horizon = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else \
        today + _dt.timedelta(days=365)
    for key, value in (("date", start), ("end_date", end)):
        if value is not None and value.first_day() > horizon and status not in _PLAN_STATUSES:
            yield _problem(doc, (key,), f"{key} {value.iso()} is more than a year ahead: only a plan can be dated "
                           "in the future; add status: announced and as_of, or correct the date", WARNING)
    if start is not None and ID_RE.match(entry_id) and int(entry_id[:4]) != start.year:
        yield Problem(doc.path, 1, 1, f"the id starts with {entry_id[:4]} but the date is in {start.year}: "
                      f"for a new entry, rename the file to {start.year}{entry_id[4:]}.yaml; a published id "
                      "keeps its URL, so leave it", WARNING)


class Parsed(NamedTuple):
    """What one entry file says on its own: everything that does not depend on other files or on
    the day of the run. Plain values, so that it can be cached and sent back from a worker process."""

    found: bool  # False: unreadable, empty or not YAML (``problems`` says which)
    data: Any  # the YAML's values, without the text fields and sources (kept below, cleaned)
    problems: list[Problem]  # found in the file alone
    texts: dict  # title, summary, note and place, white space cleaned
    start: PartialDate | None
    end: PartialDate | None
    sources: tuple  # (index, title, publisher, url, accessed day) of each source
    as_of: _dt.date | None


def _parse_file(path: Path, rel: str) -> Parsed:
    """Read, parse and check one entry file: the costly part of loading, done once per change."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Parsed(False, None, [Problem(rel, None, None, f"cannot read the file: {exc.strerror}")], {}, None,
                      None, (), None)
    doc, problems = parse(raw, rel)
    if doc is None:
        return Parsed(False, None, problems, {}, None, None, (), None)
    data = doc.data
    if not isinstance(data, dict):
        return Parsed(True, data, [_problem(doc, (), "an entry must be a mapping of keys (date:, era:, title:, ...), "
                                            f"not {type(data).__name__}: see CONTRIBUTING.md for the template")],
                      {}, None, None, (), None)
    problems, failed = schema.check(doc, "entry")
    entry_id = path.name[: -len(".yaml")]
    if not ID_RE.match(entry_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", entry_id.lower()).strip("-")
        year = str(data.get("date", ""))[:4]
        if not re.match(r"^[0-9]{4}-", suggestion) and re.match(r"^[0-9]{4}$", year):
            suggestion = f"{year}-{suggestion}"
        problems.append(Problem(doc.path, 1, 1, f"the file name '{path.name}' is not a valid id: use lowercase "
                                f"words joined by hyphens, starting with the year (e.g. {suggestion}.yaml)"))
    start, end, date_problems = _date_rules(doc, data, failed)
    problems += date_problems
    problems += _text_problems(doc, (), data, _TEXT_FIELDS)
    sources = []
    listed = data.get("sources")
    for i, src in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(src, dict):
            continue
        accessed, day_problems = _day(doc, ("sources", i, "accessed"), src.get("accessed"), failed)
        problems += day_problems
        problems += _text_problems(doc, ("sources", i), {k: {"": src.get(k)} for k in ("title", "publisher")},
                                   ("title", "publisher"))
        sources.append((i, src.get("title"), src.get("publisher"), src.get("url"), accessed))
    as_of = None
    if "as_of" in data:
        as_of, day_problems = _day(doc, ("as_of",), data["as_of"], failed)
        problems += day_problems
    if b"TODO" in raw or b"\\" in raw:  # cheap test first (an escape could spell it): nearly every file has none
        problems += _placeholders(doc, data, ())
    texts: dict = {}
    if not errors(problems):  # the schema has made sure that the texts are texts
        texts = {f: _clean(data[f]) for f in _TEXT_FIELDS if f in data}
        sources = [(i, clean_text(title), clean_text(publisher), url, accessed)
                   for i, title, publisher, url, accessed in sources]
    rest = {key: value for key, value in data.items() if key not in _TEXT_FIELDS and key != "sources"}
    return Parsed(True, rest, problems, texts, start, end, tuple(sources), as_of)


class _Loading(NamedTuple):
    """What loading an entry file needs besides the file: shared with the worker processes."""

    paths: Paths
    known: dict[str, set[str]]
    today: _dt.date
    stale_after_days: int
    cache: Cache | None
    kept: dict[Path, tuple[tuple[int, int] | None, Parsed | None]]  # the cache's lookups, taken beforehand


Loaded = tuple[Entry | None, list[Problem], tuple[int, int] | None]  # the entry, its problems, its stat key


def _load_shards(groups: Sequence[tuple[int, list[Path]]]) -> list[Loaded]:
    """Load the entry files of some cache shards (``(number, files)``), in this process or a worker
    (see parallel.py); each shard's cache file is written as soon as its files are done."""
    ctx: _Loading = parallel.shared()
    out: list[Loaded] = []
    for number, files in groups:
        results = {}
        for path in files:
            key, state = ctx.kept.get(path, (None, None))
            if state is None:
                if path not in ctx.kept:
                    key = stat_key(path)  # before reading: a change made while reading shows next time
                state = _parse_file(path, ctx.paths.rel(path))
            results[path.name] = (key, state)
            entry, problems = load_entry(path, ctx.paths, ctx.known, ctx.today, ctx.stale_after_days, state)
            out.append((entry, problems, key))
        if ctx.cache is not None:
            ctx.cache.replace_shard(number, results)
    return out


def load_entry(path: Path, paths: Paths, known: dict[str, set[str]], today: _dt.date,
               stale_after_days: int = STALE_AFTER_DAYS, parsed: Parsed | None = None) -> tuple[
        Entry | None, list[Problem]]:
    """An entry with every rule applied; ``parsed`` is :func:`_parse_file`'s result if already known.

    No node tree is kept: a rule here that needs a position reads the file again (only files with a
    problem pay for that)."""
    rel = paths.rel(path)
    parsed = parsed or _parse_file(path, rel)
    problems = list(parsed.problems)
    if not parsed.found or not isinstance(parsed.data, dict):
        return None, problems
    data = parsed.data
    doc = Document(rel, data, None, path)
    entry_id = path.name[: -len(".yaml")]
    problems += _reference_rules(doc, data, known, entry_id)
    for i, _title, _publisher, _url, accessed in parsed.sources:
        problems += _not_future(doc, ("sources", i, "accessed"), accessed, today)
    problems += _not_future(doc, ("as_of",), parsed.as_of, today)
    problems += _time_rules(doc, data, entry_id, parsed.start, parsed.end, parsed.as_of, today, stale_after_days)
    if errors(problems):
        return None, problems
    texts = parsed.texts
    entry = Entry(
        id=entry_id, path=rel, date=parsed.start, era=data["era"],  # type: ignore[arg-type]
        title=texts["title"], summary=texts["summary"],
        sources=tuple(Source(*source[1:]) for source in parsed.sources),
        qualifier=data.get("qualifier"), end_date=parsed.end, note=texts.get("note"), place=texts.get("place"),
        sections=tuple(data.get("sections", ())), related=tuple(data.get("related", ())),
        tags=tuple(data.get("tags", ())), status=data.get("status"), as_of=parsed.as_of,
    )
    return entry, problems


@contextlib.contextmanager
def _no_files() -> Iterator[list]:
    yield []


def load(paths: Paths, today: _dt.date | None = None, check_docs: bool = True,
         stale_after_days: int = STALE_AFTER_DAYS, partial: bool = False, cache: Cache | None = None,
         jobs: int | None = None) -> Result:
    """Everything, validated. ``Result.timeline`` is None when there is any error, unless ``partial``
    asks for a timeline of the entries that are valid (for reports; never for pages). ``jobs``:
    processes for reading entry files (None: as many as CPUs when there are many files)."""
    with parallel.no_gc_pauses():
        return _load(paths, today or _dt.date.today(), check_docs, stale_after_days, partial, cache, jobs)


def _load(paths: Paths, today: _dt.date, check_docs: bool, stale_after_days: int, partial: bool,
          cache: Cache | None, jobs: int | None) -> Result:
    problems: list[Problem] = []
    eras, p = load_eras(paths)
    problems += p
    tags, p = load_tags(paths)
    problems += p
    sections, p = load_sections(paths)
    problems += p
    files = 2  # eras.yaml and tags.yaml

    with os.scandir(paths.entries) if paths.entries.is_dir() else _no_files() as scan:
        listing = sorted((item.name, item.is_file()) for item in scan)  # strings sort fast
    yaml_files = []
    for name, is_file in listing:
        if name.startswith("."):
            continue
        if not name.endswith(".yaml") or not is_file:
            problems.append(Problem(paths.rel(paths.entries / name), None, None, "only <id>.yaml files belong in "
                                    "timeline/entries/: rename or move it"))
            continue
        yaml_files.append(paths.entries / name)
    known = {
        "era": {e.id for e in eras},
        "section": set(sections),
        "entry": {f.name[:-5] for f in yaml_files},
        "tag": set(tags),
    }
    # Files are loaded by cache shard, so that whoever loads a shard (a worker, when many files need
    # parsing) also writes its cache file: nothing parsed has to come back to be cached. Every shard
    # is visited, even one left with no file, so that removed files are forgotten.
    kept = {f: cache.lookup(f) for f in yaml_files if cache.known(f)} if cache is not None else {}
    todo = len(yaml_files) - sum(1 for _key, state in kept.values() if state is not None)
    groups: dict[int, list[Path]] = {number: [] for number in range(SHARDS)}
    for f in yaml_files:
        groups[shard_of(f.name)].append(f)
    ctx = _Loading(paths, known, today, stale_after_days, cache, kept)
    loaded, _ = parallel.run(_load_shards, list(groups.items()), parallel.workers(todo, jobs), shared=ctx)
    order = [f for files in groups.values() for f in files]
    by_file = dict(zip(order, loaded, strict=True))
    entries = []
    for f in yaml_files:  # the order of the files, whatever the shards' order
        entry, p, key = by_file[f]
        problems += p
        if entry is not None:
            entries.append(entry)
        if cache is not None:
            cache.seen[f] = key
    problems += _mutual_links(entries, paths)
    files += len(yaml_files)
    if not yaml_files:
        problems.append(Problem(paths.rel(paths.entries), None, None, "no entries: add timeline/entries/<id>.yaml",
                                WARNING))

    if check_docs:
        p, n = check_pages(paths, known["entry"])
        problems += p
        files += n
    else:
        files += sum(len(s.paths) for s in sections.values())

    if errors(problems):
        if not partial or not eras:
            return Result(None, problems, files)
        loaded = {e.id for e in entries}
        entries = [dataclasses.replace(e, related=tuple(r for r in e.related if r in loaded))
                   for e in entries if e.era in {era.id for era in eras}]
    return Result(Timeline.build(entries, eras, tags, sections), problems, files)
