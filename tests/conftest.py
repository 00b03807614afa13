"""Shared helpers: paths, copies of fixture sites, and running MkDocs as a user would."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT))

from timeline_build import Paths, load  # noqa: E402

TODAY = datetime.date(2026, 11, 27)  # the day every test runs on, as far as the gate knows

# One valid entry; tests change one thing in it (see with_()).
GOOD = {
    "date": "1769-01-05",
    "era": "steam",
    "title": {"en": "A better engine", "ja": "よりよい機関"},
    "summary": {"en": "It saves fuel.", "ja": "燃料を節約する。"},
    "sources": [{"title": "Patent", "publisher": "An archive", "url": "https://example.org/p",
                 "accessed": "2026-01-03", "kind": "primary"}],
}
DELETE = object()


def with_(**changes):
    """GOOD with changes: ``sources__0__url="x"`` sets a nested value, DELETE removes it."""
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = json.loads(json.dumps(value))  # nothing shared, so no YAML aliases
    return data


def write_entry(root: Path, data: object, name: str = "1769-test-entry") -> Path:
    path = root / "timeline" / "entries" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def messages(root: Path) -> list[str]:
    return [p.message for p in load(Paths.at(root), TODAY).problems]


def problems_of(root: Path, data: object, name: str = "1769-test-entry") -> list:
    """The problems of one entry written beside a good one (for the rule tables in tests/rules/)."""
    write_entry(root, GOOD, "1712-first-engine")
    write_entry(root, data, name)
    return [p for p in load(Paths.at(root), TODAY).problems if name in p.path]


def assert_rule(root: Path, changes: dict, expected: str | None, severity: str = "error",
                name: str = "1769-test-entry") -> None:
    """A rule table's row: GOOD with ``changes`` gives a problem containing ``expected`` with that
    severity, or (``expected`` None) no problem at all."""
    found = problems_of(root, with_(**changes), name)
    if expected is None:
        assert found == [], [p.format() for p in found]
    else:
        hits = [p for p in found if expected in p.message]
        assert hits and all(p.severity == severity for p in hits), [p.format() for p in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site with no entries and no cross-links: tests bring their own entries."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root, ignore=skip_generated)
    for f in (root / "timeline" / "entries").iterdir():
        f.unlink()
    shutil.rmtree(root / "timeline" / "series")  # its points name the fixture's entries
    for page in (root / "docs").rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    return root


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def mkdocs_build(site: Path, out: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        # not -q: it lowers the log level below warnings, and --strict then counts none of them
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml"),
         "-d", str(out), *extra],
        capture_output=True, text=True, env={**mkdocs_env(), **env}, timeout=300,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass(frozen=True)
class BuiltSite:
    folder: Path
    base: str  # where this worker serves it: http://127.0.0.1:<port>/
    port: int


@pytest.fixture(scope="session")
def real_site(tmp_path_factory, request) -> BuiltSite:
    """The real site, built once for the whole run: the first pytest-xdist worker that needs it builds
    it (under a lock) into the run's folder, and each worker serves it on a port of its own. Nothing a
    browser fetches names the address the site was built for (only canonical links and og:url do)."""
    import fcntl

    run_folder = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # an xdist worker: its folder is inside the run's
        run_folder = run_folder.parent
    out = run_folder / "real-site"
    with (run_folder / "real-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "index.html").exists():
            run = mkdocs_build(ROOT, out, SITE_URL="http://127.0.0.1:8000/")
            assert run.returncode == 0, run.stderr
    port = free_port()
    return BuiltSite(out, f"http://127.0.0.1:{port}/", port)


def skip_generated(folder: str, names: list[str]) -> set[str]:
    """For copytree: leave out what a local build may have generated inside a fixture."""
    skip = {"site", ".cache"} & set(names)
    if Path(folder).name == "docs":
        skip |= {"timeline"} & set(names)
    return skip


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/site, whose hook path still reaches the real engine."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site, ignore=skip_generated)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    # paths to the repository (the hook, the theme overrides) become absolute in the copy
    (site / "mkdocs.yml").write_text(config.replace("../../../", ROOT.as_posix() + "/"), encoding="utf-8")
    return site


def pytest_collection_modifyitems(items):
    """The slow tests first: pytest-xdist hands tests out in this order, so the long ones start on
    every worker at once and the quick ones fill in at the end, instead of one worker finishing a
    long test while the other waits. (A stable sort: every worker collects the same order.)"""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
