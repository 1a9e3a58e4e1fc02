"""Reader for Word documents (.docx): any Word document as the model every reader makes.

The package is checked before anything reads it (``safezip``: sizes, no DTDs or
entities, a Word main part, no macros).  ``wordtext.Scanner`` turns the body into
paragraphs, each with its style's role, Word's number for it and its text as pieces;
this module lays them out as a document:

* the masthead, from our masthead tables, the first page's header or the first lines
  as UN documents print them (read by the text reader's rules), the document's
  properties, the first page's footer (the job number) and the running head (a
  short title);
* the title (the "Title" style, else the first paragraph), kind and date line;
* the summary box; then headings (by style or outline level, labelled by Word's
  numbering or in their text), numbered paragraphs (Word's automatic numbers, or
  numbers typed "12. " where the document has none), sub-paragraph lists nested by
  level, quotations, preambular paragraphs, annexes and signatures;
* footnotes (and endnotes, read as footnotes) in order of their first call.

What the model cannot hold is reported, each with its place, through ``warn``
(``--strict`` makes it an error); nothing is dropped without a warning.  Positions
name a paragraph by its place among the file's paragraphs: ``draft.docx:40`` is
its 40th.  Headers and footers are page furniture (every output prints its own):
only the masthead, the job number and the running head are read from them.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

from ..canonical import LANGUAGE_RE, LIST_LABEL_RE
from ..errors import ConversionWarning, InputError, R2PError
from ..inline import linkable, normal_link, writable
from ..model import (
    Annex,
    Block,
    Document,
    EnumList,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    ListItem,
    Metadata,
    NumberedPara,
    Para,
    Pos,
    Preamble,
    Quote,
    Signature,
)
from ..plaintext import (
    HEADING_LABEL_RE,
    RESOLUTION_OPENING_RE,
    SCRIPT_HEADING_LABEL_RE,
    SIGNED_RE,
    foot_kind,
    heading_like,
)
from ..records import record
from ..safezip import WordPackage, check_package_bytes, unusable
from ..wordnumbering import Numbered, read_numbering
from . import txt
from .wordinline import (
    all_strong,
    drop_chars,
    inlines,
    lines,
    not_strong,
    strip_leading_space,
    strip_pieces,
    tabs_as_spaces,
    typed_label,
)
from .wordpackage import Parts, core_properties, default_language, shown_text
from .wordtext import Finding, Par, Piece, Scanner, W, bullet, note_bookmarks, read_styles, run_language

_TYPED_NUMBER_RE = re.compile(r"(\d{1,6})\.[\t  ]+(?=\S)")
# A sub-paragraph's label typed before its text: "(a)", "(aa)", "(iv)", "(12)", "(أ)", "(б)",
# "a)", "б)", a bullet.  Not "(UNHCR)" or "(2015)", which open sentences.
_TYPED_LABEL_RE = re.compile(
    r"(\((?:[a-z]{1,2}|[ivxlc]{1,7}|\d{1,2}|[^\W\d_a-zA-Z])\)|(?:[a-z]{1,2}|[^\W\d_a-zA-Z])\)|[•▪◦●–—-])"
    r"[\t  ]+(?=\S)"
)
_AUTOMATIC_NUMBER_RE = re.compile(r"\d+\.")
# What a masthead line in one of our masthead styles is, where its words do not say.
_STYLE_HINTS = {
    "masthead united nations": "united-nations",
    "masthead symbol": "symbol",
    "masthead organ": "principal",
    "session organ": "organ",
    "agenda title": "agenda-title",
    "masthead": "session",
}
# Findings reported once for the whole document, with their count and first place.
_COUNTED = {
    "tracked changes": "tracked changes are read as accepted ({count} insertion(s) or deletion(s), "
    "the first {where})",
    "a table of contents": "a table of contents ({count} entries) is left out: every output makes its own",
    "raised text": "superscript and subscript text is read as ordinary text ({count} place(s), "
    "the first {detail} {where})",
}  # fmt: skip

MAX_TYPED_DEPTH = 4  # levels of typed sub-paragraphs: (a) > (i) > a. > i., as the source format has
MAX_SIGNATURE_LINE = 80  # characters of a signatory's title line
MAX_SIGNATURE_LINES = 4  # title lines under a signature
_BREAK = Piece(line_break=True)
Group = list[tuple[int, str, str]]  # masthead lines as the text reader takes them: (paragraph, text, hint)


def read(data: bytes, path: str, warn: Callable[[R2PError], None] | None = None) -> Document:
    package = check_package_bytes(data, Path(path))
    if package.has_macros:
        raise unusable(
            Path(path), "it is macro-enabled (.docm); its macros never run here: save it as a .docx"
        )
    return _Reader(package, path, warn or _ignore).document()


def _ignore(warning: R2PError) -> None:
    """No one asked to hear the reader's warnings."""


@record(frozen=False)
class _Block:
    """A paragraph as the body takes it: its kind (heading, numbered, typed-number,
    empty-number, item, continue, quote, preamble, signature, annex, annex-title, para)."""

    kind: str
    par: Par
    label: str = ""
    number: int = 0
    depth: int = 0
    pieces: list[Piece] = field(default_factory=list)
    list_id: str = ""  # the Word list an automatically numbered item counts in
    automatic: bool = False  # numbered by Word (not typed)


class _Reader:
    def __init__(self, package: WordPackage, path: str, warn: Callable[[R2PError], None]) -> None:
        self.parts = Parts(package)
        self.path = path
        self.warn = warn
        self.body = self.parts.xml(self.parts.main).find(f"{W}body")
        if self.body is None:
            raise unusable(Path(path), "its main part has no body")
        styles_xml = self.parts.related(self.parts.main, "styles")
        self.styles = read_styles(styles_xml)
        self.numbering = read_numbering(self.parts.related(self.parts.main, "numbering"), styles_xml)
        self.default_language = default_language(styles_xml)
        self.properties = core_properties(self.parts)
        # Note keys, as the scanner names the calls: "f3" footnote 3, "e1" endnote 1,
        # "n2" the second note called again by its number (a pack member's marks).
        self.calls: dict[str, str] = {}  # note key -> the model's label, in order of first call
        self.called_at: dict[str, int] = {}  # note key -> the paragraph of its first call
        self.stories = self._note_stories()
        self.places: dict[int, str] = {}  # paragraph index -> where it is, for warnings
        self.placed: list[int] = []  # the indexes of ``places``, in order
        self.findings: list[Finding] = []
        self.language = ""
        self.paragraph_list: str | None = None  # the Word list the paragraphs are numbered in
        self.automatic_numbers = False  # whether the document numbers its paragraphs itself
        self.numbering_roles: tuple[str, ...] = ("body", "numbered")  # styles whose "12." is a paragraph's
        self.current = 0  # the paragraph whose inlines are being built
        self.by_index: dict[int, Par] = {}

    def pos(self, index: int) -> Pos:
        return Pos(self.path, index)

    def document(self) -> Document:
        bookmarks = note_bookmarks(self.body)
        scanner = Scanner(self.styles, self.numbering, self.parts.links(self.parts.main), bookmarks)
        pars = _join_deleted_marks(list(scanner.story(self.body)))
        scanner.finish()
        self.by_index = {par.index: par for par in pars}
        self.findings = scanner.findings
        self._refuse_a_pack(pars)
        self._choose_paragraph_numbering(pars)
        meta, rest = self._front(pars)
        self.language = meta.language
        in_box = [p for p in rest if p.table == "summary" and p.role != "summary-heading"]
        summary = self._blocks(in_box)
        blocks = self._blocks([p for p in rest if p.table != "summary"])
        notes = self._notes()
        if notes:
            self._footnote_numbering()
        self._report()
        if not blocks and not summary:
            raise InputError("the Word document has a title but no text after it", self.pos(1))
        return Document(meta, tuple(blocks), tuple(notes), tuple(summary), pos=self.pos(1))

    def _choose_paragraph_numbering(self, pars: list[Par]) -> None:
        """Which numbers are the paragraphs': Word's (in the paragraphs' style or Normal), or
        numbers typed by hand where more paragraphs have them (an automatic list among
        typed paragraphs is a list), or, in a resolution without either, a list style's
        ("List Number": operative paragraphs as Word's default template makes them)."""
        automatic = sum(1 for p in pars if _numbers_paragraphs(p))
        typed = sum(
            1 for p in pars if p.role == "body" and p.numbered is None and _TYPED_NUMBER_RE.match(p.text)
        )
        if typed > automatic:
            self.numbering_roles = ("numbered",)
        opening = any(RESOLUTION_OPENING_RE.fullmatch(_one_line(p.text)) for p in pars if p.role == "body")
        if opening and not (automatic or typed):
            self.numbering_roles = ("body", "numbered", "list")
        self.automatic_numbers = any(_numbers_paragraphs(p, self.numbering_roles) for p in pars)

    def _refuse_a_pack(self, pars: list[Par]) -> None:
        """A briefing pack's DOCX (its cover, contents, several documents) is not one document:
        said so, rather than read as one."""
        cover = next((p for p in pars if p.style == "cover title"), None)
        titles = [p for p in pars if p.role == "title"]  # the cover's and each document's
        if cover is not None and len(titles) > 2:
            raise InputError(
                f"this Word document is a briefing pack of {len(titles) - 1} documents; the DOCX reader "
                "reads one document: convert the pack's manifest, or each document's own file",
                self.pos(cover.index),
            )

    # the masthead, title and kind -------------------------------------------------------------

    def _front(self, pars: list[Par]) -> tuple[Metadata, list[Par]]:
        """The metadata, and the paragraphs after the title block."""
        mast = [p for p in pars if p.table in ("masthead", "sessions")]
        rest = [p for p in pars if p.table not in ("masthead", "sessions")]
        leading: list[Par] = []
        if mast:
            groups = self._table_groups(mast)
        else:
            leading = self._leading_masthead(rest)
            rest = rest[len(leading) :]
            groups = self._header_masthead() + _groups(leading)
            self._agenda_notes(leading, groups)
        groups = self._with_job_number(groups)
        rest = [p for p in rest if p.text.strip() or any(piece.note for piece in p.pieces) or p.numbered]
        title_par, kind_par, rest = self._title_and_kind(rest)
        title = _one_line(title_par.text) if title_par is not None else self.properties.title
        kind = _one_line(kind_par.text) if kind_par is not None else ""
        if not title:
            raise InputError("the Word document has no title and no text to take one from", self.pos(1))
        front = txt.read_masthead(groups, title, kind, self.path, self._as_docx)
        if front.used < len(groups):
            rest = self._unplaced(groups[front.used :], front.problem) + rest
        meta = self._metadata(front.meta, rest)
        for par in mast + leading:
            self._place_at(par.index, "in the masthead")
        dated: list[Par] = []
        if meta.date is None and rest and (found := txt.date_line(_one_line(rest[0].text))):
            meta = dataclasses.replace(meta, date=found[0], place=found[1])
            dated, rest = rest[:1], rest[1:]
        front_pars = [*leading, *(p for p in (title_par, kind_par) if p is not None), *dated]
        return meta, self._front_notes(front_pars) + rest

    def _table_groups(self, mast: list[Par]) -> list[Group]:
        """Our masthead tables: the top table's cells as one group (as a text prints the
        lines beside each other), each sessions cell as one."""
        top = [
            (p.index, _one_line(p.text), _hint(p)) for p in mast if p.table == "masthead" and p.text.strip()
        ]
        groups = [top]
        for cell in sorted({p.cell for p in mast if p.table == "sessions"}):
            cell_pars = [p for p in mast if p.table == "sessions" and p.cell == cell and p.text.strip()]
            groups.append([(p.index, _one_line(p.text), _hint(p)) for p in cell_pars])
        self._agenda_notes(mast, groups)
        return [group for group in groups if group]

    def _agenda_notes(self, mast: list[Par], groups: list[Group]) -> None:
        """The "*" of an agenda line is a footnote with that mark: its text, "A/72/50.", is
        the agenda note line the masthead reader places."""
        for par in mast:
            for piece in par.pieces:
                if piece.note and piece.text:
                    text = _one_line("".join(p.text for p in self._note_pieces(piece.note)))
                    holding = (g for g in groups if any(index == par.index for index, _text, _hint in g))
                    next(holding, groups[-1]).append((par.index, f"{piece.text} {text}", ""))
                    self.calls[piece.note] = ""  # read: not a footnote of the body

    def _leading_masthead(self, pars: list[Par]) -> list[Par]:
        """The first paragraphs, while they are masthead lines (and an agenda line's titles),
        before any paragraph in the "Title" style."""
        leading: list[Par] = []
        titles = 0
        for par in pars:
            if par.role in ("title", "heading", "numbered"):
                break
            kinds = [txt.masthead_kind(line) for line in _masthead_lines(par)]
            if kinds and kinds[-1] == "agenda":
                titles = txt.agenda_count(_masthead_lines(par)[-1])
            elif kinds and not any(kinds) and titles:
                titles -= 1
                kinds = ["agenda-title"]
            if kinds and not all(kinds):
                break
            leading.append(par)
        while leading and not leading[-1].text.strip():
            leading.pop()
        return leading

    def _header_masthead(self) -> list[Group]:
        """A masthead in the first page's header, where a document's template puts it:
        its lines, if the first is "United Nations" or a symbol (other headers are page
        furniture, which every output prints its own of)."""
        found = self.parts.page_part(self.body, "header", "first")
        if found is None:
            return []
        header, part = found
        scanner = Scanner(self.styles, self.numbering, self.parts.links(part))
        found_lines = [(0, line, "") for par in scanner.story(header) for line in _masthead_lines(par)]
        if not found_lines or txt.masthead_kind(found_lines[0][1]) not in ("united-nations", "symbol"):
            return []
        return [found_lines]

    def _with_job_number(self, groups: list[Group]) -> list[Group]:
        """The job number at the foot of the first page ("18-08811 (E)"), from its footer."""
        found = self.parts.page_part(self.body, "footer", "first") or self.parts.page_part(
            self.body, "footer", "default"
        )
        if found is None or not groups:
            return groups
        texts = (_one_line("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in found[0].iter(f"{W}p"))
        jobs = [text for text in texts if text and foot_kind(text) == "job"]
        return [[*groups[0], *((groups[0][-1][0], job, "") for job in jobs[:1])], *groups[1:]]

    def _title_and_kind(self, pars: list[Par]) -> tuple[Par | None, Par | None, list[Par]]:
        titled = next((i for i, p in enumerate(pars) if p.role == "title"), None)
        if titled is None:
            if not pars or (pars[0].role in ("heading", "numbered") and self.properties.title):
                return None, None, pars
            titled = 0
            if pars[0].text.strip() != self.properties.title:
                self._warning(
                    f"no paragraph is in the Title style: read the first, {_excerpt(pars[0].text)!r}, "
                    "as the title",
                    pars[0].index,
                )
        before, title, after = pars[:titled], pars[titled], pars[titled + 1 :]
        kind = None
        if after and self._is_kind(after[0]):
            kind, after = after[0], after[1:]
        if before:
            self._warning(
                f"{len(before)} paragraph(s) before the title are not masthead lines: read as the body's",
                before[0].index,
            )
        return title, kind, before + after

    def _is_kind(self, par: Par) -> bool:
        """The paragraph after the title is the document's kind: in a kind's style, or
        worded as one ("Report of the Secretary-General", a line in capitals)."""
        if par.role == "kind":
            return True
        return par.role == "body" and par.numbered is None and txt.kind_like(_one_line(par.text))

    def _front_notes(self, front: list[Par]) -> list[Par]:
        """Footnotes called from the title, kind, date or masthead lines, which the model's
        metadata cannot hold: their text is read as the body's first paragraphs, said so."""
        out = []
        for par in front:
            for piece in par.pieces:
                if piece.note and piece.note not in self.calls and piece.note in self.stories:
                    self.calls[piece.note] = ""
                    text = self._note_pieces(piece.note)
                    self._warning(
                        f"a footnote on {_excerpt(par.text, 40)!r} cannot be held there: its text, "
                        f"{_excerpt(''.join(p.text for p in text), 40)!r}, is read as a paragraph of "
                        "the body",
                        par.index,
                    )
                    out.append(Par(par.index, "body", 0, None, text))
        return out

    def _unplaced(self, groups: list[Group], problem: str) -> list[Par]:
        """Masthead lines the masthead reader cannot place: the body's first paragraphs (a
        header's lines are left out: they are page furniture)."""
        indexes = [index for group in groups for index, _text, _hint in group]
        why = f" ({problem})" if problem else ""
        header = sum(1 for index in indexes if index == 0)
        where = f"; {header} line(s) of the first page's header are left out" if header else ""
        self._warning(
            f"masthead lines the reader cannot place, from {_excerpt(groups[0][0][1], 40)!r}, are read "
            f"as the body's first paragraphs{where}{why}",
            max(indexes[0], 1),
        )
        return [self.by_index[index] for index in dict.fromkeys(indexes) if index in self.by_index]

    def _metadata(self, meta: Metadata, pars: list[Par]) -> Metadata:
        """The masthead's metadata with what the package says: the language (the masthead's
        own wording, else the properties', else most of the text's), the author (where
        r2p-convert wrote the file: a Word user's name is not published) and the short
        title (the running head)."""
        worded = meta.language if meta.language != "en" else ""  # a version line, "Distr. générale"
        language = worded or self.properties.language or self._text_language(pars) or meta.language
        if not LANGUAGE_RE.fullmatch(language):
            language = meta.language
        ours = self.properties.modified_by.startswith("r2p-convert")
        author = self.properties.author if ours and self.properties.author != meta.organ else ""
        short_title = self._running_head()
        if short_title in (meta.title, meta.symbol):
            short_title = ""
        return dataclasses.replace(
            meta, language=language, author=author, short_title=short_title, pos=self.pos(1)
        )

    def _running_head(self) -> str:
        """The default header of the first section: its text, without its page number."""
        found = self.parts.page_part(self.body, "header", "default")
        return shown_text(found[0]) if found is not None else ""

    def _text_language(self, pars: list[Par]) -> str:
        """The language most of the text is in, by its runs' languages (and the styles'
        default language for runs that name none)."""
        counts: dict[str, int] = {}
        for par in pars:
            for piece in par.pieces:
                language = piece.language or run_language(self.default_language, piece.text)
                if language and piece.text.strip():
                    counts[language] = counts.get(language, 0) + len(piece.text)
        return max(counts, key=lambda language: counts[language]) if counts else ""

    # the body -------------------------------------------------------------------------------------

    def _blocks(self, pars: list[Par]) -> list[Block]:
        laid = []
        for par in pars:
            block = self._classify(par)
            if block is not None and block.kind == "annex":
                self.paragraph_list = None  # an annex may number its paragraphs in a list of its own
            if block is not None:
                laid.append(block)
        laid = _signature_lines(_preambles(self._check_numbers(laid)))
        blocks: list[Block] = []
        at = 0
        while at < len(laid):
            current = laid[at]
            if current.kind in ("item", "continue"):
                end = at
                while end < len(laid) and laid[end].kind in ("item", "continue"):
                    end += 1
                blocks.extend(self._lists(laid[at:end]))
                at = end
            elif current.kind == "annex":
                titled = at + 1 < len(laid) and laid[at + 1].kind == "annex-title"
                after = at + (2 if titled else 1)
                blocks.append(self._annex(current, laid[at + 1] if titled else None, laid[after:]))
                at = after
            else:
                blocks.append(self._block(current))
                at += 1
        return blocks

    def _classify(self, par: Par) -> _Block | None:
        """What a paragraph is in the body (None: nothing to read)."""
        if par.role == "contents" or (par.role == "summary-heading" and par.table == "summary"):
            if par.role == "contents" and par.text.strip():
                self._finding("a table of contents", par.index)
            return None
        if not par.text.strip() and not any(piece.note for piece in par.pieces):
            if self._numbers_paragraph(par):
                assert par.numbered is not None
                return _Block("empty-number", par, number=par.numbered.value, automatic=True)
            return None
        role = par.role
        if role == "body" and par.outline is not None:
            role = "heading"
        if role == "heading":
            return self._heading(par)
        if role == "numbered" or (role in ("body", "list") and self._numbers_paragraph(par)):
            return self._numbered(par)
        if role in ("list", "continue") or (role == "body" and par.numbered is not None):
            return self._item(par, role)
        if role in ("quote", "preamble", "signature", "annex", "annex-title"):
            return _Block(role, par, pieces=par.pieces)
        if role in ("title", "kind", "summary", "summary-heading", "masthead"):
            return _Block("para", par, pieces=par.pieces)
        return self._typed_block(par)

    def _numbers_paragraph(self, par: Par) -> bool:
        """Whether Word's automatic number is a paragraph number: "12." at the first level,
        in the list the document's paragraphs are numbered in (the first such list, and
        after an annex the first one there); other lists' numbers are sub-paragraphs'."""
        if not _numbers_paragraphs(par, self.numbering_roles) or par.level > 1:
            return False
        assert par.numbered is not None
        if self.paragraph_list is None:
            self.paragraph_list = par.numbered.list_id
        return par.numbered.list_id == self.paragraph_list or par.role == "numbered"

    def _heading(self, par: Par) -> _Block:
        level = par.level if par.role == "heading" else (par.outline or 0) + 1
        if level > 3:
            self._finding("a heading below level 3", par.index, f"(level {level}) read as level 3")
        if txt.annex_like(_one_line(par.text)):
            return _Block("annex", par, pieces=par.pieces)
        label, pieces = _automatic_label(par.numbered), par.pieces
        if not label:
            label, pieces = typed_label(par.pieces, HEADING_LABEL_RE, SCRIPT_HEADING_LABEL_RE)
        return _Block("heading", par, label, depth=min(level, 3), pieces=pieces)

    def _numbered(self, par: Par) -> _Block:
        numbered = par.numbered
        if numbered is not None and numbered.number_format not in ("none", "bullet"):
            return _Block("numbered", par, number=numbered.value, pieces=par.pieces, automatic=True)
        typed = _TYPED_NUMBER_RE.match(par.text)
        if typed:
            return _Block(
                "numbered", par, number=int(typed.group(1)), pieces=drop_chars(par.pieces, typed.end())
            )
        return _Block("numbered", par, pieces=par.pieces)

    def _item(self, par: Par, role: str) -> _Block:
        numbered = par.numbered
        depth = max(par.level if role in ("list", "continue") else 0, numbered.level + 1 if numbered else 1)
        if role == "continue":
            return _Block("continue", par, depth=max(par.level, 1), pieces=par.pieces)
        label, pieces = _automatic_label(numbered), par.pieces
        if not label:
            label, pieces = typed_label(par.pieces, _TYPED_LABEL_RE)
        if not label:  # a list's style without a label: a paragraph of its own
            return _Block("para", par, pieces=par.pieces)
        if not LIST_LABEL_RE.fullmatch(label + " "):  # "1.1.", "Article 1", "➢": as text
            return _Block("para", par, pieces=[Piece(label + " "), *strip_pieces(pieces)])
        if numbered is None:
            return _Block("item", par, label, depth=depth, pieces=pieces)
        return _Block(
            "item", par, label, number=numbered.value, depth=depth, pieces=pieces, list_id=numbered.list_id
        )

    def _typed_block(self, par: Par) -> _Block:
        """A paragraph in a plain style: what its text says it is."""
        text = par.text
        line = _one_line(text)
        typed = _TYPED_NUMBER_RE.match(text)
        if typed and not self.automatic_numbers:
            pieces = drop_chars(par.pieces, typed.end())
            return _Block("typed-number", par, number=int(typed.group(1)), pieces=pieces)
        if SIGNED_RE.match(line):
            return _Block("signature", par, pieces=par.pieces)
        label, pieces = typed_label(par.pieces, _TYPED_LABEL_RE)
        if label:
            return _Block("item", par, label, depth=1, pieces=pieces)
        if txt.annex_like(line):
            return _Block("annex", par, pieces=par.pieces)
        if heading_like(line) and (all_strong(par.pieces) or par.style_bold) and not par.table:
            label, pieces = typed_label(par.pieces, HEADING_LABEL_RE, SCRIPT_HEADING_LABEL_RE)
            return _Block("heading", par, label, depth=1, pieces=not_strong(pieces))
        return _Block("para", par, pieces=par.pieces)

    def _check_numbers(self, laid: list[_Block]) -> list[_Block]:
        """Numbers typed by hand count as paragraph numbers where they run on (the first of
        the document or of an annex may start anywhere); a number that does not is text.
        An empty numbered paragraph is left out, the numbers after it following on.  Word's
        own numbers that jump (a list restarted outside an annex) keep their number as
        text, with a warning: the model numbers without gaps."""
        expected: int | None = None
        skipped = 0  # empty numbered paragraphs left out since the count began
        out = []
        for block in laid:
            if block.kind == "annex":
                expected, skipped = None, 0
            if block.kind == "empty-number":
                skipped += 1
                detail = f"(numbered {block.number}) left out: the paragraphs after it are numbered one less"
                self._finding("an empty numbered paragraph", block.par.index, detail)
                continue
            if block.kind in ("numbered", "typed-number"):
                block = self._counted(block, expected, skipped)
                if block.kind == "numbered":
                    expected = block.number + 1
            out.append(block)
        return out

    def _counted(self, block: _Block, expected: int | None, skipped: int) -> _Block:
        number = (block.number - skipped if block.automatic else block.number) or (expected or 1)
        if expected is None or number == expected:
            return dataclasses.replace(block, kind="numbered", number=number)
        if block.kind == "typed-number":
            return dataclasses.replace(block, kind="para", pieces=block.par.pieces)
        shown = block.number
        detail = f"({shown} after {expected - 1 + skipped}) read as unnumbered, its number as text"
        self._finding("a paragraph number out of sequence", block.par.index, detail)
        return dataclasses.replace(block, kind="para", pieces=[Piece(f"{shown}. "), *block.pieces])

    def _block(self, block: _Block) -> Block:
        pos = self.pos(block.par.index)
        self._place(block)
        children = self._inlines(block.pieces)
        if block.kind == "heading":
            return Heading(block.depth, strip_leading_space(children), block.label, pos=pos)
        if block.kind == "numbered":
            return NumberedPara(strip_leading_space(children), block.number, pos=pos)
        if block.kind == "quote":
            return Quote(children, self._quote_language(block.pieces), pos=pos)
        if block.kind == "preamble":
            return Preamble(children, pos=pos)
        if block.kind == "signature":
            return Signature(tuple(lines(children)), pos=pos)
        return Para(children, pos=pos)

    def _annex(self, block: _Block, title: _Block | None, after: list[_Block]) -> Annex:
        """An annex restarts the numbers unless its first numbered paragraph continues them."""
        self._place(block)
        first = next((b for b in after if b.kind in ("numbered", "annex")), None)
        restart = not (first is not None and first.kind == "numbered" and first.number != 1)
        title_inlines = self._inlines(title.pieces) if title else ()
        return Annex(_one_line(block.par.text), title_inlines, restart, pos=self.pos(block.par.index))

    def _lists(self, run: list[_Block]) -> list[Block]:
        """Consecutive list paragraphs as nested lists: deeper items belong to the item
        above them; a continuation paragraph to the last item of its depth.  A first-level
        item of another Word list than the one before starts a list of its own."""
        run = _typed_depths(run)
        blocks: list[Block] = []
        at = 0
        while at < len(run):
            if run[at].kind == "continue":
                self._place(run[at])
                blocks.append(Para(self._inlines(run[at].pieces), pos=self.pos(run[at].par.index)))
                at += 1
                continue
            built, at = self._list_at(run, at, run[at].depth)
            blocks.append(built)
        return blocks

    def _list_at(self, run: list[_Block], at: int, depth: int) -> tuple[EnumList, int]:
        items: list[ListItem] = []
        start, list_id, counted = at, run[at].list_id, 0
        while at < len(run):
            block = run[at]
            if items and (block.depth < depth or _starts_another_list(block, depth, list_id, counted)):
                break
            if block.kind == "item" and block.depth == depth:
                counted = block.number
            self._place(block)
            if block.kind == "item" and block.depth == depth:
                children = strip_leading_space(self._inlines(block.pieces))
                items.append(ListItem(block.label, children, pos=self.pos(block.par.index)))
                at += 1
            elif block.kind == "item":  # deeper: a list inside the last item
                inner, at = self._list_at(run, at, block.depth)
                items = _append_to_last(items, inner) if items else [ListItem("", (), (inner,))]
            else:
                para = Para(self._inlines(block.pieces), pos=self.pos(block.par.index))
                items = _append_to_last(items, para) if items else [ListItem("", (), (para,))]
                at += 1
        return EnumList(tuple(items), pos=self.pos(run[start].par.index)), at

    def _quote_language(self, pieces: list[Piece]) -> str:
        languages = {piece.language for piece in pieces if piece.text.strip()}
        if len(languages) != 1:
            return ""
        language = languages.pop()
        same = language.split("-")[0].lower() == self.language.split("-")[0].lower()
        return "" if not language or same or not LANGUAGE_RE.fullmatch(language) else language

    # places, for warnings -------------------------------------------------------------------------

    def _place(self, block: _Block) -> None:
        self.current = block.par.index
        if block.kind == "numbered":
            where = f"in paragraph {block.number}"
        elif block.kind == "heading":
            where = f"under the heading {_excerpt(block.par.text, 40)!r}"
        else:
            previous = self._where(block.par.index - 1).replace("in paragraph", "after paragraph")
            where = previous if previous != "in the document" else "at the start"
        self._place_at(block.par.index, where)

    def _place_at(self, index: int, where: str) -> None:
        if index not in self.places:
            bisect.insort(self.placed, index)
        self.places[index] = where

    def _where(self, index: int) -> str:
        """Where a paragraph is: in or after a numbered paragraph, under a heading..."""
        at = bisect.bisect_right(self.placed, index) - 1
        if index <= 0 or at < 0:
            return "in the document"
        nearest = self.placed[at]
        place = self.places[nearest]
        return place if nearest == index else place.replace("in paragraph", "after paragraph")

    # inlines ----------------------------------------------------------------------------------------

    def _inlines(self, pieces: list[Piece]) -> tuple[Inline, ...]:
        kept: list[Piece | FootnoteRef] = []
        for piece in tabs_as_spaces(pieces):
            if piece.note:
                call = self._call(piece)
                if call is not None:
                    kept.append(call)
            elif piece.url and not linkable(piece.url):
                detail = f"to {piece.url[:40]!r} read as its text (no document links there)"
                self._finding("a link", self.current, detail)
                kept.append(dataclasses.replace(piece, url=""))
            else:
                kept.append(dataclasses.replace(piece, url=normal_link(piece.url)) if piece.url else piece)
        children = inlines(kept)
        if writable(children):
            return children
        plain = inlines([_unformatted(piece) for piece in kept])
        if writable(plain):  # formatting the source format cannot write: the words stay
            shown = _excerpt("".join(p.text for p in kept if isinstance(p, Piece)), 40)
            self._finding(
                "italic or bold",
                self.current,
                f"that the source format cannot write is left out, in {shown!r}",
            )
            return plain
        return children

    def _call(self, piece: Piece) -> Piece | FootnoteRef | None:
        key = piece.note
        if key.startswith("n"):  # a later call by its number (a pack member's custom marks)
            number = key[1:]
            return FootnoteRef(number) if number in self.calls.values() else Piece(number)
        if key not in self.stories:
            self._finding("a call of a footnote the document does not have", self.current)
            return None
        if key not in self.calls:
            self.calls[key] = str(sum(1 for label in self.calls.values() if label) + 1)
            self.called_at[key] = self.current
            if piece.mark and piece.text.strip():
                detail = f"('{piece.text.strip()}') is numbered {self.calls[key]}"
                self._finding("a footnote with a mark of its own", self.current, detail)
        return FootnoteRef(self.calls[key])

    # footnotes --------------------------------------------------------------------------------------

    def _note_stories(self) -> dict[str, tuple[Any, str]]:
        """Note key -> (its element, the part it is in), footnotes and endnotes."""
        stories: dict[str, tuple[Any, str]] = {}
        for kind, prefix in (("footnotes", "f"), ("endnotes", "e")):
            target = self.parts.target(self.parts.main, kind)
            notes = self.parts.xml(target) if target else None
            if notes is None:
                continue
            for note in notes.iter(f"{W}{kind[:-1]}"):
                if note.get(f"{W}type") in (None, "normal"):
                    stories[f"{prefix}{note.get(f'{W}id')}"] = (note, target)
        return stories

    def _note_pieces(self, key: str) -> list[Piece]:
        """A note's text as pieces (its paragraphs joined by line breaks), without its mark."""
        note, part = self.stories[key]
        scanner = Scanner(self.styles, self.numbering, self.parts.links(part), default_role="note")
        pieces: list[Piece] = []
        for index, par in enumerate(scanner.story(note)):
            if index:
                pieces.append(Piece(line_break=True))
            pieces.extend(par.pieces)
        scanner.finish()
        while pieces and _leading_mark(pieces[0]):
            pieces.pop(0)  # the note's own mark, and the space after it
        if pieces and pieces[0].text:
            pieces[0] = dataclasses.replace(pieces[0], text=pieces[0].text.lstrip())
        where = f"in footnote {self.calls.get(key) or key[1:]}"
        for finding in scanner.findings:
            detail = f"{finding.detail or 'left out'} ({where})"
            self.findings.append(dataclasses.replace(finding, index=0, detail=detail))
        if any(piece.note for piece in pieces):
            self._finding("a footnote call inside a footnote", 0, f"left out ({where})")
        return [piece for piece in pieces if not piece.note]

    def _notes(self) -> list[Footnote]:
        notes = []
        for key, label in list(self.calls.items()):
            if not label:
                continue
            if key.startswith("e"):
                self._finding("an endnote", self.called_at.get(key, 0), f"read as footnote {label}")
            self.current = self.called_at.get(key, 0)
            notes.append(Footnote(label, self._inlines(self._note_pieces(key))))
        return notes

    def _footnote_numbering(self) -> None:
        """Notes are numbered from 1 in every output: said so where Word numbers them
        otherwise (from 12, or *, †, ‡)."""
        settings = self.parts.related(self.parts.main, "settings")
        section = next(self.body.iter(f"{W}sectPr"), None)
        for holder in (section, settings):
            properties = holder.find(f"{W}footnotePr") if holder is not None else None
            if properties is None:
                continue
            start = properties.find(f"{W}numStart")
            form = properties.find(f"{W}numFmt")
            start_value = start.get(f"{W}val", "1") if start is not None else "1"
            form_value = form.get(f"{W}val", "decimal") if form is not None else "decimal"
            if start_value != "1" or form_value != "decimal":
                self._finding(
                    "footnote numbering", 0, f"({form_value} from {start_value}) read as 1, 2, 3..."
                )
                return

    # warnings -----------------------------------------------------------------------------------------

    def _finding(self, what: str, index: int, detail: str = "") -> None:
        self.findings.append(Finding(what, index, detail))

    def _as_docx(self, warning: R2PError) -> None:
        """A warning of the masthead's reader (the text reader's rules), as this reader's."""
        self.warn(ConversionWarning(warning.message.replace("txt: ", "docx: ", 1), warning.pos))

    def _warning(self, message: str, index: int) -> None:
        self.warn(ConversionWarning(f"docx: {message}", self.pos(index)))

    def _report(self) -> None:
        """Each thing the model cannot hold, with its place; some kinds once, counted."""
        for what, message in _COUNTED.items():
            found = [f for f in self.findings if f.what == what]
            if found:
                first = found[0]
                text = message.format(count=len(found), where=self._where(first.index), detail=first.detail)
                self._warning(text, first.index)
        said = set()
        for finding in sorted(self.findings, key=lambda finding: finding.index):
            key = (finding.what, finding.index, finding.detail)
            if finding.what not in _COUNTED and key not in said:
                said.add(key)
                where = self._where(finding.index)
                self._warning(f"{finding.what} {finding.detail or 'left out'}, {where}", finding.index)


# --- helpers --------------------------------------------------------------------------------


def _numbers_paragraphs(par: Par, roles: tuple[str, ...] = ("body", "numbered")) -> bool:
    """Word numbers the paragraph "12." at a list's first level (not a heading), and its
    style is one of ``roles``."""
    numbered = par.numbered
    return (
        numbered is not None
        and par.role in roles
        and par.outline is None
        and numbered.level == 0
        and numbered.number_format == "decimal"
        and bool(_AUTOMATIC_NUMBER_RE.fullmatch(numbered.label.strip()))
    )


def _typed_depths(run: list[_Block]) -> list[_Block]:
    """Items whose labels are typed nest by their indent, as the reader sees them: "(i)"
    indented under "(h)" is a sub-item, level with "(h)" it is the next item.  Items that
    Word numbers keep Word's levels."""
    indents: list[int] = []  # the indents of the levels open
    out = []
    for block in run:
        if block.kind != "item" or block.list_id:
            out.append(block)
            continue
        indent = block.par.indent
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1]:
            indents.append(indent)
        depth = max(block.depth, min(len(indents), MAX_TYPED_DEPTH))
        out.append(dataclasses.replace(block, depth=depth))
    return out


def _starts_another_list(block: _Block, depth: int, list_id: str, counted: int) -> bool:
    """A first-level item of another Word list than the one before, or of the same list
    counting afresh (its number not above the last one's), starts a list of its own."""
    if block.kind != "item" or block.depth != depth:
        return False
    return block.list_id != list_id or bool(block.list_id and block.number <= counted)


def _signature_lines(laid: list[_Block]) -> list[_Block]:
    """A signature's title lines, typed as paragraphs of their own after "(Signed) Name":
    short lines without a full stop ("Ambassador", "Permanent Representative")."""
    out: list[_Block] = []
    for block in laid:
        previous = out[-1] if out else None
        line = _one_line(block.par.text)
        if (
            previous is not None and previous.kind == "signature" and block.kind == "para"
            and len(line) <= MAX_SIGNATURE_LINE and not line.endswith((".", ":", ";"))
            and previous.pieces.count(_BREAK) < MAX_SIGNATURE_LINES
        ):  # fmt: skip
            out[-1] = dataclasses.replace(previous, pieces=[*previous.pieces, _BREAK, *block.pieces])
            continue
        out.append(block)
    return out


def _preambles(laid: list[_Block]) -> list[_Block]:
    """After a resolution's opening line ("The General Assembly,"), its paragraphs are
    preambular, up to the first numbered paragraph, heading or annex (as in the text
    format)."""
    out = []
    resolution = False
    for block in laid:
        if block.kind in ("numbered", "heading", "annex"):
            resolution = False
        elif block.kind == "para" and resolution:
            block = dataclasses.replace(block, kind="preamble")
        elif block.kind == "para" and RESOLUTION_OPENING_RE.fullmatch(_one_line(block.par.text)):
            resolution = True
        out.append(block)
    return out


def _unformatted(piece: Piece | FootnoteRef) -> Piece | FootnoteRef:
    return dataclasses.replace(piece, emph=False, strong=False) if isinstance(piece, Piece) else piece


def _leading_mark(piece: Piece) -> bool:
    return not piece.line_break and (bool(piece.note) or piece.mark or not piece.text.strip())


def _automatic_label(numbered: Numbered | None) -> str:
    if numbered is None:
        return ""
    label = numbered.label.strip()
    return bullet(label) if numbered.number_format == "bullet" else label


def _join_deleted_marks(pars: list[Par]) -> list[Par]:
    """A deleted paragraph mark, accepted, joins its paragraph to the next."""
    out: list[Par] = []
    carry: Par | None = None
    for par in pars:
        if carry is not None and not par.table and not carry.table:
            par = dataclasses.replace(par, pieces=[*carry.pieces, *par.pieces], index=carry.index)
        elif carry is not None:
            out.append(carry)
        carry = None
        if par.mark_deleted:
            carry = par
            continue
        out.append(par)
    if carry is not None:
        out.append(carry)
    return out


def _masthead_lines(par: Par) -> list[str]:
    """A paragraph's masthead lines: a typed masthead puts two on one line, tabbed apart
    ("United Nations<tab>A/75/100")."""
    return [line for part in re.split(r"\t+|\n", par.text) if (line := _one_line(part))]


def _groups(pars: list[Par]) -> list[Group]:
    """Paragraphs as a text's chunks: empty paragraphs between them."""
    groups: list[Group] = [[]]
    for par in pars:
        found = _masthead_lines(par)
        if not found:
            groups.append([])
        groups[-1].extend((par.index, line, "") for line in found)
    return [group for group in groups if group]


def _hint(par: Par) -> str:
    return _STYLE_HINTS.get(par.style, "")


def _excerpt(text: str, length: int = 60) -> str:
    line = _one_line(text)
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _append_to_last(items: list[ListItem], block: Block) -> list[ListItem]:
    last = items[-1]
    return [*items[:-1], dataclasses.replace(last, blocks=(*last.blocks, block))]
