"""The site in a real browser: Playwright driving Debian's Chromium against the built site on localhost.

Locally these tests skip when /usr/bin/chromium (or Playwright) is missing; under CI=true they fail
instead, so a green CI always means they ran. Screenshots go to test-artifacts/ (or $ARTIFACTS_DIR).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # no xdist group: each worker builds the real site once and shares the load

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "test-artifacts"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def _require_browser():
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "Playwright is not installed (pip install -r requirements-dev.txt)"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {problem}")
        pytest.skip(problem)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A tab that moves on before a file has arrived closes the connection: not the site's fault,
        and no traceback in the test output."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def site(real_site):
    """The real site (built once, see conftest.py), served on the localhost port it was built for."""
    _require_browser()
    base, port, out = real_site.base, real_site.port, real_site.folder
    server = _Server(("127.0.0.1", port), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def _index_without_documents(route):
    """Material's search builds a lunr index of the whole site in a web worker on every page load:
    about a CPU-second here whenever a test stays on a page. Tests that are not about search get the
    real index's response (its status, headers and search config) with no documents; the search tests
    load the real index (see ``search_page``)."""
    response = route.fetch()
    if not response.ok:
        route.fulfill(response=response)  # a missing index still fails the page-load test
        return
    route.fulfill(response=response, json={**response.json(), "docs": []})


def _new_tab(browser, real_index: bool = False, **options):
    own = browser.new_context(locale="en-GB", **options)
    if not real_index:
        own.route("**/search/search_index.json", _index_without_documents)
    return own.new_page()


@pytest.fixture(scope="module")
def _tab(browser):
    """One context and one tab for the module's tests. Opening a tab starts a renderer process: about
    0.7 CPU-seconds here, more than loading a page in a tab already open."""
    tab = _new_tab(browser)
    yield tab
    tab.context.close()


def _reset(tab):
    """Nothing one test does reaches the next: its storage is cleared and the tab left on a blank page.
    (Tests that listen to the tab's events remove their listeners themselves.)"""
    if tab.url.startswith("http"):
        tab.evaluate("() => { sessionStorage.clear(); localStorage.clear(); }")
    tab.goto("about:blank")


@pytest.fixture
def page(_tab):
    """The module's tab, handed to each test as if new (see ``_reset``)."""
    yield _tab
    _reset(_tab)


@pytest.fixture(scope="module")
def sized_tab(browser):
    """A tab of the given window size, one per size for the module (see ``_tab``)."""
    tabs = {}

    def tab(width: int, height: int):
        if (width, height) not in tabs:
            tabs[width, height] = _new_tab(browser, viewport={"width": width, "height": height})
        return tabs[width, height]

    yield tab
    for opened in tabs.values():
        opened.context.close()


@pytest.fixture(scope="module")
def _search_tab(browser):
    tab = _new_tab(browser, real_index=True)
    yield tab
    tab.context.close()


@pytest.fixture
def search_page(_search_tab):
    """A tab that loads the real search index, for the tests of search itself."""
    yield _search_tab
    _reset(_search_tab)


PAGES = [
    "", "timeline/", "timeline/1769-watt-separate-condenser/", "timeline/2025-stargate-uk/",
    "timeline/eras/industrial-revolution/", "timeline/tags/", "timeline/tags/energy/",
    "timeline/status/announced/", "article/", "article/us-uk-cooperation/", "glossary/", "about/", "data/",
    "numbers/", "pledges/",
]


@pytest.mark.parametrize("path", PAGES + [f"ja/{p}" for p in PAGES])
def test_every_page_type_loads_cleanly_and_offline(site, page, path):
    errors, foreign = [], []
    listeners = {
        "console": lambda msg: errors.append(msg.text) if msg.type == "error" else None,
        "pageerror": lambda exc: errors.append(str(exc)),
        "response": lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        "request": lambda req: foreign.append(req.url)
        if urlsplit(req.url).hostname not in ("127.0.0.1", None) and not req.url.startswith("data:") else None,
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        # Material fetches the search index once the page has loaded: the last request a page makes
        with page.expect_response(lambda r: r.url.endswith("/search/search_index.json")):
            response = page.goto(site + path)
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    assert response is not None and response.status == 200
    assert errors == []
    assert foreign == []
    assert page.locator("h1").count() >= 1


def test_language_switcher_keeps_the_entry(site, page):
    page.goto(site + "timeline/1964-ibm-system-360/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="ja"]').click()
    page.wait_for_url("**/ja/timeline/1964-ibm-system-360/")
    assert "System/360" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "ja"
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url("**/timeline/1964-ibm-system-360/")
    assert page.locator("html").get_attribute("lang") == "en"


STEAM_JA = ("/ja/timeline/1712-newcomen-engine/", "/ja/timeline/1769-watt-separate-condenser/",
            "/ja/timeline/1776-boulton-watt-first-engines/")


@pytest.mark.parametrize("start, query, expected", [
    ("ja/", "蒸気機関", STEAM_JA),
    ("ja/", "産業革命", ("/ja/article/new-industrial-revolution/",)),
    ("", "Rainhill", ("/timeline/1829-rainhill-trials/",)),
    ("", "separate condenser", ("/timeline/1769-watt-separate-condenser/",)),
])
def test_search_finds_entries_in_both_languages(site, search_page, start, query, expected):
    page = search_page
    page.goto(site + start)
    field = page.locator("input.md-search__input")
    field.click()  # on a desktop-sized window the search field sits in the header
    field.fill(query)
    field.dispatch_event("keyup")  # Material listens for keyup; fill() alone does not trigger it
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any(urlsplit(h).path.endswith(expected) for h in hrefs), hrefs


def test_filters_work_and_live_in_the_url(site, page):
    page.goto(site + "timeline/")
    form = page.locator("form[data-tl-filters]")
    assert form.is_visible()
    total = page.locator(".tl-era .tl-item").count()
    page.select_option("select[name=era]", "industrial-revolution")
    visible = page.locator(".tl-era .tl-item:visible")
    assert 0 < visible.count() < total
    assert all(era == "industrial-revolution" for era in visible.evaluate_all(
        "items => items.map(i => i.dataset.era)"))
    assert "era=industrial-revolution" in page.url
    assert f"of {total}" in form.locator("output").inner_text()

    page.goto(site + "timeline/?tag=energy&status=announced")
    assert page.locator("select[name=tag]").input_value() == "energy"
    assert page.locator("select[name=status]").input_value() == "announced"
    shown = page.locator(".tl-era .tl-item:visible").evaluate_all(
        "items => items.map(i => [i.dataset.tags, i.dataset.status])")
    assert shown and all("energy" in tags.split() and status == "announced" for tags, status in shown)
    assert page.locator("div.tl-era:visible").count() < page.locator("div.tl-era").count()
    assert page.locator("h2[data-era]:visible").count() == page.locator("div.tl-era:visible").count()

    page.click("form[data-tl-filters] button[type=reset]")
    page.wait_for_function("() => !location.search")
    assert page.locator(".tl-era .tl-item:visible").count() == total


def test_keyboard_reaches_the_filters_with_visible_focus(site, page):
    page.goto(site + "timeline/")
    page.focus("select[name=era]")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.name")
    assert focused == "tag"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


AXE_PAGES = ["", "timeline/", "timeline/2025-nscale-uk-gpu-plan/", "article/new-industrial-revolution/", "numbers/",
             "pledges/", "404.html"]  # every kind of page: an entry with a pledge, its trail and a number


@pytest.mark.parametrize("path", AXE_PAGES + [f"ja/{p}" for p in AXE_PAGES])
def test_no_serious_accessibility_violations(site, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + path)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3],
                v["nodes"][0].get("failureSummary", "")[:300])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


VIEWS = {"home": "", "timeline": "timeline/", "numbers": "numbers/", "pledges": "pledges/"}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name, width, height", [("phone", 390, 844), ("desktop", 1280, 900)])
def test_screenshots_of_every_view(site, sized_tab, name, width, height, view):
    """The landing page, the timeline and its ribbon, a chart and the tracker, at phone and desktop
    width in both languages, into test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab = sized_tab(width, height)
    for lang, prefix in (("en", ""), ("ja", "ja/")):
        tab.goto(site + prefix + VIEWS[view])
        tab.evaluate("document.fonts.ready.then(() => true)")
        if view == "numbers":  # the first chart, where a reader meets it
            tab.locator("figure.tl-chart-figure").first.scroll_into_view_if_needed()
        target = ARTIFACTS / f"{view}-{lang}-{name}.png"
        tab.screenshot(path=str(target), full_page=False)
        # no horizontal scrolling of the page on a phone: wide pictures and tables scroll in their box
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert target.stat().st_size > 10_000
        assert overflow <= 0, (view, lang)


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_every_mark_card_chart_row_and_pledge_leads_to_a_page_that_exists(site, page, prefix):
    import json
    import urllib.request

    with urllib.request.urlopen(site + "timeline.json") as response:
        data = json.load(response)
    entries, plans = len(data["entries"]), sum(1 for e in data["entries"] if e["status"])
    page.goto(site + prefix)
    assert page.locator("svg.tl-ribbon a").count() == entries  # every entry on the landing page's ribbon
    assert page.locator("ul.tl-cards a").count() == 5 and page.locator("ol.tl-latest a").count() == 8
    links = page.locator("svg.tl-ribbon a, ul.tl-cards a, ol.tl-latest a").evaluate_all(
        "links => links.map(a => a.href.baseVal || a.href)")
    page.goto(site + prefix + "timeline/")
    assert page.locator("svg.tl-ribbon a").count() == entries and page.locator("nav.tl-jump a").count() > 10
    page.goto(site + prefix + "numbers/")
    assert page.locator("svg.tl-chart").count() == len(data["series"]) == page.locator("table.tl-data").count()
    rows = page.locator("table.tl-data tbody tr").count()
    assert rows == sum(len(s["points"]) for s in data["series"])
    links += page.locator("table.tl-data a:not([rel])").evaluate_all("links => links.map(a => a.href)")
    links += page.locator("a[download]").evaluate_all("links => links.map(a => a.href)")
    page.goto(site + prefix + "pledges/")
    assert page.locator("table.tl-tracker tbody tr").count() == plans
    links += page.locator("table.tl-tracker a:not([rel])").evaluate_all("links => links.map(a => a.href)")
    for href in sorted(set(links)):
        url = urljoin(site + prefix, href)
        assert url.startswith(site), url
        assert page.request.get(url).status == 200, url


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """The fixture site with 150 more entries in one era (past the 100 the timeline page lists),
    built and served on a free port."""
    import shutil

    import yaml

    from conftest import FIXTURES, free_port, mkdocs_build, skip_generated

    _require_browser()
    tmp = tmp_path_factory.mktemp("big")
    site = tmp / "site"
    shutil.copytree(FIXTURES / "site", site, ignore=skip_generated)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/")
    shutil.copytree(ROOT / "docs" / "javascripts", site / "docs" / "javascripts")  # the real filter script
    (site / "mkdocs.yml").write_text(config + "extra_javascript:\n  - javascripts/timeline.js\n", encoding="utf-8")
    template = yaml.safe_load((site / "timeline/entries/1712-first-engine.yaml").read_text(encoding="utf-8"))
    for i in range(150):
        entry = dict(template, date=f"{1720 + i // 12}-{1 + i % 12:02d}", title={"en": f"Engine {i}", "ja": f"機関{i}"},
                     tags=["steam"] if i % 2 else ["chips"])
        entry.pop("qualifier", None)
        entry.pop("related", None)
        (site / "timeline/entries" / f"{1720 + i // 12}-engine-{i:03d}.yaml").write_text(
            yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/steam/"
    run = mkdocs_build(site, tmp / "out", SITE_URL=base)
    assert run.returncode == 0, run.stderr
    root = tmp / "root"
    (tmp / "out").rename(root / "steam") if root.mkdir() is None else None  # served under /steam/, as built
    server = _Server(("127.0.0.1", port), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()
    server.server_close()


def test_the_filter_finds_every_entry_beyond_the_listed_hundred(big_site, page):
    page.goto(big_site + "timeline/")
    steam = page.locator('div.tl-era[data-era="steam"] .tl-item')
    assert steam.count() == 100  # what the page lists of the era's 152 entries
    assert "153 events" in page.locator("article p").first.inner_text()
    page.select_option("select[name=era]", "steam")
    page.wait_for_function("() => document.querySelectorAll('.tl-item--more').length > 0")
    assert page.locator('div.tl-era[data-era="steam"] .tl-item:visible').count() == 152
    assert "Showing 152 of 153" in page.locator("form[data-tl-filters] output").inner_text()
    page.select_option("select[name=tag]", "steam")  # the odd-numbered engines, and the two real steam ones
    assert page.locator(".tl-item:visible").count() == 77
    assert "Showing 77 of 153" in page.locator("form[data-tl-filters] output").inner_text()
    page.locator(".tl-item--more a").first.click()  # an entry the page did not list opens its own page
    page.wait_for_url("**/timeline/*-engine-*/")
    page.go_back()
    page.click("form[data-tl-filters] button[type=reset]")
    page.wait_for_function("() => !location.search")
    assert page.locator(".tl-item:visible").count() == 101  # the listed ones again: 100 steam, 1 chips
