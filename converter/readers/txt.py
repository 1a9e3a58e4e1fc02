"""Reader for plain text laid out like the 2015 President's Summary.

Blocks are separated by blank lines:

* the title, first, optionally wrapped in ``**...**`` over several lines;
* a place-and-date line, ``New York, 8 September 2015`` (optional);
* a document-kind line in capitals, ``PRESIDENT'S SUMMARY`` (optional);
* then section headings (one short line; ``## `` / ``### `` for levels 2-3),
  numbered paragraphs ``N. text``, list blocks whose lines start ``(a) ``,
  quotes whose lines start ``> ``, footnote texts ``[^label]: text`` and
  unnumbered paragraphs.

Text inside blocks uses the same inline markup as the canonical source.
What cannot be placed is an error naming its line; no text is dropped.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..errors import InputError
from ..inline import parse_inline
from ..model import (
    Block,
    Document,
    EnumList,
    Footnote,
    Heading,
    Inline,
    ListItem,
    Metadata,
    NumberedPara,
    Para,
    Pos,
    Quote,
)
from ..readers.fields import check_characters
from ..readers.yamltree import decode_source
from ..wording import wording

_NUMBERED_RE = re.compile(r"(\d{1,6})\.\s+(?=\S)")
_BAD_NUMBER_RE = re.compile(r"\d{1,6}(\.\S|\)\s|\.$)")
_LIST_RE = re.compile(r"(\(\w{1,6}\))\s+(?=\S)")
_NOTE_RE = re.compile(r"\[\^([\w-]+)\]:\s*")
_HEADING_MARK_RE = re.compile(r"(#{2,3})\s+(?=\S)")
# "New York, 8 September 2015", "…, le 8 septembre 2015", "…, 8 de septiembre de 2015",
# "…, 8 сентября 2015 года": the datelines our writers print, in every language with wording.
_DATELINE_RE = re.compile(
    r"(?P<place>.+?),\s+(?:le\s+)?(?P<day>\d{1,2})\s+(?:de\s+)?(?P<month>\w+)\s+(?:de\s+)?(?P<year>\d{4})(?:\s+года)?"
)
MAX_HEADING_CHARS = 120
# Month names of every language we have wording for.
_MONTHS = {
    name.lower(): number
    for language in ("en", "fr", "es", "ru")
    for number, name in enumerate(wording(language)["months"], start=1)
}


@dataclass(frozen=True)
class _Chunk:
    """Lines between blank lines, with the number of the first."""

    line: int
    lines: tuple[str, ...]

    @property
    def joined(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def read(data: bytes, path: str) -> Document:
    text = decode_source(data, path).replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        check_characters(line, Pos(path, number, 1), "the line")
    chunks = _chunks(text)
    if not chunks:
        raise InputError("file is empty", Pos(path, 1, 1))
    title, rest = _title(chunks, path)
    place, date, rest = _dateline(rest, path)
    kind, rest = _kind(rest)
    blocks: list[Block] = []
    notes: list[Footnote] = []
    for chunk in rest:
        pos = Pos(path, chunk.line, 1)
        if _NOTE_RE.match(chunk.lines[0]):
            notes.extend(_notes(chunk, path))
        else:
            blocks.append(_block(chunk, pos))
    meta = Metadata(title=title, kind=kind, place=place, date=date, pos=Pos(path, chunks[0].line, 1))
    return Document(meta, tuple(blocks), tuple(notes), pos=Pos(path, 1, 1))


def _chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            chunks.append(_Chunk(start, tuple(current)))
            current = []
    if current:
        chunks.append(_Chunk(start, tuple(current)))
    return chunks


def _title(chunks: list[_Chunk], path: str) -> tuple[str, list[_Chunk]]:
    first = chunks[0]
    title = first.joined
    if title.startswith("**"):
        if not title.endswith("**") or len(title) < 5:
            raise InputError("the title opens with ** but does not close with **", Pos(path, first.line, 1))
        title = title[2:-2].strip()
    return title, chunks[1:]


def _dateline(chunks: list[_Chunk], path: str) -> tuple[str, datetime.date | None, list[_Chunk]]:
    if not chunks or len(chunks[0].lines) != 1:
        return "", None, chunks
    match = _DATELINE_RE.fullmatch(chunks[0].joined)
    if not match:
        return "", None, chunks
    month = _MONTHS.get(match["month"].lower())
    pos = Pos(path, chunks[0].line, match.start("day") + 1)
    if month is None:
        raise InputError(f"{match['month']!r} is not a month name in the date line", pos)
    try:
        date = datetime.date(int(match["year"]), month, int(match["day"]))
    except ValueError as err:
        raise InputError(f"the date line has an impossible date: {err}", pos) from None
    return match["place"].strip(), date, chunks[1:]


def _kind(chunks: list[_Chunk]) -> tuple[str, list[_Chunk]]:
    if chunks and len(chunks[0].lines) == 1:
        line = chunks[0].joined
        if any(ch.isalpha() for ch in line) and line == line.upper() and len(line) <= MAX_HEADING_CHARS:
            return line, chunks[1:]
    return "", chunks


def _block(chunk: _Chunk, pos: Pos) -> Block:
    first = chunk.lines[0].strip()
    numbered = _NUMBERED_RE.match(first)
    if numbered:
        text = chunk.joined[numbered.end() :]
        return NumberedPara(_parse(text, pos, numbered.end()), int(numbered.group(1)), pos=pos)
    if _BAD_NUMBER_RE.match(first):
        raise InputError("a paragraph number is written 'N. ' (a number, a full stop, a space)", pos)
    if _LIST_RE.match(first):
        return _list(chunk, pos.file)
    if all(line.startswith(">") for line in chunk.lines):
        text = " ".join(line[1:].strip() for line in chunk.lines)
        return Quote(_parse(text, pos, 2), pos=pos)
    marked = _HEADING_MARK_RE.match(first)
    if marked and len(chunk.lines) == 1:
        return Heading(len(marked.group(1)), _parse(first[marked.end() :], pos, marked.end()), pos=pos)
    if _looks_like_heading(chunk):
        return Heading(1, _parse(first, pos, 0), pos=pos)
    return Para(_parse(chunk.joined, pos, 0), pos=pos)


def _looks_like_heading(chunk: _Chunk) -> bool:
    line = chunk.lines[0].strip()
    return len(chunk.lines) == 1 and len(line) <= MAX_HEADING_CHARS and line[-1] not in ".,;:!?"


def _list(chunk: _Chunk, path: str) -> EnumList:
    items: list[ListItem] = []
    for offset, line in enumerate(chunk.lines):
        pos = Pos(path, chunk.line + offset, 1)
        match = _LIST_RE.match(line.strip())
        if match:
            items.append(
                ListItem(match.group(1), _parse(line.strip()[match.end() :], pos, match.end()), pos=pos)
            )
        else:  # a wrapped line continues the item before it
            last = items[-1]
            more = _parse(" " + line.strip(), pos, 0)
            items[-1] = ListItem(last.label, last.children + more, pos=last.pos)
    return EnumList(tuple(items), pos=Pos(path, chunk.line, 1))


def _notes(chunk: _Chunk, path: str) -> list[Footnote]:
    notes: list[Footnote] = []
    for offset, line in enumerate(chunk.lines):
        pos = Pos(path, chunk.line + offset, 1)
        match = _NOTE_RE.match(line.strip())
        if not match:
            raise InputError("each line of a footnote block starts '[^label]: '", pos)
        notes.append(Footnote(match.group(1), _parse(line.strip()[match.end() :], pos, match.end()), pos=pos))
    return notes


def _parse(text: str, pos: Pos, col_offset: int) -> tuple[Inline, ...]:
    return parse_inline(text, Pos(pos.file, pos.line, pos.col + col_offset))
