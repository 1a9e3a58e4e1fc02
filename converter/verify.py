"""``--verify``: read each output back and check it says what the source says.

An output passes when the words of ``plain_text`` (per document) appear in it
in the same order, with nothing between them but page furniture: masthead and
cover details, running heads, "Page X of Y", contents entries, numbers and
punctuation.  Footnote texts may stand anywhere after their call (at the foot
of a page, or at the end).  A difference is an error naming the format, the
paragraph and the first differing words.

Text is compared as tokens (runs of letters and digits, or single marks), so
the line breaks and spacing a layout adds do not matter; invisible format
characters (zero-width spaces, direction marks) are left out on both sides.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Callable

from .errors import InputError, R2PError
from .kept import KeptFor
from .model import (
    Block,
    Document,
    EnumList,
    FootnoteRef,
    Item,
    Pos,
    block_inlines,
    block_text,
    documents_of,
    inline_text,
    plain_text,
)
from .records import record

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
EXTRACTORS = {  # format -> module with extract_text(data: bytes) -> str
    "html": "converter.verify_extract",
    "docx": "converter.verify_extract",
    "pdf": "converter.verify_extract",
}


class VerificationError(R2PError):
    """An output does not say what its source says."""


@record
class Segment:
    """A stretch of expected text: what it is ("paragraph 8") and where it came from."""

    label: str
    tokens: tuple[str, ...]
    pos: Pos | None


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():  # (no format character is)
        # each distinct character's category looked up once, not each character's
        invisible = {ord(char): None for char in set(text) if unicodedata.category(char) == "Cf"}
        text = text.translate(invisible) if invisible else text
    return _TOKEN_RE.findall(text)


def is_filler(token: str) -> bool:
    """Numbers and marks may be added anywhere: page numbers, note markers, bullets."""
    return token.isdigit() or not token[0].isalnum()


def verify_output(item: Item, fmt: str, data: bytes) -> None:
    """Raise ``VerificationError`` unless ``data`` (an output in ``fmt``) says what ``item`` says."""
    if fmt in ("yaml", "txt"):  # our own formats: read them back with our readers
        return _verify_by_reading_back(item, fmt, data)
    module = importlib.import_module(EXTRACTORS[fmt])
    try:
        text = module.extract_text(fmt, data)
    except Exception as err:  # (qpdf, zipfile or lxml: what was written does not even parse)
        raise VerificationError(f"{fmt}: the output does not read back: {err}", item.pos) from None
    check_text(item, fmt, text)
    return None


def check_text(item: Item, fmt: str, text: str) -> None:
    keep = _drawable(fmt)
    actual = tokens(text.replace("\x00", "").replace("\ufffd", ""))
    expected = _expected(item, keep)
    allowed = expected.allowed
    position = 0
    for body, notes, callers in expected.documents:
        actual, position = _match_notes(actual, position, notes, callers, fmt)
        position = _match_body(actual, position, body, allowed, fmt)
    extra = [
        token for token in actual[position:] if not (is_filler(token) or _furniture_word(token, allowed))
    ]
    if extra:
        raise VerificationError(
            f"{fmt}: text after the end of the document: {' '.join(extra[:12])!r}", item.pos
        )


@record
class _Expected:
    """What an item's outputs should say, after a format's clean-up (kept by the item and
    the clean-up: ``_expected``)."""

    allowed: set[str]  # the furniture's tokens
    documents: tuple[
        tuple[list[Segment], list[Segment], dict[str, tuple[str, ...]]], ...
    ]  # body, notes, callers


_EXPECTED: KeptFor[_Expected] = KeptFor(4)


def _expected(item: Item, keep: Callable[[str], str]) -> _Expected:
    """Worked out once for the formats of one conversion that share a clean-up (HTML and
    DOCX); for PDF's, the same again where it changes nothing, as for most documents."""

    def make() -> _Expected:
        if keep is not str:
            plain = _expected(item, str)
            if _unchanged_by(keep, item):
                return plain
        documents = tuple((*expected_segments(doc, keep), _callers(doc, keep)) for doc in documents_of(item))
        return _Expected(furniture(item, keep), documents)

    return _EXPECTED.get((item, keep), make)


def _unchanged_by(keep: Callable[[str], str], item: Item) -> bool:
    """Whether ``keep`` leaves every text the expected words come from as it is: the
    documents' words and the furniture (a clean-up drops characters, each on its own)."""
    from .writers.plan import plan

    joined = "\n".join([*(plain_text(doc) for doc in documents_of(item)), *plan(item).furniture()])
    return keep(joined) == joined


def expected_segments(doc: Document, keep: Callable[[str], str] = str) -> tuple[list[Segment], list[Segment]]:
    """The words each part of a document should show, after ``keep`` (a format's clean-up)."""
    body = [Segment("the title", _segment_tokens(keep(doc.meta.title)), doc.meta.pos)]
    body += [
        Segment(_label(block), _segment_tokens(keep(block_text(block))), block.pos)
        for block in (*doc.summary, *doc.blocks)
    ]
    notes = [
        Segment(
            f"footnote {note.number}",
            (str(note.number), *_segment_tokens(keep(inline_text(note.children)))),
            note.pos,
        )
        for note in doc.notes
    ]
    return body, notes


_SHORT_TEXT = 4_000  # what ``_segment_tokens`` keeps: a block's, not a whole long document's


def _segment_tokens(text: str) -> tuple[str, ...]:
    """A segment's tokens, kept for short texts: a conversion's formats (and PDF's clean-up,
    which changes only characters its faces lack) ask for the same texts."""
    return _kept_tokens(text) if len(text) <= _SHORT_TEXT else tuple(tokens(text))


@functools.lru_cache(maxsize=2048)
def _kept_tokens(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


def _drawable(fmt: str) -> Callable[[str], str]:
    """The documented clean-up of a format: PDF shows only what its font can draw
    (each character it cannot is reported as a warning when the PDF is written)."""
    if fmt != "pdf":
        return str
    from .writers.pdf.fonts import drawable

    return drawable


_LABELS = {
    "Heading": "a heading",
    "Para": "an unnumbered paragraph",
    "Preamble": "a preambular paragraph",
    "EnumList": "a list",
    "Quote": "a quote",
    "Annex": "an annex",
    "Signature": "a signature",
}


def _label(block: Block) -> str:
    """How an error names a block: "paragraph 8", or its kind (the position says which)."""
    number = getattr(block, "number", 0)
    return f"paragraph {number}" if number else _LABELS[type(block).__name__].split(" ", 1)[1]


def furniture(item: Item, keep: Callable[[str], str] = str) -> set[str]:
    """Tokens that outputs may add: whatever the writers' plan puts on a page besides the
    blocks (masthead, title block, running heads, cover, contents, fixed wording)."""
    from .writers.plan import plan

    texts = [keep(text) for text in plan(item).furniture()]
    # a template's words with its numbers left out: "第{page}页" is shown "第1页", one word
    texts += [_PLACEHOLDER.sub("", text) for text in texts if "{" in text]
    # and the long words whole: the layout may break one anywhere, even inside a token
    long_words = {word for text in texts for word in text.split() if len(word) > 20}
    return {token for text in texts for token in _segment_tokens(text)} | long_words


def _match_notes(
    actual: list[str], start: int, notes: list[Segment], callers: dict[str, tuple[str, ...]], fmt: str
) -> tuple[list[str], int]:
    """Find each note's text and take it out, so the body matches around it: its first
    place after the paragraph that first calls it (a note follows its call: at the foot
    of the call's page, at the end of its document, or of the whole text), so that a note
    text two documents share is taken from the right one."""
    remaining = list(actual)
    for note in notes:  # every format shows a note as its number, then its text
        caller = callers.get(note.label, ())
        after = _find_first(remaining, caller, start) if caller else -1
        if after >= 0:  # after the calling block's first words, which may start like the note
            after += len(caller)
        at, end = _find_run(remaining, note.tokens, max(after, start), first=True)
        if at < 0:
            raise VerificationError(
                f"{fmt}: {note.label} is missing or changed: {_show(note.tokens)}", note.pos
            )
        del remaining[at:end]  # the number comes along with the text
    return remaining, start


def _callers(doc: Document, keep: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """For each footnote (by its label in messages), the first words of the block that
    first calls it."""
    found: dict[str, tuple[str, ...]] = {}
    for block in (*doc.summary, *doc.blocks):
        pending = [node for run in block_inlines(block) for node in run]
        while pending:
            node = pending.pop()
            if isinstance(node, FootnoteRef):
                found.setdefault(f"footnote {node.number}", _segment_tokens(keep(block_text(block)))[:6])
            pending.extend(getattr(node, "children", ()))
    return found


def _find_first(haystack: list[str], needle: tuple[str, ...], start: int) -> int:
    """The first place after ``start`` where ``needle`` stands, or -1."""
    first = needle[0]
    for index in range(start, len(haystack) - len(needle) + 1):
        if haystack[index] == first and tuple(haystack[index : index + len(needle)]) == needle:
            return index
    return -1


def _find_run(
    haystack: list[str], needle: tuple[str, ...], start: int, first: bool = False
) -> tuple[int, int]:
    """Where ``needle`` stands after ``start``, as (first, past the last): its last place,
    or with ``first`` its first.  A word too long for its line may stand broken over several."""
    if not needle:
        return start, start
    places = range(start, len(haystack)) if first else range(len(haystack) - 1, start - 1, -1)
    for index in places:
        if needle[0].startswith(haystack[index]):
            end = _matches_at(haystack, index, needle)
            if end >= 0:
                return index, end
    return -1, -1


def _matches_at(haystack: list[str], index: int, needle: tuple[str, ...]) -> int:
    """Where a match of ``needle`` from ``haystack[index]`` ends, or -1."""
    for want in needle:
        if index < len(haystack) and haystack[index] == want:
            index += 1
            continue
        joined = ""
        while index < len(haystack) and want.startswith(joined + haystack[index]) and joined != want:
            joined += haystack[index]
            index += 1
        if joined != want:
            return -1
    return index


def _match_body(actual: list[str], position: int, body: list[Segment], allowed: set[str], fmt: str) -> int:
    for segment in body:
        position = _match_segment(actual, position, segment, allowed, fmt)
    return position


def _match_segment(actual: list[str], position: int, segment: Segment, allowed: set[str], fmt: str) -> int:
    """Where ``segment``'s words end in ``actual``, from ``position`` on.  The words left
    are compared as they stand (in C) first, and again after each stretch of furniture
    passed over or word rejoined, where their last word stands where it would: most
    blocks differ from their output only by the number before them or a page's footer
    inside them.  After a few compares that fail, word by word to the end (so that a
    long block with furniture all through it costs no more than before)."""
    wanted = segment.tokens
    compare, failed = True, 0
    for offset in range(len(wanted)):
        if compare and failed < _MAX_FAILED_COMPARES:
            end = position + len(wanted) - offset
            if end <= len(actual) and actual[end - 1] == wanted[-1]:
                if tuple(actual[position:end]) == wanted[offset:]:
                    return end
                failed += 1
        after = _match_token(actual, position, segment, offset, allowed, fmt)
        compare = after != position + 1
        position = after
    return position


_MAX_FAILED_COMPARES = 4


def _match_token(
    actual: list[str], position: int, segment: Segment, offset: int, allowed: set[str], fmt: str
) -> int:
    """Where the segment's ``offset``-th word ends in ``actual``, standing at ``position``
    or after furniture, or broken over lines."""
    want = segment.tokens[offset]
    ahead = _found_past_furniture(actual, position, want, allowed)
    if ahead >= 0:  # the word itself, after furniture: before any joining of pieces
        position = ahead
    while position < len(actual) and actual[position] != want:
        rejoined = _rejoin(actual, position, want, allowed)
        if rejoined:  # a long word the layout broke over lines
            position = rejoined - 1
            actual[position] = want
            break
        if not _skippable(actual[position], allowed):
            break
        position += 1
    if position >= len(actual) or actual[position] != want:
        found = _show(actual[position : position + 8]) or "the end"
        expected = _show(segment.tokens[offset : offset + 8])
        raise VerificationError(f"{fmt}: {segment.label}: expected {expected} but found {found}", segment.pos)
    return position + 1


def _found_past_furniture(actual: list[str], position: int, want: str, allowed: set[str]) -> int:
    """Where ``want`` stands after nothing but furniture from ``position`` on, or -1.  (A
    title "00" after a masthead's "0 session" is that "00", not "0" joined to the next "0".)"""
    for index in range(position, min(len(actual), position + 64)):
        if actual[index] == want:
            return index
        if not _skippable(actual[index], allowed):
            return -1
    return -1


def _rejoin(actual: list[str], position: int, want: str, allowed: set[str]) -> int:
    """If the tokens from ``position`` on spell ``want`` when joined, the index after them;
    else 0.  Between the pieces may stand a page's furniture: a word broken over a page
    break (a run of Chinese has no spaces to break at) has the footer between its halves."""
    joined = ""
    for index in range(position, min(len(actual), position + 64)):
        candidate = joined + actual[index]
        if candidate == want:
            return index + 1
        if want.startswith(candidate):
            joined = candidate
        elif not (joined and _skippable(actual[index], allowed)):
            return 0
    return 0


_PLACEHOLDER = re.compile(r"\{\w+\}")
_DIGITS = re.compile(r"[0-9]+")


def _furniture_word(token: str, allowed: set[str]) -> bool:
    """A word of the furniture, or one with numbers filled in ("第1页")."""
    return token in allowed or (any(char.isdigit() for char in token) and _DIGITS.sub("", token) in allowed)


def _skippable(token: str, allowed: set[str]) -> bool:
    """Furniture: numbers, marks, words of the furniture, or a piece of a long furniture
    word that the layout broke over lines."""
    if is_filler(token) or _furniture_word(token, allowed):
        return True
    return any(len(word) > 20 and _piece_of(token, word) for word in allowed)


def _piece_of(token: str, word: str) -> bool:
    """Whether ``token`` can be what a line break left of ``word``: any piece longer than
    three characters, or a short one at an end of one of the word's tokens ("00A" of
    "…000A", "A" of "…0A:")."""
    if token not in word:
        return False
    return len(token) > 3 or any(part.startswith(token) or part.endswith(token) for part in tokens(word))


def _show(words: tuple[str, ...] | list[str]) -> str:
    return repr(" ".join(words)) if words else ""


def _verify_by_reading_back(item: Item, fmt: str, data: bytes) -> None:
    from .readers import reader_for
    from .transforms import apply_all

    try:
        back = reader_for(fmt)(data, f"<{fmt} output>")
        if not isinstance(item, Document) or not isinstance(back, Document):
            raise VerificationError(f"{fmt}: packs are not written as {fmt}", item.pos)
        back = apply_all(back)
    except InputError as err:  # what was written does not even read as a document
        raise VerificationError(f"{fmt}: the output does not read back: {err}", item.pos) from None
    if fmt == "yaml":  # the canonical source must give the very same document back
        same = back == item and back.meta == item.meta
        if not same:
            raise VerificationError(f"{fmt}: the output does not read back as the same document", item.pos)
        return
    # Plain text lays paragraphs out in lines: the same blocks, of the same kinds (with
    # the same numbers, labels and levels), and the same words in the same order.
    for want, got in zip((*item.summary, *item.blocks), (*back.summary, *back.blocks), strict=False):
        name = _describe(want)
        if _shape(want) != _shape(got):
            raise VerificationError(f"{fmt}: {name} reads back as {_describe(got)}", want.pos)
        expected, found = tokens(block_text(want)), tokens(block_text(got))
        if expected != found:
            at = next((i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b), 0)
            seen = _show(found[at : at + 8]) or "nothing"
            shown = f"expected {_show(expected[at : at + 8])} but found {seen}"
            raise VerificationError(f"{fmt}: {name} reads back with other words: {shown}", want.pos)
    if len(item.summary) + len(item.blocks) != len(back.summary) + len(back.blocks):
        raise VerificationError(f"{fmt}: the output reads back with a different number of blocks", item.pos)
    if tokens(plain_text(back)) != tokens(plain_text(item)):
        raise VerificationError(f"{fmt}: the output does not read back with the same words", item.pos)


def _shape(block: Block) -> tuple[object, ...]:
    """What kind of block this is, beyond its words: its kind, number, level, label."""
    if isinstance(block, EnumList):
        return (
            "EnumList",
            tuple((item.label, tuple(_shape(b) for b in item.blocks)) for item in block.items),
        )
    return (
        type(block).__name__,
        getattr(block, "number", None),
        getattr(block, "level", None),
        getattr(block, "label", None),
        getattr(block, "restart", None),
    )


def _describe(block: Block) -> str:
    number = getattr(block, "number", 0)
    return f"paragraph {number}" if number else _LABELS.get(type(block).__name__, "a block")
