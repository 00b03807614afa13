"""The gate: every rule, its message, its location; and nothing written when anything is wrong."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, skip_generated
from timeline_build import Paths, generate, load

TODAY = datetime.date(2026, 11, 27)

GOOD = {
    "date": "1769-01-05",
    "era": "steam",
    "title": {"en": "A better engine", "ja": "よりよい機関"},
    "summary": {"en": "It saves fuel.", "ja": "燃料を節約する。"},
    "sources": [{"title": "Patent", "publisher": "An archive", "url": "https://example.org/p",
                 "accessed": "2026-01-03"}],
}


def test_broken_fixture_reports_every_error_exactly():
    """The deliberately broken project: its complete error list, in order, is the contract."""
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "check", "--root",
                          str(FIXTURES / "broken")], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    expected = (FIXTURES / "broken" / "expected.txt").read_text(encoding="utf-8")
    assert run.stdout + run.stderr == expected


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root, ignore=skip_generated)
    for f in (root / "timeline" / "entries").iterdir():
        f.unlink()
    for page in (root / "docs").rglob("*.md"):  # no cross-links: these tests bring their own entries
        page.write_text(page.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    return root


def write_entry(root: Path, data: object, name: str = "1769-test-entry") -> Path:
    path = root / "timeline" / "entries" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def messages(root: Path) -> list[str]:
    return [p.message for p in load(Paths.at(root), TODAY).problems]


def with_(**changes):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return data


DELETE = object()


def test_the_good_entry_is_good(project):
    write_entry(project, GOOD)
    assert messages(project) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        # dates
        ({"date": "2016-02-30"}, "date: '2016-02-30' is not on the calendar: February 2016 has 29 days"),
        ({"date": "1769-1-5"}, "date is '1769-1-5': write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date": 99}, "date is 99: it must be between 1000 and 2200"),
        ({"end_date": "1768"}, "end_date 1768 is before date 1769-01-05: swap them or correct one"),
        ({"qualifier": "approx"}, "qualifier is 'approx', which is not one of: circa, before, after"),
        ({"sources__0__accessed": "2026-02-30"}, "accessed: '2026-02-30' is not on the calendar"),
        ({"sources__0__accessed": "2027-01-01"}, "accessed 2027-01-01 is in the future: use the day you checked"),
        ({"sources__0__accessed": "2026"}, "sources.0.accessed is '2026': write a full date as YYYY-MM-DD"),
        # languages and text
        ({"title__ja": DELETE}, "missing key 'ja' in title: add the Japanese text (ja: ...)"),
        ({"summary__en": DELETE}, "missing key 'en' in summary: add the English text (en: ...)"),
        ({"title__fr": "Une machine"}, "unknown key 'fr' in title; allowed keys: en, ja"),
        ({"title__en": ""}, "title.en is empty: write the text, or remove the key if it is optional"),
        ({"title__en": " \n "}, "title.en is empty: write the text, or remove the key if it is optional"),
        ({"title": "A string"}, "title should be a mapping of keys to values, not 'A string'"),
        ({"title__en": "<b>bold</b>"}, "title.en: plain text only: no HTML tags or comments"),
        ({"summary__en": "a <!-- hidden --> b"}, "summary.en: plain text only: no HTML tags or comments"),
        ({"title__en": "evil\u202etxt.exe"}, "title.en contains the invisible control character U+202E"),
        ({"title__en": "x" * 121}, "title.en is too long (121 characters, at most 120): shorten it"),
        # keys
        ({"titel": {"en": "x", "ja": "x"}}, "unknown key 'titel' in the entry (did you mean 'title'?)"),
        ({"era": DELETE}, "missing key 'era' in the entry: add the era id from timeline/eras.yaml (era: ...)"),
        # sources
        ({"sources": []}, "no sources: every entry needs at least one source a reader can open"),
        ({"sources": DELETE}, "missing key 'sources' in the entry: add at least one source"),
        ({"sources__0__url": "ftp://example.org/"}, "a source URL must start with https:// or http://"),
        ({"sources__0__url": "javascript:alert(1)"}, "a source URL must start with https:// or http://"),
        ({"sources__0__url": "https://exa mple.org/"}, "a source URL must start with https:// or http://"),
        ({"sources__0__publisher": DELETE}, "missing key 'publisher' in sources.0: add who published the source"),
        # references
        ({"era": "stem"}, "unknown era 'stem' (did you mean 'steam'?)"),
        ({"sections": ["stem"]}, "unknown section 'stem' (did you mean 'steam'?)"),
        ({"related": ["1712-first-engin"]}, "unknown related entry '1712-first-engin' (did you mean"),
        ({"related": ["1769-test-entry"]}, "an entry cannot be related to itself: remove it"),
        ({"tags": ["stem"]}, "unknown tag 'stem' (did you mean 'steam'?)"),
        ({"tags": ["steam", "steam"]}, "'steam' is listed twice in tags: remove one"),
        # status
        ({"status": "announced"}, "missing key 'as_of' in the entry: a plan or pledge that is not finished"),
        ({"status": "planned", "as_of": "2026-01-01"}, "status is 'planned', which is not one of"),
        ({"as_of": "2026-01-01"}, "'as_of' needs 'status'"),
    ],
)
def test_each_rule(project, changes, expected):
    write_entry(project, GOOD, "1712-first-engine")
    write_entry(project, with_(**changes))
    found = messages(project)
    assert any(expected in m for m in found), found


def test_a_completed_status_needs_no_as_of(project):
    write_entry(project, with_(status="completed"))
    assert messages(project) == []


def test_check_writes_nothing(project):
    write_entry(project, GOOD)
    subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "check", "--root", str(project)],
                   check=True, capture_output=True)
    assert not (project / "docs" / "timeline").exists()


def test_errors_keep_the_last_good_output(project):
    entry = write_entry(project, GOOD)
    assert generate(Paths.at(project), TODAY).stats is not None
    page = project / "docs" / "timeline" / "1769-test-entry.md"
    good = page.read_bytes()

    entry.write_text(entry.read_text(encoding="utf-8").replace("era: steam", "era: stem"), encoding="utf-8")
    write_entry(project, with_(title={"en": "New", "ja": "新"}), "1770-another")
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "--root", str(project)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "timeline/entries/1769-test-entry.yaml:2:6: error: unknown era 'stem'" in run.stderr
    assert "nothing was written" in run.stderr
    assert page.read_bytes() == good
    assert not (project / "docs" / "timeline" / "1770-another.md").exists()


def test_generate_writes_only_what_changed_and_removes_stale_pages(project):
    write_entry(project, GOOD)
    write_entry(project, with_(title={"en": "Second", "ja": "二番目"}), "1770-second")
    paths = Paths.at(project)
    first = generate(paths, TODAY).stats
    # 2 entries + the timeline + the tag index + 2 era pages, in 2 languages
    assert first.written == 12 and first.removed == 0

    second = generate(paths, TODAY).stats
    assert (second.written, second.unchanged, second.removed) == (0, 12, 0)

    (project / "timeline" / "entries" / "1770-second.yaml").unlink()
    third = generate(paths, TODAY).stats
    assert third.removed == 2
    assert sorted(p.name for p in (project / "docs" / "timeline").glob("17*")) == [
        "1769-test-entry.ja.md", "1769-test-entry.md"]
    # only the pages that listed the removed entry changed: the index, its era, its neighbour
    assert third.written == 6


def test_every_generated_file_says_it_is_generated(project):
    write_entry(project, GOOD)
    generate(Paths.at(project), TODAY)
    for page in (project / "docs" / "timeline").rglob("*.md"):
        first = page.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith('[//]: # "GENERATED by build_timeline.py from ')
        assert "Do not edit this file" in first


def test_cli_success_output(project):
    write_entry(project, GOOD)
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "--root", str(project)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "0 errors, 0 warnings in" in run.stdout
    assert "docs/timeline/: 10 written, 0 unchanged, 0 removed" in run.stdout


def test_github_annotations(project):
    write_entry(project, with_(era="stem"))
    run = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "check", "--format", "github",
                          "--root", str(project)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "::error file=timeline/entries/1769-test-entry.yaml,line=" in run.stderr
