"""What every page shows besides the text, decided once for every writer.

``plan(item)`` turns a document or a pack into a small, frozen, format-neutral
description: the masthead as ordered (role, text) lines, the title block, the
running heads, a pack's cover and contents, the document properties, one
anchor scheme, and each heading's anchor, outline level and plain text.  The
HTML, DOCX and PDF writers only draw it, so they cannot disagree about it;
``--verify`` takes its idea of page furniture from it too.

Anchors are the same in every format: alone, a document's paragraphs are
``para-N``, its headings ``sec-N``, its notes ``note-N`` and the calls of
note N ``ref-N``, ``ref-N-2``...; the document itself is ``doc``.  In a pack
the K-th document's anchors are prefixed ``doc-K-`` and the document is
``doc-K``.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import field
from functools import cached_property
from typing import Any

from .. import __version__
from ..errors import RenderError
from ..kept import KeptFor
from ..model import (
    BLOCK_TYPES,
    Annex,
    Block,
    Document,
    FootnoteRef,
    Heading,
    Inline,
    Item,
    NumberedPara,
    Organ,
    Pack,
    Pos,
    block_inlines,
    documents_of,
    heading_title,
    inline_text,
)
from ..records import record
from ..wording import agenda_line, dateline, format_date, wording

# Where each part of the UN masthead stands (the DGACM editorial manual's mast):
#   top-left "United Nations"           top-right: the symbol, large
#   left: the organs' names, large      right: distribution, date, original language
#   (a rule)
#   session: a column per organ: its name (joint documents), session, agenda items
#   foot: the job number and the agenda's "*" note, at the foot of the first page
ZONES = ("top-left", "top-right", "left", "right", "session", "foot")
UNDATED = datetime.date(1980, 1, 1)  # the earliest date a zip entry can carry
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ug", "ckb"}


@record
class Line:
    """One line of furniture: what it is (``role``), its text, and for some roles a
    caption set apart from it (``label``: "Date") or a machine-readable value
    (``iso``: the date of a dateline)."""

    role: str
    text: str
    label: str = ""
    iso: str = ""
    zone: str = ""  # where a masthead line stands (ZONES)
    column: int = 0  # in the session zone: which organ's column
    mark: str = ""  # a note mark after the text: the agenda line's "*"
    pos: Pos | None = field(default=None, compare=False, repr=False)

    @property
    def labelled(self) -> str:
        """The line as one string ("Date: 7 September 2015"), for formats that print it so."""
        return f"{self.label}: {self.text}" if self.label else self.text


@record
class Anchors:
    """The one anchor scheme: ``prefix`` is "" alone and "doc-K-" in a pack."""

    prefix: str
    document: str  # the document's own anchor: "doc", or "doc-K" in a pack

    @property
    def title(self) -> str:
        return f"{self.prefix}title"

    @property
    def notes(self) -> str:
        return f"{self.prefix}notes"

    @property
    def summary(self) -> str:
        return f"{self.prefix}summary"

    def agenda_note(self, mark: str) -> str:
        """The note of an agenda line's mark ("*" -> agenda-note-1, "**" -> agenda-note-2)."""
        return f"{self.prefix}agenda-note-{len(mark)}"

    def para(self, number: int, scope: str = "") -> str:
        return f"{self.prefix}{scope}para-{number}"

    def sec(self, number: int) -> str:
        return f"{self.prefix}sec-{number}"

    def note(self, number: int) -> str:
        return f"{self.prefix}note-{number}"

    def annex(self, number: int) -> str:
        return f"{self.prefix}annex-{number}"

    def ref(self, number: int, occurrence: int = 1) -> str:
        """The call of note ``number``: ``ref-N`` for the first, ``ref-N-2`` for the second..."""
        return f"{self.prefix}ref-{number}" + (f"-{occurrence}" if occurrence > 1 else "")


@record
class HeadingPlan:
    """A heading (or the start of an annex) as outlines and contents show it."""

    anchor: str
    level: int  # as the source has it, 1-3 (an annex: 1)
    outline_level: int  # never more than one below the entry before it (the title is 0)
    text: str  # the label, then the words without note calls: "II. Background"
    block: Heading | Annex = field(compare=False, repr=False)
    in_annex: bool = False  # a heading inside an annex (it is not in a pack's contents)


@record
class DocumentPlan:
    """One document's furniture."""

    doc: Document
    index: int  # 1-based position in a pack (1 alone)
    anchors: Anchors
    language: str
    direction: str  # "ltr" or "rtl"
    masthead: tuple[Line, ...]
    title: str
    kind: str
    running_head: str
    headings: tuple[HeadingPlan, ...]  # one per Heading and Annex block, in order
    summary_title: str  # the heading of the summary box, in the document's language

    def zone(self, name: str) -> tuple[Line, ...]:
        """The masthead's lines in one zone, in order."""
        return tuple(line for line in self.masthead if line.zone == name)

    @property
    def session_columns(self) -> tuple[tuple[Line, ...], ...]:
        """The session zone as columns, one per organ."""
        lines = self.zone("session")
        count = max((line.column for line in lines), default=-1) + 1
        return tuple(tuple(line for line in lines if line.column == index) for index in range(count))

    def heading(self, block: Block) -> HeadingPlan:
        """The plan of one of this document's Heading or Annex blocks."""
        return self._headings_by_block[id(block)]

    def paragraph_anchor(self, block: NumberedPara) -> str:
        """A numbered paragraph's anchor: ``para-N``; in an annex that numbers its paragraphs
        afresh, ``annex-K-para-N`` (so that paragraph 1 of the annex has an anchor of its own)."""
        return self._paragraph_anchors[id(block)]

    @cached_property
    def _paragraph_anchors(self) -> dict[int, str]:
        found, scope, annexes = {}, "", 0
        for block in self.doc.blocks:
            if isinstance(block, Annex):
                annexes += 1
                scope = f"annex-{annexes}-" if block.restart else scope
            elif isinstance(block, NumberedPara):
                found[id(block)] = self.anchors.para(block.number, scope)
        return found

    @cached_property
    def _headings_by_block(self) -> dict[int, HeadingPlan]:
        return {id(entry.block): entry for entry in self.headings}


@record
class ContentsEntry:
    """A line of a pack's contents: a document (level 0) or one of its sections (level 1)."""

    level: int
    text: str
    anchor: str
    language: str = ""  # the document's, where it is not the pack's


@record
class Cover:
    """A pack's cover: its lines in order (classification, title, subtitle, then the
    labelled details) and the optional note under them."""

    lines: tuple[Line, ...]
    note: tuple[Inline, ...]
    contents_title: str  # the contents page's heading, in the pack's language
    anchor: str = "cover"
    contents_anchor: str = "contents"


@record
class Properties:
    """What file properties, metadata and search engines are told."""

    title: str
    author: str
    subject: str
    keywords: str
    description: str
    language: str
    direction: str  # "ltr" or "rtl", from the language
    timestamp: datetime.datetime  # UTC: SOURCE_DATE_EPOCH, else the date at noon, else 1980-01-01
    date: datetime.date | None
    doc_type: str = ""  # the document's kind (Dublin Core "type")
    publisher: str = ""  # the issuing organ
    identifier: str = ""  # the document symbol
    generator: str = f"r2p-convert {__version__}"


@record
class Plan:
    """Everything a writer draws besides the blocks of text."""

    properties: Properties
    documents: tuple[DocumentPlan, ...]
    running_head: str  # pages of no document (a pack's cover and contents), and the HTML footer
    cover: Cover | None = None
    contents: tuple[ContentsEntry, ...] = ()

    @property
    def is_pack(self) -> bool:
        return self.cover is not None

    def furniture(self) -> list[str]:
        """Every text the plan puts on a page besides the documents' blocks: what
        ``--verify`` allows an output to add."""
        texts = [self.running_head]
        languages = {self.properties.language}
        for document in self.documents:
            languages.add(document.language)
            texts += [line.labelled for line in document.masthead]
            texts += [document.title, document.kind, document.running_head]
            texts += [heading.text for heading in document.headings]
        if self.cover is not None:
            texts += [line.labelled for line in self.cover.lines]
            texts.append(inline_text(self.cover.note))
        texts += [entry.text for entry in self.contents]
        for language in sorted(languages):
            texts += [str(value) for value in wording(language).values() if isinstance(value, str)]
        return [text for text in texts if text]


_PLANNED: KeptFor[Plan] = KeptFor(4)


def plan(item: Item) -> Plan:
    """``item``'s plan, made once for the writers of one conversion (and ``--verify``);
    again if SOURCE_DATE_EPOCH, which sets its timestamp, has changed."""
    return _PLANNED.get((item,), lambda: _plan(item), also=(os.environ.get("SOURCE_DATE_EPOCH"),))


def _plan(item: Item) -> Plan:
    docs = documents_of(item)
    in_pack = isinstance(item, Pack)
    documents = tuple(_document_plan(doc, index, in_pack) for index, doc in enumerate(docs, 1))
    if isinstance(item, Pack):
        return Plan(
            properties=_pack_properties(item),
            documents=documents,
            running_head=item.meta.title,
            cover=_cover(item),
            contents=_contents(documents, item.meta.language),
        )
    return Plan(
        properties=_document_properties(item),
        documents=documents,
        running_head=documents[0].running_head,
    )


# --- one document -----------------------------------------------------------------------


def _document_plan(doc: Document, index: int, in_pack: bool) -> DocumentPlan:
    _check_numbered(doc)
    anchors = Anchors(f"doc-{index}-", f"doc-{index}") if in_pack else Anchors("", "doc")
    meta = doc.meta
    return DocumentPlan(
        doc=doc,
        index=index,
        anchors=anchors,
        language=meta.language,
        direction=direction(meta.language),
        masthead=_masthead(doc),
        title=meta.title,
        kind=meta.kind,
        running_head=meta.short_title or meta.symbol or meta.title,
        headings=_headings(doc, anchors),
        summary_title=str(wording(meta.language)["summary"]),
    )


def _check_numbered(doc: Document) -> None:
    """Every footnote call knows its number and which call of its note it is: the
    transforms decide that once (a document built in code must go through them)."""
    known = [block for block in (*doc.summary, *doc.blocks) if isinstance(block, BLOCK_TYPES)]
    pending = [node for block in known for run in block_inlines(block) for node in run]
    while pending:
        node = pending.pop()
        if isinstance(node, FootnoteRef) and (node.number < 1 or node.occurrence < 1):
            raise RenderError(
                f"footnote call [^{node.label}] is not numbered: run transforms.apply_all on the document",
                node.pos,
            )
        pending.extend(getattr(node, "children", ()))


def _masthead(doc: Document) -> tuple[Line, ...]:
    """The UN masthead, zone by zone (see ZONES)."""
    meta = doc.meta
    words = wording(meta.language)
    at = meta.pos
    lines = []
    if meta.symbol:
        lines += [
            Line("united-nations", words["united_nations"], zone="top-left", pos=at),
            Line("symbol", meta.symbol, zone="top-right", pos=at),
        ]
    lines += [Line("organ", organ.name, zone="left", pos=organ.pos or at) for organ in meta.organs]
    if meta.distribution:
        text = words["distribution"].format(value=meta.distribution)
        lines.append(Line("distribution", text, zone="right", pos=at))
    when = dateline(meta.place, meta.date, meta.language)
    if when:
        lines.append(Line("date", when, iso=meta.date.isoformat() if meta.date else "", zone="right", pos=at))
    if meta.original_language:
        # A version in another language names its language above "Original" ("Français").
        lines.append(Line("version", str(words.get("version") or ""), zone="right", pos=at))
        text = words["original"].format(value=meta.original_language)
        lines.append(Line("original", text, zone="right", pos=at))
    marks = _agenda_marks(meta.organs)
    for column, organ in enumerate(meta.organs):
        lines += _session_column(organ, column, len(meta.organs) > 1, marks[column], words)
    if meta.job:
        lines.append(Line("job", meta.job, zone="foot", pos=at))
    for organ, mark in zip(meta.organs, marks, strict=True):
        if organ.agenda_note:
            note = f"{organ.agenda_note}."
            lines.append(Line("agenda-note", note, mark=mark, zone="foot", pos=organ.pos or at))
    return tuple(line for line in lines if line.text)


def _agenda_marks(organs: tuple[Organ, ...]) -> list[str]:
    """The note marks of the organs' agenda lines: "*", then "**", for those with a note."""
    marks, count = [], 0
    for organ in organs:
        count += bool(organ.agenda_note)
        marks.append("*" * count if organ.agenda_note else "")
    return marks


def _session_column(organ: Organ, column: int, joint: bool, mark: str, words: dict[str, Any]) -> list[Line]:
    """An organ's column below the rule: its name (joint documents only) or the subsidiary
    organ's, its session line and dates, its agenda items ("Agenda items 14, 117 and
    132*") and their titles."""
    at = organ.pos
    lines = []
    if organ.subsidiary or joint:
        name = organ.subsidiary or organ.name
        lines.append(Line("organ-name", name, zone="session", column=column, pos=at))
    lines.append(Line("session", organ.session, zone="session", column=column, pos=at))
    lines.append(Line("session", organ.session_dates, zone="session", column=column, pos=at))
    if organ.agenda or organ.agenda_label:
        numbers = [item.number for item in organ.agenda]
        text = organ.agenda_label or agenda_line(numbers, words)
        lines.append(Line("agenda", text, mark=mark, zone="session", column=column, pos=at))
        lines += [
            Line("agenda-title", item.title, zone="session", column=column, pos=item.pos or at)
            for item in organ.agenda
        ]
    return lines


def _headings(doc: Document, anchors: Anchors) -> tuple[HeadingPlan, ...]:
    """Every heading with its anchor and outline level: outlines and heading ranks may
    not skip a level (screen readers and PDF viewers both object), so a level-3
    heading straight after the title stands one level below it."""
    entries = []
    base = 0  # inside an annex, headings stand one level below it
    # The headings a heading stands under, (source level, outline level), the title first:
    # a level-3 heading under a level-1 one stands one below it, and so does the next.
    above = [(0, 0)]
    sections = annexes = 0
    for block in doc.blocks:
        if isinstance(block, Annex):
            annexes += 1
            base, above = 1, [(0, 1)]
            title = inline_text(block.title)
            text = f"{block.label}: {title}" if title else block.label
            entries.append(HeadingPlan(anchors.annex(annexes), 1, 1, text, block))
        elif isinstance(block, Heading):
            sections += 1
            while above[-1][0] >= block.level:
                above.pop()
            level = min(block.level + base, above[-1][1] + 1)
            above.append((block.level, level))
            text = f"{block.label} {heading_title(block)}" if block.label else heading_title(block)
            entries.append(
                HeadingPlan(anchors.sec(sections), block.level, level, text, block, in_annex=base > 0)
            )
    return tuple(entries)


def _document_properties(doc: Document) -> Properties:
    meta = doc.meta
    keywords = [meta.organ, meta.kind, meta.symbol, *(organ.session for organ in meta.organs[:1])]
    return Properties(
        title=meta.title,
        author=meta.author or meta.organ,
        subject=meta.kind,
        keywords="; ".join(word for word in keywords if word),
        description=" – ".join(part for part in (meta.kind, meta.organ, meta.title) if part),
        language=meta.language,
        direction=direction(meta.language),
        timestamp=timestamp(meta.date),
        date=meta.date,
        doc_type=meta.kind,
        publisher=meta.organ,
        identifier=meta.symbol,
    )


# --- a pack ------------------------------------------------------------------------------


def _pack_properties(pack: Pack) -> Properties:
    meta = pack.meta
    keywords = [doc.meta.symbol or doc.meta.short_title for doc in pack.documents]
    return Properties(
        title=meta.title,
        author=meta.prepared_by,
        subject=meta.subtitle,
        keywords="; ".join(word for word in keywords if word),
        description=meta.subtitle or meta.title,
        language=meta.language,
        direction=direction(meta.language),
        timestamp=timestamp(meta.date),
        date=meta.date,
    )


def _cover(pack: Pack) -> Cover:
    meta = pack.meta
    words = wording(meta.language)
    date = format_date(meta.date, meta.language) if meta.date else ""
    lines = [
        Line("classification", meta.classification, pos=meta.pos),
        Line("title", meta.title, pos=meta.pos),
        Line("subtitle", meta.subtitle, pos=meta.pos),
        Line(
            "date",
            date,
            label=words["date_label"],
            iso=meta.date.isoformat() if meta.date else "",
            pos=meta.pos,
        ),
        Line("prepared_by", meta.prepared_by, label=words["prepared_by"], pos=meta.pos),
        Line("prepared_for", meta.prepared_for, label=words["prepared_for"], pos=meta.pos),
    ]
    return Cover(tuple(line for line in lines if line.text), pack.cover_note, words["contents"])


def _contents(documents: tuple[DocumentPlan, ...], pack_language: str) -> tuple[ContentsEntry, ...]:
    """Each document, then its level-1 headings and its annexes."""
    entries = []
    for document in documents:
        language = document.language if document.language != pack_language else ""
        entries.append(ContentsEntry(0, document.title, document.anchors.document, language))
        entries += [
            ContentsEntry(1, h.text, h.anchor, language)
            for h in document.headings
            if h.level == 1 and not h.in_annex
        ]
    return tuple(entries)


# --- shared -------------------------------------------------------------------------------


def direction(language: str) -> str:
    """The writing direction of a BCP 47 language tag."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def timestamp(date: datetime.date | None) -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set, else the date at noon UTC, else 1980-01-01 at noon UTC:
    equal input gives equal bytes in every format."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    day = date or UNDATED
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
