"""Contributor tools: `new` scaffolds a correct stub, `summary` reports a change, `urls` lists sources."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, skip_generated
from timeline_build import Paths, load

TODAY = datetime.date.today()


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), *args], capture_output=True, text=True,
                          cwd=cwd, input=stdin)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root, ignore=skip_generated)
    return root


def test_new_writes_a_commented_stub_that_check_holds_back_until_filled(project):
    made = run("new", "--root", str(project), "--date", "1776-03", "--era", "steam",
               "--title", "The first Boulton & Watt engines go to work")
    assert made.returncode == 0, made.stderr
    path = project / "timeline/entries/1776-first-boulton-watt-engines-go-work.yaml"
    assert "timeline/entries/1776-first-boulton-watt-engines-go-work.yaml" in made.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/entry.schema.json\n")
    data = yaml.safe_load(text)
    assert data["date"] == "1776-03" and data["era"] == "steam"
    assert data["title"]["en"] == "The first Boulton & Watt engines go to work"
    assert data["sources"][0]["accessed"] == TODAY  # yaml reads the unquoted day as a date
    for key in ("qualifier", "end_date", "note", "place", "sections", "related", "tags", "status", "as_of"):
        assert f"# {key}:" in text, key  # every optional field is shown, commented out

    problems = load(Paths.at(project)).problems
    assert problems and all("placeholder TODO" in p.message for p in problems if p.severity == "error")

    filled = text.replace("TODO: 日本語のタイトル", "ボールトン&ワットの最初の機関が稼働").replace(
        "TODO: two to four sentences: what happened, and why it matters for the story.", "Engines work.").replace(
        "TODO: 2〜4文で、何が起きたか、この物語にとってなぜ重要かを書く。", "機関が動いた。").replace(
        "TODO: the title as shown on the page", "Page").replace("TODO: who published it", "Museum").replace(
        "https://TODO.invalid/", "https://example.org/bw")
    path.write_text(filled, encoding="utf-8")
    assert [p.format() for p in load(Paths.at(project)).problems if p.severity == "error"] == []

    again = run("new", "--root", str(project), "--date", "1776-03", "--era", "steam",
                "--title", "The first Boulton & Watt engines go to work")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text(encoding="utf-8") == filled  # never overwritten


@pytest.mark.parametrize("spelled", ["TODO", "\\x54ODO", "\\u0054ODO"])
def test_a_placeholder_is_refused_however_it_is_spelled(project, spelled):
    """The placeholder rule looks at the values: a YAML escape that spells TODO is caught too."""
    path = project / "timeline/entries/1769-better-engine.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("note:", f'place:\n  en: "{spelled}: where"\n  ja: 場所\nnote:', 1), encoding="utf-8")
    errors = [p for p in load(Paths.at(project)).problems if p.severity == "error"]
    assert [(p.path, p.message) for p in errors] == [("timeline/entries/1769-better-engine.yaml",
                                                      "place.en still holds the placeholder TODO: "
                                                      "replace it with the real text")]


@pytest.mark.parametrize("args, message", [
    (["--date", "1769-02-30", "--era", "steam", "--title", "X"], "February 1769 has 28 days"),
    (["--date", "1769", "--era", "stem", "--title", "X"], "unknown era 'stem'"),
    (["--date", "1769", "--era", "steam", "--title", "X", "--id", "Bad Id"], "not a valid id"),
    (["--era", "steam", "--title", "X"], "give --date"),
])
def test_new_refuses_bad_input(project, args, message):
    made = run("new", "--root", str(project), *args, stdin="")
    assert made.returncode != 0 and message in made.stderr
    assert sorted(p.name for p in (project / "timeline/entries").iterdir()) == [
        "1712-first-engine.yaml", "1769-better-engine.yaml", "2025-chip-plan.yaml"]


def test_urls_lists_every_source_once():
    listed = run("urls").stdout.split()
    expected = {s["url"] for f in (ROOT / "timeline/entries").glob("*.yaml")
                for s in yaml.safe_load(f.read_text(encoding="utf-8"))["sources"]}
    assert listed == sorted(expected)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_summary_lists_added_and_changed_entries_with_their_neighbours(project):
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    better = project / "timeline/entries/1769-better-engine.yaml"
    better.write_text(better.read_text(encoding="utf-8").replace("saves fuel", "saves much fuel"), encoding="utf-8")
    run("new", "--root", str(project), "--date", "1800", "--era", "steam", "--title", "Steam everywhere")
    out = run("summary", "--root", str(project), "--base", "main")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert ("| changed | **A better engine** `1769-better-engine` | 5 January 1769 | "
            "The first engine (c. 1712) |") in text
    assert "| added | `1800-steam-everywhere` |" in text  # not valid yet, so listed by id
    assert "placeholder TODO" in text  # its problems are shown
    assert "2025-chip-plan" not in text.split("### ")[0]  # unchanged entries are not listed


def test_summary_with_no_entry_change(project):
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    out = run("summary", "--root", str(project), "--base", "main")
    assert out.returncode == 0 and "No entry is added, changed or removed." in out.stdout


@pytest.mark.parametrize("args, expected, code", [
    # a title in Japanese alone gives no words for an id: say so, and how to give one
    (["--title", "パーソンズの蒸気タービン"], "--title: the id is made from the title's Latin letters and digits", 1),
    (["--title", "x", "--id", "1884_Bad"], "--id: '1884_Bad' is not a valid id", 1),
    (["--title", "Parsons", "--id", "1884-" + "-".join(["turbine"] * 7)], "characters long: a shorter one", 0),
    (["--title", "Parsons builds the first steam turbine"], "wrote timeline/entries/1884-parsons-builds-first-", 0),
])
def test_new_explains_ids(project, args, expected, code):
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "new", "--root", str(project),
                          "--date", "1884", "--era", "steam", *args], capture_output=True, text=True)
    assert run.returncode == code and expected in run.stdout + run.stderr, run.stdout + run.stderr
