"""Shared helpers: paths, copies of fixture sites, and running MkDocs as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT))


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def mkdocs_build(site: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        # not -q: it lowers the log level below warnings, and --strict then counts none of them
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml"),
         "-d", str(out), *extra],
        capture_output=True, text=True, env=mkdocs_env(), timeout=300,
    )


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
