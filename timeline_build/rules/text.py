"""Rules on text: nothing hidden, no scaffold left, and one Japanese spelling for each name and term."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ..problems import Problem
from ..yamlsource import Document
from . import EntryFile

# Characters that reorder or hide text (the "Trojan Source" family), and the other controls (Cc)
# except the line feed that folded YAML text may keep.
INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


class Term(NamedTuple):
    """One rule of timeline/terms.ja.yaml: a variant spelling and the one the site uses."""

    pattern: re.Pattern
    expected: str
    why: str


def read_terms(rules: Iterable[dict]) -> tuple[Term, ...]:
    """prh's rule format: ``expected``, ``pattern`` or ``patterns`` (``/regex/`` or a literal), ``prh``."""
    terms = []
    for rule in rules:
        patterns = rule.get("patterns") or [rule.get("pattern")]
        for pattern in patterns if isinstance(patterns, list) else [patterns]:
            if not isinstance(pattern, str) or not pattern:
                continue
            regex = pattern[1:-1] if len(pattern) > 2 and pattern[0] == pattern[-1] == "/" else re.escape(pattern)
            terms.append(Term(re.compile(regex), str(rule["expected"]), str(rule.get("prh") or "")))
    return tuple(terms)


@functools.cache
def _any_term(terms: tuple[Term, ...]) -> re.Pattern:
    """One pattern matching wherever any of ``terms`` does: most text holds no variant at all, and one
    search says so (each term's own pattern then finds where, line by line, so ``^`` and ``$`` match
    at each line's ends here too)."""
    return re.compile("|".join(f"(?:{term.pattern.pattern})" for term in terms), re.MULTILINE)


def term_problems(text: str, path: str, terms: tuple[Term, ...], first_line: int = 1) -> Iterator[Problem]:
    """A problem at the line and column of every variant spelling in ``text``."""
    if not terms or not _any_term(terms).search(text):
        return
    for number, line in enumerate(text.split("\n"), start=first_line):
        for term in terms:
            for m in term.pattern.finditer(line):
                why = f" ({term.why})" if term.why else ""
                yield Problem(path, number, m.start() + 1, f"write '{term.expected}', not '{m.group()}'{why}: "
                              "the site spells each name one way (timeline/terms.ja.yaml)")


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every text in a YAML value, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))
    elif isinstance(value, str):
        yield path, value


def invisible_characters(doc: Document, failed: set[tuple] = frozenset()) -> Iterator[Problem]:
    """Problems for text holding invisible control characters, anywhere in a YAML file."""
    for path, value in _strings(doc.data, ()):
        found = INVISIBLE.search(value)
        if found and path not in failed:
            line, col = doc.where(path)
            yield Problem(doc.path, line, col, f"{'.'.join(map(str, path))} contains the invisible control character "
                          f"U+{ord(found.group()):04X}, which can disguise text: remove it")


def no_invisible_characters(f: EntryFile) -> Iterator[Problem]:
    """Text holds no direction-control or other invisible control characters."""
    yield from invisible_characters(f.doc, f.failed)


def no_placeholders(f: EntryFile) -> Iterator[Problem]:
    """No 'TODO' is left from the scaffold (python build_timeline.py new)."""
    for path, value in _strings(f.data, ()):
        if "TODO" in value:
            field = ".".join(str(p) for p in path)
            yield f.problem(path, f"{field} still holds the placeholder TODO: replace it with the real text")


def japanese_terms(f: EntryFile) -> Iterator[Problem]:
    """Japanese text (every ``ja:`` value) spells each name and term as timeline/terms.ja.yaml says."""
    yield from terms_in_japanese_values(f.doc, f.raw, f.context.terms)


def terms_in_japanese_values(doc: Document, raw: str, terms: tuple[Term, ...]) -> Iterator[Problem]:
    """The term problems of every ``ja:`` value of a YAML file, at their line and column."""
    if not terms or raw.isascii():
        return
    lines = raw.split("\n")
    for path, _value in _strings(doc.data, ()):
        if path[-1] != "ja":
            continue
        first, column, last = doc.span(path)
        # the value's own lines, with what stands before it on its first line blanked out
        text = "\n".join([" " * (column - 1) + lines[first - 1][column - 1:], *lines[first:last]])
        yield from term_problems(text, doc.path, terms, first_line=first)


RULES = [no_invisible_characters, no_placeholders, japanese_terms]
