"""A safe, position-keeping YAML loader for sources and pack manifests.

PyYAML's parser (libyaml where present) emits events; we build a small tree
from them ourselves so that every value keeps its line and column, aliases
are refused outright (no "billion laughs"), nesting depth is bounded, and no
scalar is ever turned into an object.  Every scalar stays a string: readers
decide what a field means (no YAML 1.1 surprises such as ``no`` -> False).
"""

from __future__ import annotations

from typing import Any

from ..canonical import Unprintables
from ..deferred import yaml
from ..errors import InputError
from ..limits import MAX_SOURCE_BYTES, MAX_YAML_DEPTH
from ..model import Pos
from ..records import record

# Characters no source may hold: C0 controls but tab, line feed and carriage return;
# DEL and C1 controls; lone surrogates; U+FFFE and U+FFFF.  Found before parsing, so
# the error has a line and column (libyaml's own says only "position N").
_CONTROL = Unprintables("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", allowed="\t\n\r")
_NULLS = {"", "~", "null", "Null", "NULL"}
# Explicit tags that change nothing here; any other (!!python/object...) is refused.
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "!"}
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@record
class Node:
    """``value`` is a str (scalar), list[Node] (sequence) or list[tuple[Node, Node]] (mapping)."""

    kind: str  # "scalar", "sequence" or "mapping"
    value: Any
    pos: Pos
    plain: bool = False  # an unquoted scalar

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.plain and self.value in _NULLS


def decode_source(data: bytes, path: str) -> str:
    """Bytes -> text, refusing what is empty, oversized or not UTF-8."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(
            f"file is {len(data):,} bytes; sources are limited to {MAX_SOURCE_BYTES:,}",
            Pos(path),
        )
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark (dropped here: utf-8-sig is a module to load)
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(data[: err.start].decode("utf-8", "replace"))
        raise InputError(
            f"byte 0x{data[err.start]:02x} is not UTF-8: save the file as UTF-8",
            Pos(path, line, col),
        ) from None
    if not text.strip():
        raise InputError("file is empty", Pos(path, 1, 1))
    bad = _CONTROL.search(text)
    if bad:
        char = bad.group()
        import unicodedata  # (only a refused character's name needs it)

        name = unicodedata.name(char, "a control character")
        line, col = _line_col(text[: bad.start()])
        raise InputError(f"U+{ord(char):04X} ({name}) is not allowed in a source", Pos(path, line, col))
    return text


def _line_col(before: str) -> tuple[int, int]:
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def load(text: str, path: str) -> Node:
    """Parse one YAML document into a Node tree."""
    try:
        events = _Events(yaml.parse(text, Loader=_Parser))
        _expect(events, yaml.StreamStartEvent, path)
        _expect(events, yaml.DocumentStartEvent, path)
        root = _node(events, path, 0)
        _expect(events, yaml.DocumentEndEvent, path)
        end = next(events)
        if not isinstance(end, yaml.StreamEndEvent):
            raise InputError("only one YAML document is allowed per file", _pos(end, path))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Pos(path, mark.line + 1, mark.column + 1) if mark else Pos(path)
        raise InputError(f"invalid YAML: {err.problem or err.context}", where) from None
    except yaml.YAMLError as err:
        raise InputError(f"invalid YAML: {err}", Pos(path)) from None
    return root


def _expect(events: Any, kind: type, path: str) -> None:
    event = next(events)
    if not isinstance(event, kind):
        raise InputError("expected a YAML document", _pos(event, path))


def _pos(event: Any, path: str) -> Pos:
    mark = event.start_mark
    return Pos(path, mark.line + 1, mark.column + 1)


def _node(events: Any, path: str, depth: int) -> Node:
    event = next(events)
    pos = _pos(event, path)
    if depth > MAX_YAML_DEPTH:
        raise InputError(f"nesting is deeper than {MAX_YAML_DEPTH} levels", pos)
    if isinstance(event, yaml.AliasEvent):
        raise InputError(f"YAML aliases (*{event.anchor}) are not allowed in sources", pos)
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _PLAIN_TAGS:
        raise InputError(f"YAML tags such as {tag} are not allowed in sources", pos)
    if isinstance(event, yaml.ScalarEvent):
        return Node("scalar", event.value, pos, plain=event.style is None)
    if isinstance(event, yaml.SequenceStartEvent):
        items = []
        while not _peek_is(events, yaml.SequenceEndEvent):
            items.append(_node(events, path, depth + 1))
        return Node("sequence", items, pos)
    if isinstance(event, yaml.MappingStartEvent):
        return Node("mapping", _mapping_pairs(events, path, depth), pos)
    raise InputError(f"unexpected YAML {type(event).__name__}", pos)


def _mapping_pairs(events: Any, path: str, depth: int) -> list[tuple[Node, Node]]:
    pairs: list[tuple[Node, Node]] = []
    seen: set[str] = set()
    while not _peek_is(events, yaml.MappingEndEvent):
        key = _node(events, path, depth + 1)
        if key.kind != "scalar":
            raise InputError("mapping keys must be plain words", key.pos)
        if key.value in seen:
            raise InputError(f"key {key.value!r} appears twice", key.pos)
        seen.add(key.value)
        pairs.append((key, _node(events, path, depth + 1)))
    return pairs


class _Events:
    """PyYAML's event stream with one event of look-ahead."""

    def __init__(self, source: Any) -> None:
        self._source = iter(source)
        self._ahead: Any = None

    def __iter__(self) -> _Events:
        return self

    def __next__(self) -> Any:
        if self._ahead is not None:
            event, self._ahead = self._ahead, None
            return event
        return next(self._source)

    def peek(self) -> Any:
        if self._ahead is None:
            self._ahead = next(self._source)
        return self._ahead


def _peek_is(events: Any, kind: type) -> bool:
    event = events.peek()
    if isinstance(event, kind):
        next(events)
        return True
    return False
