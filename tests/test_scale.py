"""The shape that keeps builds linear: no page but the indexes grows with the number of entries.

A structural test, not a timing test (timings are measured by benchmarks/bench.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, mkdocs_build, skip_generated
from timeline_build.layout import INDEX_LIMIT, PAGE_SIZE, TRACKER_LIMIT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("scale")]  # one worker builds both sizes


def _site(tmp_path: Path, n: int) -> Path:
    """The fixture site plus n synthetic entries dated after every real one."""
    site = tmp_path / f"n{n}"
    shutil.copytree(FIXTURES / "site", site, ignore=skip_generated)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("../../../", ROOT.as_posix() + "/"), encoding="utf-8")
    template = yaml.safe_load((site / "timeline/entries/2025-chip-plan.yaml").read_text(encoding="utf-8"))
    for i in range(n):
        entry = dict(template, date=f"2026-{1 + i % 12:02d}", title={"en": f"Plan {i}", "ja": f"計画{i}"},
                     related=[], tags=["chips"], status="announced", as_of="2026-11-01")
        del entry["end_date"]
        path = site / "timeline/entries" / f"2026-plan-{i:04d}.yaml"
        path.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    out = {}
    for n in (10, INDEX_LIMIT + PAGE_SIZE + 20):  # enough to paginate the era and to cut the timeline
        tmp = tmp_path_factory.mktemp(f"scale{n}")
        site = _site(tmp, n)
        run = mkdocs_build(site, tmp / "out")
        assert run.returncode == 0, run.stderr
        out[n] = tmp / "out"
    return out


def test_an_entry_page_does_not_grow_with_the_timeline(builds):
    small, large = (builds[n] for n in sorted(builds))
    # (the home page and the timeline draw every entry as a mark on the ribbon: they grow by design)
    for page in ("timeline/1712-first-engine/index.html", "ja/timeline/1769-better-engine/index.html",
                 "article/steam/index.html", "numbers/index.html"):
        assert (small / page).read_bytes() == (large / page).read_bytes(), page


def test_the_navigation_lists_no_entries(builds):
    large = builds[max(builds)]
    for page in [large / "index.html", large / "timeline/2026-plan-0001/index.html"]:
        html = page.read_text(encoding="utf-8")
        nav = html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        assert not re.search(r'href="[^"]*timeline/\d{4}-', nav), page


def test_index_pages_are_cut_and_paginated(builds):
    n = max(builds)
    large = builds[n]
    timeline = (large / "timeline/index.html").read_text(encoding="utf-8")
    assert timeline.count('class="tl-item"') <= 2 * INDEX_LIMIT  # two eras, each cut at the limit
    assert (large / "timeline/eras/chips/2/index.html").exists()  # the era's second page
    era_page = (large / "timeline/eras/chips/index.html").read_text(encoding="utf-8")
    assert era_page.count('class="tl-item"') == PAGE_SIZE
    biggest = max(p.stat().st_size for p in large.rglob("*.html"))
    assert biggest < 1_000_000


def test_the_pledge_tracker_is_cut_and_leads_to_every_pledge(builds):
    """Past TRACKER_LIMIT pledges, the tracker's table shows the latest ones and links the status
    pages, which list them all; its totals still count every pledge."""
    small, large = (builds[n] for n in sorted(builds))
    tracker = (large / "pledges/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="([^"]+)">', tracker)
    assert len(rows) == TRACKER_LIMIT and "2025-chip-plan" not in rows  # the oldest pledge is left to its page
    assert 'href="../timeline/status/announced/"' in tracker and f"of {max(builds) + 1:,} pledges" in tracker
    assert "Showing the latest" not in (small / "pledges/index.html").read_text(encoding="utf-8")
