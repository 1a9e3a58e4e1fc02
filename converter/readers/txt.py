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
from dataclasses import field
from functools import cache
from typing import Any

from ..counters import ARABIC_ORDINALS, scheme_of
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
    AGENDA_NOTE_RE,
    HEADING_LABEL_RE,
    JOB_RE,
    KIND_START,
    MAX_HEADING_CHARS,
    PRINCIPAL_ORGANS,
    PROPERTY_RE,
    RESOLUTION_OPENING_RE,
    SCRIPT_HEADING_LABEL_RE,
    SIGNED_RE,
    TEXT_MARK,
    WORDED_LANGUAGES,
    foot_kind,
    heading_like,
    organ_like,
    session_dates_like,
    session_like,
    symbol_line,
    visible,
)
from ..readers.fields import check_characters
from ..readers.yamltree import decode_source
from ..records import record
from ..wording import wording

LANGUAGES = WORDED_LANGUAGES
CONFIDENT_HEADING_CHARS = 80
INDENT = 4  # spaces per level of nested sub-paragraphs

_NUMBERED_RE = re.compile(r"(\d{1,6})\.\s+(?=\S)")
_BAD_NUMBER_RE = re.compile(r"\d{1,6}(\.\S|\)\s|\.$)")
_LIST_RE = re.compile(r"(\(\w{1,6}\)|[a-z]{1,4}[.)]|[•▪◦●–—-])\s+(?=\S)")
_NOTE_RE = re.compile(r"\[\^([\w-]+)\]:\s*")
_HEADING_MARK_RE = re.compile(r"(#{2,3})\s+(?=\S)")
# "Annex", "Annex I", "Annex to the letter dated ...", in the languages the reader knows.
_ANNEX_RE = re.compile(
    r"(Annex|Annexe|Anexo|Enclosure|Appendix|Appendice|Apéndice|Приложение|المرفق|الضميمة|مرفق|附件|附文)"
    r"(\s+[IVXLC\d]{1,6}|\s+[A-Z]|[一二三四五六七八九十]{1,3}"
    r"|\s+(?:ال(?:أول|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|حادي)(?:\s+عشر)?))?"
    r"(\s+(to|à|de|al|a|к)\s+[^.]{3,300})?"
)
# The "[key]:" properties of an organ's block, and where each goes.
ORGAN_PROPERTIES = {
    "subsidiary": "name", "session": "session", "session_dates": "dates", "agenda": "agenda",
    "agenda_title": "agenda", "agenda_note": "mark", "agenda_label": "label",
}  # fmt: skip
_CONTENTS_WORDS = ("Contents", "Table des matières", "Índice", "Содержание")
_PAGE_WORDS = ("Page", "Pages", "Página", "Стр.")
_CONTENTS_LINE_RE = re.compile(r".{2,200}?(\s?\.){3,}\s*\d{1,4}")
# A resolution's or decision's kind, printed above its title.
_ADOPTED_RE = re.compile(
    r"(Resolution|Decision) adopted by .{3,160}|(Résolution|Décision) adoptée par .{3,160}"
    r"|(Resolución|Decisión) aprobada por .{3,160}|(Резолюция|Решение), принят.{3,160}"
)
_AGENDA_NUMBER_RE = re.compile(r"\d{1,4}(?:\s?\(\w\))?")  # "68", "68 (a)": not "128 предварительной"
_AGENDA_WORDS = re.compile(r"\b(agenda|ordre du jour|programa|повестки дня)\b", re.IGNORECASE)
_QUOTE_LANGUAGE_RE = re.compile(r"\[lang: ([a-zA-Z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\] ")
# Masthead lines that cannot be anything else; organ and session lines are recognised
# by their words, so they count only beside one of these (or after a masthead began).
# A version's language line in English, as some versions print it ("Russian" above
# "Original: English").
_ENGLISH_VERSION_LINES = {"Arabic": "ar", "Chinese": "zh", "French": "fr", "Russian": "ru", "Spanish": "es"}
_DEFINITE = (
    "united-nations", "symbol", "distribution", "version", "original", "agenda", "date", "job",
    "agenda-note", "principal", "furniture",
)  # fmt: skip


# --- what the wording of every known language looks like -------------------------------------


def _template_re(template: str, name: str = "value") -> re.Pattern[str]:
    """ "Distr.: {value}" -> a pattern capturing the value."""
    head, _, tail = template.replace("\u00a0", " ").partition("{" + name + "}")  # no-break spaces match any
    pattern = (
        re.escape(head).replace(r"\ ", r"\s*") + f"(?P<{name}>.+?)" + re.escape(tail).replace(r"\ ", r"\s+")
    )
    return re.compile(pattern)


@record
class _Wording:
    language: str
    united_nations: str
    distribution: re.Pattern[str]
    distribution_values: tuple[str, ...]  # "General", "générale": they tell the language
    version: str  # the language line a version prints above "Original" ("Français")
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
                distribution_values=tuple(str(value) for value in words["distribution_values"]),
                version=str(words["version"] or ""),
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


# "New York, 8 September 2015", "le 8 septembre", "8 de septiembre de", "8 сентября 2015 года",
# "نيويورك، 8 أيلول/سبتمبر 2015" (a month of two names, one of two words)
_DAY_MONTH_YEAR_RE = re.compile(
    r"(?:(?P<place>.+?)[,،]\s+)?(?:le\s+)?(?P<day>\d{1,2})\s+(?:de\s+)?"
    r"(?P<month>\w+(?:[ /]\w+){0,2}?)\s+(?:de\s+)?(?P<year>\d{4})(?:\s+(?:года|г\.))?"
)
# "纽约，2015年9月8日"
_YEAR_MONTH_DAY_RE = re.compile(
    r"(?:(?P<place>.+?)，)?(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
)


class _Datelines:
    """The date lines of the languages the reader knows, as one pattern to match."""

    @staticmethod
    def fullmatch(text: str) -> re.Match[str] | None:
        return _DAY_MONTH_YEAR_RE.fullmatch(text) or _YEAR_MONTH_DAY_RE.fullmatch(text)


_DATELINE_RE = _Datelines()


def _month(name: str) -> tuple[int, str] | None:
    for words in _wordings():
        if name.lower() in words.months:
            return words.months[name.lower()], words.language
    return None


# --- chunks of lines -----------------------------------------------------------------------------


@record
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


@record
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


@record
class Front:
    """What the first lines of a document said (the masthead, title, date line and kind),
    read by the rules of this reader for another reader's lines."""

    meta: Metadata
    used: int  # how many of the groups given were masthead lines
    problem: str = ""  # why the masthead ended before the groups did ("" if they all were)


def read_masthead(
    groups: list[list[tuple[int, str, str]]],
    title: str,
    kind: str,
    path: str,
    warn: Callable[[R2PError], None],
) -> Front:
    """The masthead in ``groups`` of (position, line, hint) as a text lays them out (the
    lines of a Word document's masthead table cell by cell, or its first paragraphs): read
    while they are masthead lines, as ``read`` reads a text's first chunks.  A line's
    hint (its style said "symbol", "principal"...) is what it is where its words do not
    say (an organ's name in a language whose organ names the reader does not know)."""
    chunks = [
        _Chunk(tuple(_Line(number, text) for number, text, _hint in group)) for group in groups if group
    ]
    hints = {number: hint for group in groups for number, _text, hint in group if hint}
    line = chunks[0].line if chunks else 1
    problem = ""
    while True:  # a chunk the masthead cannot hold ends it there: the rest is the body's
        reader = _Reader(chunks, path, warn)
        reader.hints = hints
        try:
            reader._masthead()
            meta = reader._metadata(title, kind, line)
        except InputError as err:
            if not chunks:
                raise
            problem = problem or err.message
            chunks = chunks[: min(reader.at, len(chunks) - 1)]
            continue
        reader._report_furniture()
        return Front(meta, reader.at, problem)


def date_line(text: str) -> tuple[datetime.date, str] | None:
    """The date and place of a line such as "New York, 8 September 2015" (None if it is not one)."""
    reader = _Reader([], "", _ignore)
    try:
        if not reader._date(text, 1):
            return None
    except InputError:  # an impossible date: a line that only looks like one
        return None
    return reader.mast.values["date"], reader.mast.values["place"]


def kind_like(text: str) -> bool:
    """Whether a line after the title is a document's kind (in capitals, or as UN documents
    name their kinds: "Report of the Secretary-General")."""
    reader = _Reader([_Chunk((_Line(1, text),))], "", _ignore)
    return bool(reader._kind())


def masthead_kind(text: str) -> str:
    """What a line is as a masthead line ("" for none), on its own."""
    return _Reader([], "", _ignore)._mast_kind(_Line(1, text))


def agenda_count(text: str) -> int:
    return _agenda_count(text)


def annex_like(text: str) -> bool:
    return bool(_ANNEX_RE.fullmatch(text))


def _ignore(warning: R2PError) -> None:
    """No one asked to hear the reader's warnings."""


@record(frozen=False)
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
        self.furniture: dict[str, list[_Line]] = {}  # what was left out, by what it is
        self.expected: set[int] | None = None  # the numbers the next numbered paragraph may have
        self.hints: dict[int, str] = {}  # line -> what it is where its words do not say

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
        kind = self._kind_before_title()
        title_chunk = self.take() if self.peek() else None
        if title_chunk is None:
            raise InputError("the file has a masthead but no title", self.pos(self.chunks[-1].line))
        title = self._title(title_chunk)
        self._dateline()
        kind = kind or self._kind()
        self._split_rest()
        self._feet()
        summary = self._summary()
        blocks, notes = self._body()
        meta = self._metadata(title, self.kind or kind, title_chunk.line)
        if meta.heading_labels == "auto":  # a heading printed without a label has none
            blocks = [_unlabelled(block) for block in blocks]
        self._report_furniture()
        return Document(meta, tuple(blocks), tuple(notes), tuple(summary), pos=self.pos(1))

    def _kind_before_title(self) -> str:
        """A resolution prints its kind above its title: "Resolution adopted by the General
        Assembly on 15 December 2034", perhaps "[without reference to a Main Committee
        (A/89/L.99)]", then "89/12. Title"."""
        chunk = self.peek()
        if chunk is None or len(chunk.lines) != 1 or not _ADOPTED_RE.fullmatch(chunk.first):
            return ""
        self.take()
        kind = chunk.first
        after = self.peek()
        if after is not None and len(after.lines) == 1 and re.fullmatch(r"\[[^\]]{3,200}\]", after.first):
            self.take()
            kind += " " + after.first
        return kind

    def _furniture(self, what: str, line: _Line) -> None:
        self.furniture.setdefault(what, []).append(line)

    def _report_furniture(self) -> None:
        """Page furniture that came through with the text is left out (every output prints
        its own), and said so: one warning for each kind of it."""
        for what, lines in self.furniture.items():
            first = lines[0]
            more = f" and {len(lines) - 1} more" if len(lines) > 1 else ""
            self.warn(ConversionWarning(
                f"txt: left out {what} that came with the text: {first.text[:40]!r}{more}",
                self.pos(first.number),
            ))  # fmt: skip

    def _metadata(self, title: str, kind: str, line: int) -> Metadata:
        mast = self.mast
        organs = []
        names = mast.organs or [column.get("name", "") for column in mast.columns]
        # A session block under no organ of the top belongs to the first organ without one
        # of its own: unnamed, or a subsidiary organ's (the Human Rights Council's block
        # under "General Assembly").
        spare = [column for column in mast.columns if column.get("name") not in names]
        for name in names:
            column = next((c for c in mast.columns if c.get("name") == name), None)
            if column is None and spare:
                column = spare.pop(0)
            column = column or {}
            mark = column.get("mark", "")
            organs.append(
                Organ(
                    name=name,
                    subsidiary=column.get("name", "") if column.get("name", name) != name else "",
                    session=column.get("session", ""),
                    session_dates=column.get("dates", ""),
                    agenda=tuple(column.get("agenda", ())),
                    agenda_note=mast.notes.get(mark, "") if mark else "",
                    agenda_label=column.get("label", ""),
                    pos=column.get("pos") or self.pos(line),
                )
            )
        if spare:
            column = spare[0]
            raise InputError(
                f"a session block for {column.get('name') or 'an organ'} beyond the organs named at the top "
                f"({', '.join(names) or 'none'})",
                column.get("pos") or self.pos(line),
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
        capitals = (  # a script without capitals (Arabic, Chinese) is not "in capitals"
            any(ch.isupper() for ch in line) and line == line.upper() and len(line) <= MAX_HEADING_CHARS
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
            if self._foot_chunk(chunk) or self._contents_chunk(chunk):
                self.take()
                continue
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
            # After the first, a chunk of organ names and session lines is an organ's
            # session block (it has a session or agenda line) or principal organs' names: a
            # title that names a council ("... and the Council of Europe") is neither.
            block = "session" in kinds or "agenda" in kinds or all(kind == "principal" for kind in kinds)
            if not any(kinds) or not (definite or (started and all(kinds) and block)):
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
        an agenda line are its items' titles, one per item, each perhaps wrapped over
        several lines ("agenda-title-more": a line that starts in lower case, or follows
        one that ends with a comma or a word such as "of" or "the")."""
        kinds: list[str] = []
        titles = 0  # the titles still to come
        for index, line in enumerate(chunk.lines):
            kind = self._mast_kind(line)
            if kind in ("", "organ", "session") and kinds and kinds[-1].startswith("agenda"):
                previous = chunk.lines[index - 1].text
                if kinds[-1] != "agenda" and _wraps(previous, line.text):
                    kinds.append("agenda-title-more")
                    continue
                if titles:
                    kinds.append("agenda-title")
                    titles -= 1
                    continue
            titles = _agenda_count(line.text) if kind == "agenda" else 0
            kinds.append(kind)
        return kinds

    def _mast_kind(self, line: _Line) -> str:
        return self._mast_kind_by_words(line) or self.hints.get(line.number, "")

    def _mast_kind_by_words(self, line: _Line) -> str:
        text = line.text
        if text.startswith("**"):
            return ""
        for words in _wordings():
            if text == words.united_nations:
                return "united-nations"
        if symbol_line(text):
            return "symbol"
        if self._distribution(text):
            return "distribution"
        if text in _ENGLISH_VERSION_LINES:
            return "version"
        for words in _wordings():
            if text == words.version and words.version:
                return "version"
            if words.original.fullmatch(text):
                return "original"
            if any(pattern.fullmatch(text) for pattern in words.agenda):
                return "agenda"
        if _AGENDA_WORDS.search(text) and len(text) <= 80 and not text.endswith((".", ",", ";")):
            return "agenda"
        if _DATELINE_RE.fullmatch(text) and _month(_DATELINE_RE.fullmatch(text)["month"]):  # type: ignore[index]
            return "date"
        if session_dates_like(text):
            return "session-dates"
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
        return foot_kind(text)

    def _read_mast_chunk(self, chunk: _Chunk, kinds: list[str]) -> None:
        """An organ's name just above a session or agenda line heads that organ's session
        block; other organ names are the organs at the top."""
        mast = self.mast
        column: dict[str, Any] | None = None
        titles = 0  # the agenda items still waiting for their title line

        def new_column(line: _Line, **values: Any) -> dict[str, Any]:
            mast.columns.append({"pos": self.pos(line.number), **values})
            return mast.columns[-1]

        for index, (line, kind) in enumerate(zip(chunk.lines, kinds, strict=True)):
            text = line.text
            following = kinds[index + 1] if index + 1 < len(kinds) else ""
            if kind == "agenda-title" and column is not None:
                agenda = column["agenda"]
                item = agenda[-titles]
                agenda[-titles] = AgendaItem(item.number, text, pos=self.pos(line.number))
                titles -= 1
                continue
            if kind == "agenda-title-more" and column is not None:
                agenda = column["agenda"]
                item = agenda[-titles - 1]
                agenda[-titles - 1] = AgendaItem(item.number, f"{item.title} {text}", pos=item.pos)
                continue
            if kind == "united-nations":
                continue
            if kind == "symbol":
                mast.values["symbol"] = text
            elif kind in ("organ", "principal"):
                if following in ("session", "agenda"):
                    column = new_column(line, name=text)
                else:
                    mast.organs.append(text)
            elif kind == "distribution":
                mast.values["distribution"] = self._distribution(text)
            elif kind == "version":
                mast.language = _ENGLISH_VERSION_LINES.get(text) or next(
                    words.language for words in _wordings() if words.version == text
                )
            elif kind == "original":
                mast.values["original_language"] = self._value(text, "original")
            elif kind == "date":
                self._date(text, line.number)
            elif kind == "session":
                if column is None or "session" in column:
                    column = new_column(line)
                column["session"] = text
            elif kind == "session-dates" and column is not None and "session" in column:
                column["dates"] = text
            elif kind == "session-dates":
                raise InputError(
                    f"a session's dates ({text!r}) follow its session line", self.pos(line.number)
                )
            elif kind == "agenda":
                if column is None or "agenda" in column:
                    column = new_column(line)
                titles = self._agenda(text, column)
            elif kind in ("job", "agenda-note", "furniture"):
                self._foot_line(line)

    def _distribution(self, text: str) -> str:
        """The value of a "Distr.: General" line ("" if it is none).  The value tells the
        language where the wordings look alike ("Distr. générale", "Distr. general")."""
        found = [(words, match) for words in _wordings() if (match := words.distribution.fullmatch(text))]
        if not found:
            return ""
        words, match = next(((w, m) for w, m in found if m["value"] in w.distribution_values), found[0])
        self.mast.language = self.mast.language or (words.language if words.language != "en" else "")
        return str(match["value"])

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
                numbers = re.split(r",\s*|\s+(?:and|et|y|и)\s+", match["items"]) if match else []
                if numbers and all(_AGENDA_NUMBER_RE.fullmatch(number.strip()) for number in numbers):
                    column["agenda"] = [AgendaItem(number.strip()) for number in numbers]
                    return len(column["agenda"])
        column["label"] = text
        numbers = re.findall(r"\b\d{1,4}(?:\s?\([a-z]\))?", text)  # "Item 3 of the provisional agenda"
        column["agenda"] = [AgendaItem(number) for number in numbers]
        return len(numbers)

    def _foot_line(self, line: _Line) -> bool:
        text = line.text
        kind = self._foot_kind(text)
        if kind == "job":
            match = JOB_RE.fullmatch(text)
            assert match is not None
            job = re.sub(r"\s+", " ", match["job"])
            if self.mast.values.get("job", job) != job:
                raise InputError(
                    f"a second job number {job!r} (the first was {self.mast.values['job']!r})",
                    self.pos(line.number),
                )
            if "job" in self.mast.values or match["stamp"]:
                self._furniture("the job number's date stamp and barcode", line)
            self.mast.values["job"] = job
        elif kind == "furniture":
            self._furniture("page feet, barcodes and recycling lines", line)
        elif kind == "agenda-note":
            match = AGENDA_NOTE_RE.fullmatch(text)
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
            if self._foot_chunk(chunk) or self._contents_chunk(chunk):
                continue
            block = self._block(chunk, resolution)
            if (
                isinstance(block, Para)
                and RESOLUTION_OPENING_RE.fullmatch(visible(chunk.joined))
                and len(chunk.lines) == 1
            ):
                resolution = True
            elif isinstance(block, NumberedPara | Heading | Annex):
                resolution = False
            if isinstance(block, NumberedPara):
                self.expected = {block.number + 1}
            elif isinstance(block, Annex):
                block = self._annex_title(block)
                self.expected = None if self.expected is None else self.expected | {1}  # or it restarts
            blocks.append(block)
        return _annex_numbering(blocks), notes

    def _annex_title(self, annex: Annex) -> Annex:
        """The title under "Annex": written ``**...**``, or a short line after it (as every
        annex prints its title), unless that line is labelled or numbered."""
        title = self.peek()
        if title is None or (len(title.lines) != 1 and not title.first.startswith("**")):
            return annex
        if title.first.startswith("**"):
            text = self._title(title)
        elif (
            self._heading_like(title.first)
            and not HEADING_LABEL_RE.match(title.first)
            and not SCRIPT_HEADING_LABEL_RE.match(title.first)
            and not _ANNEX_RE.fullmatch(title.first)
            and not _HEADING_MARK_RE.match(title.first)
        ):
            text = title.first
        else:
            return annex
        self.take()
        return Annex(annex.label, self._inline(text, title.line, 0), pos=annex.pos)

    def _split_rest(self) -> None:
        """Text copied from a PDF has no blank lines between blocks: a chunk is split
        before each line that starts a block (a paragraph number, a heading's label, a
        list label, a footnote, "Summary") where the line before ends one (a full stop, a
        colon, a semicolon; or a heading's own line).  Said in a warning, since an
        unlabelled heading among such lines cannot be found."""
        rest: list[_Chunk] = []
        first_split = 0
        for chunk in self.chunks[self.at :]:
            parts = self._split(chunk)
            if len(parts) > 1 and not first_split:
                first_split = parts[1].line
            rest.extend(parts)
        self.chunks[self.at :] = rest
        if first_split:
            self.warn(ConversionWarning(
                "txt: blocks follow each other without blank lines; read a new block at each line that "
                "starts with a paragraph number, a heading label or a list label (put a blank line between "
                "blocks to be sure: a heading without a label stays part of the paragraph before it)",
                self.pos(first_split),
            ))  # fmt: skip

    def _split(self, chunk: _Chunk) -> list[_Chunk]:
        parts: list[list[_Line]] = [[chunk.lines[0]]]
        for line in chunk.lines[1:]:
            current = parts[-1]
            starts = self._starts_block(line.text, current)
            if (starts and (self._ends_block(current) or self._alone(current))) or self._alone(current, True):
                parts.append([line])
            else:
                current.append(line)
        return [_Chunk(tuple(part)) for part in parts]

    def _starts_block(self, text: str, current: list[_Line]) -> bool:
        head = current[0].text
        if _NOTE_RE.match(text):
            return not _NOTE_RE.match(head)  # footnotes stay together
        if _LIST_RE.match(text) and not SIGNED_RE.match(text):
            return not _LIST_RE.match(head)  # so do a list's items (its own reading nests them)
        return bool(
            _NUMBERED_RE.match(text)
            or _HEADING_MARK_RE.match(text)
            or (HEADING_LABEL_RE.match(text) and self._heading_like(text))
            or self._standalone(text)
        )

    def _ends_block(self, current: list[_Line]) -> bool:
        """Whether the lines so far end as a block does: a full stop, a colon, a semicolon
        (perhaps with a closing quotation mark and a footnote's number after it)."""
        return bool(re.search(r"[.:;!?][”’\"')\]]*(\d{1,3}|\[\^[\w-]+\])?$", current[-1].text))

    def _alone(self, current: list[_Line], surely: bool = False) -> bool:
        """One line that is a block of its own: a labelled or marked heading, "Summary",
        "Annex".  ``surely``: whatever follows it (so not "1. ...", which may be a
        paragraph's first line, wrapped)."""
        first = current[0].text
        label = HEADING_LABEL_RE.match(first)
        if len(current) != 1 or (surely and label and label.group(1)[:-1].isdigit()):
            return False
        heading = (label and self._heading_like(first)) or _HEADING_MARK_RE.match(first)
        return bool(heading or self._standalone(first))

    def _standalone(self, text: str) -> bool:
        return text in {words.summary for words in _wordings()} or bool(_ANNEX_RE.fullmatch(text))

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
            elif key in ORGAN_PROPERTIES:
                if not self.mast.columns:
                    raise InputError(f"[{key}]: follows the [organ]: it belongs to", self.pos(line.number))
                self._organ_property(self.mast.columns[-1], key, value, line)
            elif key == "heading_labels":
                if value not in ("auto", "none"):
                    raise InputError(f"heading_labels is auto or none, not {value!r}", self.pos(line.number))
                self.mast.values["heading_labels"] = "" if value == "none" else value
            else:
                self.mast.values[key] = value

    def _organ_property(self, column: dict[str, Any], key: str, value: str, line: _Line) -> None:
        """ "[session]: ...", "[agenda]: 3", "[agenda_title]: ...": the masthead lines of an
        organ the reader would not know, one property each."""
        agenda = column.setdefault("agenda", [])
        if key == "agenda":
            agenda.append(AgendaItem(value, pos=self.pos(line.number)))
        elif key == "agenda_title":
            if not agenda:
                raise InputError("[agenda_title]: follows the [agenda]: it belongs to", self.pos(line.number))
            agenda[-1] = AgendaItem(agenda[-1].number, value, pos=agenda[-1].pos)
        elif key == "agenda_note":
            column["mark"] = "*" * (len(self.mast.notes) + 1)
            self.mast.notes[column["mark"]] = value
        else:
            column[ORGAN_PROPERTIES[key]] = value

    def _foot_chunk(self, chunk: _Chunk) -> bool:
        """A page foot that came through in the text ("* A/72/50.", "18-08811 (E)", "2/20
        18-08811"), or a later page's running head (the symbol)."""
        if not all(self._foot_kind(line.text) or self._running_head(line.text) for line in chunk.lines):
            return False
        for line in chunk.lines:
            if self._foot_kind(line.text):
                self._foot_line(line)
            else:
                self._furniture("running heads", line)
        return True

    def _contents_chunk(self, chunk: _Chunk) -> bool:
        """A contents page that came with the text ("Contents", "Page", then lines with dot
        leaders and page numbers): every output makes its own, so it is left out."""
        if chunk.first not in _CONTENTS_WORDS or not all(
            line.text in _PAGE_WORDS or _CONTENTS_LINE_RE.fullmatch(line.text) for line in chunk.lines[1:]
        ):
            return False
        self._furniture("contents pages", chunk.lines[0])
        return True

    def _running_head(self, text: str) -> bool:
        symbol = self.mast.values.get("symbol", "")
        parts = re.split(r"[–—-](?=[A-Z]+/)", symbol)
        return bool(symbol) and re.sub(r"\s+", " ", text) in (symbol, " ".join(parts))

    def _block(self, chunk: _Chunk, resolution: bool = False) -> Block:
        pos = self.pos(chunk.line)
        first = chunk.first
        if self._labelled_heading(chunk) and not self._next_paragraph(chunk):
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
        if SIGNED_RE.match(first):
            return Signature(tuple(self._inline(line.text, line.number, 0) for line in chunk.lines), pos=pos)
        if _LIST_RE.match(first):
            return self._list(chunk)
        if all(line.text.startswith(">") for line in chunk.lines):
            text = " ".join(line.text[1:].strip() for line in chunk.lines)
            language = _QUOTE_LANGUAGE_RE.match(text)  # "> [lang: fr] ...": a quotation in French
            if language:
                text = text[language.end() :]
                offset = 2 + language.end()
                return Quote(self._inline(text, chunk.line, offset), language.group(1), pos=pos)
            return Quote(self._inline(text, chunk.line, 2), pos=pos)
        if len(chunk.lines) == 1 and _ANNEX_RE.fullmatch(first):
            return Annex(first, pos=pos)
        marked = _HEADING_MARK_RE.match(first)
        if marked and len(chunk.lines) == 1:
            rest = first[marked.end() :]
            label = HEADING_LABEL_RE.match(rest) or SCRIPT_HEADING_LABEL_RE.match(rest)
            if label:
                text = rest[label.end() :]
                written = next(group for group in label.groups() if group)
                return Heading(len(marked.group(1)), self._inline(text, chunk.line, 0), written, pos=pos)
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

    def _next_paragraph(self, chunk: _Chunk) -> bool:
        """ "2. Mesures prises" is a heading labelled 2. or paragraph 2 without its full
        stop.  The paragraph count tells: the next paragraph's number makes it a paragraph,
        another number a heading (a level-3 label restarts, paragraph numbers run on).
        Before the first paragraph nothing tells, and a warning says which was chosen."""
        match = HEADING_LABEL_RE.match(chunk.first)
        if match is None:  # an Arabic or Chinese label: never a paragraph's number
            return False
        core = match.group(1)[:-1]
        if not core.isdigit():
            return False
        if self.expected is None:
            self.warn(ConversionWarning(
                f"txt: read {chunk.first[:40]!r} as a heading labelled {core}.; if it is paragraph {core}, "
                "end it with a full stop (or mark a heading '### ')",
                self.pos(chunk.line),
            ))  # fmt: skip
            return False
        if int(core) not in self.expected:
            return False
        self.warn(ConversionWarning(
            f"txt: read {chunk.first[:40]!r} as paragraph {core} (it follows paragraph {int(core) - 1}); "
            f"if it is a heading, mark it '### {core}. '",
            self.pos(chunk.line),
        ))  # fmt: skip
        return True

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
        if SCRIPT_HEADING_LABEL_RE.match(chunk.first):
            return not chunk.first.rstrip().endswith(("。", ".", ":", "：", "？", "?", "؟", "؛", ";"))
        match = HEADING_LABEL_RE.match(chunk.first)
        if not match:
            return False
        rest = chunk.first[match.end() :]
        return bool(rest) and self._heading_like(rest) and self._confident_heading(rest)

    def _labelled(self, chunk: _Chunk) -> Heading:
        script = SCRIPT_HEADING_LABEL_RE.match(chunk.first)
        if script:  # Arabic ordinals and Chinese numbers label sections, letters' names subsections
            level = 2 if script.group(2) else 3 if script.group(4) else 1
            if script.group(4) and int(re.sub(r"\D", "", script.group(4))) > len(ARABIC_ORDINALS):
                level = 1  # the sections after the twentieth are numbered in digits
            label = next(group for group in script.groups() if group)
            text = chunk.first[script.end() :]
            return Heading(
                level, self._inline(text, chunk.line, script.end()), label, pos=self.pos(chunk.line)
            )
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
        while (after := self.peek()) is not None and self._continues_list(lines, after.lines[0]):
            lines += self.take().lines  # items with blank lines between them
        items, _ = self._items(lines, 0, lines[0].indent)
        return EnumList(tuple(items), pos=self.pos(chunk.line))

    def _continues_list(self, lines: list[_Line], line: _Line) -> bool:
        """Whether a chunk that starts with ``line`` goes on with the list so far: it is
        indented deeper than the list, or its label follows one of the list's at its indent,
        or it starts a sub-list under an item that ends with a colon."""
        label = _LIST_RE.match(line.text)
        if label is None or SIGNED_RE.match(line.text) or line.indent < lines[0].indent:
            return False
        if line.indent > lines[0].indent:
            return True
        mark = label.group(1)
        marks = [
            m.group(1) for seen in lines if seen.indent == line.indent and (m := _LIST_RE.match(seen.text))
        ]
        return any(_follows(seen, mark) for seen in marks) or (
            _starts_sequence(mark) and lines[-1].text.endswith(":")
        )

    def _items(
        self, lines: list[_Line], start: int, indent: int, outer: tuple[str, ...] = ()
    ) -> tuple[list[ListItem], int]:
        """The items from ``start`` at ``indent``; ``outer`` holds the last label of each
        list this one is inside.  Where a paste lost the indentation, labels tell the
        levels: "(i)" after "(b)" starts a sub-list, "(c)" after "(ii)" goes back out."""
        items: list[ListItem] = []
        index = start
        while index < len(lines):
            line = lines[index]
            if line.indent < indent:
                break
            label = _LIST_RE.match(line.text)
            if line.indent == indent and label and items and not _follows(items[-1].label, label.group(1)):
                mark = label.group(1)
                if any(_follows(seen, mark) for seen in outer):
                    break  # the list this one is inside goes on
                if _starts_sequence(mark):
                    last = items[-1]
                    inner, index = self._items(lines, index, indent, (*outer, last.label))
                    sub = EnumList(tuple(inner), pos=self.pos(line.number))
                    items[-1] = ListItem(last.label, last.children, (*last.blocks, sub), pos=last.pos)
                    continue
            if line.indent == indent and label:
                children = self._inline(line.text[label.end() :], line.number, line.indent + label.end())
                items.append(ListItem(label.group(1), children, pos=self.pos(line.number)))
                index += 1
                continue
            if not items:
                raise InputError("a list starts with a labelled item such as '(a) '", self.pos(line.number))
            last = items[-1]
            if label:  # a deeper labelled line: a sub-list of the last item
                inner, index = self._items(lines, index, line.indent, (*outer, last.label))
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


_CARRIES_ON = re.compile(
    r"(,|\b(of|the|and|for|on|in|to|a|an|with|by|de|la|le|les|des|du|et|y|del|los|las|и|в|по))$",
    re.IGNORECASE,
)


def _wraps(previous: str, line: str) -> bool:
    """Whether ``line`` goes on with the title on the line before (wrapped)."""
    return line[:1].islower() or bool(_CARRIES_ON.search(previous))


def _follows(previous: str, label: str) -> bool:
    """Whether ``label`` comes next after ``previous`` in some scheme ("(b)" after "(a)")."""
    return scheme_of([previous, label]) is not None


def _starts_sequence(label: str) -> bool:
    """A label that starts a list: "(a)", "(i)", "1.", a bullet."""
    scheme = scheme_of([label])
    return scheme is not None and (scheme.counter == "bullet" or scheme.start == 1)


def _unlabelled(block: Block) -> Block:
    if isinstance(block, Heading) and not block.label:
        return Heading(block.level, block.children, unlabelled=True, pos=block.pos)
    return block


def _agenda_count(text: str) -> int:
    """How many items an agenda line names ("Agenda items 14, 117 and 132" -> 3)."""
    column: dict[str, Any] = {}
    return _Reader([], "", _ignore)._agenda(text, column)


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
