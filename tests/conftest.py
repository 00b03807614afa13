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
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(site / "mkdocs.yml"),
         "-d", str(out), *extra],
        capture_output=True, text=True, env=mkdocs_env(), timeout=300,
    )


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/site, whose hook path still reaches the real engine."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site, ignore=shutil.ignore_patterns("timeline", "site"))
    shutil.copytree(FIXTURES / "site" / "timeline", site / "timeline")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (ROOT / "timeline_build" / "mkdocs_hook.py").as_posix()
    (site / "mkdocs.yml").write_text(config.replace("../../../timeline_build/mkdocs_hook.py", hook),
                                     encoding="utf-8")
    return site
