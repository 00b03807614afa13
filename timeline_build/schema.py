"""Shape checks: the JSON Schemas in ``schema/``, the same files editors use.

jsonschema's own messages ("Additional properties are not allowed ('titel' was unexpected)") are
turned into messages that state the rule and the fix, placed on the line of the offending key or value.
The schema may carry ``patternErrorMessage`` / ``errorMessage`` (understood by the YAML language
server too), so the wording lives beside the rule.
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

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of keys to values",
    "boolean": "true or false",
    "null": "empty",
}

# Hints for keys that are missing, keyed by key name: what to add, not only that it is missing.
_REQUIRED_HINTS = {
    "en": "add the English text (en: ...)",
    "ja": "add the Japanese text (ja: ...)",
    "date": "add the date of the event (date: YYYY, YYYY-MM or YYYY-MM-DD)",
    "era": "add the era id from timeline/eras.yaml (era: ...)",
    "title": "add a title with en and ja",
    "summary": "add a two-to-four sentence summary with en and ja",
    "sources": "add at least one source with title, publisher, url and accessed",
    "url": "add the address of the source (url: https://...)",
    "publisher": "add who published the source (publisher: ...)",
    "accessed": "add the day you read the source (accessed: YYYY-MM-DD)",
    "as_of": "a plan or pledge that is not finished needs the day its status was last checked "
             "(as_of: YYYY-MM-DD)",
    "status": "as_of only makes sense with a status; add status: or remove as_of",
}

# Scalar-level validators: report one problem per value, the first in this order.
_SCALAR_ORDER = ["type", "enum", "minLength", "pattern", "not", "maxLength", "minimum", "maximum"]


@functools.cache
def _schema(name: str) -> dict:
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """The reference implementation: slow, but it reports every error with its path. Imported only
    when a file is invalid (a tenth of a second of every run otherwise)."""
    import jsonschema
    schema = _schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@functools.cache
def _fast(name: str):
    """The same schema compiled to Python code: about fifty times faster, but it stops at the first
    error, so it only answers "valid or not"."""
    formats: dict[str, Any] = {}
    return fastjsonschema.compile(_without_not_pattern(_schema(name), formats), formats=formats)


def _without_not_pattern(node: Any, formats: dict[str, Any]) -> Any:
    """``{"not": {"pattern": P}}`` as a custom format that searches for P once.

    fastjsonschema checks ``not`` by running the inner schema and catching the exception it raises
    when that fails, which for valid text is every time; a lookahead pattern (``^(?![\\s\\S]*P)``)
    avoids the exception but backtracks over the whole text. A format applies to text only, as
    ``pattern`` does, so the two are the same rule; the search is about seven times faster than the
    lookahead. The schema files keep ``not``, whose message editors show."""
    if isinstance(node, list):
        return [_without_not_pattern(item, formats) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _without_not_pattern(value, formats) for key, value in node.items()}
    inner = out.get("not")
    if isinstance(inner, dict) and set(inner) == {"pattern"}:
        del out["not"]
        name = f"not-pattern-{len(formats)}"
        search = re.compile(inner["pattern"]).search
        formats[name] = lambda text, search=search: search(text) is None
        out.setdefault("allOf", []).append({"format": name})
    return out


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _friendly(error: jsonschema.ValidationError, doc: Document) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    field = ".".join(str(p) for p in path) or "the entry"
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}

    def at(p: tuple, message: str, key: bool = False) -> Problem:
        line, col = doc.where_key(p) if key else doc.where(p)
        return Problem(doc.path, line, col, message)

    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed), key=str):
            hint = did_you_mean(str(key), allowed)
            if not hint:
                hint = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
            yield at(path + (key,), f"unknown key '{key}' in {field}{hint}", key=True)
    elif kind == "required":
        for key in error.validator_value:
            if key not in error.instance:
                hint = _REQUIRED_HINTS.get(key, f"add {key}:")
                yield at(path, f"missing key '{key}' in {field}: {hint}")
    elif kind in ("dependencies", "dependentRequired"):
        for key, needed in error.validator_value.items():
            if key in error.instance:
                for other in needed:
                    if other not in error.instance:
                        yield at(path + (key,), f"'{key}' needs '{other}': {_REQUIRED_HINTS.get(other, '')}",
                                 key=True)
    elif kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        yield at(path, f"{field} should be {names}, not {_show(error.instance)}")
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        hint = did_you_mean(str(error.instance), options)
        yield at(path, f"{field} is {_show(error.instance)}, which is not one of: {', '.join(options)}{hint}")
    elif kind == "minLength" or (kind == "pattern" and error.validator_value == r"\S"):
        yield at(path, f"{field} is empty: write the text, or remove the key if it is optional")
    elif kind == "pattern":
        message = schema.get("patternErrorMessage") or f"does not match {error.validator_value}"
        yield at(path, f"{field} is {_show(error.instance)}: {message}")
    elif kind == "not":
        message = schema.get("errorMessage") or "this value is not allowed"
        yield at(path, f"{field}: {message}; HTML is not rendered, write plain text "
                       "(the site escapes < and >)")
    elif kind == "maxLength":
        yield at(path, f"{field} is too long ({len(error.instance)} characters, at most "
                       f"{error.validator_value}): shorten it")
    elif kind == "minItems":
        if path and path[-1] == "sources":
            yield at(path, "no sources: every entry needs at least one source a reader can open "
                           "(title, publisher, url, accessed)")
        else:
            yield at(path, f"{field} needs at least {error.validator_value} item(s)")
    elif kind == "uniqueItems":
        seen: set[str] = set()
        for i, item in enumerate(error.instance):
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                yield at(path + (i,), f"{_show(item)} is listed twice in {field}: remove one")
            seen.add(key)
    elif kind in ("minimum", "maximum"):
        yield at(path, f"{field} is {_show(error.instance)}: it must be between 1000 and 2200"
                 if "date" in field else f"{field} is out of range: {error.message}")
    elif kind in ("if", "then", "else", "allOf"):
        return  # the specific failure is reported on its own
    else:
        yield at(path, f"{field}: {error.message}")


def check(doc: Document, name: str) -> tuple[list[Problem], set[tuple]]:
    """Validate ``doc`` against ``schema/<name>.schema.json``.

    Returns the problems and the set of paths that failed, so that the rules in code can leave
    those values alone instead of reporting them twice.
    """
    try:
        _fast(name)(doc.data)
        return [], set()  # the usual case: valid, and no need for the slow, thorough pass
    except fastjsonschema.JsonSchemaException:
        pass
    problems: list[Problem] = []
    failed: set[tuple] = set()
    scalar_seen: set[tuple] = set()
    errors = sorted(
        validator(name).iter_errors(doc.data),
        key=lambda e: (tuple(map(str, e.absolute_path)),
                       _SCALAR_ORDER.index(e.validator) if e.validator in _SCALAR_ORDER else -1),
    )
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator in _SCALAR_ORDER:
            if path in scalar_seen:
                continue
            scalar_seen.add(path)
        failed.add(path)
        problems.extend(_friendly(error, doc))
    return problems, failed
