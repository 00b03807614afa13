"""The maintainer's loop: `mkdocs serve` picks up an edit under timeline/ and then settles."""

from __future__ import annotations

import contextlib
import difflib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, mkdocs_build, mkdocs_env

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@contextlib.contextmanager
def _serving(site, tmp_path):
    """`mkdocs serve` on a free port: yields (base URL, log file)."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, env=mkdocs_env(),
    )
    try:
        yield f"http://127.0.0.1:{port}/steam/", log  # serve mounts the site at site_url's path
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _timed_get(url: str) -> tuple[str, float]:
    start = time.monotonic()
    return _get(url) or "", time.monotonic() - start


def test_serve_regenerates_on_yaml_edit_and_settles(fixture_site, tmp_path):
    with _serving(fixture_site, tmp_path) as (base, log):
        url = f"{base}timeline/1769-better-engine/"
        assert _wait_for(lambda: "A better engine" in (_get(url) or ""), 60), _read(log)

        entry = fixture_site / "timeline" / "entries" / "1769-better-engine.yaml"
        entry.write_text(entry.read_text(encoding="utf-8").replace("A better engine", "A much better engine"),
                         encoding="utf-8")
        assert _wait_for(lambda: "A much better engine" in (_get(url) or ""), 60), _read(log)
        # the Japanese page and the timeline index follow from the same edit
        assert "A much better engine" in (_get(f"{base}timeline/") or "")

        # No endless loop: after the edit's rebuilds, the server goes quiet (a loop rebuilds within a second).
        time.sleep(2)
        settled = _read(log).count("Building documentation")
        time.sleep(3)
        assert _read(log).count("Building documentation") == settled, _read(log)
        # the first build and the edit's: the pages the generator wrote do not start another one
        assert settled == 2, _read(log)


def test_a_broken_entry_never_stalls_the_server_and_every_page_says_what_is_wrong(fixture_site, tmp_path):
    entry = fixture_site / "timeline" / "entries" / "1769-better-engine.yaml"
    good = entry.read_text(encoding="utf-8")
    with _serving(fixture_site, tmp_path) as (base, log):
        url = f"{base}timeline/1769-better-engine/"
        assert _wait_for(lambda: "A better engine" in (_get(url) or ""), 60), _read(log)

        entry.write_text(good.replace("era: steam", "era: stem"), encoding="utf-8")
        location = "timeline/entries/1769-better-engine.yaml:"
        assert _wait_for(lambda: location in (_get(f"{base}timeline/") or ""), 60), _read(log)
        for page in (url, f"{base}timeline/", f"{base}ja/timeline/1712-first-engine/", base):
            text, seconds = _timed_get(page)
            assert seconds < 2, (page, seconds)
            assert location in text and "unknown era &#x27;stem&#x27;" in text, page
            assert "A better engine" in text or page != url  # the last good page, still served
        assert "年表に1件の問題がある。" in _get(f"{base}ja/")

        entry.write_text(good.replace("A better engine", "A fixed engine"), encoding="utf-8")
        assert _wait_for(lambda: "A fixed engine" in (_get(url) or ""), 60), _read(log)
        assert location not in _get(url) and 'class="tl-problems"' not in _get(base)


def test_a_fresh_new_stub_shows_its_todos_without_stalling_the_server(fixture_site, tmp_path):
    with _serving(fixture_site, tmp_path) as (base, log):
        assert _wait_for(lambda: "A better engine" in (_get(f"{base}timeline/") or ""), 60), _read(log)
        made = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "new", "--root", str(fixture_site),
                               "--date", "1800", "--era", "steam", "--title", "A new engine"],
                              capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        stub = "timeline/entries/1800-new-engine.yaml:"
        assert _wait_for(lambda: stub in (_get(f"{base}timeline/") or ""), 60), _read(log)
        text, seconds = _timed_get(f"{base}timeline/1712-first-engine/")
        assert seconds < 2 and stub in text and "placeholder TODO" in text
    check = subprocess.run([sys.executable, str(ROOT / "build_timeline.py"), "check", "--root", str(fixture_site)],
                           capture_output=True, text=True)
    assert check.returncode == 1 and "placeholder TODO" in check.stderr


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def _served_as_built(base: str, site_url: str, built: Path) -> list[str]:
    """Every page and data file of a clean build of the same project, compared with what the server
    serves now (its address put back, MkDocs' live-reload script taken out); search indexes as sets,
    since a partial rebuild appends its pages' entries. Returns what differs."""
    differs = []
    for path in sorted(built.rglob("*")):
        rel = path.relative_to(built).as_posix()
        if path.suffix not in (".html", ".json", ".xml", ".csv", ".ics") or not path.is_file():
            continue
        served = (_get(base + rel) or "<missing>").replace(base, site_url).replace(  # and the calendar's UIDs
            "@" + urlsplit(base).hostname, "@" + urlsplit(site_url).hostname)
        if path.suffix == ".html":
            end = served.rfind("</body>")
            script = served.rfind("<script>", 0, end)
            if script >= 0 and "livereload" in served[script:end]:
                served = served[:script] + served[end:]
        expected = path.read_bytes().decode("utf-8")  # CSV and iCalendar lines end in CRLF
        if rel.endswith("search_index.json"):
            served, expected = (sorted(json.dumps(d, sort_keys=True) for d in json.loads(t)["docs"])
                                if t.startswith("{") else t for t in (served, expected))
        if served != expected:
            differs.append(rel + "\n" + "\n".join(list(difflib.unified_diff(
                expected.splitlines(), served.splitlines(), lineterm="", n=0))[:12]))
    return differs


def test_a_rebuild_while_serving_serves_exactly_what_a_full_build_makes(fixture_site, tmp_path):
    """Serving rebuilds only the pages an edit changes (serve_incremental.py): after each kind of
    edit, every page, search index and export served is the one a clean build makes."""
    entries = fixture_site / "timeline" / "entries"
    engine = entries / "1769-better-engine.yaml"
    new_entry = entries / "1800-new-engine.yaml"
    home = fixture_site / "docs" / "index.md"
    edits = [
        ("a title", lambda: engine.write_text(engine.read_text(encoding="utf-8").replace(
            "A better engine", "A far better engine"), encoding="utf-8"), "timeline/1769-better-engine/",
         "A far better engine"),
        ("a new entry", lambda: new_entry.write_text(engine.read_text(encoding="utf-8").replace(
            "1769-01-05", "1800").replace("A far better engine", "A newer engine").replace(
            "related: [1712-first-engine]", "related: []"), encoding="utf-8"), "timeline/", "A newer engine"),
        ("a hand-written page", lambda: home.write_text(home.read_text(encoding="utf-8") + "\nA new line.\n",
                                                        encoding="utf-8"), "", "A new line."),
        ("an entry removed", lambda: new_entry.unlink(), "timeline/", "A far better engine"),
    ]
    with _serving(fixture_site, tmp_path) as (base, log):
        assert _wait_for(lambda: "A better engine" in (_get(f"{base}timeline/") or ""), 60), _read(log)
        for name, edit, page, shows in edits:
            edit()
            def reloaded(name=name, page=page, shows=shows) -> bool:
                text = _get(base + page) or ""
                return shows in text and (name != "an entry removed" or "A newer engine" not in text)
            assert _wait_for(reloaded, 60), _read(log)
            built = tmp_path / f"built-{len(name)}"
            done = mkdocs_build(fixture_site, built)
            assert done.returncode == 0, done.stderr
            differs = _served_as_built(base, "https://example.org/steam/", built)
            assert not differs, f"after {name}: " + "\n".join(differs)
        assert _get(f"{base}timeline/1800-new-engine/") is None  # the removed entry's page is gone
        assert "Building documentation" in _read(log) and "dirty" not in _read(log)
