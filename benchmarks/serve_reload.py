#!/usr/bin/env python3
"""A contributor's wait in `mkdocs serve`: from saving an entry's YAML to the new page being served.

    python benchmarks/serve_reload.py                  3 edits, plain `mkdocs serve`, the real data
    python benchmarks/serve_reload.py --entries 1000   the same with 1,000 entries (synthetic.py)

It copies the project (git-tracked files) into a temporary folder, starts the server there on a free
local port, and then, for each run, changes one entry's English title, saves it, and polls the entry's
page (every 50 ms) until the new title is served. It also counts the builds each edit caused, waiting
for the server to stay quiet for 3 seconds, and checks that the served site is still complete after
the reload: each language's search index holds as many pages as after the first build, and the new
title. A full `mkdocs build` of the same copy is timed in the same run, for comparison. A measurement,
not a test; standard library only (and the site's requirements, for the server).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402 - copying the project, editing an entry

TITLE_EN = re.compile(r'^(title:\n  en: "?)(.*?)("?)$', re.MULTILINE)  # quoted or plain


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def search_docs(base: str, lang: str) -> list[dict]:
    """The served search index of a language ("" or "ja/")."""
    import json
    text = fetch(f"{base}{lang}search/search_index.json")
    return json.loads(text)["docs"] if text else []


def builds(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Building documentation")


def wait(predicate, seconds: float, step: float = 0.05) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if predicate():
            return time.perf_counter() - start
        time.sleep(step)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="edits to time (default 3)")
    parser.add_argument("--entry", help="the entry id to edit (default: the middle one)")
    parser.add_argument("--entries", type=int, help="replace the entries with this many (synthetic.py)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
    server = None
    try:
        project = work / "project"
        synthetic.copy_project(HERE.parent, project, untracked=True)
        if args.entries:
            import datetime
            synthetic.synthesise(project, args.entries, seed=1, keep_sections=False, today=datetime.date.today())
        env0 = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "full")], cwd=project,
                       env=env0, check=True, capture_output=True)
        full_build = time.perf_counter() - start
        shutil.rmtree(work / "full")
        entries = sorted((project / "timeline" / "entries").glob("*.yaml"))
        entry = project / "timeline" / "entries" / f"{args.entry}.yaml" if args.entry else entries[len(entries) // 2]
        original = entry.read_text(encoding="utf-8")
        if not TITLE_EN.search(original):
            print(f"cannot find the English title in {entry.name}", file=sys.stderr)
            return 2
        port = free_port()
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
        log = work / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/")
        env.pop("SOURCE_DATE_EPOCH", None)
        with log.open("w", encoding="utf-8") as out:
            server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}/timeline/{entry.stem}/"
        print(f"$ {' '.join(command[1:])}   (in a copy of the project; editing {entry.name})")
        started = wait(lambda: entry.stem in fetch(url), 180, 0.2)
        if started is None:
            print(log.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            return 2
        print(f"server up, first build served after {started:.1f} s")
        wait(lambda: False, 3)  # let the start settle
        base = f"http://127.0.0.1:{port}/"
        indexed = {lang: len(search_docs(base, lang)) for lang in ("", "ja/")}

        times, counts = [], []
        for run in range(1, args.runs + 1):
            marker = f"edit {run} {time.time_ns() % 100000}"
            before = builds(log)
            entry.write_text(TITLE_EN.sub(lambda m, mark=marker: f"{m[1]}{m[2]} ({mark}){m[3]}", original,
                                          count=1), encoding="utf-8")
            seen = wait(lambda mark=marker: mark in fetch(url), 120)
            if seen is None:
                print(log.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
                return 2
            # then wait until no build starts for 3 s
            last, quiet_since = builds(log), time.perf_counter()
            while time.perf_counter() - quiet_since < 3:
                time.sleep(0.1)
                now = builds(log)
                if now != last:
                    last, quiet_since = now, time.perf_counter()
            times.append(seen)
            counts.append(last - before)
            complete = all(len(search_docs(base, lang)) == n for lang, n in indexed.items()) and any(
                marker in doc["title"] or marker in doc["text"] for doc in search_docs(base, ""))
            print(f"  edit {run}: new title served after {seen:.2f} s; builds for this edit: {last - before}; "
                  f"search index complete and current: {'yes' if complete else 'NO'}")
        entry.write_text(original, encoding="utf-8")
        print(f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}); "
              f"builds per edit: {', '.join(map(str, counts))}; a full mkdocs build of the same copy: "
              f"{full_build:.2f} s")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
