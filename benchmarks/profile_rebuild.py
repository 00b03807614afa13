#!/usr/bin/env python3
"""Where the time of a `mkdocs serve` rebuild goes, measured with cProfile.

    python benchmarks/profile_rebuild.py                  the real timeline
    python benchmarks/profile_rebuild.py --entries 1000   1,000 synthetic entries (synthetic.py)
    python benchmarks/profile_rebuild.py --out rebuild.prof   also keep the profile (pstats, snakeviz)

It copies the project (the work tree as git sees it) into a temporary folder and does in one process
what the server does: a first build, then, after a one-word edit of one entry's YAML, the rebuild the
server's file watcher starts (the configuration is loaded again, then the ``build`` that
``mkdocs.commands.serve`` calls, which the hook makes incremental: see serve_incremental.py),
profiled; then one more rebuild after a second edit. It prints the wall time of each build and the profiled
rebuild's time by area (our generator and hook, Python-Markdown, templates, the i18n plugin, search,
MkDocs itself). A measurement, not a test; standard library plus the site's requirements.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402 - copying the project, editing an entry

# (area, substrings of a function's file name), first match wins
AREAS = [
    ("timeline generator and hook (ours)", ("timeline_build",)),
    ("Markdown to HTML (Python-Markdown, pymdown-extensions)", ("/markdown/", "/pymdownx/")),
    ("search index (Material's search plugin)", ("/material/plugins/search/", "/contrib/search/")),
    ("templates (Jinja2, Material's theme)", ("/jinja2/", "/material/", ".html")),
    ("i18n plugin (mkdocs-static-i18n)", ("mkdocs_static_i18n",)),
    ("MkDocs core (config, files, nav, links, writing)", ("/mkdocs/",)),
    ("YAML (configuration)", ("/yaml/",)),
    ("HTML parsing (search text, links)", ("html/parser", "/_markupbase")),
]


def area(filename: str) -> str | None:
    for name, needles in AREAS:
        if any(needle in filename for needle in needles):
            return name
    return None


def by_area(stats: pstats.Stats) -> dict[str, float]:
    """Each function's own time, by area; built-ins (str methods, re, I/O) count for their caller."""
    totals: dict[str, float] = {}
    raw = stats.stats
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, callers) in raw.items():
        own = area(filename)
        if own is not None or not callers:
            key = own or "other (standard library, built-ins)"
            totals[key] = totals.get(key, 0.0) + tottime
            continue
        # a built-in or standard-library function: share its time among its callers' areas
        shares = {caller: edge[2] for caller, edge in callers.items()}
        total = sum(shares.values()) or 1.0
        for caller, share in shares.items():
            key = area(caller[0]) or "other (standard library, built-ins)"
            totals[key] = totals.get(key, 0.0) + tottime * share / total
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, help="replace the entries with this many (synthetic.py)")
    parser.add_argument("--out", type=Path, help="write the rebuild's profile here (pstats format)")
    parser.add_argument("--top", type=int, default=15, help="functions to list by cumulative time")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    from mkdocs.commands import serve
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    work = Path(tempfile.mkdtemp(prefix="timeline-profile-"))
    try:
        project, site = work / "project", work / "site"
        synthetic.copy_project(HERE.parent, project, untracked=True)
        if args.entries:
            import datetime
            synthetic.synthesise(project, args.entries, seed=1, keep_sections=False, today=datetime.date.today())
        os.chdir(project)
        serve_url = "http://127.0.0.1:8000/"

        def config():
            cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
            cfg.site_url = serve_url
            return cfg

        def timed_build(label: str, profile: cProfile.Profile | None = None) -> float:
            cfg = config()  # what the server's builder does on every change
            start = time.perf_counter()
            # looked up now: the hook's on_startup replaced it (serve_incremental.install)
            if profile is not None:
                profile.runcall(serve.build, cfg, serve_url=serve_url)
            else:
                serve.build(cfg, serve_url=serve_url)
            took = time.perf_counter() - start
            print(f"{label}: {took:.2f} s", flush=True)
            return took

        first = config()
        first.plugins.on_startup(command="serve", dirty=False)
        timed_build("first build (server start)")
        entries = sorted((project / "timeline" / "entries").glob("*.yaml"))
        edited = entries[len(entries) // 2]
        word = synthetic.toggle_marker(edited)
        print(f"edited {edited.relative_to(project)} ({word})")
        profile = cProfile.Profile()
        rebuild = timed_build("rebuild after the edit (profiled)", profile)
        synthetic.toggle_marker(edited)
        timed_build("rebuild after a second edit")

        stats = pstats.Stats(profile)
        profiled = sum(v[2] for v in stats.stats.values())
        print(f"\nthe profiled rebuild by area ({rebuild:.2f} s wall, {profiled:.2f} s profiled; "
              "cProfile slows Python code, so read shares, not seconds):")
        for name, seconds in by_area(stats).items():
            print(f"  {100 * seconds / profiled:5.1f}%  {name}")
        print(f"\ntop {args.top} functions by cumulative time:")
        stats.sort_stats("cumulative").print_stats(args.top)
        if args.out:
            stats.dump_stats(args.out)
            print(f"profile written to {args.out}")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
