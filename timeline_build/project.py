"""Load and validate the whole project: eras, tags, entries, article sections and cross-links.

Shape is checked by the JSON Schemas (``schema.py``); the rules a schema cannot express are here,
one small function per rule, each with its rule stated in its docstring. Every problem is collected;
nothing stops at the first one.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import crosslinks, schema
from .cache import Cache
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
        try:
            return path.relative_to(self.root).as_posix()  # the usual case: found by walking the root
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
    return _CJK_GAP.sub("", " ".join(text.split()))


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


def _day(doc: Document, path: tuple, value: Any, failed: set, today: _dt.date) -> tuple[_dt.date | None,
                                                                                      list[Problem]]:
    """Rule: an accessed/as_of day is on the calendar and not in the future."""
    if path in failed:
        return None, []
    try:
        day = parse_full_date(value)
    except DateError as exc:
        return None, [_problem(doc, path, f"{path[-1]}: {exc}")]
    if day > today:
        return day, [_problem(doc, path, f"{path[-1]} {day.isoformat()} is in the future: "
                              "use the day you checked")]
    return day, []


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


def _mutual_links(entries: list[Entry]) -> list[Problem]:
    """Rule (warning): a link is typed once; the other entry gets the backlink automatically."""
    named = {(e.id, other) for e in entries for other in e.related}
    problems = []
    for entry in entries:
        for other, line in zip(entry.related, entry.related_lines, strict=True):
            if entry.id > other and (other, entry.id) in named:
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


def _parse_entry(path: Path, paths: Paths, cache: Cache | None) -> tuple[Document | None, list[Problem], set,
                                                                          dict]:
    """The costly part of reading an entry (YAML, JSON Schema, text clean-up), cached by file when a
    cache is given. Returns the document, the schema's problems, the paths that failed, clean text."""
    hit = cache.lookup(path) if cache is not None else None
    if hit is not None:
        data, problems, failed, cleaned = hit
        doc = Document(paths.rel(path), data, None, path) if data is not None else None
        return doc, list(problems), failed, cleaned
    doc, problems = _read(path, paths)
    failed: set = set()
    cleaned: dict = {}
    if doc is not None and isinstance(doc.data, dict):
        problems, failed = schema.check(doc, "entry")
        if not problems:
            cleaned = {f: _clean(doc.data[f]) for f in _TEXT_FIELDS if isinstance(doc.data.get(f), dict)}
    if cache is not None:
        cache.store(path, (doc.data if doc is not None else None, problems, failed, cleaned))
    return doc, problems, failed, cleaned


def load_entry(path: Path, paths: Paths, known: dict[str, set[str]], today: _dt.date,
               stale_after_days: int = STALE_AFTER_DAYS, cache: Cache | None = None) -> tuple[
        Entry | None, list[Problem]]:
    doc, problems, failed, cleaned = _parse_entry(path, paths, cache)
    if doc is None:
        return None, problems
    entry_id = path.name[: -len(".yaml")]
    if not isinstance(doc.data, dict):
        return None, [_problem(doc, (), "an entry must be a mapping of keys (date:, era:, title:, ...), "
                               f"not {type(doc.data).__name__}: see CONTRIBUTING.md for the template")]
    if not ID_RE.match(entry_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", entry_id.lower()).strip("-")
        year = str(doc.data.get("date", ""))[:4]
        if not re.match(r"^[0-9]{4}-", suggestion) and re.match(r"^[0-9]{4}$", year):
            suggestion = f"{year}-{suggestion}"
        problems.append(Problem(doc.path, 1, 1, f"the file name '{path.name}' is not a valid id: use lowercase "
                                f"words joined by hyphens, starting with the year (e.g. {suggestion}.yaml)"))
    start, end, date_problems = _date_rules(doc, doc.data, failed)
    problems += date_problems
    problems += _reference_rules(doc, doc.data, known, entry_id)
    problems += _text_problems(doc, (), doc.data, _TEXT_FIELDS)

    sources = []
    listed = doc.data.get("sources")
    for i, src in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(src, dict):
            continue
        accessed, day_problems = _day(doc, ("sources", i, "accessed"), src.get("accessed"), failed, today)
        problems += day_problems
        problems += _text_problems(doc, ("sources", i), {k: {"": src.get(k)} for k in ("title", "publisher")},
                                   ("title", "publisher"))
        sources.append((src, accessed))
    as_of = None
    if "as_of" in doc.data:
        as_of, day_problems = _day(doc, ("as_of",), doc.data["as_of"], failed, today)
        problems += day_problems
    if "TODO" in str(doc.data):  # cheap test first: nearly every file has none
        problems += _placeholders(doc, doc.data, ())
    problems += _time_rules(doc, doc.data, entry_id, start, end, as_of, today, stale_after_days)

    if errors(problems):
        return None, problems
    data = doc.data
    entry = Entry(
        id=entry_id, path=doc.path, date=start, era=data["era"],  # type: ignore[arg-type]
        title=cleaned["title"], summary=cleaned["summary"],
        sources=tuple(Source(clean_text(s["title"]), clean_text(s["publisher"]), s["url"], acc) for s, acc in sources),  # type: ignore[arg-type]
        qualifier=data.get("qualifier"), end_date=end, note=cleaned.get("note"), place=cleaned.get("place"),
        sections=tuple(data.get("sections", ())), related=tuple(data.get("related", ())),
        related_lines=tuple(doc.where(("related", i))[0] for i in range(len(data.get("related", ())))),
        tags=tuple(data.get("tags", ())), status=data.get("status"), as_of=as_of,
    )
    return entry, problems


def load(paths: Paths, today: _dt.date | None = None, check_docs: bool = True,
         stale_after_days: int = STALE_AFTER_DAYS, partial: bool = False, cache: Cache | None = None) -> Result:
    """Everything, validated. ``Result.timeline`` is None when there is any error, unless ``partial``
    asks for a timeline of the entries that are valid (for reports; never for pages)."""
    today = today or _dt.date.today()
    problems: list[Problem] = []
    eras, p = load_eras(paths)
    problems += p
    tags, p = load_tags(paths)
    problems += p
    sections, p = load_sections(paths)
    problems += p
    files = 2  # eras.yaml and tags.yaml

    names = sorted(os.listdir(paths.entries)) if paths.entries.is_dir() else []  # strings sort fast
    entry_files = [paths.entries / name for name in names]
    yaml_files = []
    for f in entry_files:
        if f.name.startswith("."):
            continue
        if f.suffix != ".yaml" or not f.is_file():
            problems.append(Problem(paths.rel(f), None, None, "only <id>.yaml files belong in "
                                    "timeline/entries/: rename or move it"))
            continue
        yaml_files.append(f)
    known = {
        "era": {e.id for e in eras},
        "section": set(sections),
        "entry": {f.name[:-5] for f in yaml_files},
        "tag": set(tags),
    }
    entries = []
    for f in yaml_files:
        entry, p = load_entry(f, paths, known, today, stale_after_days, cache)
        problems += p
        if entry is not None:
            entries.append(entry)
    problems += _mutual_links(entries)
    if cache is not None:
        cache.forget_missing({f.name for f in yaml_files})
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
