"""Rules on ids: an entry's id is its file name, and it stays its published URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import schema
from ..dates import DateError, PartialDate
from ..problems import WARNING, Problem
from . import EntryFile

ID_RE = re.compile(schema.id_pattern())
LONG_ID = 50  # characters; CONTRIBUTING asks for about 40


def suggest_id(name: str, year: object = None) -> str:
    """A valid id close to ``name`` (lowercase words joined by hyphens, the year first)."""
    suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not re.match(r"^[0-9]{4}-", suggestion) and re.match(r"^[0-9]{4}$", str(year or "")[:4]):
        suggestion = f"{str(year)[:4]}-{suggestion}"
    return suggestion


def file_name_is_an_id(f: EntryFile) -> Iterator[Problem]:
    """The file name is a valid id: the year, then lowercase words joined by hyphens."""
    if not ID_RE.match(f.id):
        suggestion = suggest_id(f.id, f.data.get("date"))
        yield Problem(f.doc.path, 1, 1, f"the file name '{f.id}.yaml' is not a valid id: use lowercase words joined "
                      f"by hyphens, starting with the year (e.g. {suggestion}.yaml)")


def id_is_short(f: EntryFile) -> Iterator[Problem]:
    """(warning) An id is short enough to read in a URL."""
    if ID_RE.match(f.id) and len(f.id) > LONG_ID:
        yield Problem(f.doc.path, 1, 1, f"the id is {len(f.id)} characters long (keep it under {LONG_ID}): for a new "
                      "entry, rename the file to the year and two or three key words", WARNING)


def id_year_matches_date(f: EntryFile) -> Iterator[Problem]:
    """(warning) The id starts with the year of the date."""
    if not (ID_RE.match(f.id) and f.fine("date")):
        return
    try:
        year = PartialDate.parse(f.data["date"]).year
    except DateError:
        return  # reported by the date rules
    if int(f.id[:4]) != year:
        yield Problem(f.doc.path, 1, 1, f"the id starts with {f.id[:4]} but the date is in {year}: for a new entry, "
                      f"rename the file to {year}{f.id[4:]}.yaml; a published id keeps its URL, so leave it", WARNING)


RULES = [file_name_is_an_id, id_is_short, id_year_matches_date]
