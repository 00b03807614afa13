"""Load and check the whole project: eras, tags, article sections, entries and hand-written pages.

``load(paths)`` reads every file, checks its shape against its JSON Schema (``schema.py``) and its
meaning against the rules (``rules/``), and returns a :class:`Result`: the timeline, and every problem
found. Nothing stops at the first problem. This is the first step of a build; ``render`` and
``writer`` come after it, and only when there is no error.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from pathlib import Path
from typing import Any

from . import crosslinks, rules, schema, series
from .dates import PartialDate, parse_full_date
from .model import DEFAULT_LANG, LANGS, Entry, Era, Pledge, Section, Source, StatusChange, Timeline
from .paths import Paths
from .problems import WARNING, Problem, errors
from .rules import plans, references, text
from .yamlsource import Document, parse

STALE_AFTER_DAYS = plans.STALE_AFTER_DAYS


@dataclasses.dataclass
class Result:
    timeline: Timeline | None  # None when there is any error (unless a partial timeline was asked for)
    problems: list[Problem]
    files: int  # how many files were checked

    @property
    def ok(self) -> bool:
        return self.timeline is not None and not errors(self.problems)


_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_JA_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff3b-\uff3d\uff5b-\uff65"  # 、。「」（）！？：…
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])|(?<=[{_JA_PUNCTUATION}])\\s+|\\s+(?=[{_JA_PUNCTUATION}])")
_MIXED_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])\\s+(?=[{_CJK}])")


def clean_text(value: str, japanese: bool = False) -> str:
    """Collapse white space, and drop it where Japanese uses none: between two Japanese characters,
    and after or before Japanese punctuation; in Japanese text, also between Japanese and Latin letters
    or digits (NVIDIAは, 2万基). YAML's folded blocks (``>-``) put a space at every line break, which is
    right in English and wrong in Japanese (「移している。 3人は」)."""
    text = _CJK_GAP.sub("", " ".join(value.split()))
    return _MIXED_GAP.sub("", text) if japanese else text


def clean_texts(value: Any) -> Any:
    """A text mapping ({en, ja}) with each text cleaned; anything else as it is."""
    if not isinstance(value, dict):
        return value
    return {lang: clean_text(v, japanese=lang == "ja") for lang, v in value.items()}


def _raw(path: Path, paths: Paths) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem of reading it."""
    try:
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(paths.rel(path), None, None, f"cannot read the file: {exc.strerror}")]


def _read(path: Path, paths: Paths) -> tuple[Document | None, list[Problem]]:
    """The parsed file (which keeps its text) and its problems."""
    raw, problems = _raw(path, paths)
    return (None, problems) if raw is None else parse(raw, paths.rel(path))


def _checked(path: Path, paths: Paths, schema_name: str,
             terms: tuple[text.Term, ...] = ()) -> tuple[Document | None, list[Problem]]:
    """A data file that must exist and match its schema (and spell Japanese as ``terms`` say)."""
    doc, problems = _read(path, paths)
    if doc is not None:
        problems, failed = schema.check(doc, schema_name)
        problems += text.invisible_characters(doc, failed)
    usable = doc if doc is not None and not problems else None
    if usable is not None:  # a spelling to correct does not make the file unusable
        problems += text.terms_in_japanese_values(doc, doc.text or "", terms)
    return usable, problems


# ---------------------------------------------------------------------------------------------
# Eras, tags, the do-not-cite list, the Japanese terms and the article sections


def load_eras(paths: Paths, terms: tuple[text.Term, ...] = ()) -> tuple[list[Era], list[Problem]]:
    doc, problems = _checked(paths.eras, paths, "eras", terms)
    if doc is None:
        return [], problems
    eras, seen = [], {}
    for i, item in enumerate(doc.data):
        def problem(key: str, message: str, i: int = i) -> Problem:
            line, col = doc.where((i, key))
            return Problem(doc.path, line, col, message)
        if item["id"] in seen:
            problems.append(problem("id", f"era '{item['id']}' is defined twice (also item {seen[item['id']] + 1}): "
                                    "keep one"))
            continue
        seen[item["id"]] = i
        if item.get("end") is not None and item["end"] < item["start"]:
            problems.append(problem("end", f"era '{item['id']}' ends ({item['end']}) before it starts "
                                    f"({item['start']}): swap or fix the years"))
        eras.append(Era(item["id"], item["start"], item.get("end"), clean_texts(item["title"]),
                        clean_texts(item["summary"])))
    return eras, problems


def load_tags(paths: Paths, terms: tuple[text.Term, ...] = ()) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    doc, problems = _checked(paths.tags, paths, "tags", terms)
    return ({tag: clean_texts(label) for tag, label in doc.data.items()} if doc else {}), problems


def load_policy(paths: Paths) -> tuple[dict[str, str], tuple[text.Term, ...], list[Problem], int]:
    """The do-not-cite hosts and the Japanese terms (each file optional), their problems, and how many
    of the two files exist."""
    banned: dict[str, str] = {}
    terms: tuple[text.Term, ...] = ()
    problems: list[Problem] = []
    present = 0
    if paths.do_not_cite.exists():
        present += 1
        doc, p = _checked(paths.do_not_cite, paths, "do-not-cite")
        problems += p
        banned = {item["host"].lower(): clean_text(item["reason"]) for item in doc.data} if doc else {}
    if paths.terms.exists():
        present += 1
        doc, p = _checked(paths.terms, paths, "terms")
        problems += p
        terms = text.read_terms(doc.data["rules"]) if doc else ()
    return banned, terms, problems, present


_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def load_sections(paths: Paths) -> tuple[dict[str, Section], list[Problem]]:
    """Article pages ``docs/article/<id>.md`` (not ``index``), each with every language."""
    sections: dict[str, Section] = {}
    problems: list[Problem] = []
    for path in sorted(paths.articles.glob("*.md")) if paths.articles.is_dir() else []:
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
            heading = _H1_RE.search(file.read_text(encoding="utf-8"))
            if heading is None:
                problems.append(Problem(paths.rel(file), 1, 1, "the page has no '# Title' heading: start it with one"))
            titles[lang] = heading.group(1) if heading else stem
            files[lang] = paths.rel(file)
        sections[stem] = Section(stem, titles, files)
    return sections, problems


def check_pages(paths: Paths, known_ids: set[str], terms: tuple[text.Term, ...]) -> tuple[list[Problem], int]:
    """Every ``[[id]]`` in a hand-written page names an entry; Japanese pages follow the terms."""
    problems: list[Problem] = []
    pages = paths.hand_written_pages()
    for path in pages:
        page = path.read_text(encoding="utf-8")
        problems += crosslinks.check(page, paths.rel(path), known_ids)
        if path.name.endswith(".ja.md"):
            problems += text.term_problems(page, paths.rel(path), terms)
    return problems, len(pages)


# ---------------------------------------------------------------------------------------------
# Entries


# Entries checked in this process, by file: bytes and result. While `mkdocs serve` runs, a rebuild
# checks again only the files whose bytes changed (and all of them when anything else they are
# checked against changed: the other files' ids, eras, tags, terms, the day). Keyed by content, not
# by time stamps, so it cannot go stale; at 1,000 entries it saves about a second per edit.
_CHECKED: dict[Path, tuple[bytes, tuple[Entry | None, list[Problem]]]] = {}
_CHECKED_AGAINST: list[rules.Context] = []


def load_entry(path: Path, context: rules.Context) -> tuple[Entry | None, list[Problem]]:
    """One entry file, checked against the schema and every rule; the entry if it has no error."""
    raw, problems = _raw(path, context.paths)
    if raw is None:
        return None, problems
    if _CHECKED_AGAINST != [context]:
        _CHECKED.clear()
        _CHECKED_AGAINST[:] = [context]
    known = _CHECKED.get(path)
    if known is None or known[0] != raw:
        known = _CHECKED[path] = (raw, _check_entry(path, raw, context))
    entry, problems = known[1]
    return entry, list(problems)


def _check_entry(path: Path, raw: bytes, context: rules.Context) -> tuple[Entry | None, list[Problem]]:
    doc, problems = parse(raw, context.paths.rel(path))
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        return None, [Problem(doc.path, line, col, "an entry must be a mapping of keys (date:, era:, title:, ...), "
                              f"not {type(doc.data).__name__}: see CONTRIBUTING.md for the template")]
    problems, failed = schema.check(doc, "entry")
    file = rules.EntryFile(path.name[:-len(".yaml")], doc, failed, context, doc.text or "")
    for rule in rules.checklist():
        problems += rule(file)
    if errors(problems):
        return None, problems
    return _entry(file), problems


def _entry(f: rules.EntryFile) -> Entry:
    """The checked file as an :class:`Entry`, its text cleaned."""
    data = f.data
    sources = tuple(make_source(s) for s in data["sources"])
    return Entry(
        id=f.id, path=f.doc.path, date=PartialDate.parse(data["date"]), era=data["era"],
        title=clean_texts(data["title"]), summary=clean_texts(data["summary"]), sources=sources,
        qualifier=data.get("qualifier"),
        end_date=PartialDate.parse(data["end_date"]) if "end_date" in data else None,
        note=clean_texts(data.get("note")), place=clean_texts(data.get("place")),
        sections=tuple(data.get("sections", ())), related=tuple(data.get("related", ())),
        tags=tuple(data.get("tags", ())), status=data.get("status"),
        as_of=parse_full_date(data["as_of"]) if "as_of" in data else None,
        pledge=_pledge(data["pledge"]) if "pledge" in data else None,
        history=tuple(StatusChange(PartialDate.parse(item["date"]), item["status"], clean_texts(item["note"]),
                                   make_source(item["source"])) for item in data.get("status_history", ())),
    )


def _pledge(data: dict) -> Pledge:
    return Pledge(clean_texts(data["by"]), clean_texts(data["what"]), data.get("amount"), data.get("currency"),
                  clean_texts(data.get("unit")), data.get("qualifier"),
                  PartialDate.parse(data["deadline"]) if "deadline" in data else None)


def make_source(s: dict) -> Source:
    return Source(clean_text(s["title"]), clean_text(s["publisher"]), s["url"], parse_full_date(s["accessed"]),
                  s["kind"], s.get("archived"))


def _entry_files(paths: Paths) -> tuple[list[Path], list[Problem]]:
    files, problems = [], []
    for path in sorted(paths.entries.iterdir()) if paths.entries.is_dir() else []:
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml" or not path.is_file():
            problems.append(Problem(paths.rel(path), None, None, "only <id>.yaml files belong in timeline/entries/: "
                                    "rename or move it"))
            continue
        files.append(path)
    return files, problems


def load(paths: Paths, today: _dt.date | None = None, check_docs: bool = True,
         stale_after_days: int = STALE_AFTER_DAYS, partial: bool = False) -> Result:
    """Everything, checked. ``Result.timeline`` is None when there is any error, unless ``partial``
    asks for a timeline of the entries that are valid (for reports; never for pages)."""
    banned, terms, problems, policy_files = load_policy(paths)
    eras, p = load_eras(paths, terms)
    problems += p
    tags, p = load_tags(paths, terms)
    problems += p
    sections, p = load_sections(paths)
    problems += p
    files, p = _entry_files(paths)
    problems += p
    context = rules.Context(paths, frozenset(e.id for e in eras), frozenset(sections),
                            frozenset(f.name[:-5] for f in files), frozenset(tags), today or _dt.date.today(),
                            stale_after_days, banned, terms)
    entries = []
    for path in files:
        entry, p = load_entry(path, context)
        problems += p
        if entry is not None:
            entries.append(entry)
    problems += references.mutual_links(entries, paths)
    measured, p = series.load_series(paths, context)
    problems += p + series.numbers_page_problems(paths, measured)
    if not files:
        problems.append(Problem(paths.rel(paths.entries), None, None, "no entries: add timeline/entries/<id>.yaml",
                                WARNING))
    count = 2 + policy_files + len(files) + series.count(paths)  # eras, tags, policy files, entries, series
    if check_docs:
        p, pages = check_pages(paths, set(context.entries), terms)
        problems += p
        count += pages
    else:
        count += sum(len(s.paths) for s in sections.values())

    if errors(problems):
        if not partial or not eras:
            return Result(None, problems, count)
        valid = {e.id for e in entries}
        entries = [dataclasses.replace(e, related=tuple(r for r in e.related if r in valid))
                   for e in entries if e.era in context.eras]
    return Result(Timeline.build(entries, eras, tags, sections, measured), problems, count)
