"""Synthetic timelines for the benchmarks: the real entries plus copies of them, as many as asked.

Every synthetic entry is valid: a copy of a real one with a new id, a random date inside a random era,
and its title and summary marked with its number (within the schema's length limits, read from the
schema). ``related`` links between copies mirror the real ones', so index and entry pages look like
the real site's at any size.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline_build import schema  # noqa: E402
from timeline_build.rules.ids import ID_RE  # noqa: E402

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/entry.schema.json"
KEY_ORDER = tuple(schema.load_schema("entry")["properties"])
TEXT_KEYS = ("title", "summary", "note", "place")
MARKER_RE = re.compile(r"\b(number|index)(\s+)(\d+)\.")  # the word the edit of a synthetic entry toggles


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {root}:\n{proc.stderr}")
    return proc.stdout


def copy_project(root: Path, dest: Path, untracked: bool) -> list[str]:
    """Copy the git-tracked files of ``root`` (as they are in the work tree) into ``dest``."""
    listed = git(root, "ls-files", "-z", "--cached").split("\0")
    if untracked:
        listed += git(root, "ls-files", "-z", "--others", "--exclude-standard").split("\0")
    copied = []
    for rel in sorted(set(filter(None, listed))):
        src = root / rel
        if not src.is_file():  # deleted in the work tree, or a submodule
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        copied.append(rel)
    return copied


class _NoDates(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, as the engine does."""


_NoDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> list[str]:
    """A folded block scalar (>-) as the real entries write their long texts."""
    pad = " " * indent
    text = " ".join(text.split())
    lines = textwrap.wrap(text, width=100, break_long_words=False, break_on_hyphens=False)
    return [">-"] + [pad + line for line in lines]


def _scalar(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|[a-z][a-z0-9]*(-[a-z0-9]+)*", text)
    return text if plain and text not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n") else _q(text)


def dump_entry(data: dict[str, Any]) -> str:
    """The YAML text of an entry, in the layout of the hand-written ones."""
    out = [SCHEMA_LINE]
    for key in KEY_ORDER:
        if key not in data:
            continue
        value = data[key]
        if key in TEXT_KEYS:
            out.append(f"{key}:")
            for lang, text in value.items():
                if key in ("summary", "note"):
                    first, *rest = _block(text, 4)
                    out.append(f"  {lang}: {first}")
                    out += rest
                else:
                    out.append(f"  {lang}: {_q(text)}")
        elif key == "sources":
            out.append("sources:")
            for src in value:
                out.append(f"  - title: {_q(src['title'])}")
                out.append(f"    publisher: {_q(src['publisher'])}")
                out.append(f"    url: {_q(src['url'])}")
                out.append(f"    accessed: {src['accessed']}")
                out.append(f"    kind: {src['kind']}")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out.append(f"{key}: [{', '.join(value)}]")
        elif isinstance(value, (dict, list)):  # structured fields (a pledge, a status history)
            out.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100).rstrip())
        else:
            out.append(f"{key}: {_scalar(value)}")
    return "\n".join(out) + "\n"


def _fit(text: str, suffix: str, limit: int) -> str:
    """``text`` + ``suffix``, the text shortened (at a space when it can) to stay within ``limit``."""
    room = limit - len(suffix)
    if len(text) > room:
        cut = text[:room]
        if " " in cut[room // 2:]:
            cut = cut[: cut.rindex(" ")]
        text = cut.rstrip(" ,;:")
    return text + suffix


def load_eras(project: Path, today: dt.date) -> list[dict[str, Any]]:
    eras = yaml.load((project / "timeline" / "eras.yaml").read_text(encoding="utf-8"), Loader=_NoDates)
    out = []
    for era in eras:
        start = int(era["start"])
        end = int(era["end"]) if era.get("end") is not None else max(start, today.year)
        out.append({"id": era["id"], "start": start, "end": end})
    return out


def synthesise(project: Path, n_total: int, seed: int, keep_sections: bool, today: dt.date) -> dict[str, Any]:
    """Replace timeline/entries/ with ``n_total`` valid entries: the real ones plus synthetic copies."""
    entries_dir = project / "timeline" / "entries"
    real_files = sorted(p for p in entries_dir.glob("*.yaml") if not p.name.startswith("."))
    templates = []
    for path in real_files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates)
        templates.append((path.stem, data))
    if not templates:
        raise ValueError(f"no entries in {entries_dir} to use as templates")
    real = len(templates)
    if n_total < real:
        raise ValueError(f"N={n_total} is smaller than the {real} real entries, which are always kept")
    eras = load_eras(project, today)
    rng = random.Random(seed * 1_000_003 + n_total)

    # Remove whatever else is there (e.g. a .gitkeep is harmless, but anything else would be checked).
    for path in entries_dir.iterdir():
        if path.is_file() and path.suffix == ".yaml" and path not in real_files:
            path.unlink()

    synthetic = n_total - real
    t = len(templates)
    template_index = {tid: i for i, (tid, _) in enumerate(templates)}
    # Synthetic entry k (0-based) is copy r = k // t of template k % t; its number is k + 1.
    slug_of = {tid: tid.split("-", 1)[1] for tid, _ in templates}
    years: dict[int, int] = {}
    ids: dict[int, str] = {}
    plans = []
    for k in range(synthetic):
        tid, data = templates[k % t]
        era = rng.choice(eras)
        year = rng.randint(era["start"], era["end"])
        years[k] = year
        ids[k] = f"{year}-{slug_of[tid]}-{k + 1}"
        plans.append((k, tid, data, era, year))

    by_era: dict[str, int] = {e["id"]: 0 for e in eras}
    for k, _tid, data, era, year in plans:
        n = k + 1
        r = k // t
        entry: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.5:
            entry["date"] = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        elif roll < 0.75:
            entry["date"] = f"{year:04d}-{rng.randint(1, 12):02d}"
        else:
            entry["date"] = year
        if data.get("qualifier"):
            entry["qualifier"] = data["qualifier"]
        if data.get("end_date") is not None:
            entry["end_date"] = min(year + rng.randint(0, 5), max(year, today.year))  # not in the future
        entry["era"] = era["id"]
        by_era[era["id"]] += 1
        marks = {"title": {"en": f" (no. {n})", "ja": f"(その{n})"},
                 "summary": {"en": f" Synthetic entry number {n}.", "ja": f"(合成データ{n}件目)"}}
        for key, suffixes in marks.items():
            entry[key] = {lang: _fit(" ".join(data[key][lang].split()), suffix, schema.max_length(key, lang))
                          for lang, suffix in suffixes.items()}
        for key in ("note", "place"):
            if data.get(key):
                entry[key] = {lang: " ".join(text.split()) for lang, text in data[key].items()}
        entry["sources"] = [dict(src) for src in data["sources"]]
        if keep_sections and data.get("sections"):
            entry["sections"] = list(data["sections"])
        # related: template T -> template U becomes copy r of T -> copy r of U, when that copy exists.
        related = []
        for other in data.get("related") or []:
            j = template_index.get(other)
            if j is None:
                continue
            k2 = r * t + j
            if k2 < synthetic and k2 != k:
                related.append(ids[k2])
        if related:
            entry["related"] = related
        if data.get("tags"):
            entry["tags"] = list(data["tags"])
        for key in ("no_primary_source", "pledge", "status_history"):  # carried over as they are
            if key in data:
                entry[key] = data[key]
        if data.get("status"):
            entry["status"] = data["status"]
            if data.get("as_of"):
                entry["as_of"] = data["as_of"]
        elif n % 7 == 0:  # some plans and pledges, so the status path is exercised too
            entry["status"] = schema.statuses()[n // 7 % len(schema.statuses())]
            if entry["status"] in schema.open_statuses():
                entry["as_of"] = max(src["accessed"] for src in entry["sources"])
        entry_id = ids[k]
        assert ID_RE.match(entry_id), entry_id
        (entries_dir / f"{entry_id}.yaml").write_text(dump_entry(entry), encoding="utf-8")

    marker = ids[synthetic // 2] if synthetic else None
    return {"real": real, "synthetic": synthetic, "templates": [tid for tid, _ in templates],
            "per_era": by_era, "edit_target": marker}


_SUMMARY_EN_RE = re.compile(r"^summary:\n  en: >-\n    (?P<line>.*)$", re.MULTILINE)


def toggle_marker(path: Path) -> str:
    """Change one word of the entry's English summary ("number" <-> "index"); return the new word.

    A real entry (no marker) gets the first word of its English summary's first line doubled, then
    restored, on alternate calls."""
    text = path.read_text(encoding="utf-8")
    m = MARKER_RE.search(text)
    if m:
        new = "index" if m.group(1) == "number" else "number"
        path.write_text(text[: m.start(1)] + new + text[m.end(1):], encoding="utf-8")
        return new
    m = _SUMMARY_EN_RE.search(text)
    if not m:
        raise ValueError(f"cannot find the English summary to edit in {path}")
    line = m.group("line")
    first, _, rest = line.partition(" ")
    if rest.startswith(first + " "):
        new_line, word = rest, f"-{first}"
    else:
        new_line, word = f"{first} {line}", f"+{first}"
    path.write_text(text[: m.start("line")] + new_line + text[m.end("line"):], encoding="utf-8")
    return word
