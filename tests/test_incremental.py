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
    assert used == [1, 2, 2]  # serial: pages (files read in-line); parallel: files, then pages
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
