"""Checks shared by readers of YAML trees: known keys, types, clean text."""

from __future__ import annotations

import datetime
import re

from ..canonical import Unprintables
from ..errors import InputError
from ..model import Pos
from .yamltree import Node

# Characters no output format can hold faithfully: C0/C1 controls other than
# tab and newline, lone surrogates and the non-characters U+FFFE/U+FFFF.
FORBIDDEN = Unprintables("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", allowed="\t\n")


def mapping(node: Node, what: str, allowed: tuple[str, ...]) -> dict[str, Node]:
    """A mapping's values by key, refusing keys that are not ``allowed``."""
    if node.kind != "mapping":
        raise InputError(f"{what} must be a mapping of keys to values, not a {node.kind}", node.pos)
    values: dict[str, Node] = {}
    for key, value in node.value:
        if key.value not in allowed:
            raise InputError(unknown_key_message(key.value, what, allowed), key.pos)
        values[key.value] = value
    return values


def unknown_key_message(key: str, what: str, allowed: tuple[str, ...]) -> str:
    import difflib  # only a bad source pays for it

    near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else f"; expected one of: {', '.join(allowed)}"
    return f"unknown key {key!r} in {what}{hint}"


def text(node: Node, what: str, *, required: bool = False) -> str:
    """A scalar as clean text; null and empty are "" unless ``required``."""
    if node.kind != "scalar":
        raise InputError(f"{what} must be text, not a {node.kind}", node.pos)
    value = "" if node.is_null else node.value
    if required and not value.strip():
        raise InputError(f"{what} must not be empty", node.pos)
    check_characters(value, node.pos, what)
    return value


def integer(node: Node, what: str, low: int, high: int) -> int:
    if node.kind != "scalar" or not re.fullmatch(r"[0-9]{1,9}", node.value.strip()):
        raise InputError(f"{what} must be a whole number from {low} to {high}", node.pos)
    value = int(node.value)
    if not low <= value <= high:
        raise InputError(f"{what} must be from {low} to {high}, not {value}", node.pos)
    return value


def sequence(node: Node, what: str) -> list[Node]:
    if node.kind != "sequence":
        raise InputError(f"{what} must be a list (items starting with '- ')", node.pos)
    return list(node.value)


def check_characters(value: str, pos: Pos | None, what: str) -> None:
    """Refuse characters that cannot be carried faithfully into every format."""
    bad = FORBIDDEN.search(value)
    if bad:
        char = bad.group()
        import unicodedata  # (only a refused character's name needs it)

        name = unicodedata.name(char, "control character") if len(char) == 1 else "character"
        raise InputError(
            f"{what} contains U+{ord(char):04X} ({name}), which no output format can hold",
            pos,
        )


def iso_date(node: Node, what: str = "date") -> datetime.date | None:
    """An ISO date such as 2015-09-08; null or empty is None."""
    value = text(node, what).strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} {value!r} is not an ISO date such as 2015-09-08", node.pos) from None
