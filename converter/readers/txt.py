"""Reader for plain text laid out like the 2015 President's Summary, or like the text of a
UN document (as it comes out of a PDF, a line per masthead line).

Blocks are separated by blank lines:

* optionally the masthead, as UN documents print it: "United Nations" and the
  symbol; the organs; "Distr.: General", the date (with or without a place),
  "Original: English"; then a block per organ with its session line, agenda
  line ("Agenda items 14, 117 and 132*") and agenda titles; the "*" note
  ("* A/72/50.") and the job number ("18-08811 (E)") anywhere before the body;
* the title, optionally wrapped in ``**...**`` over several lines;
* a place-and-date line, ``New York, 8 September 2015`` (when the masthead has none);
* a document kind: a line in capitals (``PRESIDENT'S SUMMARY``) or a kind UN
  documents print ("Report of the Secretary-General", "Note by the Secretariat");
* optionally "Summary" and the summary's paragraphs, up to the first heading,
  numbered paragraph or annex;
* then the body: numbered paragraphs ``N. text`` (from 1, or from where an
  excerpt starts); headings (a short line; ``## `` / ``### `` for levels 2 and
  3; labelled ``I. Introduction``, ``A. Background``); sub-paragraph lists
  (lines starting ``(a) ``, ``(i) ``, ``• ``..., nested by four spaces); quotes
  (``> ``); a resolution's opening line (``The General Assembly,``) and its
  preambular paragraphs; annexes (``Annex I``, then ``**its title**``);
  signature blocks (``(Signed) Name`` and title lines); footnote texts
  ``[^label]: text``; and unnumbered paragraphs.

A line ending in a backslash keeps its line break.  Text uses the inline markup
of the canonical source.  A masthead line the reader cannot place is an error
naming it; a line read as a heading or a document kind without a mark that
makes it certain is reported as a warning with its line.  No text is dropped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import ConversionWarning, InputError, R2PError
from ..inline import parse_inline
from ..model import (
    AgendaItem,
    Annex,
    Block,
    Document,
    EnumList,
    Footnote,
    Heading,
    Inline,
    ListItem,
    Metadata,
    NumberedPara,
    Organ,
    Para,
    Pos,
    Preamble,
    Quote,
    Signature,
)
from ..plaintext import (
    HEADING_LABEL_RE,
    KIND_START,
    MAX_HEADING_CHARS,
    PRINCIPAL_ORGANS,
    PROPERTY_RE,
    RESOLUTION_OPENING_RE,
    TEXT_MARK,
    heading_like,
    organ_like,
    session_like,
    visible,
)
from ..readers.fields import check_characters
from ..readers.yamltree import decode_source
from ..symbols import SYMBOL_RE
from ..wording import wording

LANGUAGES = ("en", "fr", "es", "ru")  # whose wording the reader knows
CONFIDENT_HEADING_CHARS = 80
INDENT = 4  # spaces per level of nested sub-paragraphs

_NUMBERED_RE = re.compile(r"(\d{1,6})\.\s+(?=\S)")
_BAD_NUMBER_RE = re.compile(r"\d{1,6}(\.\S|\)\s|\.$)")
_LIST_RE = re.compile(r"(\(\w{1,6}\)|[a-z]{1,4}[.)]|[•▪◦●–—-])\s+(?=\S)")
_NOTE_RE = re.compile(r"\[\^([\w-]+)\]:\s*")
_HEADING_MARK_RE = re.compile(r"(#{2,3})\s+(?=\S)")
# "Annex", "Annex I", "Annex to the letter dated ...", in the languages the reader knows.
_ANNEX_RE = re.compile(
    r"(Annex|Annexe|Anexo|Enclosure|Appendix|Appendice|Apéndice|Приложение)(\s+[IVXLC\d]{1,6}|\s+[A-Z])?"
    r"(\s+(to|à|de|al|a|к)\s+[^.]{3,300})?"
)
_AGENDA_WORDS = re.compile(r"\b(agenda|ordre du jour|programa|повестки дня)\b", re.IGNORECASE)
_SIGNED_RE = re.compile(r"\((Signed|Signé|Firmado|Подпись)\)\s")
_JOB_RE = re.compile(r"\d{2}-\d{5}\s*\([A-Z]\).*")
_BARCODE_RE = re.compile(r"\*\d{7}\*")
_AGENDA_NOTE_RE = re.compile(r"(\*{1,3})\s*(.+?)\.?")
# Masthead lines that cannot be anything else; organ and session lines are recognised
# by their words, so they count only beside one of these (or after a masthead began).
_DEFINITE = (
    "united-nations", "symbol", "distribution", "original", "agenda", "date", "job",
    "agenda-note", "principal",
)  # fmt: skip


# --- what the wording of every known language looks like -------------------------------------


def _template_re(template: str, name: str = "value") -> re.Pattern[str]:
    """ "Distr.: {value}" -> a pattern capturing the value."""
    head, _, tail = template.partition("{" + name + "}")
    pattern = (
        re.escape(head).replace(r"\ ", r"\s*") + f"(?P<{name}>.+?)" + re.escape(tail).replace(r"\ ", r"\s+")
    )
    return re.compile(pattern)


@dataclass(frozen=True)
class _Wording:
    language: str
    united_nations: str
    distribution: re.Pattern[str]
    original: re.Pattern[str]
    agenda: tuple[re.Pattern[str], ...]
    summary: str
    months: dict[str, int]


@cache
def _wordings() -> tuple[_Wording, ...]:
    found = []
    for language in LANGUAGES:
        words = wording(language)
        found.append(
            _Wording(
                language=language,
                united_nations=str(words["united_nations"]),
                distribution=_template_re(str(words["distribution"])),
                original=_template_re(str(words["original"])),
                agenda=(
                    _template_re(str(words["agenda_items"]), "items"),
                    _template_re(str(words["agenda_item"]), "items"),
                ),
                summary=str(words["summary"]),
                months={name.lower(): number for number, name in enumerate(words["months"], start=1)},
            )
        )
    return tuple(found)


_DATELINE_RE = re.compile(
    r"(?:(?P<place>.+?),\s+)?(?:le\s+)?(?P<day>\d{1,2})\s+(?:de\s+)?(?P<month>\w+)\s+(?:de\s+)?(?P<year>\d{4})"
    r"(?:\s+(?:года|г\.))?"
)


def _month(name: str) -> tuple[int, str] | None:
    for words in _wordings():
        if name.lower() in words.months:
            return words.months[name.lower()], words.language
    return None


# --- chunks of lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    raw: str  # with its indentation

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def indent(self) -> int:
        expanded = self.raw.expandtabs(INDENT)
        return len(expanded) - len(expanded.lstrip(" "))


@dataclass(frozen=True)
class _Chunk:
    """Lines between blank lines."""

    lines: tuple[_Line, ...]

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def first(self) -> str:
        return self.lines[0].text

    @property
    def joined(self) -> str:
        """The lines as one text: joined by spaces, but a line ending in a backslash keeps
        its break (the inline markup's line break)."""
        out = ""
        for index, line in enumerate(self.lines):
            text = line.text
            if index and not out.endswith("\\\n"):
                out += " "
            out += text + ("\n" if text.endswith("\\") and index < len(self.lines) - 1 else "")
        return out


def _chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            current.append(_Line(number, raw.rstrip()))
        elif current:
            chunks.append(_Chunk(tuple(current)))
            current = []
    if current:
        chunks.append(_Chunk(tuple(current)))
    return chunks


# --- the reader ---------------------------------------------------------------------------------


def read(data: bytes, path: str, warn: Callable[[R2PError], None] | None = None) -> Document:
    text = decode_source(data, path).replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        check_characters(line, Pos(path, number, 1), "the line")
    chunks = _chunks(text)
    if not chunks:
        raise InputError("file is empty", Pos(path, 1, 1))
    return _Reader(chunks, path, warn or _ignore).document()


def _ignore(warning: R2PError) -> None:
    """No one asked to hear the reader's warnings."""


@dataclass
class _Masthead:
    """What the masthead lines said."""

    values: dict[str, Any] = field(default_factory=dict)
    organs: list[str] = field(default_factory=list)  # the names, in the order printed
    columns: list[dict[str, Any]] = field(default_factory=list)  # each organ's session block
    language: str = ""
    notes: dict[str, str] = field(default_factory=dict)  # agenda-note mark -> its text


class _Reader:
    def __init__(self, chunks: list[_Chunk], path: str, warn: Callable[[R2PError], None]) -> None:
        self.chunks = chunks
        self.path = path
        self.warn = warn
        self.at = 0
        self.mast = _Masthead()
        self.kind = ""  # a kind written as "[kind]: ..."

    def pos(self, line: int, col: int = 1) -> Pos:
        return Pos(self.path, line, col)

    def peek(self) -> _Chunk | None:
        return self.chunks[self.at] if self.at < len(self.chunks) else None

    def take(self) -> _Chunk:
        chunk = self.chunks[self.at]
        self.at += 1
        return chunk

    # the document, part by part -------------------------------------------------------------------

    def document(self) -> Document:
        self._masthead()
        title_chunk = self.take() if self.peek() else None
        if title_chunk is None:
            raise InputError("the file has a masthead but no title", self.pos(self.chunks[-1].line))
        title = self._title(title_chunk)
        self._dateline()
        kind = self._kind()
        self._feet()
        summary = self._summary()
        blocks, notes = self._body()
        meta = self._metadata(title, self.kind or kind, title_chunk.line)
        return Document(meta, tuple(blocks), tuple(notes), tuple(summary), pos=self.pos(1))

    def _metadata(self, title: str, kind: str, line: int) -> Metadata:
        mast = self.mast
        organs = []
        for index, name in enumerate(mast.organs or [column.get("name", "") for column in mast.columns]):
            column = next((c for c in mast.columns if c.get("name") == name), None)
            if column is None and index < len(mast.columns) and not mast.columns[index].get("name"):
                column = mast.columns[index]
            column = column or {}
            mark = column.get("mark", "")
            organs.append(
                Organ(
                    name=name,
                    session=column.get("session", ""),
                    agenda=tuple(column.get("agenda", ())),
                    agenda_note=mast.notes.get(mark, "") if mark else "",
                    agenda_label=column.get("label", ""),
                    pos=column.get("pos") or self.pos(line),
                )
            )
        values = dict(mast.values)
        return Metadata(
            title=title,
            kind=kind,
            organs=tuple(organs),
            language=mast.language or "en",
            pos=self.pos(line),
            **values,
        )

    def _title(self, chunk: _Chunk) -> str:
        title = chunk.joined
        if title.startswith("**"):
            if not title.endswith("**") or len(title) < 5:
                raise InputError("the title opens with ** but does not close with **", self.pos(chunk.line))
            title = title[2:-2].strip()
        return title

    def _dateline(self) -> None:
        """The seed's place-and-date line after the title (when the masthead had no date)."""
        chunk = self.peek()
        if chunk is None or len(chunk.lines) != 1 or "date" in self.mast.values:
            return
        found = self._date(chunk.first, chunk.line, need_place=True)
        if found:
            self.take()

    def _date(self, text: str, line: int, need_place: bool = False) -> bool:
        match = _DATELINE_RE.fullmatch(text)
        if not match or (need_place and not match["place"]):
            return False
        month = _month(match["month"])
        pos = self.pos(line, match.start("day") + 1)
        if month is None:
            if need_place:
                raise InputError(f"{match['month']!r} is not a month name in the date line", pos)
            return False
        try:
            date = datetime.date(int(match["year"]), month[0], int(match["day"]))
        except ValueError as err:
            raise InputError(f"the date line has an impossible date: {err}", pos) from None
        self.mast.values.update(date=date, place=(match["place"] or "").strip())
        self.mast.language = self.mast.language or month[1]
        return True

    def _kind(self) -> str:
        chunk = self.peek()
        if chunk is None or len(chunk.lines) != 1:
            return ""
        line = chunk.first
        capitals = (
            any(ch.isalpha() for ch in line) and line == line.upper() and len(line) <= MAX_HEADING_CHARS
        )
        if capitals or (KIND_START.match(line) and not line.endswith(".") and len(line) <= MAX_HEADING_CHARS):
            self.take()
            return line
        return ""

    def _feet(self) -> None:
        """Agenda notes and the job number, where a writer put them after the title."""
        while (chunk := self.peek()) is not None and all(self._foot_line(line) for line in chunk.lines):
            self.take()

    def _summary(self) -> list[Block]:
        chunk = self.peek()
        words = {w.summary for w in _wordings()}
        if chunk is None or len(chunk.lines) != 1 or chunk.first not in words:
            return []
        self.take()
        blocks: list[Block] = []
        while (chunk := self.peek()) is not None and not self._starts_body(chunk):
            block = self._block(self.take())
            if not isinstance(block, (Para, EnumList)):
                raise InputError("a summary holds paragraphs and lists only", self.pos(chunk.line))
            blocks.append(block)
        if not blocks:
            raise InputError("'Summary' is followed by no summary", self.pos(chunk.line if chunk else 1))
        return blocks

    def _starts_body(self, chunk: _Chunk) -> bool:
        """Where a summary ends: a heading, a numbered paragraph or an annex."""
        first = chunk.first
        one_line = len(chunk.lines) == 1
        return bool(
            _HEADING_MARK_RE.match(first)
            or _NUMBERED_RE.match(first)
            or self._labelled_heading(chunk)
            or (one_line and (_ANNEX_RE.fullmatch(first) or self._heading_like(first)))
        )

    # the masthead --------------------------------------------------------------------------------

    def _masthead(self) -> None:
        """Leading chunks whose every line is a masthead line.  The first must hold a line
        that is certainly one ("Distr.: General", a symbol, "Original: ...", an agenda
        line); after it, organ and session blocks follow.  A chunk with some masthead
        lines and some that are not is an error at the first line that is not."""
        started = False
        while (chunk := self.peek()) is not None:
            kinds = self._mast_kinds(chunk)
            definite = any(kind in _DEFINITE for kind in kinds)
            if not any(kinds) or not (definite or (started and all(kinds))):
                return
            started = True
            if not all(kinds):
                line = chunk.lines[kinds.index("")]
                raise InputError(
                    f"cannot tell what this masthead line is: {line.text!r} (a masthead holds 'United "
                    "Nations', the symbol, organs, Distr., the date, Original, sessions and agenda items)",
                    self.pos(line.number),
                )
            self._read_mast_chunk(chunk, kinds)
            self.take()

    def _mast_kinds(self, chunk: _Chunk) -> list[str]:
        """What each line of a chunk is, as a masthead line ("" for none): the lines after
        an agenda line are its items' titles, one per item."""
        kinds: list[str] = []
        titles = 0
        for line in chunk.lines:
            kind = self._mast_kind(line)
            if titles and kind in ("", "organ", "session"):
                kinds.append("agenda-title")
                titles -= 1
                continue
            titles = _agenda_count(line.text) if kind == "agenda" else 0
            kinds.append(kind)
        return kinds

    def _mast_kind(self, line: _Line) -> str:
        text = line.text
        if text.startswith("**"):
            return ""
        for words in _wordings():
            if text == words.united_nations:
                return "united-nations"
        if _symbol_line(text):
            return "symbol"
        for words in _wordings():
            if words.distribution.fullmatch(text):
                return "distribution"
            if words.original.fullmatch(text):
                return "original"
            if any(pattern.fullmatch(text) for pattern in words.agenda):
                return "agenda"
        if _AGENDA_WORDS.search(text) and len(text) <= 80 and not text.endswith((".", ",", ";")):
            return "agenda"
        if _DATELINE_RE.fullmatch(text) and _month(_DATELINE_RE.fullmatch(text)["month"]):  # type: ignore[index]
            return "date"
        if self._foot_kind(text):
            return self._foot_kind(text)
        if text in PRINCIPAL_ORGANS:
            return "principal"
        if session_like(text):
            return "session"
        if organ_like(text):
            return "organ"
        return ""

    def _foot_kind(self, text: str) -> str:
        if _JOB_RE.fullmatch(text) or _BARCODE_RE.fullmatch(text):
            return "job"
        note = _AGENDA_NOTE_RE.fullmatch(text)
        if note and _symbol_line(note.group(2)):
            return "agenda-note"
        return ""

    def _read_mast_chunk(self, chunk: _Chunk, kinds: list[str]) -> None:
        mast = self.mast
        in_column = "session" in kinds or "agenda" in kinds
        column: dict[str, Any] | None = None
        if in_column:
            column = {"pos": self.pos(chunk.line)}
            mast.columns.append(column)
        titles = 0  # the agenda items still waiting for their title line
        for line, kind in zip(chunk.lines, kinds, strict=True):
            text = line.text
            if kind == "agenda-title" and column is not None:
                agenda = column["agenda"]
                item = agenda[-titles]
                agenda[-titles] = AgendaItem(item.number, text, pos=self.pos(line.number))
                titles -= 1
                continue
            if kind == "united-nations":
                continue
            if kind == "symbol":
                mast.values["symbol"] = text
            elif kind in ("organ", "principal"):
                if column is not None:
                    column["name"] = text
                else:
                    mast.organs.append(text)
            elif kind == "distribution":
                mast.values["distribution"] = self._value(text, "distribution")
            elif kind == "original":
                mast.values["original_language"] = self._value(text, "original")
            elif kind == "date":
                self._date(text, line.number)
            elif kind == "session" and column is not None:
                column["session"] = text
            elif kind == "agenda" and column is not None:
                titles = self._agenda(text, column)
            elif kind in ("job", "agenda-note"):
                self._foot_line(line)

    def _value(self, text: str, key: str) -> str:
        for words in _wordings():
            match = getattr(words, key).fullmatch(text)
            if match:
                self.mast.language = self.mast.language or (words.language if words.language != "en" else "")
                return str(match["value"])
        return text

    def _agenda(self, text: str, column: dict[str, Any]) -> int:
        """ "Agenda items 14, 117 and 132*": the items, their mark; returns how many title
        lines should follow."""
        mark = re.search(r"\*+$", text)
        if mark:
            column["mark"] = mark.group()
            text = text[: mark.start()].rstrip()
        for words in _wordings():
            for pattern in words.agenda:
                match = pattern.fullmatch(text)
                if match:
                    numbers = re.split(r",\s*|\s+(?:and|et|y|и)\s+", match["items"])
                    column["agenda"] = [AgendaItem(number.strip()) for number in numbers if number.strip()]
                    return len(column["agenda"])
        column["label"] = text
        numbers = re.findall(r"\b\d{1,4}(?:\s?\([a-z]\))?", text)  # "Item 3 of the provisional agenda"
        column["agenda"] = [AgendaItem(number) for number in numbers]
        return len(numbers)

    def _foot_line(self, line: _Line) -> bool:
        text = line.text
        kind = self._foot_kind(text)
        if kind == "job":
            previous = self.mast.values.get("job", "")
            self.mast.values["job"] = f"{previous} {text}".strip()
        elif kind == "agenda-note":
            match = _AGENDA_NOTE_RE.fullmatch(text)
            assert match is not None
            self.mast.notes[match.group(1)] = match.group(2)
        return bool(kind)

    # the body ----------------------------------------------------------------------------------------

    def _body(self) -> tuple[list[Block], list[Footnote]]:
        blocks: list[Block] = []
        notes: list[Footnote] = []
        resolution = False  # after "The General Assembly,": paragraphs are preambular
        while self.peek() is not None:
            chunk = self.take()
            if _NOTE_RE.match(chunk.first):
                notes.extend(self._notes(chunk))
                continue
            if all(PROPERTY_RE.fullmatch(line.text) for line in chunk.lines):
                self._properties(chunk)
                continue
            if self._foot_chunk(chunk):
                continue
            block = self._block(chunk, resolution)
            if (
                isinstance(block, Para)
                and RESOLUTION_OPENING_RE.fullmatch(chunk.joined)
                and len(chunk.lines) == 1
            ):
                resolution = True
            elif isinstance(block, NumberedPara | Heading | Annex):
                resolution = False
            if (
                isinstance(block, Annex)
                and (title := self.peek()) is not None
                and title.first.startswith("**")
            ):
                self.take()
                block = Annex(block.label, self._inline(self._title(title), title.line, 0), pos=block.pos)
            blocks.append(block)
        return _annex_numbering(blocks), notes

    def _properties(self, chunk: _Chunk) -> None:
        """ "[author]: ..." lines: what no page prints but the document holds."""
        for line in chunk.lines:
            match = PROPERTY_RE.fullmatch(line.text)
            assert match is not None
            key, value = match.group(1), match.group(2).strip()
            if key == "language":
                self.mast.language = value
            elif key == "kind":
                self.kind = value
            elif key == "organ":
                self.mast.organs.append(value)
                self.mast.columns.append({"name": value, "pos": self.pos(line.number)})
            elif key == "session":
                if not self.mast.columns:
                    raise InputError("[session]: follows the [organ]: it belongs to", self.pos(line.number))
                self.mast.columns[-1]["session"] = value
            elif key == "heading_labels":
                if value not in ("auto", "none"):
                    raise InputError(f"heading_labels is auto or none, not {value!r}", self.pos(line.number))
                self.mast.values["heading_labels"] = "" if value == "none" else value
            else:
                self.mast.values[key] = value

    def _foot_chunk(self, chunk: _Chunk) -> bool:
        """A page foot that came through in the text ("* A/72/50.", "18-08811 (E)")."""
        return all(self._foot_kind(line.text) for line in chunk.lines) and all(
            self._foot_line(line) for line in chunk.lines
        )

    def _block(self, chunk: _Chunk, resolution: bool = False) -> Block:
        pos = self.pos(chunk.line)
        first = chunk.first
        if self._labelled_heading(chunk):
            return self._labelled(chunk)
        numbered = _NUMBERED_RE.match(first)
        if numbered:
            text = chunk.joined[numbered.end() :]
            return NumberedPara(
                self._inline(text, chunk.line, numbered.end()), int(numbered.group(1)), pos=pos
            )
        if _BAD_NUMBER_RE.match(first):
            raise InputError("a paragraph number is written 'N. ' (a number, a full stop, a space)", pos)
        if first.startswith(TEXT_MARK):  # a paragraph that would read as a heading
            children = self._inline(chunk.joined[len(TEXT_MARK) :], chunk.line, len(TEXT_MARK))
            return Preamble(children, pos=pos) if resolution else Para(children, pos=pos)
        if _SIGNED_RE.match(first):
            return Signature(tuple(self._inline(line.text, line.number, 0) for line in chunk.lines), pos=pos)
        if _LIST_RE.match(first):
            return self._list(chunk)
        if all(line.text.startswith(">") for line in chunk.lines):
            text = " ".join(line.text[1:].strip() for line in chunk.lines)
            return Quote(self._inline(text, chunk.line, 2), pos=pos)
        if len(chunk.lines) == 1 and _ANNEX_RE.fullmatch(first):
            return Annex(first, pos=pos)
        marked = _HEADING_MARK_RE.match(first)
        if marked and len(chunk.lines) == 1:
            rest = first[marked.end() :]
            label = HEADING_LABEL_RE.match(rest)
            if label:
                text = rest[label.end() :]
                return Heading(
                    len(marked.group(1)), self._inline(text, chunk.line, 0), label.group(1), pos=pos
                )
            return Heading(len(marked.group(1)), self._inline(rest, chunk.line, marked.end()), pos=pos)
        if len(chunk.lines) == 1 and self._heading_like(first):
            if not self._confident_heading(first):
                self.warn(ConversionWarning(
                    f"txt: read {first[:40]!r} as a heading (a short line without a full stop); "
                    "mark it '## ' or end it with a full stop to say which it is",
                    pos,
                ))  # fmt: skip
            return Heading(1, self._inline(first, chunk.line, 0), pos=pos)
        children = self._inline(chunk.joined, chunk.line, 0)
        if resolution:
            return Preamble(children, pos=pos)
        return Para(children, pos=pos)

    def _heading_like(self, line: str) -> bool:
        return heading_like(line)

    def _confident_heading(self, line: str) -> bool:
        seen = visible(line)
        return len(seen) <= CONFIDENT_HEADING_CHARS and seen[:1].isupper()

    def _labelled_heading(self, chunk: _Chunk) -> bool:
        """ "I. Introduction", "A. Background", "2. Responsibility to protect": a label, then
        one short line without a full stop (a numbered paragraph ends with one)."""
        if len(chunk.lines) != 1:
            return False
        match = HEADING_LABEL_RE.match(chunk.first)
        if not match:
            return False
        rest = chunk.first[match.end() :]
        return bool(rest) and self._heading_like(rest) and self._confident_heading(rest)

    def _labelled(self, chunk: _Chunk) -> Heading:
        match = HEADING_LABEL_RE.match(chunk.first)
        assert match is not None
        label = match.group(1)
        core = label[:-1]
        level = 3 if core.isdigit() else 2 if len(core) == 1 and core not in "IVXLC" else 1
        text = chunk.first[match.end() :]
        return Heading(level, self._inline(text, chunk.line, match.end()), label, pos=self.pos(chunk.line))

    def _list(self, chunk: _Chunk) -> EnumList:
        """Items at the indent of the first; deeper labelled lines are sub-items; an
        unlabelled line deeper than the item before it is a further paragraph of that
        item; an unlabelled line at the item's own indent continues it."""
        lines = list(chunk.lines)
        items, _ = self._items(lines, 0, lines[0].indent)
        return EnumList(tuple(items), pos=self.pos(chunk.line))

    def _items(self, lines: list[_Line], start: int, indent: int) -> tuple[list[ListItem], int]:
        items: list[ListItem] = []
        index = start
        while index < len(lines):
            line = lines[index]
            if line.indent < indent:
                break
            label = _LIST_RE.match(line.text)
            if line.indent == indent and label:
                children = self._inline(line.text[label.end() :], line.number, line.indent + label.end())
                items.append(ListItem(label.group(1), children, pos=self.pos(line.number)))
                index += 1
                continue
            if not items:
                raise InputError("a list starts with a labelled item such as '(a) '", self.pos(line.number))
            last = items[-1]
            if label:  # a deeper labelled line: a sub-list of the last item
                inner, index = self._items(lines, index, line.indent)
                items[-1] = ListItem(
                    last.label,
                    last.children,
                    (*last.blocks, EnumList(tuple(inner), pos=self.pos(line.number))),
                    pos=last.pos,
                )
            elif line.indent > indent:  # a further paragraph of the last item
                para = Para(self._inline(line.text, line.number, line.indent), pos=self.pos(line.number))
                items[-1] = ListItem(last.label, last.children, (*last.blocks, para), pos=last.pos)
                index += 1
            else:  # a wrapped line continues the item before it
                more = self._inline(" " + line.text, line.number, 0)
                if last.blocks and isinstance(last.blocks[-1], Para):
                    para = Para(last.blocks[-1].children + more, pos=last.blocks[-1].pos)
                    items[-1] = ListItem(last.label, last.children, (*last.blocks[:-1], para), pos=last.pos)
                else:
                    items[-1] = ListItem(last.label, last.children + more, last.blocks, pos=last.pos)
                index += 1
        return items, index

    def _notes(self, chunk: _Chunk) -> list[Footnote]:
        notes: list[Footnote] = []
        for line in chunk.lines:
            match = _NOTE_RE.match(line.text)
            if not match:
                raise InputError("each line of a footnote block starts '[^label]: '", self.pos(line.number))
            children = self._inline(line.text[match.end() :], line.number, match.end())
            notes.append(Footnote(match.group(1), children, pos=self.pos(line.number)))
        return notes

    def _inline(self, text: str, line: int, col_offset: int) -> tuple[Inline, ...]:
        return parse_inline(text, Pos(self.path, line, 1 + col_offset))


def _agenda_count(text: str) -> int:
    """How many items an agenda line names ("Agenda items 14, 117 and 132" -> 3)."""
    column: dict[str, Any] = {}
    return _Reader([], "", _ignore)._agenda(text, column)


def _symbol_line(text: str) -> bool:
    """A line that is one UN symbol or several joined by a dash ("A/72/884–S/2018/525"),
    perhaps marked as reissued ("A/70/150*")."""
    parts = re.split(r"[–—-](?=[A-Z]+/)", text.rstrip("*"))
    return all(SYMBOL_RE.fullmatch(part) for part in parts) and bool(parts[0])


def _annex_numbering(blocks: list[Block]) -> list[Block]:
    """An annex continues the numbering when its first number follows the one before it."""
    out: list[Block] = []
    last = 0
    pending: int | None = None  # index of an annex waiting for its first number
    for block in blocks:
        if isinstance(block, Annex):
            pending = len(out)
        elif isinstance(block, NumberedPara):
            if pending is not None:
                annex = out[pending]
                assert isinstance(annex, Annex)
                if block.number == last + 1 and block.number != 1:
                    out[pending] = Annex(annex.label, annex.title, restart=False, pos=annex.pos)
                pending = None
            last = block.number
        out.append(block)
    return out
