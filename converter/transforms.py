"""Small, ordered model -> model steps run on every document after reading.

1. ``link_symbols``: UN document symbols in text become ``SymbolRef`` nodes.
2. ``number_paragraphs``: numbered paragraphs are numbered consecutively from
   where the document starts (1, or the first explicit number: an excerpt may
   start at 51); an annex restarts the count unless it says it continues.
3. ``number_footnotes``: footnotes are numbered in order of first call and
   every call must name a footnote that exists; each call learns whether it
   is the note's first (``occurrence``), so no writer decides that for itself.
4. ``label_headings``: with ``heading_labels: auto``, headings get the theme's
   labels (I., II. / A., B. / 1., 2.), counted within their parent; explicit
   labels are kept.
5. ``classify_lists``: the scheme each list's labels follow ((a), (b)... or
   (i), (ii)...), so DOCX can number them as Word does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .counters import format_counter, scheme_of
from .errors import InputError
from .model import (
    Annex,
    Block,
    Document,
    Emph,
    EnumList,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    ListItem,
    NumberedPara,
    Para,
    Preamble,
    Quote,
    Signature,
    Strong,
    SymbolRef,
    Text,
)
from .symbols import find_symbols


def apply_all(doc: Document) -> Document:
    for step in TRANSFORMS:
        doc = step(doc)
    return doc


# --- walking the inlines of any block --------------------------------------------------------


def map_inlines(block: Block, fn: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> Block:
    """``block`` with ``fn`` applied to each run of inlines it holds, in reading order."""
    if isinstance(block, EnumList):
        return dataclasses.replace(block, items=tuple(_map_item(item, fn) for item in block.items))
    if isinstance(block, (Heading, NumberedPara, Para, Preamble, Quote)):
        return dataclasses.replace(block, children=fn(block.children))
    if isinstance(block, Annex):
        return dataclasses.replace(block, title=fn(block.title))
    if isinstance(block, Signature):
        return dataclasses.replace(block, lines=tuple(fn(line) for line in block.lines))
    raise TypeError(f"unknown block {type(block).__name__}")


def _map_item(item: ListItem, fn: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> ListItem:
    children = fn(item.children)
    return dataclasses.replace(item, children=children, blocks=tuple(map_inlines(b, fn) for b in item.blocks))


def _map_document(doc: Document, fn: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> Document:
    """The summary first, then the body: the order a reader meets them in."""
    summary = tuple(map_inlines(block, fn) for block in doc.summary)
    blocks = tuple(map_inlines(block, fn) for block in doc.blocks)
    return dataclasses.replace(doc, summary=summary, blocks=blocks)


# --- symbols -------------------------------------------------------------------


def link_symbols(doc: Document) -> Document:
    doc = _map_document(doc, _symbols_in)
    notes = tuple(dataclasses.replace(note, children=_symbols_in(note.children)) for note in doc.notes)
    return dataclasses.replace(doc, notes=notes)


def _symbols_in(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in children:
        if isinstance(node, Text):
            out.extend(_split_symbols(node))
        elif isinstance(node, (Emph, Strong)):
            out.append(dataclasses.replace(node, children=_symbols_in(node.children)))
        else:  # a link's text is already a link; symbols and calls have no text
            out.append(node)
    return tuple(out)


def _split_symbols(node: Text) -> list[Inline]:
    pieces: list[Inline] = []
    last = 0
    for start, end in find_symbols(node.text):
        if start > last:
            pieces.append(Text(node.text[last:start], pos=node.pos))
        pieces.append(SymbolRef(node.text[start:end], pos=node.pos))
        last = end
    if last < len(node.text):
        pieces.append(Text(node.text[last:], pos=node.pos))
    return pieces


# --- paragraph numbers ------------------------------------------------------------


def number_paragraphs(doc: Document) -> Document:
    blocks: list[Block] = []
    expected: int | None = None  # None: the next numbered paragraph may set where counting starts
    for block in doc.blocks:
        if isinstance(block, Annex) and block.restart:
            expected = None
        if isinstance(block, NumberedPara):
            if expected is None:
                expected = block.number or 1
            if block.number and block.number != expected:
                raise InputError(
                    f"paragraph number {block.number} should be {expected}: numbered paragraphs run "
                    "on without gaps or repeats (only the first, or the first of an annex, may start "
                    "elsewhere than 1)",
                    block.pos,
                )
            block = dataclasses.replace(block, number=expected)
            expected += 1
        blocks.append(block)
    return dataclasses.replace(doc, blocks=tuple(blocks))


# --- footnotes -------------------------------------------------------------------


def number_footnotes(doc: Document) -> Document:
    """Number footnotes by first call; uncalled or undefined footnotes are errors."""
    defined = {note.label: note for note in doc.notes}
    order: dict[str, int] = {}
    calls: dict[str, int] = {}  # label -> calls so far: which call is the first is decided here, once

    def renumber(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(_renumber_call(node, defined, order, calls, renumber) for node in children)

    doc = _map_document(doc, renumber)
    for note in doc.notes:
        if note.label not in order:
            raise InputError(f"footnote [^{note.label}] is never called in the text", note.pos)
    notes = sorted(
        (dataclasses.replace(note, number=order[note.label]) for note in doc.notes),
        key=lambda note: note.number,
    )
    return dataclasses.replace(doc, notes=tuple(notes))


def _renumber_call(
    node: Inline,
    defined: dict[str, Footnote],
    order: dict[str, int],
    calls: dict[str, int],
    renumber: Callable[[tuple[Inline, ...]], tuple[Inline, ...]],
) -> Inline:
    if isinstance(node, FootnoteRef):
        if node.label not in defined:
            raise InputError(f"footnote [^{node.label}] is called but not defined", node.pos)
        number = order.setdefault(node.label, len(order) + 1)
        calls[node.label] = calls.get(node.label, 0) + 1
        return dataclasses.replace(node, number=number, occurrence=calls[node.label])
    if isinstance(node, (Emph, Strong, Link)):
        return dataclasses.replace(node, children=renumber(node.children))
    return node


# --- heading labels ------------------------------------------------------------------------


def label_headings(doc: Document) -> Document:
    """With ``heading_labels: auto``: I., II. for level 1, A., B. within each, 1., 2.
    within those (the theme's counters), restarting in each annex."""
    if doc.meta.heading_labels != "auto":
        return doc
    counters, pattern = heading_counters(doc.meta.language)
    counts = [0, 0, 0]
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Annex):
            counts = [0, 0, 0]
        if isinstance(block, Heading) and not block.unlabelled:
            index = block.level - 1
            counts[index] += 1
            counts[index + 1 :] = [0] * (2 - index)
            if not block.label:
                label = pattern.format(label=format_counter(counts[index], counters[index]))
                block = dataclasses.replace(block, label=label)
        blocks.append(block)
    return dataclasses.replace(doc, blocks=tuple(blocks))


def heading_counters(language: str) -> tuple[tuple[str, ...], str]:
    """The counters of headings' labels by level, and how a label shows its counter: the
    language's where its documents label headings their own way (Arabic "أولا -", "ألف -";
    Chinese "一.", "A."), else the theme's (I., A., 1.)."""
    from .theme import load_theme  # the label counters are typography: the theme's
    from .wording import wording

    words = wording(language)
    counters = tuple(str(counter) for counter in words.get("heading_labels") or load_theme().heading_labels)
    return counters, str(words.get("heading_label", "{label}."))


def labels_follow_theme(doc: Document) -> bool:
    """Whether every heading label is the one the theme's counters give (headings without
    a label not counted, each annex counting afresh): then Word can number the headings
    itself, as it would had the labels been asked for with ``heading_labels: auto``."""
    from .theme import load_theme

    counters, pattern = heading_counters(doc.meta.language)
    if counters != load_theme().heading_labels or pattern != "{label}.":
        return False  # Word's heading numbering is the theme's: other labels stay as text
    counts = [0, 0, 0]
    labelled = False
    for block in doc.blocks:
        if isinstance(block, Annex):
            counts = [0, 0, 0]
        if isinstance(block, Heading) and block.label:
            index = block.level - 1
            counts[index] += 1
            counts[index + 1 :] = [0] * (2 - index)
            if block.label != format_counter(counts[index], counters[index]) + ".":
                return False
            labelled = True
    return labelled


# --- list schemes -----------------------------------------------------------------------------


def classify_lists(doc: Document) -> Document:
    def classify(block: Block) -> Block:
        if not isinstance(block, EnumList):
            return block
        items = tuple(
            dataclasses.replace(item, blocks=tuple(classify(b) for b in item.blocks)) for item in block.items
        )
        scheme = scheme_of([item.label for item in items])
        if scheme is None:
            return dataclasses.replace(block, items=items, scheme="", pattern="", start=0)
        return dataclasses.replace(
            block, items=items, scheme=scheme.counter, pattern=scheme.pattern, start=scheme.start
        )

    return dataclasses.replace(
        doc, blocks=tuple(classify(b) for b in doc.blocks), summary=tuple(classify(b) for b in doc.summary)
    )


TRANSFORMS: tuple[Callable[[Document], Document], ...] = (
    link_symbols,
    number_paragraphs,
    number_footnotes,
    label_headings,
    classify_lists,
)

__all__ = ["TRANSFORMS", "apply_all", "find_symbols", "map_inlines"]
