#!/usr/bin/env python3
"""Where one `mkdocs build --strict` spends its time: each plugin's and hook's share of each MkDocs
event, each page's Markdown, template and writing, and the rest, in wall-clock seconds.

    .venv/bin/python benchmarks/build_events.py               # this project, where it is
    .venv/bin/python benchmarks/build_events.py --floor       # floor.py's stock site of the same pages
    .venv/bin/python benchmarks/build_events.py --entries 1000     # a copy with 1,000 entries (synthetic.py)
    .venv/bin/python benchmarks/build_events.py -f some/mkdocs.yml

The i18n plugin builds the second language inside its own post_build event; each event counts only
its own time (the events and pages nested inside it are counted where they belong). Run it on this
project and on the floor to see which part of the build a change can move.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import functools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"))
    parser.add_argument("--floor", action="store_true",
                        help="build floor.py's stock site of this project's pages instead (in a temporary folder)")
    parser.add_argument("--entries", type=int,
                        help="build a copy of the project with this many entries (synthetic.py), in a temporary folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    import mkdocs.commands.build as build
    import mkdocs.plugins as plugins
    from mkdocs.__main__ import cli
    from mkdocs.structure.pages import Page

    spent: dict[str, float] = collections.defaultdict(float)
    calls: collections.Counter[str] = collections.Counter()
    stack: list[float] = []  # time spent in nested measured stretches, one slot per open stretch

    def measured(label: str, call):
        stack.append(0.0)
        start = time.perf_counter()
        try:
            return call()
        finally:
            total = time.perf_counter() - start
            nested = stack.pop()
            spent[label] += total - nested
            calls[label] += 1
            if stack:
                stack[-1] += total

    def run_event(self, name, item=None, **kwargs):  # MkDocs 1.6's PluginCollection.run_event, each call timed
        for method in self.events[name]:
            self._current_plugin = origin = self._event_origins.get(method, "<unknown>")
            args = (item,) if item is not None else ()
            result = measured(f"{name}: {origin}", functools.partial(method, *args, **kwargs))
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    render, populate, build_page = Page.render, build._populate_page, build._build_page
    plugins.PluginCollection.run_event = run_event
    Page.render = lambda self, config, files: measured("pages: Markdown", lambda: render(self, config, files))
    build._populate_page = lambda *a, **k: measured("pages: reading the source", lambda: populate(*a, **k))
    build._build_page = lambda *a, **k: measured("pages: template and writing", lambda: build_page(*a, **k))

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory(prefix="build-events-") as tmp:
        config_file = args.config_file
        if args.entries:
            import synthetic

            copy = Path(tmp) / "project"
            synthetic.copy_project(Path(config_file).parent, copy, untracked=True)
            synthetic.synthesise(copy, args.entries, seed=1, keep_sections=False, today=datetime.date.today())
            subprocess.run([sys.executable, "build_timeline.py", "build"], cwd=copy, check=True,
                           stdout=subprocess.DEVNULL)  # as in floor.py: the build finds the pages written
            config_file = str(copy / Path(config_file).name)
        if args.floor:
            import floor

            project = Path(config_file).parent
            subprocess.run([sys.executable, "build_timeline.py", "build"], cwd=project, check=True,
                           stdout=subprocess.DEVNULL)  # the generated pages, whose paths the floor copies
            floor.stock_site(project, Path(tmp) / "floor")
            config_file = str(Path(tmp) / "floor" / "mkdocs.yml")
        start = time.perf_counter()
        try:
            cli(["build", "--strict", "-q", "-f", config_file, "-d", str(Path(tmp) / "site")])
        except SystemExit as done:
            if done.code:
                return int(done.code)
        total = time.perf_counter() - start
    rest = total - sum(spent.values())
    print("| seconds | share | calls | where |\n| ---: | ---: | ---: | --- |")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.005:
            print(f"| {seconds:.3f} | {seconds / total:.0%} | {calls[label]} | {label} |")
    print(f"| {rest:.3f} | {rest / total:.0%} | | everything else (config, nav, files, static files copied) |")
    print(f"| **{total:.3f}** | | | the whole build |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
