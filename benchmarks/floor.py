#!/usr/bin/env python3
"""How the site's build compares with the floor: a stock MkDocs site of the same shape.

For each size N (the real data, or N synthetic entries made by synthetic.py), in one run:
- the project copied to a temporary folder, `build_timeline.py check` and `build` timed (the
  generator alone), then `mkdocs build --strict` of the real site;
- the floor: a stock site with the same theme and plugins (Material, search, i18n in suffix mode),
  the same nav and the same page paths, each a short plain page, built the same way;
- the ratio of the two medians, the build's peak memory, the site's bytes per entry and its largest
  HTML page, and where the real build's per-page time goes by page type (each page's Markdown and
  template stretches, measured by a hook added to the copy only; hooks run after the plugins, so a
  plugin's own per-page work on the Markdown is not in it).

    python benchmarks/floor.py                          # the real data, 3 runs
    python benchmarks/floor.py --sizes real,1000,4000,10000 --runs 3 --json out.json

Times are wall-clock seconds on this machine, whose speed drifts: compare ratios taken in one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic

ROOT = synthetic.ROOT
DROP_FROM_STOCK = ("extra_css", "extra_javascript", "hooks", "watch")  # ours, not the stack's
PAGE_TIMER = '''"""Benchmark only: each page's Markdown time (on_page_markdown to on_page_content) and
template time (on_page_context to on_post_page), the two per-page stretches of a MkDocs build."""
import json, time
from pathlib import Path
_start, _spent = {}, {}
def _begin(page):
    _start[page.file.src_uri] = time.perf_counter()
def _end(page):
    uri = page.file.src_uri
    _spent[uri] = _spent.get(uri, 0.0) + time.perf_counter() - _start.pop(uri)
def on_page_markdown(markdown, page, **kwargs):
    _begin(page)
    return markdown
def on_page_content(html, page, **kwargs):
    _end(page)
    return html
def on_page_context(context, page, **kwargs):
    _begin(page)
    return context
def on_post_page(output, page, **kwargs):
    _end(page)
    return output
def on_post_build(config, **kwargs):
    Path(config.config_file_path).with_name("page-times.json").write_text(json.dumps(_spent))
'''


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one command, which must succeed."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stderr.read().decode()[-3000:]}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss


def without_blocks(config: str, keys: tuple[str, ...]) -> str:
    """mkdocs.yml without the top-level ``keys`` (and their indented bodies) and without custom_dir."""
    out, skipping = [], False
    for line in config.splitlines():
        top = re.match(r"^([a-z_]+):", line)
        if top:
            skipping = top.group(1) in keys
        if not skipping and not line.strip().startswith("custom_dir:"):
            out.append(line)
    return "\n".join(out) + "\n"


def stock_site(project: Path, dest: Path) -> int:
    """The floor: every page of ``project``'s docs/ (generated pages included) as a short plain page,
    under the same theme, plugins, nav and validation. Returns the number of pages."""
    shutil.rmtree(dest, ignore_errors=True)
    pages = sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*.md"))
    for rel in pages:
        target = dest / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {rel.stem}\n\nA short plain page.\n", encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(without_blocks(config, DROP_FROM_STOCK), encoding="utf-8")
    return len(pages)


def page_type(uri: str) -> str:
    sys.path.insert(0, str(ROOT))
    from timeline_build import layout

    kind = layout.generated_kind(uri)
    if kind:
        return {"entry": "entry", "eras": "era", "tags": "tag", "status": "status", "index": "timeline index"}[kind[0]]
    return "article" if uri.startswith("article/") else "other hand-written"


def site_sizes(site: Path, entries: int) -> dict:
    html = [p.stat().st_size for p in site.rglob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"site_bytes": total, "bytes_per_entry": total / max(entries, 1), "largest_html": max(html)}


def bench_size(root: Path, size: str, runs: int, work: Path) -> dict:
    project = work / f"project-{size}"
    if (root / ".git").exists():
        synthetic.copy_project(root, project, untracked=True)
    else:  # a plain folder (a snapshot of a project): copied whole, less its outputs
        shutil.copytree(root, project, ignore=shutil.ignore_patterns("site", ".cache", ".venv", "node_modules"))
        shutil.rmtree(project / "docs" / "timeline", ignore_errors=True)
    entries = len(list((project / "timeline" / "entries").glob("*.yaml")))
    if size != "real":
        synthetic.synthesise(project, int(size), seed=1, keep_sections=False, today=dt.date.today())
        entries = int(size)
    py = sys.executable
    result: dict = {"size": size, "entries": entries}
    result["check"] = statistics.median(run([py, "build_timeline.py", "check"], project)[0] for _ in range(runs))
    result["generate"] = statistics.median(
        run([py, "build_timeline.py", "build"], project)[0] for _ in range(runs) if not
        shutil.rmtree(project / "docs" / "timeline", ignore_errors=True))
    floor = work / f"floor-{size}"
    result["pages"] = stock_site(project, floor)
    (project / "page_timer.py").write_text(PAGE_TIMER, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - page_timer.py\n", 1),
                                        encoding="utf-8")

    build = [py, "-m", "mkdocs", "build", "--strict", "-q", "-d"]
    site_times, floor_times, peaks = [], [], []
    for _ in range(runs):  # interleaved, so that drift hits both alike
        seconds, peak = run(build + [str(work / "site")], project)
        site_times.append(seconds)
        peaks.append(peak)
        floor_times.append(run(build + [str(work / "floor-site")], floor)[0])
    result.update(site=statistics.median(site_times), floor=statistics.median(floor_times),
                  peak_mib=max(peaks) / 1024, **site_sizes(work / "site", entries))
    result["ratio"] = result["site"] / result["floor"]
    spent = json.loads((project / "page-times.json").read_text(encoding="utf-8"))
    by_type: dict[str, list[float]] = {}
    for uri, seconds in spent.items():
        by_type.setdefault(page_type(uri), []).append(seconds)
    result["page_types"] = {kind: {"pages": len(v), "seconds": sum(v), "ms_per_page": 1000 * sum(v) / len(v)}
                            for kind, v in sorted(by_type.items())}
    shutil.rmtree(project)
    shutil.rmtree(floor)
    return result


def report(results: list[dict], runs: int) -> str:
    lines = [f"Medians of {runs} runs; times in seconds.", "",
             "| N entries | pages | check | generator | mkdocs build | floor | ratio | peak memory | bytes/entry "
             "| largest page |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['entries']:,} | {r['pages']:,} | {r['check']:.2f} | {r['generate']:.2f} | "
                     f"{r['site']:.2f} | {r['floor']:.2f} | **{r['ratio']:.2f}x** | {r['peak_mib']:.0f} MiB | "
                     f"{r['bytes_per_entry'] / 1024:.1f} KiB | {r['largest_html'] / 1024:.0f} KiB |")
    for r in results:
        lines += ["", f"Per page type at {r['entries']:,} entries (Markdown and template time, both languages):", "",
                  "| page type | pages | seconds | ms per page |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {kind} | {v['pages']} | {v['seconds']:.2f} | {v['ms_per_page']:.1f} |"
                  for kind, v in r["page_types"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="real", help="comma-separated: 'real' and/or entry counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project to measure (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp:
        results = [bench_size(args.root, size.strip(), args.runs, Path(tmp)) for size in args.sizes.split(",")]
    print(report(results, args.runs))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
