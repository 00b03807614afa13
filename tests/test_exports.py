"""Open data: each export, read back with a real parser, says the same as the YAML."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import yaml

from conftest import FIXTURES, mkdocs_build, skip_generated

pytestmark = pytest.mark.slow
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/steam/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import ROOT

    root = tmp_path_factory.mktemp("exports")
    site = root / "site"
    shutil.copytree(FIXTURES / "site", site, ignore=skip_generated)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("../../../", ROOT.as_posix() + "/"), encoding="utf-8")
    run = mkdocs_build(site, root / "out")
    assert run.returncode == 0, run.stderr
    return root / "out"


@pytest.fixture(scope="module")
def source() -> dict[str, dict]:
    """The fixture's YAML, read independently of the engine."""
    entries = {}
    for path in sorted((FIXTURES / "site" / "timeline" / "entries").glob("*.yaml")):
        entries[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return entries


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def test_json(built, source):
    data = json.loads((built / "timeline.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    entries = {e["id"]: e for e in data["entries"]}
    assert sorted(entries) == sorted(source)
    for entry_id, yaml_entry in source.items():
        entry = entries[entry_id]
        assert entry["date"] == _iso(yaml_entry["date"])
        assert entry["title"] == yaml_entry["title"] and entry["summary"] == yaml_entry["summary"]
        assert [s["url"] for s in entry["sources"]] == [s["url"] for s in yaml_entry["sources"]]
        assert entry["status"] == yaml_entry.get("status")
        assert entry["urls"] == {"en": f"{BASE}timeline/{entry_id}/", "ja": f"{BASE}ja/timeline/{entry_id}/"}
    assert entries["1712-first-engine"]["qualifier"] == "circa"
    assert entries["1712-first-engine"]["date_precision"] == "year"
    assert entries["1712-first-engine"]["related_all"] == ["1769-better-engine"]  # the computed backlink
    assert [e["id"] for e in data["entries"]] == sorted(source)  # time order (ids start with the year)
    plan = entries["2025-chip-plan"]
    assert plan["pledge"]["amount"] == 1000 and plan["pledge"]["unit"] == {"en": "chips", "ja": "個"}
    assert plan["pledge"]["qualifier"] == "up-to" and plan["pledge"]["deadline"] == "2026"
    assert [(s["date"], s["status"]) for s in plan["status_history"]] == [("2025-09", "announced")]
    assert plan["sources"][0]["kind"] == "primary" and plan["date_text"]["ja"] == "2025年9月〜2026年"
    assert [(s["id"], [p["value"] for p in s["points"]]) for s in data["series"]] == [("chips", [2, 1000])]


def test_series_csv_in_each_language(built):
    for folder in (built, built / "ja"):
        rows = list(csv.DictReader(io.StringIO((folder / "series" / "chips.csv").read_text(encoding="utf-8"))))
        assert [(r["date"], r["value"], r["unit"], r["entry"]) for r in rows] == [
            ("1769", "2", "chips", "1769-better-engine"), ("2025-09", "1000", "chips", "2025-chip-plan")]
        assert rows[0]["source_url"] == "https://example.org/patent" and rows[1]["note_en"] == "A pledge, not a count."


def test_csv(built, source):
    rows = list(csv.DictReader(io.StringIO((built / "timeline.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == sorted(source)
    for row in rows:
        assert row["date"] == _iso(source[row["id"]]["date"])
        assert row["title_ja"] == source[row["id"]]["title"]["ja"]
    assert rows[2]["status"] == "announced" and rows[2]["as_of"] == "2026-01-04"


@pytest.mark.parametrize("lang, prefix", [("en", ""), ("ja", "ja/")])
def test_atom_feed(built, source, lang, prefix):
    feed = ET.parse(built / prefix / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    items = feed.findall(f"{ATOM}entry")
    ids = [i.find(f"{ATOM}id").text for i in items]
    assert sorted(ids) == sorted(f"{BASE}{prefix}timeline/{e}/" for e in source)
    # newest additions first: ordered by the day each entry was last checked
    updated = [i.find(f"{ATOM}updated").text for i in items]
    assert updated == sorted(updated, reverse=True)
    assert ids[0].endswith("2025-chip-plan/")
    assert items[0].find(f"{ATOM}summary").text == source["2025-chip-plan"]["summary"][lang]


def test_icalendar(built, source):
    cal = icalendar.Calendar.from_ical((built / "timeline.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert sorted(events) == sorted(source)
    better = events["1769-better-engine"]
    assert better.decoded("dtstart").isoformat() == "1769-01-05"
    assert better.decoded("dtend").isoformat() == "1769-01-06"
    # a year-precise date spans its whole year; a span runs to the end of its end date
    assert events["1712-first-engine"].decoded("dtstart").isoformat() == "1712-01-01"
    assert events["1712-first-engine"].decoded("dtend").isoformat() == "1713-01-01"
    assert events["2025-chip-plan"].decoded("dtend").isoformat() == "2027-01-01"
    assert str(better["summary"]) == source["1769-better-engine"]["title"]["en"]


def test_timelinejs(built, source):
    data = json.loads((built / "ja" / "timelinejs.json").read_text(encoding="utf-8"))
    events = {e["unique_id"]: e for e in data["events"]}
    assert sorted(events) == sorted(source)
    assert events["1769-better-engine"]["start_date"]["year"] == "1769"
    assert events["1769-better-engine"]["start_date"]["day"] == "5"
    assert "month" not in events["1712-first-engine"]["start_date"]
    assert events["1769-better-engine"]["text"]["headline"] == "よりよい機関"
    assert {era["text"]["headline"] for era in data["eras"]} == {"蒸気の時代", "半導体の時代"}


def test_entry_page_metadata(built):
    page = (built / "timeline/1769-better-engine/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../ja/timeline/1769-better-engine/" hreflang="ja"', page)  # the switcher
    assert '<meta property="og:title" content="A better engine">' in page
    ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(ld)
    assert data["@type"] == "Event" and data["startDate"] == "1769-01-05"
    assert data["url"] == "https://example.org/steam/timeline/1769-better-engine/"
    assert 'id="cite"' in page and "@misc{steam-to-ai:1769-better-engine," in page
    # "Edit this page" opens the YAML the page comes from, not the generated Markdown
    assert 'href="https://github.com/example/steam-to-ai/edit/main/timeline/entries/1769-better-engine.yaml"' \
        in page


def test_sitemap_pairs_every_page_with_its_translation(built):
    sitemap = ET.parse(built / "sitemap.xml").getroot()
    sm, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    pairs = {}
    for url in sitemap.findall(f"{sm}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{xhtml}link")}
        pairs[url.find(f"{sm}loc").text] = links
    entry = f"{BASE}timeline/1769-better-engine/"
    assert pairs[entry] == {"en": entry, "ja": f"{BASE}ja/timeline/1769-better-engine/"}
    assert all(set(links) == {"en", "ja"} for links in pairs.values())
