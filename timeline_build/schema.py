"""Shape checks: the JSON Schemas in ``schema/``, the same files editors use.

Valid files (nearly all) take the fast path: the schema compiled by fastjsonschema, which only says
"valid or not". An invalid file goes through jsonschema, which lists every error with its path, and
each error becomes a message that states the rule and the fix, on the line of the offending key or
value. The wording is data: ``_MESSAGES`` below, per JSON Schema keyword, and the schema's own
``patternErrorMessage`` / ``errorMessage`` (which the YAML language server shows in editors too).

Facts the code needs from the schemas (the statuses, the id pattern, the date bounds, the length
limits) are read from them here, never copied.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .problems import Problem, did_you_mean
from .yamlsource import Document

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
               "object": "a mapping of keys to values", "boolean": "true or false", "null": "empty"}

# What to add when a key is missing, by key name.
_REQUIRED_HINTS = {
    "en": "add the English text (en: ...)",
    "ja": "add the Japanese text (ja: ...)",
    "date": "add the date of the event (date: YYYY, YYYY-MM or YYYY-MM-DD)",
    "era": "add the era id from timeline/eras.yaml (era: ...)",
    "title": "add a title with en and ja",
    "summary": "add a two-to-four sentence summary with en and ja",
    "sources": "add at least one source with title, publisher, url, accessed and kind",
    "url": "add the address of the source (url: https://...)",
    "publisher": "add who published the source (publisher: ...)",
    "accessed": "add the day you read the source (accessed: YYYY-MM-DD)",
    "kind": "say whether the source is primary (the maker, the government, the paper, patent or Act, the "
            "museum or archive) or secondary (a newspaper, journal or reference work): kind: primary",
    "as_of": "a plan or pledge that is not finished needs the day its status was last checked "
             "(as_of: YYYY-MM-DD)",
    "status": "as_of only makes sense with a status; add status: or remove as_of",
}

# One message per JSON Schema keyword; {field} is the dotted path, {value} the value as written.
_MESSAGES = {
    "type": "{field} should be {types}, not {value}",
    "enum": "{field} is {value}, which is not one of: {options}{hint}",
    "minLength": "{field} is empty: write the text, or remove the key if it is optional",
    "pattern": "{field} is {value}: {pattern_message}",
    "not": "{field}: {error_message}{markup}; HTML is not rendered, write plain text (the site escapes < and >)",
    "maxLength": "{field} is too long ({length} characters, at most {limit}): shorten it",
    "minItems": "{field} needs at least {limit} item(s)",
    "minimum": "{field} is {value}: {bounds}",
    "maximum": "{field} is {value}: {bounds}",
}
_NO_SOURCES = "no sources: every entry needs at least one source a reader can open (title, publisher, url, accessed)"
_SILENT = {"if", "then", "else", "allOf"}  # the specific failure inside is reported on its own

# Scalar-level keywords: one problem per value, the first in this order.
_SCALAR_ORDER = ["type", "enum", "minLength", "pattern", "not", "maxLength", "minimum", "maximum"]


@functools.cache
def load_schema(name: str) -> dict:
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


def statuses() -> tuple[str, ...]:
    """Every status a plan may have, in the schema's order (the order of a plan's life)."""
    return tuple(load_schema("entry")["properties"]["status"]["enum"])


def open_statuses() -> tuple[str, ...]:
    """The statuses of an unfinished plan: they need ``as_of`` and are re-checked."""
    return tuple(load_schema("entry")["if"]["properties"]["status"]["enum"])


def date_bounds() -> tuple[int, int]:
    """The earliest and latest year a date may have."""
    date = load_schema("entry")["properties"]["date"]
    return date["minimum"], date["maximum"]


def id_pattern() -> str:
    """An entry id: the pattern ``related`` uses, which is also the file name's."""
    return load_schema("entry")["properties"]["related"]["items"]["pattern"]


def max_length(field: str, lang: str = "en") -> int:
    """The length limit of a text field of an entry."""
    return load_schema("entry")["properties"][field]["properties"][lang]["maxLength"]


@functools.cache
def _fast(name: str):
    return fastjsonschema.compile(load_schema(name))


@functools.cache
def _thorough(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # only when a file is invalid
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check(doc: Document, name: str) -> tuple[list[Problem], set[tuple]]:
    """Validate ``doc`` against ``schema/<name>.schema.json``.

    Returns the problems and the paths that failed, so that the rules in code can leave those values
    alone instead of reporting them twice."""
    try:
        _fast(name)(doc.data)
        return [], set()
    except fastjsonschema.JsonSchemaException:
        pass
    problems: list[Problem] = []
    failed: set[tuple] = set()
    scalar_seen: set[tuple] = set()
    order = {keyword: i for i, keyword in enumerate(_SCALAR_ORDER)}
    found = sorted(_thorough(name).iter_errors(doc.data),
                   key=lambda e: (tuple(map(str, e.absolute_path)), order.get(e.validator, -1)))
    for error in found:
        path = tuple(error.absolute_path)
        if error.validator in order:
            if path in scalar_seen:
                continue
            scalar_seen.add(path)
        failed.add(path)
        for where, message, on_key in _messages(error):
            line, col = doc.where_key(where) if on_key else doc.where(where)
            markup = _MARKUP.search(error.instance) if error.validator == "not" and isinstance(error.instance, str) \
                else None
            if markup:  # point at the markup itself, even deep inside a folded block
                line, col = doc.find_in(where, markup.group())
            problems.append(Problem(doc.path, line, col, message))
    return problems, failed


_MARKUP = re.compile(r"<[A-Za-z/!?][^<>\s]*>?")  # the start of an HTML tag or comment, as the schema's rule


def _quoted_markup(value: Any) -> str:
    found = _MARKUP.search(value) if isinstance(value, str) else None
    return f" ('{found.group()}')" if found else ""


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _messages(error: jsonschema.ValidationError) -> Iterator[tuple[tuple, str, bool]]:
    """(where, message, whether to point at the key) for one jsonschema error."""
    path = tuple(error.absolute_path)
    field = ".".join(str(p) for p in path) or "the entry"
    kind, rule, value = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind in _SILENT:
        return
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed), key=str):
            hint = did_you_mean(str(key), allowed) or (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
            yield path + (key,), f"unknown key '{key}' in {field}{hint}", True
    elif kind == "required":
        for key in rule:
            if key not in value:
                yield path, f"missing key '{key}' in {field}: {_REQUIRED_HINTS.get(key, f'add {key}:')}", False
    elif kind in ("dependencies", "dependentRequired"):
        for key, needed in rule.items():
            for other in needed if key in value else ():
                if other not in value:
                    yield path + (key,), f"'{key}' needs '{other}': {_REQUIRED_HINTS.get(other, '')}", True
    elif kind == "uniqueItems":
        seen: set[str] = set()
        for i, item in enumerate(value):
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                yield path + (i,), f"{_show(item)} is listed twice in {field}: remove one", False
            seen.add(key)
    elif kind == "minItems" and path[-1:] == ("sources",):
        yield path, _NO_SOURCES, False
    elif kind == "pattern" and rule == r"\S":
        yield path, _MESSAGES["minLength"].format(field=field), False
    elif kind in _MESSAGES:
        low, high = schema.get("minimum"), schema.get("maximum")
        wanted = rule if isinstance(rule, list) else [rule]
        yield path, _MESSAGES[kind].format(
            field=field, value=_show(value), limit=rule, length=len(value) if isinstance(value, str) else 0,
            types=" or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in wanted),
            options=", ".join(str(o) for o in wanted), hint=did_you_mean(str(value), [str(o) for o in wanted]),
            pattern_message=schema.get("patternErrorMessage") or f"does not match {rule}",
            error_message=schema.get("errorMessage") or "this value is not allowed",
            bounds=f"it must be between {low} and {high}", markup=_quoted_markup(value)), False
    else:
        yield path, f"{field}: {error.message}", False
