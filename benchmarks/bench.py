#!/usr/bin/env python3
"""Benchmark the timeline generator and the MkDocs build on synthetic timelines of N entries.

    python benchmarks/bench.py                      N = 100, 1000, 10000; 3 runs each
    python benchmarks/bench.py --quick              N = 100, 1000; 1 run (a fast smoke)
    python benchmarks/bench.py --sizes 10000 --runs 1 --json out.json

A benchmark, not a test: it copies the project (git-tracked files only) into a temporary folder,
replaces timeline/entries/ with N valid entries made from the real ones, and times the generator
(check, cold, warm), the YAML parse floor, a full ``mkdocs build --strict`` and a rebuild after a
one-word edit; then it measures the built site. Targets are printed as PASS/FAIL for information: a
missed target does not change the exit status. A command that fails stops the benchmark (exit 2).
Standard library plus PyYAML only; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/entry.schema.json"
KEY_ORDER = ("date", "qualifier", "end_date", "era", "title", "summary", "note", "place", "sources",
             "sections", "related", "tags", "status", "as_of")
TEXT_KEYS = ("title", "summary", "note", "place")
MAX_LEN = {"title": 120, "summary": 1200, "note": 1200, "place": 120}  # schema/entry.schema.json
FINAL_STATUSES = ("completed", "cancelled")
ID_RE = re.compile(r"^[0-9]{4}(-[a-z0-9]+)+$")
MARKER_RE = re.compile(r"\b(number|index)(\s+)(\d+)\.")  # the word the rebuild edit toggles

# Targets (information only; see README.md).
TARGET_COLD_VS_FLOOR = 2.0  # generator cold <= 2x the C-loader parse floor (stated at N=10000)
TARGET_WARM_VS_COLD = 0.25  # warm <= 1/4 of cold
TARGET_BUILD_10X = 11.0  # full build at 10N <= 11x the build at N (stated for 1k -> 10k)
TARGET_BYTES_GROWTH = 1.25  # marginal bytes per added entry may grow at most 25% between steps
TARGET_MAX_PAGE = 1024 * 1024  # no HTML page over ~1 MB

DEFAULT_SIZES = (100, 1000, 10000)
QUICK_SIZES = (100, 1000)


class BenchError(Exception):
    """A step failed: the message says which, with the tail of its output."""


# ---------------------------------------------------------------------------------------------
# Small helpers


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def tail(text: str, lines: int = 40) -> str:
    parts = text.rstrip().splitlines()
    cut = parts[-lines:]
    prefix = [f"... ({len(parts) - lines} earlier lines)"] if len(parts) > lines else []
    return "\n".join(prefix + cut)


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "-"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def summarise(times: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": times}


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError(f"git {' '.join(args)} failed in {root}:\n{tail(proc.stderr)}")
    return proc.stdout


# ---------------------------------------------------------------------------------------------
# Machine and project information


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "cpu_model": None,
        "memory_bytes": None,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "loadavg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Hardware", "cpu model", "Processor") and value.strip():
                    info["cpu_model"] = value.strip()
                    break
    except OSError:
        pass
    info["cpu_model"] = info["cpu_model"] or platform.processor() or None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["memory_bytes"] = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    try:
        from importlib import metadata
        for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "PyYAML", "jsonschema",
                     "pymdown-extensions", "Markdown"):
            try:
                versions[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:
                versions[dist] = None
    except ImportError:  # pragma: no cover
        pass
    info["packages"] = versions
    return info


def project_info(root: Path) -> dict[str, Any]:
    commit = git(root, "rev-parse", "HEAD").strip()
    status = git(root, "status", "--porcelain", "--untracked-files=no").strip()
    return {"root": str(root), "commit": commit, "dirty": bool(status),
            "modified_files": [line[3:] for line in status.splitlines()]}


# ---------------------------------------------------------------------------------------------
# The temporary project


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


def empty_dirs(root: Path) -> list[str]:
    """Empty folders of the work tree that git does not ignore. Git cannot track them, so a fresh clone
    lacks them; a build may still need one (e.g. MkDocs' theme.custom_dir)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        if not dirnames and not filenames:
            rel = Path(dirpath).relative_to(root).as_posix()
            ignored = subprocess.run(["git", "check-ignore", "-q", rel], cwd=root).returncode == 0
            if not ignored:
                found.append(rel)
    return sorted(found)


def untracked_engine_files(root: Path) -> list[str]:
    out = git(root, "ls-files", "--others", "--exclude-standard", "--", "timeline_build", "build_timeline.py",
              "schema", "mkdocs.yml", "overrides", "docs")
    return [line for line in out.splitlines() if line]


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
        elif isinstance(value, list):
            out.append(f"{key}: [{', '.join(value)}]")
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
        raise BenchError(f"no entries in {entries_dir} to use as templates")
    real = len(templates)
    if n_total < real:
        raise BenchError(f"N={n_total} is smaller than the {real} real entries, which are always kept")
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
        entry["title"] = {"en": _fit(data["title"]["en"], f" (no. {n})", MAX_LEN["title"]),
                          "ja": _fit(data["title"]["ja"], f"(その{n})", MAX_LEN["title"])}
        entry["summary"] = {"en": _fit(" ".join(data["summary"]["en"].split()),
                                       f" Synthetic entry number {n}.", MAX_LEN["summary"]),
                            "ja": _fit(" ".join(data["summary"]["ja"].split()),
                                       f"(合成データ{n}件目)", MAX_LEN["summary"])}
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
        if data.get("status"):
            entry["status"] = data["status"]
            if data.get("as_of"):
                entry["as_of"] = data["as_of"]
        elif n % 7 == 0:  # some plans and pledges, so the status path is exercised too
            entry["status"] = ("announced", "in-progress", "completed", "paused")[n // 7 % 4]
            if entry["status"] not in FINAL_STATUSES:
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
        raise BenchError(f"cannot find the English summary to edit in {path}")
    line = m.group("line")
    first, _, rest = line.partition(" ")
    if rest.startswith(first + " "):
        new_line, word = rest, f"-{first}"
    else:
        new_line, word = f"{first} {line}", f"+{first}"
    path.write_text(text[: m.start("line")] + new_line + text[m.end("line"):], encoding="utf-8")
    return word


# ---------------------------------------------------------------------------------------------
# Running and timing


class Runner:
    def __init__(self, project: Path, env: dict[str, str]) -> None:
        self.project = project
        self.env = env

    def run(self, what: str, args: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, str, str]:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, *args], cwd=self.project, env=self.env,
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok_codes:
            output = proc.stderr if proc.stderr.strip() else proc.stdout
            raise BenchError(f"{what} failed (exit {proc.returncode}): "
                             f"{' '.join(['python', *args])} in {self.project}\n{tail(output)}")
        return elapsed, proc.stdout, proc.stderr

    def timed(self, what: str, args: list[str], runs: int, before: Callable[[], None] | None = None
              ) -> tuple[dict[str, Any], str]:
        times, out = [], ""
        for i in range(runs):
            if before is not None:
                before()
            elapsed, out, _err = self.run(what, args)
            times.append(elapsed)
            log(f"    {what}: run {i + 1}/{runs}: {fmt_s(elapsed)}")
        return summarise(times), out


CACHE_NAMES = re.compile(r"^(\.timeline-cache.*|\.cache|cache)$")


def snapshot(project: Path) -> set[str]:
    """Every path in the project, except bytecode (not the engine's cache)."""
    paths = set()
    for dirpath, dirnames, filenames in os.walk(project):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        base = Path(dirpath).relative_to(project)
        for name in dirnames + filenames:
            paths.add((base / name).as_posix())
    return paths


def find_caches(project: Path, extra: list[Path]) -> list[dict[str, Any]]:
    """Candidate cache paths the engine may have created (named .timeline-cache*, .cache or cache)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(project):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in dirnames + filenames:
            if CACHE_NAMES.match(name):
                path = Path(dirpath) / name
                found.append(path)
    found += [p for p in extra if p.exists()]
    out = []
    for path in found:
        size = path.stat().st_size if path.is_file() else sum(
            f.stat().st_size for f in path.rglob("*") if f.is_file())
        out.append({"path": str(path.relative_to(project)) if project in path.parents else str(path),
                    "bytes": size})
    return out


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def cold_reset(project: Path, pristine: set[str], extra: list[Path]) -> list[str]:
    """Make the next generator run cold: no docs/timeline/, no cache, nothing the builds added."""
    removed = []
    generated = project / "docs" / "timeline"
    if generated.exists():
        remove(generated)
        removed.append("docs/timeline")
    for dirpath, dirnames, filenames in os.walk(project, topdown=True):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in list(dirnames) + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(project).as_posix()
            if CACHE_NAMES.match(name) or rel not in pristine:
                remove(path)
                removed.append(rel)
                if name in dirnames:
                    dirnames.remove(name)
    for path in extra:
        if path.exists():
            remove(path)
            removed.append(str(path))
    return removed


def parse_floor(files: list[Path], loader: type, runs: int, what: str) -> dict[str, Any]:
    for path in files:  # untimed: the files in the page cache, as they are for the generator's runs
        path.read_bytes()
    times = []
    for i in range(runs):
        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_bytes().decode("utf-8"), Loader=loader)
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        log(f"    {what}: run {i + 1}/{runs}: {fmt_s(elapsed)}")
    return summarise(times)


def site_sizes(site: Path, n: int) -> dict[str, Any]:
    total = html_pages = html_bytes = 0
    largest_html = ("", 0)
    largest_file = ("", 0)
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        total += size
        if size > largest_file[1]:
            largest_file = (rel, size)
        if path.suffix == ".html":
            html_pages += 1
            html_bytes += size
            if size > largest_html[1]:
                largest_html = (rel, size)
    search = site / "search" / "search_index.json"
    return {
        "total_bytes": total,
        "bytes_per_entry": total / n,
        "html_pages": html_pages,
        "html_bytes": html_bytes,
        "largest_html": {"path": largest_html[0], "bytes": largest_html[1]},
        "largest_file": {"path": largest_file[0], "bytes": largest_file[1]},
        "search_index_bytes": search.stat().st_size if search.exists() else None,
    }


def generated_sizes(project: Path) -> dict[str, Any]:
    folder = project / "docs" / "timeline"
    files = [p for p in folder.rglob("*.md")] if folder.is_dir() else []
    largest = max(files, key=lambda p: p.stat().st_size, default=None)
    return {"md_files": len(files), "md_bytes": sum(p.stat().st_size for p in files),
            "largest_md": {"path": largest.relative_to(folder).as_posix() if largest else None,
                           "bytes": largest.stat().st_size if largest else 0}}


# ---------------------------------------------------------------------------------------------
# One size


def bench_size(root: Path, work: Path, args: argparse.Namespace, today: dt.date, result: dict[str, Any],
               checkpoint: Callable[[], None]) -> None:
    """Measure one size into ``result`` (filled as it goes, so an interrupted run keeps what it has)."""
    n = result["n"]
    project = work / "project"
    site = work / "site"
    xdg = work / "xdg-cache"
    log(f"\n== N = {n:,}: {work}")
    log("  copying the project (git ls-files) ...")
    copied = copy_project(root, project, args.untracked)
    # Nothing generated: the copy is made from git's file list, but be explicit.
    for rel in ("docs/timeline", "site"):
        remove(project / rel)
    for rel in empty_dirs(root):
        (project / rel).mkdir(parents=True, exist_ok=True)
    log(f"  {len(copied)} files copied; synthesising {n:,} entries ...")
    start = time.perf_counter()
    synth = synthesise(project, n, args.seed, args.keep_sections, today)
    synth_time = time.perf_counter() - start
    entry_files = sorted((project / "timeline" / "entries").glob("*.yaml"))
    entry_bytes = sum(p.stat().st_size for p in entry_files)
    result.update(entries=synth, entry_yaml_bytes=entry_bytes)
    log(f"  {synth['real']} real + {synth['synthetic']:,} synthetic entries, {fmt_bytes(entry_bytes)} of YAML "
        f"({fmt_s(synth_time)})")

    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["XDG_CACHE_HOME"] = str(xdg)  # an engine cache in the user's cache folder stays in the sandbox
    env.pop("SOURCE_DATE_EPOCH", None)
    runner = Runner(project, env)

    pristine = snapshot(project)  # before anything runs: whatever a run adds is not pristine
    extra = [xdg]
    log("  validating (python build_timeline.py check) ...")
    proc = subprocess.run([sys.executable, "build_timeline.py", "check"], cwd=project, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise BenchError(f"the synthetic timeline of {n} entries is not valid "
                         f"(python build_timeline.py check, exit {proc.returncode}):\n"
                         f"{tail(proc.stdout + proc.stderr, 60)}")
    result["check_output"] = last_line(proc.stdout)
    if args.prepare:
        log(f"  prepared (valid): {project}\n    cd {project} && python -m cProfile -s cumtime build_timeline.py check")
        return
    cold_reset(project, pristine, extra)  # whatever the validation run left (a cache?) must not help
    runs = args.runs
    times = result["times"]

    log("  timing ...")
    times["import"], _ = runner.timed("import only", ["-c", "import build_timeline"], runs)
    checkpoint()
    times["check"], _ = runner.timed("check", ["build_timeline.py", "check"], runs)
    checkpoint()
    cold_removed: list[list[str]] = []
    times["cold"], cold_out = runner.timed(
        "generator cold", ["build_timeline.py"], runs,
        before=lambda: cold_removed.append(cold_reset(project, pristine, extra)))
    checkpoint()
    times["warm"], warm_out = runner.timed("generator warm", ["build_timeline.py"], runs)
    result["generator_output"] = {"cold": last_line(cold_out), "warm": last_line(warm_out)}
    result["caches_found"] = find_caches(project, extra)
    result["new_paths_after_build"] = sorted(
        p for p in snapshot(project) - pristine if not p.startswith("docs/timeline"))[:50]
    result["cold_reset_removed"] = sorted({p for removed in cold_removed for p in removed})
    result["generated"] = generated_sizes(project)
    checkpoint()

    loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
    times["floor_c"] = parse_floor(entry_files, loader, runs, "parse floor (CSafeLoader)")
    checkpoint()
    if not (args.no_pure and n > 1000):
        times["floor_py"] = parse_floor(entry_files, yaml.SafeLoader, runs, "parse (pure-Python SafeLoader)")
        checkpoint()

    if args.no_site:
        result["complete"] = True
        return

    mkdocs = ["-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]

    def before_full() -> None:
        cold_reset(project, pristine, extra)
        remove(site)

    times["build"], _ = runner.timed("mkdocs build (full, cold)", mkdocs, runs, before=before_full)
    result["site"] = site_sizes(site, n)
    log(f"  site: {fmt_bytes(result['site']['total_bytes'])}, {result['site']['html_pages']:,} HTML pages, "
        f"largest {result['site']['largest_html']['path']} ({fmt_bytes(result['site']['largest_html']['bytes'])})")
    checkpoint()

    edit_target = synth["edit_target"] or synth["templates"][0]  # a real entry when N = the real ones
    edit_path = project / "timeline" / "entries" / f"{edit_target}.yaml"
    edits: list[str] = []
    result["edit"] = {"entry": edit_target, "words": edits}
    times["rebuild"], _ = runner.timed("mkdocs rebuild after one edit", mkdocs, runs,
                                       before=lambda: edits.append(toggle_marker(edit_path)))
    result["complete"] = True
    checkpoint()


# ---------------------------------------------------------------------------------------------
# Targets and tables


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def _median(r: dict[str, Any], key: str) -> float | None:
    s = r["times"].get(key)
    return s["median"] if s else None


def _target(name: str, show: str, ok: bool | None, value: float | None = None, limit: float | None = None,
            stated_at: int | None = None) -> dict[str, Any]:
    return {"name": name, "stated_at": stated_at, "value": value, "limit": limit, "ok": ok, "show": show}


def evaluate(results: list[dict[str, Any]]) -> None:
    """Add each size's targets (information only: they never change the exit status)."""
    by_n = {r["n"]: r for r in results}
    with_site = sorted(n for n, r in by_n.items() if r.get("site"))
    for r in results:
        n = r["n"]
        targets = []
        cold, floor, warm = _median(r, "cold"), _median(r, "floor_c"), _median(r, "warm")
        name = "generator cold <= 2x C-loader parse floor"
        if cold and floor:
            ratio = cold / floor
            targets.append(_target(name, f"cold/floor = {ratio:.1f}x", ratio <= TARGET_COLD_VS_FLOOR, ratio,
                                   TARGET_COLD_VS_FLOOR, 10000))
        else:
            targets.append(_target(name, "not measured", None, stated_at=10000))
        name = "generator warm <= 1/4 of cold"
        if cold and warm is not None:
            ratio = warm / cold
            targets.append(_target(name, f"warm/cold = {ratio:.2f}", ratio <= TARGET_WARM_VS_COLD, ratio,
                                   TARGET_WARM_VS_COLD))
        else:
            targets.append(_target(name, "not measured", None))
        name = "full build <= 11x the build at N/10"
        small = by_n.get(n // 10) if n % 10 == 0 else None
        build, small_build = _median(r, "build"), _median(small, "build") if small else None
        if build and small_build:
            ratio = build / small_build
            targets.append(_target(f"full build <= 11x the build at N={small['n']:,}",
                                   f"build({n:,})/build({small['n']:,}) = {ratio:.1f}x",
                                   ratio <= TARGET_BUILD_10X, ratio, TARGET_BUILD_10X, 10000))
        else:
            targets.append(_target(name, "not measured" if not build else f"needs N={n // 10:,} in --sizes",
                                   None, stated_at=10000))
        name = "bytes per entry flat (bytes per added entry grow <= 25%)"
        if r.get("site") and n in with_site and with_site.index(n) >= 1:
            i = with_site.index(n)
            nb, nc = with_site[i - 1], n
            b, c = by_n[nb]["site"]["total_bytes"], r["site"]["total_bytes"]
            this_m = (c - b) / (nc - nb)
            if i >= 2:  # compare with the previous step's marginal cost
                na = with_site[i - 2]
                prev_m = (b - by_n[na]["site"]["total_bytes"]) / (nb - na)
                ref, ref_text = prev_m, f"{fmt_bytes(prev_m)} ({na:,}->{nb:,})"
            else:  # only one step: compare with the smaller size's average (which includes fixed files)
                ref = by_n[nb]["site"]["bytes_per_entry"]
                ref_text = f"{fmt_bytes(ref)} average at {nb:,}"
            ratio = this_m / ref if ref > 0 else None
            targets.append(_target(name, f"{fmt_bytes(this_m)}/entry added ({nb:,}->{nc:,}) vs {ref_text}",
                                   None if ratio is None else ratio <= TARGET_BYTES_GROWTH, ratio,
                                   TARGET_BYTES_GROWTH))
        else:
            targets.append(_target(name, "needs a smaller N in --sizes" if r.get("site") else "not measured",
                                   None))
        name = "no HTML page over ~1 MB"
        if r.get("site"):
            page = r["site"]["largest_html"]
            targets.append(_target(name, f"{page['path']} = {fmt_bytes(page['bytes'])}",
                                   page["bytes"] <= TARGET_MAX_PAGE, page["bytes"], TARGET_MAX_PAGE))
        else:
            targets.append(_target(name, "not measured", None))
        r["targets"] = targets


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    right = [i > 0 and all(re.match(r"^[-0-9.,]+( [a-zA-Z]+)?x?$|^-$", str(row[i])) for row in rows)
             for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if right[i] else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


LABELS = [
    ("import", "python -c 'import build_timeline' (fixed cost)"),
    ("check", "build_timeline.py check (validate only)"),
    ("cold", "build_timeline.py, cold"),
    ("warm", "build_timeline.py, warm (nothing changed)"),
    ("floor_c", "parse floor: yaml CSafeLoader, in-process"),
    ("floor_py", "parse: yaml SafeLoader (pure Python)"),
    ("build", "mkdocs build --strict (full, cold)"),
    ("rebuild", "mkdocs build after a one-word edit"),
]


def report_size(r: dict[str, Any], runs: int) -> str:
    n = r["n"]
    head = f"N = {n:,} entries"
    if r.get("entries"):
        head += (f" ({r['entries']['real']} real + {r['entries']['synthetic']:,} synthetic, "
                 f"{fmt_bytes(r['entry_yaml_bytes'])} of YAML)")
    head += f", {runs} run(s) each" + ("" if r.get("complete") else "  [INCOMPLETE: stopped early]")
    out = [head, ""]
    rows = []
    for key, label in LABELS:
        s = r["times"].get(key)
        if not s:
            rows.append([label, "-", "-", "-", "-"])
            continue
        per = "-" if key == "import" else f"{s['median'] / n * 1e6:,.0f} us"
        rows.append([label, fmt_s(s["median"]), fmt_s(s["min"]), fmt_s(s["max"]), per])
    out.append(table(rows, ["measurement", "median", "min", "max", "per entry"]))
    rows = []
    site, gen = r.get("site"), r.get("generated")
    if site:
        rows += [
            ["built site, total", fmt_bytes(site["total_bytes"])],
            ["built site, bytes per entry", fmt_bytes(site["bytes_per_entry"])],
            ["HTML pages", f"{site['html_pages']:,}"],
            ["largest HTML page", f"{site['largest_html']['path']} ({site['largest_html']['bytes']:,} B)"],
            ["largest file", f"{site['largest_file']['path']} ({site['largest_file']['bytes']:,} B)"],
            ["search index", fmt_bytes(site["search_index_bytes"])],
        ]
    if r.get("check_output"):
        rows.append(["validation of the synthetic data", r["check_output"]])
    if gen:
        rows += [
            ["generated Markdown (docs/timeline)", f"{gen['md_files']:,} files, {fmt_bytes(gen['md_bytes'])}"],
            ["largest generated page", f"{gen['largest_md']['path']} ({gen['largest_md']['bytes']:,} B)"],
            ["generator output, cold", r["generator_output"]["cold"]],
            ["generator output, warm", r["generator_output"]["warm"]],
            ["engine caches found", ", ".join(f"{c['path']} ({fmt_bytes(c['bytes'])})" for c in r["caches_found"])
             or "none"],
        ]
    if rows:
        out += ["", table(rows, ["output", "value"])]
    out += ["", table([[t["name"] + (f" (stated at N={t['stated_at']:,})" if t["stated_at"] else ""),
                        t["show"], verdict(t["ok"])] for t in r.get("targets", [])],
                      ["target (information only)", "measured", "verdict"])]
    return "\n".join(out)


def report_overview(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in sorted(results, key=lambda r: r["n"]):
        site = r.get("site") or {}
        rows.append([f"{r['n']:,}"] + [fmt_s(_median(r, key)) for key in
                                        ("check", "cold", "warm", "floor_c", "build", "rebuild")]
                    + [fmt_bytes(site.get("bytes_per_entry")),
                       fmt_bytes(site["largest_html"]["bytes"]) if site else "-"])
    return table(rows, ["N", "check", "cold", "warm", "C floor", "build", "rebuild", "bytes/entry",
                        "largest page"])


# ---------------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "").replace(",", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes whole numbers separated by commas, not {text!r}") from None
    if not sizes or any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError("--sizes needs at least one positive number")
    return sorted(set(sizes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="comma-separated numbers of entries (default 100,1000,10000), real entries included")
    parser.add_argument("--runs", type=int, default=None, help="runs of each measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="a fast smoke: --sizes 100,1000 --runs 1")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write everything as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder for inspection")
    parser.add_argument("--tmpdir", type=Path, default=None, help="where to make the temporary folder")
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the project to copy (default: the one holding this script)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data (default 0)")
    parser.add_argument("--untracked", action="store_true",
                        help="also copy untracked files that git does not ignore (e.g. a new engine module "
                             "not added yet); by default only git-tracked files are copied")
    parser.add_argument("--keep-sections", action="store_true",
                        help="keep the templates' article 'sections' in synthetic entries (article pages then "
                             "list a share of all N entries); by default they are dropped")
    parser.add_argument("--prepare", action="store_true",
                        help="only make and validate the temporary project(s), measure nothing, and keep them "
                             "(for profiling by hand)")
    parser.add_argument("--no-site", action="store_true",
                        help="measure the generator and the parse floor only, not the MkDocs builds")
    parser.add_argument("--no-pure", action="store_true",
                        help="skip the pure-Python SafeLoader comparison above N=1000 (it is slow)")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.prepare:
        args.keep = True

    try:
        root = Path(git(args.project, "rev-parse", "--show-toplevel").strip())
    except (BenchError, OSError) as exc:
        print(f"bench.py: {args.project} is not a git work tree: {exc}", file=sys.stderr)
        return 2
    if not args.untracked:
        loose = untracked_engine_files(root)
        if loose:
            log("warning: these untracked files are NOT copied (add them to git, or pass --untracked):\n  "
                + "\n  ".join(loose))

    real = len([f for f in git(root, "ls-files", "--", "timeline/entries/*.yaml").splitlines() if f])
    if real and any(n < real for n in args.sizes):
        log(f"warning: sizes below the {real} real entries (which are always kept) are skipped: "
            + ", ".join(str(n) for n in args.sizes if n < real))
        args.sizes = [n for n in args.sizes if n >= real]
        if not args.sizes:
            print(f"bench.py: every size is below the {real} real entries; choose larger --sizes", file=sys.stderr)
            return 2

    missing = empty_dirs(root)
    if missing:
        log("warning: these folders are empty in the work tree, so git does not track them and a fresh clone "
            "lacks them; the copy gets them empty, as the work tree has them:\n  " + "\n  ".join(missing))

    today = dt.date.today()
    started = dt.datetime.now(dt.UTC)
    data: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine_info(),
        "project": project_info(root),
        "settings": {"sizes": args.sizes, "runs": args.runs, "seed": args.seed, "untracked": args.untracked,
                     "keep_sections": args.keep_sections},
        "empty_untracked_dirs": missing,
        "results": [],
    }
    m = data["machine"]
    log(f"timeline benchmark: sizes {', '.join(f'{s:,}' for s in args.sizes)}; {args.runs} run(s) each")
    log(f"  {m['cpu_model']} x {m['cpu_count']}, {fmt_bytes(m['memory_bytes'])}, Python {m['python']}, "
        f"libyaml {'yes' if m['libyaml'] else 'NO'}; project {data['project']['commit'][:10]}"
        f"{' (work tree modified)' if data['project']['dirty'] else ''}")

    def save() -> None:
        """Write the JSON so far (after every measurement, so a long run that is stopped keeps it)."""
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            tmp_json = args.json.with_name(args.json.name + ".tmp")
            tmp_json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            os.replace(tmp_json, args.json)

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt  # stop like Ctrl-C: the running command is killed, results so far are kept

    signal.signal(signal.SIGTERM, on_term)
    data["status"] = "running"
    tmp = Path(tempfile.mkdtemp(prefix="timeline-bench-", dir=args.tmpdir))
    log(f"  temporary folder: {tmp}")
    status = 0
    try:
        for n in args.sizes:
            work = tmp / f"n{n}"
            result: dict[str, Any] = {"n": n, "complete": False, "times": {}}
            data["results"].append(result)
            try:
                bench_size(root, work, args, today, result, save)
            finally:
                if not args.keep:
                    shutil.rmtree(work, ignore_errors=True)
    except BenchError as exc:
        print(f"\nbench.py: {exc}", file=sys.stderr)
        if not args.untracked and untracked_engine_files(root):
            print("(untracked files were not copied, see the warning above: if the failure is about one of "
                  "them, run again with --untracked)", file=sys.stderr)
        if not args.keep:
            print("(run again with --keep to inspect the temporary project)", file=sys.stderr)
        status = 2
    except KeyboardInterrupt:
        print("\nbench.py: interrupted (stopped); the results so far follow", file=sys.stderr)
        status = 130
    finally:
        data["elapsed_s"] = (dt.datetime.now(dt.UTC) - started).total_seconds()
        if args.keep:
            log(f"\nkept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    if hasattr(os, "getloadavg"):
        data["machine"]["loadavg_at_end"] = os.getloadavg()
    data["results"] = [r for r in data["results"] if r["times"]]
    evaluate(data["results"])
    if data["results"] and status in (0, 130):
        print()
        print(f"Timeline benchmark, {data['date']}, project {data['project']['commit'][:10]}"
              f"{' + uncommitted changes' if data['project']['dirty'] else ''}")
        print(f"{m['cpu_model']} ({m['cpu_count']} CPUs), {fmt_bytes(m['memory_bytes'])} RAM, "
              f"{m['platform']}, Python {m['python']}")
        if m.get("loadavg_at_start") is not None:
            print(f"load average (1 min) {m['loadavg_at_start'][0]:.2f} at start, "
                  f"{m['loadavg_at_end'][0]:.2f} at end: other work on the machine skews timings")
        for r in data["results"]:
            print()
            print(report_size(r, args.runs))
        if len(data["results"]) > 1:
            print()
            print("Overview (medians)")
            print(report_overview(data["results"]))
    data["status"] = {0: "ok", 130: "interrupted"}.get(status, "failed")
    if args.json:
        save()
        log(f"\nJSON written to {args.json}")
    return status


if __name__ == "__main__":
    sys.exit(main())
