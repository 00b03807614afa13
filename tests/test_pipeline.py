"""One build, end to end: load -> render -> write. What it writes, and that every path agrees."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, GOOD, ROOT, TODAY, skip_generated, with_, write_entry
from timeline_build import Paths, generate, load


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(root: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, env=env)


def test_an_edit_that_keeps_size_and_time_still_updates_the_page(project):
    """The page follows the file's content, whatever its size and modification time say."""
    entry = write_entry(project, with_(title={"en": "Title one", "ja": "題一"}))
    assert generate(Paths.at(project), TODAY).result.ok
    stat = entry.stat()
    entry.write_text(entry.read_text(encoding="utf-8").replace("Title one", "Title two"), encoding="utf-8")
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p, rsync -t or tar leave it
    assert entry.stat().st_size == stat.st_size and entry.stat().st_mtime_ns == stat.st_mtime_ns
    stats = generate(Paths.at(project), TODAY).stats
    assert stats.written >= 1
    assert "Title two" in (project / "docs" / "timeline" / "1769-test-entry.md").read_text(encoding="utf-8")


def test_check_and_build_report_the_same_problems():
    check, build = _run(FIXTURES / "broken", "check"), _run(FIXTURES / "broken", "build")
    assert (check.returncode, build.returncode) == (1, 1)
    assert check.stderr + check.stdout == (FIXTURES / "broken" / "expected.txt").read_text(encoding="utf-8")
    assert build.stderr.replace("nothing was written: fix the errors above; the last good pages are kept\n", "") \
        == check.stderr


def test_output_is_byte_identical_across_processes_and_hash_seeds(tmp_path):
    pages = []
    for seed in ("1", "2"):
        root = tmp_path / f"site-{seed}"
        shutil.copytree(FIXTURES / "site", root, ignore=skip_generated)
        run = _run(root, "build", seed=seed)
        assert run.returncode == 0, run.stderr
        pages.append(_snapshot(root / "docs" / "timeline"))
    assert len(pages[0]) > 10 and pages[0] == pages[1]


def test_a_removed_entry_takes_its_pages_with_it_and_a_failed_run_writes_nothing(project):
    write_entry(project, GOOD)
    extra = write_entry(project, with_(title={"en": "Second", "ja": "二番目"}), "1770-second")
    paths = Paths.at(project)
    generate(paths, TODAY)
    before = _snapshot(paths.generated)
    extra.write_text("date: [", encoding="utf-8")
    assert generate(paths, TODAY).stats is None
    assert _snapshot(paths.generated) == before
    extra.unlink()
    assert generate(paths, TODAY).stats.removed == 2
    assert not (paths.generated / "1770-second.md").exists()


def test_sub_commands_refuse_options_that_are_not_theirs(project):
    run = _run(project, "check", "--title", "x")
    assert run.returncode == 2 and "unrecognized arguments: --title x" in run.stderr
    assert _run(project, "urls", "--format", "github").returncode == 2


def test_load_is_the_same_with_or_without_docs_checks(project):
    write_entry(project, GOOD)
    paths = Paths.at(project)
    assert load(paths, TODAY).timeline.by_id.keys() == load(paths, TODAY, check_docs=False).timeline.by_id.keys()


def test_rebuilding_in_one_process_writes_what_a_fresh_process_writes(tmp_path):
    """A long-lived process (`mkdocs serve`) re-checks only changed files and re-renders only pages
    whose inputs changed: after a series of edits its pages are exactly a fresh build's."""
    here, fresh = tmp_path / "here", tmp_path / "fresh"
    shutil.copytree(FIXTURES / "site", here, ignore=skip_generated)
    paths = Paths.at(here)
    assert generate(paths, TODAY).result.ok
    entries = here / "timeline" / "entries"
    first = entries / "1712-first-engine.yaml"  # the neighbour and related entry of 1769-better-engine
    edits = [
        lambda: first.write_text(first.read_text(encoding="utf-8").replace("date: 1712", "date: 1713"), "utf-8"),
        lambda: first.write_text(first.read_text(encoding="utf-8").replace("en: The first", "en: The very first", 1),
                                 "utf-8"),
        lambda: (entries / "1800-copy.yaml").write_text(first.read_text(encoding="utf-8").replace(
            "date: 1713", "date: 1800"), encoding="utf-8"),
        lambda: (here / "timeline" / "tags.yaml").write_text((here / "timeline" / "tags.yaml").read_text(
            encoding="utf-8").replace("{en: Steam,", "{en: Steam power,"), encoding="utf-8"),
    ]
    for edit in edits:
        before = _snapshot(paths.generated)
        edit()
        assert generate(paths, TODAY).result.ok
        assert _snapshot(paths.generated) != before  # the edit changed pages
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(here, fresh, ignore=skip_generated)
        assert _run(fresh, "build").returncode == 0
        assert _snapshot(paths.generated) == _snapshot(fresh / "docs" / "timeline")
