"""The history itself: the real timeline and pages hold to the site's promises for every entry."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from timeline_build import Paths, load
from timeline_build.model import LANGS

# The events the site promises to cover (issue: "The history itself").
REQUIRED = """
1712-newcomen-engine 1733-kay-flying-shuttle 1764-hargreaves-spinning-jenny 1769-arkwright-water-frame
1769-watt-separate-condenser 1776-boulton-watt-first-engines 1785-cartwright-power-loom 1829-rainhill-trials
1830-liverpool-manchester-railway 1831-faraday-induction 1865-maxwell-equations
1882-holborn-viaduct-power-station 1882-pearl-street-station 1926-uk-national-grid
1822-babbage-difference-engine 1837-babbage-analytical-engine 1843-lovelace-notes
1936-turing-computable-numbers 1944-colossus 1945-eniac 1948-manchester-baby 1947-transistor
1958-integrated-circuit 1956-dartmouth-workshop 1964-ibm-system-360 1965-moores-law 1971-intel-4004
1990-arm-founded 1993-nvidia-founded 1999-geforce-256 2006-cuda 2010-deepmind-founded
2014-google-acquires-deepmind 2012-alexnet 2016-dgx-1-announced 2016-dgx-1-delivered-openai
2017-transformer-paper 2020-alphafold-casp14 2021-cambridge-1 2022-nvidia-h100 2022-chatgpt
2024-nvidia-blackwell 2025-uk-ai-opportunities-action-plan 2025-us-ai-diffusion-rule
2025-ai-diffusion-rule-rescinded 2025-london-tech-week 2025-isambard-ai-launch 2025-us-uk-state-visit
2025-tech-prosperity-deal 2025-nvidia-intel-partnership 2025-nvidia-uk-ecosystem-celebration
2025-nvidia-uk-startup-investment 2025-nscale-microsoft-loughton 2025-stargate-uk
2025-coreweave-uk-investment 2025-nvidia-uk-blackwell-build-out 2025-uk-us-advanced-nuclear-deals
2025-nhs-ai-breast-screening-trial
""".split()

ARTICLE_CREDIT = "https://timewell.jp/columns/consulting/nvidia-usa"


@pytest.fixture(scope="module")
def result():
    return load(Paths.at(ROOT))


def test_the_real_timeline_is_clean(result):
    assert [p.format() for p in result.problems] == []
    assert result.ok


def test_coverage(result):
    tl = result.timeline
    assert len(tl.entries) >= 60
    assert tl.entries[0].date.year == 1712 and tl.entries[-1].date.year == 2026
    missing = [i for i in REQUIRED if i not in tl.by_id]
    assert missing == []
    for era in tl.eras:
        assert len(tl.by_era[era.id]) >= 3, era.id
    # what became of the 2025 announcements: dated follow-ups after the September 2025 deals
    assert [e.id for e in tl.entries if e.date.sort_key() > (2025, 9, 18)]


def test_every_entry_is_sourced_and_bilingual(result):
    for entry in result.timeline.entries:
        assert entry.sources, entry.id
        assert all(re.match(r"^https?://", s.url) for s in entry.sources), entry.id
        for field in (entry.title, entry.summary) + tuple(x for x in (entry.note, entry.place) if x):
            assert set(field) == set(LANGS) and all(field[lang].strip() for lang in LANGS), entry.id


def test_plans_carry_their_status(result):
    """Pledges are marked as such, and a status that can still change says when it was checked."""
    for entry in result.timeline.entries:
        if entry.status in ("announced", "in-progress", "paused"):
            assert entry.as_of is not None, entry.id
    pledges = [e.id for e in result.timeline.entries if e.status]
    assert {"2025-nvidia-uk-startup-investment", "2025-nvidia-uk-blackwell-build-out", "2025-stargate-uk",
            "2025-nscale-microsoft-loughton", "2025-coreweave-uk-investment"} <= set(pledges)


def test_every_article_section_is_tied_to_entries(result):
    tl = result.timeline
    assert set(tl.sections) == {"new-industrial-revolution", "us-uk-cooperation", "startups-energy-skills",
                                "conclusion"}
    for section in tl.sections:
        assert len(tl.by_section[section]) >= 3, section


@pytest.mark.parametrize("page", sorted(p.relative_to(ROOT / "docs").as_posix()
                                        for p in (ROOT / "docs" / "article").glob("*.md")))
def test_article_pages_credit_the_article_and_link_the_timeline(page):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert ARTICLE_CREDIT in text
    assert "[[" in text  # claims are tied to entries with the cross-link syntax
    assert "placeholder" not in text.lower() and "仮のページ" not in text


def test_every_hand_written_page_has_both_languages():
    for page in (ROOT / "docs").rglob("*.md"):
        if "timeline" in page.relative_to(ROOT / "docs").parts:
            continue
        stem = page.name.removesuffix(".md").removesuffix(".ja")
        assert (page.parent / f"{stem}.md").exists() and (page.parent / f"{stem}.ja.md").exists(), page
