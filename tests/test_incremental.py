"""The generator's shortcuts must never change its answer: the per-file cache, the skipped rerun and
the worker processes give exactly what a fresh, serial run gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, skip_generated
from test_validation import GOOD, TODAY, with_, write_entry
from test_validation import project as project  # noqa: F401 - the fixture
from timeline_build import Paths, generate, parallel, render

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="worker processes need fork()")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _check(root: Path, *extra: str) -> str:
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "check", "--root", str(root), *extra],
                         capture_output=True, text=True)
    assert "Traceback" not in run.stderr
    return run.stdout + run.stderr


@needs_fork
def test_workers_report_the_broken_fixture_exactly_as_one_process():
    expected = (FIXTURES / "broken" / "expected.txt").read_text(encoding="utf-8")
    assert _check(FIXTURES / "broken", "--jobs", "2") == expected
    assert _check(FIXTURES / "broken", "--jobs", "1") == expected


def test_cached_reruns_of_a_broken_project_report_the_same_errors(tmp_path):
    root = tmp_path / "broken"
    shutil.copytree(FIXTURES / "broken", root, ignore=skip_generated)
    runs = [subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "--root", str(root)],
                           capture_output=True, text=True) for _ in range(2)]
    assert (root / ".cache").is_dir()  # the second run read the cache
    assert [r.returncode for r in runs] == [1, 1]
    assert runs[0].stderr == runs[1].stderr
    assert runs[0].stderr.count("error:") >= 30


def test_a_cached_entry_that_is_not_a_mapping_stays_an_error(project):  # noqa: F811
    write_entry(project, GOOD)
    (project / "timeline" / "entries" / "1770-null.yaml").write_text("~\n", encoding="utf-8")
    for _ in range(2):  # fresh, then from the cache
        result = generate(Paths.at(project), TODAY).result
        assert not result.ok
        assert [p.message.split(":")[0] for p in result.problems] == ["an entry must be a mapping of keys (date"]


@needs_fork
def test_workers_write_the_same_pages_as_one_process(tmp_path, monkeypatch):
    used = []
    real_run = parallel.run

    def spy(func, items, jobs, *args, **kwargs):
        used.append(jobs)
        return real_run(func, items, jobs, *args, **kwargs)

    monkeypatch.setattr(parallel, "run", spy)
    pages = []
    for jobs in (1, 2):
        root = tmp_path / f"site-{jobs}"
        shutil.copytree(FIXTURES / "site", root, ignore=skip_generated)
        generated = generate(Paths.at(root), TODAY, jobs=jobs)
        assert generated.result.ok and generated.stats.written > 10
        pages.append(_snapshot(root / "docs" / "timeline"))
    assert used == [1, 1, 2, 2]  # files, then pages: in one process, then in two
    assert pages[0] == pages[1]


def test_a_rerun_with_nothing_changed_renders_nothing(project, monkeypatch):  # noqa: F811
    write_entry(project, GOOD)
    paths = Paths.at(project)
    first = generate(paths, TODAY).stats
    before = _snapshot(paths.generated)

    def fail(*_args):
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(render, "render_indexes", fail)
    monkeypatch.setattr(render, "render_entries", fail)
    second = generate(paths, TODAY).stats
    assert (second.written, second.unchanged) == (0, first.written)
    assert _snapshot(paths.generated) == before


def test_an_edit_after_a_cached_run_shows_up(project):  # noqa: F811
    entry = write_entry(project, GOOD)
    paths = Paths.at(project)
    generate(paths, TODAY)
    old = entry.stat()
    write_entry(project, with_(title={"en": "An even better engine", "ja": "さらによい機関"}))
    os.utime(entry, ns=(old.st_atime_ns, old.st_mtime_ns + 1_000_000_000))  # a coarse clock still sees it
    stats = generate(paths, TODAY).stats
    assert stats.written > 0
    assert "An even better engine" in (paths.generated / "1769-test-entry.md").read_text(encoding="utf-8")


def test_a_hand_edited_page_is_put_back(project):  # noqa: F811
    write_entry(project, GOOD)
    paths = Paths.at(project)
    generate(paths, TODAY)
    page = paths.generated / "1769-test-entry.md"
    good = page.read_bytes()
    page.write_text("edited by hand\n", encoding="utf-8")
    assert generate(paths, TODAY).stats.written == 1
    assert page.read_bytes() == good


def _shard_files(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((root / ".cache" / "build_timeline").glob("entries-*"))}


def _names(count: int) -> list[str]:
    return [f"1769-entry-{i}" for i in range(count)]


def test_one_edit_rewrites_one_cache_shard_and_a_removed_file_is_forgotten(project, monkeypatch):  # noqa: F811
    from timeline_build import cache as cache_module
    from timeline_build import project as project_module

    for name in _names(40):  # enough files to fill most shards
        write_entry(project, GOOD, name)
    paths = Paths.at(project)
    assert generate(paths, TODAY).result.ok
    shards = _shard_files(project)
    assert len(shards) > 8  # spread over the shards

    edited = write_entry(project, with_(title={"en": "Edited", "ja": "編集"}), "1769-entry-7")
    os.utime(edited, ns=(0, edited.stat().st_mtime_ns + 1_000_000_000))
    parsed = []
    real_parse = project_module._parse_file
    monkeypatch.setattr(project_module, "_parse_file", lambda path, rel: parsed.append(path.name) or
                        real_parse(path, rel))
    assert generate(paths, TODAY).result.ok
    assert parsed == ["1769-entry-7.yaml"]  # the other 39 came from the cache
    after = _shard_files(project)
    changed = sorted(name for name in after if after[name] != shards.get(name))
    assert changed == [f"entries-{cache_module.shard_of('1769-entry-7.yaml'):02d}.pickle"]

    edited.unlink()
    assert generate(paths, TODAY).result.ok
    store = cache_module.Cache(project / ".cache" / "build_timeline")
    assert "1769-entry-7.yaml" not in store.shard(cache_module.shard_of("1769-entry-7.yaml"))
    assert sum(len(store.shard(n)) for n in range(cache_module.SHARDS)) == 39


@needs_fork
def test_what_workers_cache_a_single_process_reads(project, monkeypatch):  # noqa: F811
    from timeline_build import project as project_module

    for name in _names(30):
        write_entry(project, GOOD, name)
    paths = Paths.at(project)
    first = generate(paths, TODAY, jobs=2)
    assert first.result.ok and first.stats.written > 0

    def fail(*_args):
        raise AssertionError("parsed again although the workers cached it")

    monkeypatch.setattr(project_module, "_parse_file", fail)
    again = generate(paths, TODAY, jobs=1)
    assert again.result.ok and again.stats.written == 0
    assert [e.id for e in again.result.timeline.entries] == [e.id for e in first.result.timeline.entries]


def test_the_cycle_collector_is_back_on_after_a_run(project):  # noqa: F811
    """Runs switch it off (parallel.no_gc_pauses); mkdocs serve's process must get it back, even
    after a run that failed."""
    import gc

    write_entry(project, GOOD)
    assert generate(Paths.at(project), TODAY).result.ok and gc.isenabled()
    write_entry(project, {"date": "1769"}, "1769-broken")
    assert not generate(Paths.at(project), TODAY).result.ok and gc.isenabled()
    gc.disable()
    try:
        generate(Paths.at(project), TODAY)
        assert not gc.isenabled()  # and one that was off stays off
    finally:
        gc.enable()
