"""Reader for Word documents (.docx): any Word document as the model every reader makes.

The package is checked before anything reads it (``safezip``: sizes, no DTDs or
entities, a Word main part, no macros).  ``wordtext.Scanner`` turns the body into
paragraphs, each with its style's role, Word's number for it and its inlines; this
module lays them out as a document:

* the masthead, from our masthead tables or the first lines as UN documents print
  them (read by the text reader's rules), the document's properties, the first
  page's footer (the job number) and the running head (a short title);
* the title (the "Title" style, else the first paragraph), kind and date line;
* the summary box; then headings (by style or outline level, labelled by Word's
  numbering or in their text), numbered paragraphs (Word's automatic numbers, or
  numbers typed "12. " where the document has none), sub-paragraph lists nested by
  level, quotations, preambular paragraphs, annexes and signatures;
* footnotes (and endnotes, read as footnotes) in order of their first call.

What the model cannot hold is reported, each with its place, through ``warn``
(``--strict`` makes it an error); nothing is dropped without a warning.  Positions
name a paragraph by its place among the file's paragraphs: ``draft.docx:40`` is
its 40th.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConversionWarning, InputError, R2PError
from ..model import (
    Annex,
    Block,
    Document,
    Emph,
    EnumList,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Metadata,
    NumberedPara,
    Para,
    Pos,
    Preamble,
    Quote,
    Signature,
    Strong,
    Text,
    symbol_url,
)
from ..plaintext import HEADING_LABEL_RE, SCRIPT_HEADING_LABEL_RE, foot_kind, heading_like
from ..safezip import WordPackage, check_package_bytes, safe_xml, unusable
from ..wordnumbering import read_numbering
from . import txt
from .wordtext import Finding, Par, Piece, R, Scanner, W, bullet, note_bookmarks, read_styles

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_TYPED_NUMBER_RE = re.compile(r"(\d{1,6})\.[\t  ]+(?=\S)")
# "(a)", "(iv)", "(أ)", "a)", "б)", bullets: a sub-paragraph's label typed before its text.
_TYPED_LABEL_RE = re.compile(r"(\(\w{1,6}\)|[^\W\d_]{1,3}\)|[•▪◦●–—-])[\t  ]+(?=\S)")
_SIGNED_RE = re.compile(r"[(（](Signed|Signé|Firmado|Подпись|توقيع|签名)[)）]")
_LANGUAGE_RE = re.compile(r"[a-zA-Z]{2,3}(-[A-Za-z0-9]{1,8})*")
_SKIPPED_ROLES = ("contents", "summary-heading")


def read(data: bytes, path: str, warn: Callable[[R2PError], None] | None = None) -> Document:
    package = check_package_bytes(data, Path(path))
    if package.has_macros:
        raise unusable(
            Path(path), "it is macro-enabled (.docm); its macros never run here: save it as a .docx"
        )
    return _Reader(package, path, warn or _ignore).document()


def _ignore(warning: R2PError) -> None:
    """No one asked to hear the reader's warnings."""


# --- the package's parts ---------------------------------------------------------------------


@dataclass
class _Parts:
    """The parts of a checked package, parsed when asked for."""

    package: WordPackage
    _parsed: dict[str, Any] = field(default_factory=dict)
    _relations: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def xml(self, name: str) -> Any:
        if name not in self._parsed:
            content = self.package.parts.get(name)
            self._parsed[name] = (
                safe_xml(content, name, Path(self.package.path)) if content is not None else None
            )
        return self._parsed[name]

    def relations(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target) of a part's relationships; internal targets as part names."""
        if part not in self._relations:
            self._relations[part] = self._read_relations(part)
        return self._relations[part]

    def _read_relations(self, part: str) -> list[tuple[str, str, str]]:
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return []
        found = []
        for rel in rels.iter(f"{_REL}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
            found.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target))
        return found

    def related(self, part: str, kind: str) -> Any:
        target = next((t for _id, k, t in self.relations(part) if k == kind), None)
        return self.xml(target) if target else None

    def links(self, part: str) -> dict[str, str]:
        return {rel_id: target for rel_id, kind, target in self.relations(part) if kind == "hyperlink"}


@dataclass
class _Properties:
    title: str = ""
    author: str = ""
    language: str = ""


def _core_properties(parts: _Parts) -> _Properties:
    core = parts.related("", "core-properties")
    if core is None:
        core = parts.xml("docProps/core.xml")
    if core is None:
        return _Properties()

    def text(tag: str) -> str:
        found = core.find(tag)
        return (found.text or "").strip() if found is not None else ""

    return _Properties(text(f"{_DC}title"), text(f"{_DC}creator"), text(f"{_DC}language"))


# --- the reader ----------------------------------------------------------------------------


@dataclass
class _Block:
    """A paragraph as the body takes it."""

    kind: str  # heading, numbered, item, continue, quote, preamble, annex, annex-title, ...
    par: Par
    label: str = ""
    number: int = 0
    depth: int = 0
    pieces: list[Piece] = field(default_factory=list)


class _Reader:
    def __init__(self, package: WordPackage, path: str, warn: Callable[[R2PError], None]) -> None:
        self.parts = _Parts(package)
        self.path = path
        self.warn = warn
        self.main = package.main_part
        self.body = self.parts.xml(self.main).find(f"{W}body")
        if self.body is None:
            raise unusable(Path(path), "its main part has no body")
        styles_xml = self.parts.related(self.main, "styles")
        self.styles = read_styles(styles_xml)
        self.numbering = read_numbering(self.parts.related(self.main, "numbering"), styles_xml)
        self.default_language = _default_language(styles_xml)
        self.properties = _core_properties(self.parts)
        self.calls: dict[str, str] = {}  # note key -> the model's label, in order of first call
        self.places: dict[int, str] = {}  # paragraph index -> where it is, for warnings
        self.findings: list[Finding] = []
        self.language = ""
        self.automatic_numbers = False
        self.current = 0  # the paragraph whose inlines are being built
        self.called_at: dict[str, int] = {}  # note key -> the paragraph of its first call
        self.by_index: dict[int, Par] = {}

    def pos(self, index: int) -> Pos:
        return Pos(self.path, index)

    def document(self) -> Document:
        scanner = Scanner(self.styles, self.numbering, self.parts.links(self.main), note_bookmarks(self.body))
        pars = _join_deleted_marks([par for par in scanner.story(self.body)])
        self.by_index = {par.index: par for par in pars}
        self.findings = scanner.findings
        self._refuse_a_pack(pars)
        self.automatic_numbers = any(
            p.numbered is not None and p.numbered.level == 0 and p.numbered.number_format == "decimal"
            for p in pars
            if p.role != "heading"
        )
        meta, rest = self._front(pars)
        self.language = meta.language
        summary = self._blocks([p for p in rest if p.table == "summary" and p.role != "summary-heading"])
        blocks = self._blocks([p for p in rest if p.table != "summary"])
        notes = self._notes()
        self._report()
        if not blocks and not summary:
            raise InputError("the Word document has a title but no text after it", self.pos(1))
        return Document(meta, tuple(blocks), tuple(notes), tuple(summary), pos=self.pos(1))

    def _refuse_a_pack(self, pars: list[Par]) -> None:
        """A briefing pack's DOCX (its cover, contents, several documents) is not one document:
        said so, rather than read as one."""
        cover = next((p for p in pars if p.style == "cover title"), None)
        titles = [p for p in pars if p.role == "title"]  # the cover's and each document's
        if cover is not None and len(titles) > 2:
            raise InputError(
                f"this Word document is a briefing pack of {len(titles) - 1} documents; the DOCX reader reads "
                "one document: convert the pack's manifest, or each document's own file",
                self.pos(cover.index),
            )

    # the masthead, title and kind -------------------------------------------------------------

    def _front(self, pars: list[Par]) -> tuple[Metadata, list[Par]]:
        mast = [p for p in pars if p.table in ("masthead", "sessions")]
        rest = [p for p in pars if p.table not in ("masthead", "sessions")]
        if mast:
            groups = self._table_groups(mast)
            leading: list[Par] = []
        else:
            leading = self._leading_masthead(rest)
            rest = rest[len(leading) :]
            groups = self._header_masthead() + _groups(leading)
        groups = self._with_feet(groups)
        rest = [p for p in rest if p.text.strip() or any(piece.note for piece in p.pieces)]
        title_par, kind_par, rest = self._title_and_kind(rest)
        title = _one_line(title_par.text) if title_par is not None else self.properties.title
        kind = _one_line(kind_par.text) if kind_par is not None else ""
        if not title:
            raise InputError("the Word document has no title and no text to take one from", self.pos(1))
        front = txt.read_masthead(groups, title, kind, self.path, self.warn)
        if front.used < len(groups):
            rest = self._unplaced(groups[front.used :], front.problem) + rest
        meta = self._metadata(front.meta, rest)
        self.places.update({p.index: "in the masthead" for p in mast + leading})
        if meta.date is None and rest and (found := txt.date_line(_one_line(rest[0].text))):
            meta = dataclasses.replace(meta, date=found[0], place=found[1])
            rest = rest[1:]
        return meta, rest

    def _table_groups(self, mast: list[Par]) -> list[list[tuple[int, str, str]]]:
        """Our masthead tables: the top table's cells as one group (as a text prints the
        lines beside each other), each sessions cell as one."""
        top = [
            (p.index, _one_line(p.text), _hint(p)) for p in mast if p.table == "masthead" and p.text.strip()
        ]
        groups = [top]
        for cell in sorted({p.cell for p in mast if p.table == "sessions"}):
            groups.append(
                [
                    (p.index, _one_line(p.text), _hint(p))
                    for p in mast
                    if p.table == "sessions" and p.cell == cell and p.text.strip()
                ]
            )
        self._agenda_notes(mast, groups)
        return [group for group in groups if group]

    def _agenda_notes(self, mast: list[Par], groups: list[list[tuple[int, str, str]]]) -> None:
        """The "*" of an agenda line is a footnote with that mark: its text, "A/72/50.", is
        the agenda note line the masthead reader places."""
        for par in mast:
            for piece in par.pieces:
                if piece.note and piece.text:
                    text = _one_line(self._note_text_plain(piece.note))
                    group = next(
                        (g for g in groups if any(index == par.index for index, _text, _hint in g)),
                        groups[-1],
                    )
                    group.append((par.index, f"{piece.text} {text}", ""))
                    self.calls[piece.note] = ""  # read: not a footnote of the body

    def _leading_masthead(self, pars: list[Par]) -> list[Par]:
        """The first paragraphs, while they are masthead lines (and an agenda line's titles),
        before any paragraph in the "Title" style."""
        leading: list[Par] = []
        titles = 0
        for par in pars:
            text = _one_line(par.text)
            if par.role in ("title", "heading", "numbered"):
                break
            if not text:
                leading.append(par)
                continue
            kind = txt.masthead_kind(text)
            if kind == "agenda":
                titles = txt.agenda_count(text)
            elif not kind and titles:
                titles -= 1
                kind = "agenda-title"
            if not kind:
                break
            leading.append(par)
        while leading and not leading[-1].text.strip():
            leading.pop()
        return leading

    def _with_feet(self, groups: list[list[tuple[int, str, str]]]) -> list[list[tuple[int, str, str]]]:
        """The job number at the foot of the first page ("18-08811 (E)"), from its footer."""
        lines = []
        for _id, kind, target in self.parts.relations(self.main):
            if kind == "footer" and (footer := self.parts.xml(target)) is not None:
                for paragraph in footer.iter(f"{W}p"):
                    text = _one_line("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
                    if text and foot_kind(text) == "job" and text not in lines:
                        lines.append(text)
        if lines and groups:
            groups[0] = [*groups[0], *((groups[0][-1][0], line, "") for line in lines)]
        return groups

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
        if after and (
            after[0].role == "kind" or (after[0].role == "body" and txt.kind_like(_one_line(after[0].text)))
        ):
            kind, after = after[0], after[1:]
        if before:
            self._warning(
                f"{len(before)} paragraph(s) before the title are not masthead lines: read as the body's",
                before[0].index,
            )
        return title, kind, before + after

    def _unplaced(self, groups: list[list[tuple[int, str, str]]], problem: str) -> list[Par]:
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

    def _metadata(self, meta: Metadata, rest: list[Par]) -> Metadata:
        language = self.properties.language or self.default_language or meta.language
        if not _LANGUAGE_RE.fullmatch(language):
            language = meta.language
        author = self.properties.author
        if author == meta.organ or author == "python-docx":
            author = ""
        short_title = self._running_head()
        if short_title in (meta.title, meta.symbol):
            short_title = ""
        return dataclasses.replace(
            meta, language=language, author=author, short_title=short_title, pos=self.pos(1)
        )

    def _running_head(self) -> str:
        """The default header of the first section, where it is text (not a page number)."""
        found = self._header("default")
        if found is None:
            return ""
        text = _one_line("".join(t.text or "" for t in found[0].iter(f"{W}t")))
        return text if not text.isdigit() else ""

    def _header(self, kind: str) -> tuple[Any, str] | None:
        """The first section's header of a kind ("default", "first") and its part's name."""
        section = next(self.body.iter(f"{W}sectPr"), None)
        if section is None:
            return None
        targets = {rel_id: target for rel_id, _kind, target in self.parts.relations(self.main)}
        for reference in section.iter(f"{W}headerReference"):
            if reference.get(f"{W}type", "default") == kind:
                part = targets.get(reference.get(f"{R}id", ""), "")
                header = self.parts.xml(part) if part else None
                return (header, part) if header is not None else None
        return None

    def _header_masthead(self) -> list[list[tuple[int, str, str]]]:
        """A masthead in the first page's header, where a document's template puts it:
        its lines, if the first is "United Nations" or a symbol (other headers are page
        furniture, which every output prints its own of)."""
        found = self._header("first")
        if found is None:
            return []
        header, part = found
        scanner = Scanner(self.styles, self.numbering, self.parts.links(part))
        lines = [(0, text, "") for par in scanner.story(header) if (text := _one_line(par.text))]
        if not lines or txt.masthead_kind(lines[0][1]) not in ("united-nations", "symbol"):
            return []
        return [lines]

    # the body -------------------------------------------------------------------------------------

    def _blocks(self, pars: list[Par]) -> list[Block]:
        laid = [block for par in pars if (block := self._classify(par)) is not None]
        laid = self._check_numbers(laid)
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
                continue
            if current.kind == "annex":
                title = laid[at + 1] if at + 1 < len(laid) and laid[at + 1].kind == "annex-title" else None
                blocks.append(self._annex(current, title, laid[at + (2 if title else 1) :]))
                at += 2 if title else 1
                continue
            blocks.append(self._block(current))
            at += 1
        return blocks

    def _classify(self, par: Par) -> _Block | None:
        """What a paragraph is in the body (None: nothing to read)."""
        if par.role in _SKIPPED_ROLES:
            if par.role == "contents" and par.text.strip():
                self._finding("a table of contents", par.index, "left out (every output makes its own)")
            return None
        text = par.text
        if not text.strip() and not any(piece.note for piece in par.pieces):
            return None
        numbered = par.numbered
        auto_label = ""
        if numbered is not None:
            auto_label = (
                bullet(numbered.label.strip())
                if numbered.number_format == "bullet"
                else numbered.label.strip()
            )
        role = par.role
        if role == "body" and par.outline is not None and par.outline < 9:
            role = "heading"
        if role == "heading":
            level = par.level if par.role == "heading" else (par.outline or 0) + 1
            if level > 3:
                self._finding("a heading below level 3", par.index, f"(level {level}) read as level 3")
            label, pieces = auto_label, par.pieces
            if not label:
                label, pieces = _typed(par.pieces, HEADING_LABEL_RE, SCRIPT_HEADING_LABEL_RE)
            if txt.annex_like(_one_line(text)) and not label:
                return _Block("annex", par, pieces=par.pieces)
            return _Block("heading", par, label, depth=min(level, 3), pieces=pieces)
        if role == "numbered" or (
            role == "body" and numbered is not None and numbered.level == 0
            and numbered.number_format == "decimal" and re.fullmatch(r"\d+\.", auto_label)
        ):  # fmt: skip
            if numbered is not None and numbered.number_format not in ("none", "bullet"):
                return _Block("numbered", par, number=numbered.value, pieces=par.pieces)
            typed = _TYPED_NUMBER_RE.match(text)
            if typed:
                return _Block(
                    "numbered", par, number=int(typed.group(1)), pieces=_drop(par.pieces, typed.end())
                )
            return _Block("numbered", par, pieces=par.pieces)
        if role in ("list", "continue") or (role == "body" and numbered is not None):
            depth = max(
                par.level if role in ("list", "continue") else 0, numbered.level + 1 if numbered else 1
            )
            if role == "continue":
                return _Block("continue", par, depth=max(par.level, 1), pieces=par.pieces)
            label, pieces = auto_label, par.pieces
            if not label:
                label, pieces = _typed(par.pieces, _TYPED_LABEL_RE)
            if not label:  # a list's style without a label: a paragraph of its own
                return _Block("para", par, pieces=par.pieces)
            return _Block("item", par, label, depth=depth, pieces=pieces)
        if role in ("quote", "preamble", "signature", "annex", "annex-title", "title", "kind", "summary"):
            kind = {"title": "para", "kind": "para", "summary": "para"}.get(role, role)
            return _Block(kind, par, pieces=par.pieces)
        return self._typed_block(par)

    def _typed_block(self, par: Par) -> _Block:
        """A paragraph in a plain style: what its text says it is."""
        text = par.text
        typed = _TYPED_NUMBER_RE.match(text)
        if typed and not self._has_automatic_numbers():
            return _Block(
                "typed-number", par, number=int(typed.group(1)), pieces=_drop(par.pieces, typed.end())
            )
        label, pieces = _typed(par.pieces, _TYPED_LABEL_RE)
        if label:
            return _Block("item", par, label, depth=1, pieces=pieces)
        line = _one_line(text)
        if txt.annex_like(line):
            return _Block("annex", par, pieces=par.pieces)
        if _SIGNED_RE.match(line):
            return _Block("signature", par, pieces=par.pieces)
        if heading_like(line) and _all_strong(par.pieces):
            label, pieces = _typed(par.pieces, HEADING_LABEL_RE, SCRIPT_HEADING_LABEL_RE)
            return _Block("heading", par, label, depth=1, pieces=_plain(pieces))
        return _Block("para", par, pieces=par.pieces)

    def _has_automatic_numbers(self) -> bool:
        return self.automatic_numbers

    def _check_numbers(self, laid: list[_Block]) -> list[_Block]:
        """Numbers typed by hand count as paragraph numbers where they run on (the first of
        the document or of an annex may start anywhere); a number that does not is text.
        Word's own numbers that jump (a list restarted outside an annex) keep their number
        as text, with a warning: the model numbers without gaps."""
        expected: int | None = None
        out = []
        for block in laid:
            if block.kind == "annex":
                expected = None
            if block.kind in ("numbered", "typed-number"):
                number = block.number or (expected or 1)
                if expected is None or number == expected:
                    block = dataclasses.replace(block, kind="numbered", number=number)
                    expected = number + 1
                elif block.kind == "typed-number":
                    block = dataclasses.replace(block, kind="para", pieces=block.par.pieces)
                else:
                    detail = f"({number} after {expected - 1}) read as unnumbered, its number as text"
                    self._finding("a paragraph number out of sequence", block.par.index, detail)
                    block = dataclasses.replace(
                        block, kind="para", pieces=[Piece(f"{number}. "), *block.pieces]
                    )
            out.append(block)
        return out

    def _block(self, block: _Block) -> Block:
        par = block.par
        pos = self.pos(par.index)
        self._place(block)
        children = self._inlines(block.pieces)
        if block.kind == "heading":
            return Heading(block.depth, _strip_label_space(children), block.label, pos=pos)
        if block.kind == "numbered":
            return NumberedPara(children, block.number, pos=pos)
        if block.kind == "quote":
            return Quote(children, self._quote_language(block.pieces), pos=pos)
        if block.kind == "preamble":
            return Preamble(children, pos=pos)
        if block.kind == "signature":
            return Signature(tuple(_lines(children)), pos=pos)
        if block.kind == "annex-title":
            return Para(children, pos=pos)
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
        above them; a continuation paragraph to the last item of its depth."""
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
        start = at
        while at < len(run):
            block = run[at]
            if (block.depth < depth and block.kind == "item") or (block.depth < depth and items):
                break
            self._place(block)
            if block.kind == "item" and block.depth == depth:
                children = _strip_label_space(self._inlines(block.pieces))
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
        return "" if not language or same or not _LANGUAGE_RE.fullmatch(language) else language

    def _place(self, block: _Block) -> None:
        self.current = block.par.index
        if block.kind == "numbered":
            where = f"in paragraph {block.number}"
        elif block.kind == "heading":
            where = f"under the heading {_one_line(block.par.text)[:40]!r}"
        else:
            previous = self.places.get(max((i for i in self.places if i < block.par.index), default=0), "")
            where = previous.replace("in paragraph", "after paragraph") if previous else "at the start"
        self.places[block.par.index] = where

    # inlines ----------------------------------------------------------------------------------------

    def _inlines(self, pieces: list[Piece]) -> tuple[Inline, ...]:
        return _group([self._call(piece) if piece.note else piece for piece in _tabs_as_spaces(pieces)])

    def _call(self, piece: Piece) -> Piece | FootnoteRef:
        key = piece.note
        if key.startswith("n"):  # a later call by its number (a pack member's custom marks)
            number = key[1:]
            return FootnoteRef(number) if number in self.calls.values() else Piece(number)
        if key not in self.calls:
            self.calls[key] = str(sum(1 for label in self.calls.values() if label) + 1)
            self.called_at[key] = self.current
        return FootnoteRef(self.calls[key])

    # footnotes --------------------------------------------------------------------------------------

    def _note_stories(self) -> dict[str, tuple[Any, str]]:
        """Note key -> (its element, the part it is in), footnotes and endnotes."""
        stories: dict[str, tuple[Any, str]] = {}
        for kind, prefix in (("footnotes", "f"), ("endnotes", "e")):
            target = next((t for _i, k, t in self.parts.relations(self.main) if k == kind), None)
            notes = self.parts.xml(target) if target else None
            if notes is None:
                continue
            tag = kind[:-1]
            for note in notes.iter(f"{W}{tag}"):
                if note.get(f"{W}type") in (None, "normal"):
                    stories[f"{prefix}{note.get(f'{W}id')}"] = (note, target or "")
        return stories

    def _note_pieces(self, key: str) -> list[Piece]:
        stories = getattr(self, "_stories", None)
        if stories is None:
            stories = self._stories = self._note_stories()
        if key not in stories:
            return []
        note, part = stories[key]
        scanner = Scanner(self.styles, self.numbering, self.parts.links(part), default_role="note")
        scanner.count = 0
        pieces: list[Piece] = []
        for index, par in enumerate(scanner.story(note)):
            if index:
                pieces.append(Piece(line_break=True))
            pieces.extend(par.pieces)
        while (
            pieces
            and (pieces[0].note or pieces[0].mark or not pieces[0].text.strip())
            and not pieces[0].line_break
        ):
            pieces.pop(0)  # the note's own mark, and the space after it
        if pieces and pieces[0].text:
            pieces[0] = dataclasses.replace(pieces[0], text=pieces[0].text.lstrip())
        for finding in scanner.findings:
            detail = f"{finding.detail or 'left out'} (in footnote {self.calls.get(key)})"
            self.findings.append(dataclasses.replace(finding, index=0, detail=detail))
        if any(piece.note for piece in pieces):
            self._finding(
                "a footnote call inside a footnote", 0, f"left out (in footnote {self.calls.get(key)})"
            )
        return [piece for piece in pieces if not piece.note]

    def _note_text_plain(self, key: str) -> str:
        return "".join(piece.text for piece in self._note_pieces(key))

    def _notes(self) -> list[Footnote]:
        notes = []
        for key, label in list(self.calls.items()):
            if not label:
                continue
            if key.startswith("e"):
                self._finding("an endnote", self.called_at.get(key, 0), f"read as footnote {label}")
            children = self._inlines(self._note_pieces(key))
            notes.append(Footnote(label, children))
        return notes

    # warnings -----------------------------------------------------------------------------------------

    def _finding(self, what: str, index: int, detail: str = "") -> None:
        self.findings.append(Finding(what, index, detail))

    def _warning(self, message: str, index: int) -> None:
        self.warn(ConversionWarning(f"docx: {message}", self.pos(index)))

    def _report(self) -> None:
        """Each thing the model cannot hold, with its place; tracked changes once."""
        changes = [f for f in self.findings if f.what == "tracked changes"]
        if changes:
            self._warning(
                f"tracked changes are read as accepted ({len(changes)} insertion(s) or deletion(s), "
                f"the first {self._where(changes[0].index)})",
                changes[0].index,
            )
        contents = [f for f in self.findings if f.what == "a table of contents"]
        if contents:
            self._warning(
                f"a table of contents ({len(contents)} entries) is left out: every output makes its own",
                contents[0].index,
            )
        for finding in sorted(self.findings, key=lambda finding: finding.index):
            if finding.what not in ("tracked changes", "a table of contents"):
                where = self._where(finding.index)
                self._warning(f"{finding.what} {finding.detail or 'left out'}, {where}", finding.index)

    def _where(self, index: int) -> str:
        if not self.places or index <= 0:
            return "in the document"
        nearest = max((i for i in self.places if i <= index), default=None)
        if nearest is None:
            return "at the start"
        place = self.places[nearest]
        return place if nearest == index else place.replace("in paragraph", "after paragraph")


# --- helpers --------------------------------------------------------------------------------


def _default_language(styles_xml: Any) -> str:
    if styles_xml is None:
        return ""
    lang = styles_xml.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    return str(lang.get(f"{W}val", "")) if lang is not None else ""


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


def _groups(pars: list[Par]) -> list[list[tuple[int, str, str]]]:
    """Paragraphs as a text's chunks: empty paragraphs between them."""
    groups: list[list[tuple[int, str, str]]] = [[]]
    for par in pars:
        text = _one_line(par.text)
        if not text:
            groups.append([])
        else:
            groups[-1].append((par.index, text, ""))
    return [group for group in groups if group]


# What a masthead line in one of our masthead styles is, where its words do not say.
_STYLE_HINTS = {
    "masthead united nations": "united-nations",
    "masthead symbol": "symbol",
    "masthead organ": "principal",
    "session organ": "organ",
    "agenda title": "agenda-title",
    "masthead": "session",
}


def _hint(par: Par) -> str:
    return _STYLE_HINTS.get(par.style, "")


def _excerpt(text: str, length: int = 60) -> str:
    line = _one_line(text)
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _typed(pieces: list[Piece], *patterns: re.Pattern[str]) -> tuple[str, list[Piece]]:
    """A label typed at the start of a paragraph ("(a)", "II."), and the pieces after it."""
    text = "".join(piece.text for piece in pieces if not piece.note)
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            label = next(group for group in match.groups() if group) if match.groups() else match.group()
            return label.strip(), _drop(pieces, match.end())
    return "", pieces


def _drop(pieces: list[Piece], count: int) -> list[Piece]:
    """The pieces without their first ``count`` characters of text."""
    out = []
    for piece in pieces:
        if count > 0 and not piece.note and not piece.line_break:
            if len(piece.text) <= count:
                count -= len(piece.text)
                continue
            piece = dataclasses.replace(piece, text=piece.text[count:])
            count = 0
        out.append(piece)
    return out


def _tabs_as_spaces(pieces: list[Piece]) -> list[Piece]:
    return [dataclasses.replace(p, text=p.text.replace("\t", " ")) if "\t" in p.text else p for p in pieces]


def _all_strong(pieces: list[Piece]) -> bool:
    texts = [piece for piece in pieces if piece.text.strip()]
    return bool(texts) and all(piece.strong for piece in texts)


def _plain(pieces: list[Piece]) -> list[Piece]:
    return [dataclasses.replace(piece, strong=False) for piece in pieces]


def _strip_label_space(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if children and isinstance(children[0], Text) and children[0].text[:1].isspace():
        stripped = children[0].text.lstrip()
        return ((Text(stripped, pos=children[0].pos),) if stripped else ()) + children[1:]
    return children


def _lines(children: tuple[Inline, ...]) -> Iterator[tuple[Inline, ...]]:
    line: list[Inline] = []
    for node in children:
        if isinstance(node, LineBreak):
            yield tuple(line)
            line = []
        else:
            line.append(node)
    yield tuple(line)


def _append_to_last(items: list[ListItem], block: Block) -> list[ListItem]:
    last = items[-1]
    return [*items[:-1], dataclasses.replace(last, blocks=(*last.blocks, block))]


def _group(pieces: list[Piece | FootnoteRef]) -> tuple[Inline, ...]:
    """Pieces as nested inlines: a link around its pieces, then strong or emphasis around
    the longest stretch that has it (so "**a *b* c**" reads back as it was written)."""
    out: list[Inline] = []
    at = 0
    while at < len(pieces):
        piece = pieces[at]
        if isinstance(piece, FootnoteRef):
            out.append(piece)
            at += 1
            continue
        if piece.line_break:
            out.append(LineBreak())
            at += 1
            continue
        if piece.url:
            url = piece.url
            end = _stretch(pieces, at, lambda p: p.url == url)  # noqa: B023 (called at once)
            inner = [dataclasses.replace(p, url="") if isinstance(p, Piece) else p for p in pieces[at:end]]
            out.append(_link(url, _group(inner)))
            at = end
            continue
        if piece.strong or piece.emph:
            node, at = _formatted(pieces, at)
            out.append(node)
            continue
        out.append(Text(piece.text))
        at += 1
    return _merge_text(out)


def _stretch(pieces: list[Piece | FootnoteRef], at: int, test: Callable[[Piece], bool]) -> int:
    end = at
    while end < len(pieces):
        piece = pieces[end]
        if isinstance(piece, Piece) and piece.line_break:
            if end > at and _next_is(pieces, end + 1, test):  # a break inside the stretch
                end += 1
                continue
            break
        if isinstance(piece, Piece) and not test(piece):
            break
        if isinstance(piece, FootnoteRef) and end > at and not _next_is(pieces, end, test):
            break
        end += 1
    return end


def _next_is(pieces: list[Piece | FootnoteRef], at: int, test: Callable[[Piece], bool]) -> bool:
    after = next((p for p in pieces[at:] if isinstance(p, Piece)), None)
    return after is not None and not after.line_break and test(after)


def _outer_flag(pieces: list[Piece | FootnoteRef], at: int) -> str:
    """Which of strong and emphasis holds the longer stretch from ``at``."""
    strong = _stretch(pieces, at, lambda p: p.strong)
    emph = _stretch(pieces, at, lambda p: p.emph)
    first = pieces[at]
    assert isinstance(first, Piece)
    # Equal stretches: emphasis outside, as "***both***" reads in the source.
    return "strong" if first.strong and (strong > emph or not first.emph) else "emph"


def _flag_of(piece: Piece, flag: str) -> bool:
    return piece.strong if flag == "strong" else piece.emph


def _without(piece: Piece, flag: str) -> Piece:
    return (
        dataclasses.replace(piece, strong=False)
        if flag == "strong"
        else dataclasses.replace(piece, emph=False)
    )


def _formatted(pieces: list[Piece | FootnoteRef], at: int) -> tuple[Inline, int]:
    flag = _outer_flag(pieces, at)
    end = _stretch(pieces, at, lambda p: _flag_of(p, flag))
    inner = [_without(p, flag) if isinstance(p, Piece) else p for p in pieces[at:end]]
    children = _group(inner)
    return (Strong(children) if flag == "strong" else Emph(children)), end


def _link(url: str, children: tuple[Inline, ...]) -> Inline:
    """A link; one to a symbol's own undocs.org address is the symbol, which the
    transforms link again (so a round trip gives the symbol back, not a link)."""
    text = "".join(node.text for node in children if isinstance(node, Text))
    if len(children) == 1 and isinstance(children[0], Text) and url == symbol_url(text):
        return children[0]
    return Link(children, url)


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return tuple(out)
