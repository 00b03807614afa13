"""Rules on plans and pledges: a plan that is not finished is re-checked against its sources."""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..dates import DateError, parse_full_date
from ..problems import WARNING, Problem
from . import EntryFile, dates

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


def pledge_figure_has_a_currency_or_unit(f: EntryFile) -> Iterator[Problem]:
    """A pledged amount says what it counts: a currency for money, a unit for a quantity, not both."""
    pledge = f.data.get("pledge")
    if not isinstance(pledge, dict) or not f.fine("pledge", "amount"):
        return
    has = [key for key in ("currency", "unit") if key in pledge]
    if not has:
        yield f.problem(("pledge", "amount"), f"pledge.amount {pledge['amount']} has no currency or unit: add "
                        "currency: GBP (or USD, EUR, JPY) for money, or unit: {en: GPUs, ja: 基} for a quantity")
    elif len(has) == 2:
        yield f.problem(("pledge", "unit"), "pledge has both a currency and a unit: money takes currency, a "
                        "quantity takes unit; keep one", key=True)


def history_leads_to_the_status(f: EntryFile) -> Iterator[Problem]:
    """The status history is in time order, not in the future, and ends at the entry's status."""
    yield from dates.dated_list_problems(f, "status_history", "step", future=False)
    history = f.data.get("status_history")
    if not isinstance(history, list) or not history or "status_history" in f.failed:
        return
    status, final, last = f.data.get("status"), history[-1], len(history) - 1
    if isinstance(final, dict) and f.fine("status_history", last, "status") and final["status"] != status:
        yield f.problem(("status_history", last, "status"), f"the history ends at '{final['status']}' but the "
                        f"entry's status is '{status}': add the step that led to '{status}', or correct one")


RULES = [plan_rechecked, pledge_figure_has_a_currency_or_unit, history_leads_to_the_status]
