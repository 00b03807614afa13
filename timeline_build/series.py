"""Quantitative series (timeline/series/<id>.yaml): loaded and checked like entries, for the numbers page."""

from __future__ import annotations

from pathlib import Path

from . import rules, schema
from .dates import PartialDate
from .model import Point, Series
from .paths import Paths
from .problems import Problem, errors
from .yamlsource import parse


def _files(paths: Paths) -> list[Path]:
    folder = paths.timeline / "series"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def count(paths: Paths) -> int:
    return len(_files(paths))


def load_series(paths: Paths, context: rules.Context) -> tuple[list[Series], list[Problem]]:
    """Every series file, checked against schema/series.schema.json and the series rules."""
    from .load import clean_texts, make_source  # the same cleaning as entries' text and sources

    found, problems = [], []
    for path in _files(paths):
        doc, p = parse(path.read_bytes(), paths.rel(path))
        problems += p
        if doc is None:
            continue
        p, failed = schema.check(doc, "series")
        file = rules.EntryFile(path.stem, doc, failed, context, doc.text or "")
        for rule in rules.series_checklist():
            p += rule(file)
        problems += p
        if errors(p):
            continue
        data = doc.data
        points = tuple(Point(PartialDate.parse(pt["date"]), pt["value"], clean_texts(pt["label"]),
                             make_source(pt["source"]), pt.get("entry"), clean_texts(pt.get("note")))
                       for pt in data["points"])
        found.append(Series(path.stem, doc.path, clean_texts(data["title"]), clean_texts(data["description"]),
                            dict(data["unit"]), data["scale"], points))
    return found, problems


NUMBERS_PAGE = "numbers.md"  # docs/numbers.md: the page that shows every series ([[timeline:numbers]])


def numbers_page_problems(paths: Paths, found: list[Series]) -> list[Problem]:
    """Rule: when there are series, docs/numbers.md shows them (entry pages link to it)."""
    page = paths.docs / NUMBERS_PAGE
    if not found or (page.exists() and "[[timeline:numbers]]" in page.read_text(encoding="utf-8")):
        return []
    return [Problem(paths.rel(page), None, None, "timeline/series/ has series but this page does not show them: "
                    "create it with a line [[timeline:numbers]] (entry pages link to it)")]
