"""Pieces of a Word document's text as the model's inlines, and the labels typed before it.

``wordtext.Scanner`` reads runs as ``Piece``s (text with its formatting, link, note
call or break); ``group`` nests them as the model does: a link around its pieces,
then strong or emphasis around the longest stretch that has it, so that
"**a *b* c**" and "***both***" read back as they were written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from ..inline import merge_text
from ..model import Emph, FootnoteRef, Inline, LineBreak, Link, Strong, Text, symbol_url
from .wordtext import Piece


def typed_label(pieces: list[Piece], *patterns: re.Pattern[str]) -> tuple[str, list[Piece]]:
    """A label typed at the start of a paragraph ("(a)", "II."), and the pieces after it."""
    text = "".join(piece.text for piece in pieces if not piece.note)
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            label = next(group for group in match.groups() if group) if match.groups() else match.group()
            return label.strip(), drop_chars(pieces, match.end())
    return "", pieces


def drop_chars(pieces: list[Piece], count: int) -> list[Piece]:
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


def strip_pieces(pieces: list[Piece]) -> list[Piece]:
    """The pieces without the spaces (or tab) before their first text."""
    out = list(pieces)
    while out and not out[0].note and not out[0].line_break and not out[0].text.strip():
        out.pop(0)
    if out and out[0].text:
        out[0] = dataclasses.replace(out[0], text=out[0].text.lstrip())
    return out


def tabs_as_spaces(pieces: list[Piece]) -> list[Piece]:
    return [dataclasses.replace(p, text=p.text.replace("\t", " ")) if "\t" in p.text else p for p in pieces]


def all_strong(pieces: list[Piece]) -> bool:
    texts = [piece for piece in pieces if piece.text.strip()]
    return bool(texts) and all(piece.strong for piece in texts)


def not_strong(pieces: list[Piece]) -> list[Piece]:
    return [dataclasses.replace(piece, strong=False) for piece in pieces]


def strip_leading_space(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if children and isinstance(children[0], Text) and children[0].text[:1].isspace():
        stripped = children[0].text.lstrip()
        return ((Text(stripped, pos=children[0].pos),) if stripped else ()) + children[1:]
    return children


def lines(children: tuple[Inline, ...]) -> Iterator[tuple[Inline, ...]]:
    line: list[Inline] = []
    for node in children:
        if isinstance(node, LineBreak):
            yield tuple(line)
            line = []
        else:
            line.append(node)
    yield tuple(line)


def inlines(pieces: list[Piece | FootnoteRef]) -> tuple[Inline, ...]:
    """Pieces as the model's inlines, their formatting as the inline markup can write it:
    spaces at the edges of italic or bold (Word selects a word with the space after it)
    are plain, so that "*Recalling* its" is written, not "*Recalling *its"."""
    return group([piece for chunk in pieces for piece in _edges_plain(chunk)])


def _edges_plain(piece: Piece | FootnoteRef) -> list[Piece | FootnoteRef]:
    if isinstance(piece, FootnoteRef) or not (piece.emph or piece.strong) or piece.line_break:
        return [piece]
    core = piece.text.strip()
    if not core:
        return [dataclasses.replace(piece, emph=False, strong=False)]
    start = piece.text.index(core)
    lead, trail = piece.text[:start], piece.text[start + len(core) :]
    plain = [dataclasses.replace(piece, text=part, emph=False, strong=False) for part in (lead, trail)]
    return [
        *([plain[0]] if lead else []),
        dataclasses.replace(piece, text=core),
        *([plain[1]] if trail else []),
    ]


def group(pieces: list[Piece | FootnoteRef]) -> tuple[Inline, ...]:
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
            out.append(_link(url, group(inner)))
            at = end
            continue
        if piece.strong or piece.emph:
            node, at = _formatted(pieces, at)
            out.append(node)
            continue
        out.append(Text(piece.text))
        at += 1
    return merge_text(out)


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
    children = group(inner)
    return (Strong(children) if flag == "strong" else Emph(children)), end


def _link(url: str, children: tuple[Inline, ...]) -> Inline:
    """A link; one to a symbol's own undocs.org address is the symbol, which the
    transforms link again (so a round trip gives the symbol back, not a link)."""
    text = "".join(node.text for node in children if isinstance(node, Text))
    if len(children) == 1 and isinstance(children[0], Text) and url == symbol_url(text):
        return children[0]
    return Link(children, url)
