"""The reader's views that hand-written pages ask for by name, and the figures they show.

A hand-written page places a view with a line of its own: ``[[timeline:ribbon]]``,
``[[timeline:latest]]``, ``[[timeline:cards <id> <id> ...]]``, ``[[timeline:numbers]]`` or
``[[timeline:pledges]]`` (see crosslinks.py); the MkDocs hook puts the view's HTML there.
"""

from __future__ import annotations

import collections

from . import charts, exports, layout
from .dates import format_date
from .i18n import t
from .markup import day, render_template
from .model import Entry, Pledge, Timeline

LATEST = 8  # entries in the "latest changes" list
_SYMBOL = {"GBP": "£", "USD": "US$", "EUR": "€", "JPY": "¥"}
_JA_CURRENCY = {"GBP": "ポンド", "USD": "ドル", "EUR": "ユーロ", "JPY": "円"}


def ja_number(value: float) -> str:
    """A number as Japanese writes it: 5万8640, 20億, 1兆2000億."""
    if value != int(value) or value < 10_000:
        return f"{value:g}" if value != int(value) else f"{int(value)}"
    n, parts = int(value), []
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        if n >= size:
            parts.append(f"{n // size}{unit}")
            n %= size
    return "".join(parts) + (str(n) if n else "")


def en_number(value: float) -> str:
    """A number as English writes it: 58,640; 2 billion; 1.5 billion."""
    for word, size in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if value >= size and (value / size) * 10 == int((value / size) * 10):
            return f"{value / size:g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def money(amount: float, currency: str, lang: str) -> str:
    """A sum of money: "£2 billion", 「20億ポンド」."""
    if lang == "ja":
        return f"{ja_number(amount)}{_JA_CURRENCY[currency]}"
    return f"{_SYMBOL[currency]}{en_number(amount)}"


def figure(pledge: Pledge, lang: str) -> str:
    """A pledge's figure in words: "up to £2 billion", 「最大20億ポンド」, "58,640 GPUs"; "" without one."""
    if pledge.amount is None:
        return ""
    prefix = t(lang, f"qualifier_{pledge.qualifier}") if pledge.qualifier else ""
    if pledge.currency:
        text = money(pledge.amount, pledge.currency, lang)
    elif lang == "ja":
        text = f"{ja_number(pledge.amount)}{pledge.unit['ja']}"
    else:
        text = f"{en_number(pledge.amount)} {pledge.unit['en']}"
    return prefix + text if lang == "ja" else f"{prefix} {text}".strip()


def value_text(value: float, unit: dict, lang: str) -> str:
    if lang == "ja":
        return f"{ja_number(value)} {unit['ja']}".replace(" 個", "個") if value >= 1 else f"{value:g} {unit['ja']}"
    return f"{en_number(value)} {unit['en']}" if value >= 1 else f"{value:g} {unit['en']}"


def _context(tl: Timeline, lang: str) -> dict:
    return {"tl": tl, "figure": lambda p: figure(p, lang), "value_text": lambda v, u: value_text(v, u, lang),
            "date_text": lambda d: format_date(d, lang),
            "checked": lambda e: format_date(day(exports.updated(e)), lang)}


def ribbon(tl: Timeline, lang: str, page: str) -> str:
    """The ribbon, with the entries listed under it unless the page is the timeline itself (which is the
    list) or the timeline is too long to list twice."""
    # the axis runs to the year the data was last checked: from the data alone, so builds are reproducible
    last_year = max([e.date.year for e in tl.entries] + [exports.updated(e).year for e in tl.entries])
    listed = len(tl.entries) <= charts.RIBBON_MARKS
    return render_template("ribbon.html.j2", lang, page, svg=charts.ribbon(tl, lang, page, last_year),
                           entries=tl.entries, listed=listed, on_timeline=page == layout.INDEX,
                           **_context(tl, lang))


def latest(tl: Timeline, lang: str, page: str) -> str:
    newest = sorted(tl.entries, key=lambda e: (exports.updated(e), e.id), reverse=True)[:LATEST]
    return render_template("latest.html.j2", lang, page, entries=newest, **_context(tl, lang))


def cards(tl: Timeline, lang: str, page: str, ids: list[str]) -> str:
    return render_template("cards.html.j2", lang, page, entries=[tl.by_id[i] for i in ids], **_context(tl, lang))


def numbers(tl: Timeline, lang: str, page: str) -> str:
    return render_template("numbers.md.j2", lang, page, series=tl.series,
                           charts={s.id: charts.series_chart(s, lang) for s in tl.series},
                           csv={s.id: layout.file_href(page, f"series/{s.id}.csv") for s in tl.series},
                           **_context(tl, lang))


def plans(tl: Timeline) -> list[Entry]:
    """Every plan or pledge, in time order."""
    return [e for e in tl.entries if e.status]


def totals(tl: Timeline) -> list[tuple[str, int, dict[str, float]]]:
    """Per status (in the schema's order): how many pledges, and their stated sums per currency."""
    from .lists import used_statuses
    count: collections.Counter = collections.Counter()
    money: dict[str, dict[str, float]] = collections.defaultdict(dict)
    for entry in plans(tl):
        count[entry.status] += 1
        p = entry.pledge
        if p and p.amount is not None and p.currency:
            money[entry.status][p.currency] = money[entry.status].get(p.currency, 0) + p.amount
    return [(status, count[status], dict(sorted(money[status].items()))) for status in used_statuses(tl)]


def pledges(tl: Timeline, lang: str, page: str) -> str:
    def money_text(sums: dict[str, float]) -> str:
        parts = [money(amount, currency, lang) for currency, amount in sums.items()]
        return (" + " if lang == "en" else "＋").join(parts) or t(lang, "tracker_no_money")
    every = plans(tl)  # the table shows the latest; the totals count them all
    return render_template("pledges.md.j2", lang, page, plans=every[-layout.TRACKER_LIMIT:], pledge_count=len(every),
                           totals=totals(tl), money_text=money_text, **_context(tl, lang))


def render_view(tl: Timeline, name: str, args: list[str], lang: str, page: str) -> str:
    """A named view's HTML (for a hand-written page)."""
    if name == "cards":
        return cards(tl, lang, page, args)
    return {"ribbon": ribbon, "latest": latest, "numbers": numbers, "pledges": pledges}[name](tl, lang, page)
