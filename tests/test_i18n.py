"""The interface's words: the same keys in every language, each one used, one per status."""

from __future__ import annotations

import re

from conftest import ROOT
from timeline_build import schema
from timeline_build.i18n import UI
from timeline_build.model import LANGS


def test_every_language_has_the_same_words():
    assert list(UI) == list(LANGS)
    for lang in LANGS:
        assert set(UI[lang]) == set(UI["en"]), lang


def test_every_word_is_used():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "timeline_build").rglob("*.py"))
    templates = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "timeline_build" / "templates").iterdir())
    used = set(re.findall(r"""\bt\(lang, ["']([a-z_]+)["']""", code))
    used |= set(re.findall(r"""\bt\(["']([a-z_]+)["'][,)]""", templates))  # t("key") and t("key", ...)
    used |= {f"status_{s}" for s in schema.statuses()}  # keys made from the schemas' values
    used |= {f"scale_{s}" for s in schema.load_schema("series")["properties"]["scale"]["enum"]}
    pledge = schema.load_schema("entry")["properties"]["pledge"]
    used |= {f"qualifier_{q}" for q in pledge["properties"]["qualifier"]["enum"]}
    assert set(UI["en"]) == used


def test_every_status_has_a_label_and_a_badge_style():
    css = (ROOT / "docs" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    for status in schema.statuses():
        assert all(f"status_{status}" in UI[lang] for lang in LANGS), status
        assert f".tl-badge--{status} " in css, status
