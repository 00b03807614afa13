"""The maintainer's loop: `mkdocs serve` picks up an edit under timeline/ and then settles."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import mkdocs_env

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


def test_serve_regenerates_on_yaml_edit_and_settles(fixture_site, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(fixture_site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, env=mkdocs_env(),
    )
    base = f"http://127.0.0.1:{port}/steam/"  # serve mounts the site at site_url's path
    url = f"{base}timeline/1769-better-engine/"
    try:
        assert _wait_for(lambda: "A better engine" in (_get(url) or ""), 60), _read(log)

        entry = fixture_site / "timeline" / "entries" / "1769-better-engine.yaml"
        entry.write_text(entry.read_text(encoding="utf-8").replace("A better engine", "A much better engine"),
                         encoding="utf-8")
        assert _wait_for(lambda: "A much better engine" in (_get(url) or ""), 60), _read(log)
        # the Japanese page and the timeline index follow from the same edit
        assert "A much better engine" in (_get(f"{base}timeline/") or "")

        # No endless loop: after the edit's rebuilds, the server goes quiet.
        time.sleep(3)
        settled = _read(log).count("Building documentation")
        time.sleep(4)
        assert _read(log).count("Building documentation") == settled, _read(log)
        # the first build and the edit's: the pages the generator wrote do not start another one
        assert settled == 2, _read(log)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()
