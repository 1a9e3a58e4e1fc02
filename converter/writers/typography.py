"""The typography a document's language asks for, applied to what the formats for
readers show (HTML, DOCX, PDF); the canonical formats (YAML, text) keep the text as
written.  Only spaces the text already has change, into no-break spaces, so no word,
mark or number is added, dropped or moved:

- French: before ``:`` ``;`` ``!`` ``?`` ``»`` and ``%``, after ``«``, and between the
  groups of a number ("1 000 000"), so that the mark never starts a line (nor a title's
  second line) or ends one alone, and a number is never cut;
- Russian: between a year and ``г.`` or ``года``, which never stand apart from it.

Chinese keeps its full-width punctuation as written: nothing here touches it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..model import Block, Document, Footnote, Inline, Item, Pack, Quote, Text
from ..transforms import map_inlines

NO_BREAK_SPACE = "\u00a0"

_FRENCH = (
    re.compile(r" (?=[:;!?»])"),
    re.compile(r"(?<=«) "),
    re.compile(r"(?<=\d) (?=%)"),  # 12,5 %
    re.compile(r"(?<=\d) (?=\d{3}(?!\d))"),  # 1 000 000: the groups of a number
)
_RUSSIAN = (re.compile(r"(?<=\d) (?=г\.|года\b)"),)
_RULES: dict[str, tuple[re.Pattern[str], ...]] = {"fr": _FRENCH, "ru": _RUSSIAN}


def typeset(item: Item) -> Item:
    if isinstance(item, Pack):
        return dataclasses.replace(item, documents=tuple(_document(doc) for doc in item.documents))
    return _document(item)


def _document(doc: Document) -> Document:
    rules = _rules_of(doc.meta.language)
    quoted = any(isinstance(block, Quote) and block.language for block in doc.blocks)
    if not rules and not quoted:
        return doc
    text = _spacing(rules)

    def inlines(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(_inline(child, text) for child in children)

    def block_in_its_language(block: Block) -> Block:
        if isinstance(block, Quote) and block.language:  # a quotation follows its own language
            own = _spacing(_rules_of(block.language))
            return dataclasses.replace(block, children=tuple(_inline(child, own) for child in block.children))
        return map_inlines(block, inlines)

    meta = dataclasses.replace(doc.meta, title=text(doc.meta.title), kind=text(doc.meta.kind),
                               short_title=text(doc.meta.short_title))  # fmt: skip
    return dataclasses.replace(
        doc,
        meta=meta,
        summary=tuple(map_inlines(block, inlines) for block in doc.summary),
        blocks=tuple(block_in_its_language(block) for block in doc.blocks),
        notes=tuple(_note(note, inlines) for note in doc.notes),
    )


def _rules_of(language: str) -> tuple[re.Pattern[str], ...]:
    return _RULES.get(language.split("-")[0].lower(), ())


def _spacing(rules: tuple[re.Pattern[str], ...]) -> Callable[[str], str]:
    def spaced(text: str) -> str:
        for rule in rules:
            text = rule.sub(NO_BREAK_SPACE, text)
        return text

    return spaced


def _inline(node: Inline, text: Callable[[str], str]) -> Inline:
    if isinstance(node, Text):
        return dataclasses.replace(node, text=text(node.text))
    children = getattr(node, "children", None)
    if children is None:
        return node
    changed: Inline = dataclasses.replace(node, children=tuple(_inline(child, text) for child in children))  # type: ignore[arg-type]
    return changed


def _note(note: Footnote, inlines: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> Footnote:
    return dataclasses.replace(note, children=inlines(note.children))
