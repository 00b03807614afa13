"""Rules on plans and pledges: a plan that is not finished is re-checked against its sources."""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..dates import DateError, parse_full_date
from ..problems import WARNING, Problem
from . import EntryFile

STALE_AFTER_DAYS = 180  # an unfinished plan's status is re-checked at least this often


def plan_rechecked(f: EntryFile) -> Iterator[Problem]:
    """(warning) An unfinished plan's status was checked within the last STALE_AFTER_DAYS days."""
    status = f.data.get("status")
    if status not in schema.open_statuses() or not f.fine("as_of"):
        return
    try:
        as_of = parse_full_date(f.data["as_of"])
    except DateError:
        return  # reported by the date rules
    age = (f.context.today - as_of).days
    if age > f.context.stale_after_days:
        yield f.problem(("as_of",), f"the status '{status}' was last checked on {as_of.isoformat()}, {age} days ago "
                        f"(more than {f.context.stale_after_days}): check what became of the plan, then update status "
                        "and as_of", WARNING)


RULES = [plan_rechecked]
