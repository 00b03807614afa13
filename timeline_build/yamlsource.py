"""Strict YAML reading that remembers where every value came from.

PyYAML alone is too forgiving for contributed data: it keeps the last of two duplicate keys silently,
turns ``2016-02-30`` into an exception deep in its constructor, and loses line numbers once a value
is built. Here the text is composed into nodes (with PyYAML's C parser when present) and the nodes are
turned into plain values by hand, so that:

- every value and every mapping key can be placed at its ``(line, column)``, 1-based, for messages;
- duplicate keys, anchors/aliases, custom tags, tabs, a missing or invalid UTF-8 encoding and an
  empty file are reported as problems instead of being accepted or raising;
- dates stay strings (``1769-01-05`` is not turned into a ``datetime.date``), so that ``1769``,
  ``1769-01`` and ``1769-01-05`` all reach the date rules in the same form.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from .problems import Problem

# The C parser when PyYAML was built with libyaml (the constructor stays in Python either way).
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple  # a path into the document: keys and list indexes


class _Loader(_BaseLoader):
    """SafeLoader without the timestamp resolver: dates are validated by our own rules."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclasses.dataclass
class Document:
    """A parsed YAML file: its value, and its node tree to find where any part of it is.

    Positions are looked up only when a problem needs one, so valid files (nearly all of them) pay
    nothing for them."""

    path: str
    data: Any
    root: yaml.Node | None
    source: Any = None  # the file, to parse again when ``root`` was not kept
    text: str | None = None  # the file's text, to place a problem inside a value

    def _walk(self, path: Path) -> tuple[yaml.Node, yaml.Node | None]:
        """The node at ``path`` (or its nearest existing parent), and the key node naming it."""
        if self.root is None:
            self.root = _Loader(self.source.read_bytes().decode("utf-8-sig")).get_single_node()
        node, key_node = self.root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                            None)
                if pair is None:
                    return node, None
                key_node, node = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                return node, None
        return node, key_node

    def where(self, path: Path) -> tuple[int | None, int | None]:
        """The position of the value at ``path``, or of its nearest existing parent."""
        return _pos(self._walk(tuple(path))[0])

    def span(self, path: Path) -> tuple[int, int, int]:
        """The first line, first column and last line (1-based) of the value at ``path``."""
        node = self._walk(tuple(path))[0]
        end = node.end_mark.line + (0 if node.end_mark.column else -1)  # a block ends at the next line's start
        return node.start_mark.line + 1, node.start_mark.column + 1, max(end, node.start_mark.line) + 1

    def find_in(self, path: Path, needle: str) -> tuple[int | None, int | None]:
        """Where ``needle`` first stands inside the value at ``path`` (the value's start if not found)."""
        first, column, last = self.span(path)
        lines = (self.text or "").split("\n")
        for number in range(first, min(last, len(lines)) + 1):
            line = lines[number - 1]
            start = line.find(needle, column - 1 if number == first else 0)
            if start >= 0:
                return number, start + 1
        return first, column

    def where_key(self, path: Path) -> tuple[int | None, int | None]:
        """The position of the key naming ``path`` (falls back to :meth:`where`)."""
        node, key_node = self._walk(tuple(path))
        return _pos(key_node if key_node is not None else node)


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                path,
                line,
                column,
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                "save it as UTF-8 in your editor",
            )
        ]
    return text, []


def _tabs(text: str, path: str) -> list[Problem]:
    """One problem for a file indented with tabs, at its first tab, saying how many lines have one."""
    found = [(n, line.find("\t")) for n, line in enumerate(text.splitlines(), start=1) if "\t" in line]
    if not found:
        return []
    (number, col), more = found[0], len(found) - 1
    also = f" (and on {more} more line{'s' if more > 1 else ''})" if more else ""
    return [Problem(path, number, col + 1, f"tab character{also}: YAML is indented with spaces; replace every "
                    "tab with spaces (most editors can convert indentation to spaces)")]


# What PyYAML says -> (report where the trouble began rather than where the parser gave up?, our words).
_SYNTAX = [
    ("expected ',' or ']'", True, "the list opened with '[' here is never closed: add the ']'"),
    ("expected ',' or '}'", True, "the mapping opened with '{' here is never closed: add the '}'"),
    ("while scanning a quoted scalar", True, "the quotation mark opened here is never closed: add the closing "
                                             "quotation mark"),
    ("mapping values are not allowed", False, "a ': ' in unquoted text, or a key indented further than the keys "
                                              "around it: put the text in quotes, or line the key up with them"),
    ("expected <block end>", False, "this line is indented differently from the lines at its level: line it up "
                                    "with them"),
    ("did not find expected key", False, "this line is indented differently from the lines at its level: line it "
                                         "up with them"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    said = f"{exc.problem or ''} {exc.context or ''}"
    for clue, at_start, message in _SYNTAX:
        if clue in said:
            mark = (exc.context_mark if at_start else None) or exc.problem_mark or exc.context_mark
            return Problem(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    context = f" {exc.context}" if exc.context else ""
    return Problem(path, line, col, f"YAML syntax error: {exc.problem or 'invalid YAML'}{context}; check the "
                   "indentation and quote text that contains ': ' or starts with a special character")


class _Builder:
    def __init__(self, loader: _Loader, path: str) -> None:
        self.loader = loader
        self.path = path
        self.problems: list[Problem] = []
        self.seen: set[int] = set()  # nodes built so far: an alias is a node met a second time

    def _problem(self, node: yaml.Node, message: str) -> None:
        line, col = _pos(node)
        self.problems.append(Problem(self.path, line, col, message))

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            self._problem(node, "YAML anchors and aliases (& and *) are not allowed: write the value out")
            return None
        self.seen.add(id(node))

        kind = node.__class__
        if kind is yaml.ScalarNode:  # most nodes, and most of them text: no constructor needed
            if node.tag == _STR:
                return node.value
            return self._scalar(node)

        if kind is yaml.MappingNode:
            if node.tag != _MAP:
                self._problem(node, f"unsupported YAML tag {node.tag!r}: remove it")
                return None
            result: dict[Any, Any] = {}
            first: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode:
                    self._problem(key_node, "a mapping key must be a plain word")
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._problem(key_node, "YAML merge keys (<<) are not allowed: write the keys out")
                    continue
                key = self.build(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in first:
                    self._problem(key_node, f"duplicate key '{key}' (first given on line "
                                  f"{_pos(first[key])[0]}): keep one of them")
                    continue
                first[key] = key_node
                result[key] = self.build(value_node)
            return result

        if node.tag != _SEQ:
            self._problem(node, f"unsupported YAML tag {node.tag!r}: remove it")
            return None
        return [self.build(item) for item in node.value]

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._problem(node, f"unsupported YAML tag {node.tag!r}: remove it")
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:  # e.g. an int too odd to construct
            self._problem(node, f"cannot read this value ({exc}); quote it")
            return None


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file's bytes; ``path`` is only used in messages."""
    text, problems = _decode(raw, path)
    if text is None:
        return None, problems
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Problem(path, 1, 1, "the file is empty: write the entry's keys, or delete the file")]

    problems = _tabs(text, path)
    if problems:  # the parser's own message about tabs is cryptic; ours is enough
        return None, problems

    loader = _Loader(text)
    builder = _Builder(loader, path)
    try:
        node = loader.get_single_node()
        data = builder.build(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, path)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, None, f"YAML error: {exc}")]
    finally:
        loader.dispose()

    if builder.problems:
        return None, builder.problems
    return Document(path, data, node, text=text), []
