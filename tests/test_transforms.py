"""Transforms: UN document symbols, paragraph numbers, footnote numbers."""

from __future__ import annotations

import pytest

from converter.errors import InputError
from converter.model import Document, Footnote, FootnoteRef, Metadata, NumberedPara, Para, SymbolRef, Text
from converter.transforms import apply_all, find_symbols


def _symbols(text: str) -> list[str]:
    return [text[start:end] for start, end in find_symbols(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Outcome (A/RES/60/1).", ["A/RES/60/1"]),
        ("report A/69/981–S/2015/500 of", ["A/69/981", "S/2015/500"]),
        ("resolution S/RES/1325 (2000), and", ["S/RES/1325 (2000)"]),
        (
            "A/69/L.1/Add.1 and A/70/1/Rev.1 and A/RES/60/1/Corr.1;",
            ["A/69/L.1/Add.1", "A/70/1/Rev.1", "A/RES/60/1/Corr.1"],
        ),
        ("E/CN.4/2005/L.10 and CCPR/C/GC/36.", ["E/CN.4/2005/L.10", "CCPR/C/GC/36"]),
        ("ST/SGB/2003/13", ["ST/SGB/2003/13"]),
    ],
)
def test_symbols_are_found(text: str, expected: list[str]) -> None:
    assert _symbols(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "on 8/9/2015 at noon",
        "a fraction 1/2 or 3/4",
        "TCP/IP and and/or and N/A",
        "S/2015 alone",
        "A/B/C has no number",
        "https://undocs.org/A/RES/60/1 is a URL",
        "path/A/RES/60/1 inside a path",
        "XA/RES/60/1 is not a series",
    ],
)
def test_near_misses_are_not_symbols(text: str) -> None:
    assert _symbols(text) == []


def _doc(*blocks, notes=()) -> Document:
    return Document(Metadata(title="T"), tuple(blocks), tuple(notes))


def test_paragraphs_are_numbered_through_the_document() -> None:
    doc = apply_all(_doc(NumberedPara((Text("a"),)), Para((Text("b"),)), NumberedPara((Text("c"),))))
    assert [b.number for b in doc.blocks if isinstance(b, NumberedPara)] == [1, 2]


def test_explicit_numbers_must_follow_on() -> None:
    with pytest.raises(InputError, match="should be 2"):
        apply_all(_doc(NumberedPara((Text("a"),)), NumberedPara((Text("b"),), number=2 + 1)))


def test_footnotes_number_by_first_call() -> None:
    doc = apply_all(
        _doc(
            NumberedPara((Text("a"), FootnoteRef("z"), FootnoteRef("y"), FootnoteRef("z"))),
            notes=(Footnote("y", (Text("why"),)), Footnote("z", (Text("zed"),))),
        )
    )
    calls = [n for n in doc.blocks[0].children if isinstance(n, FootnoteRef)]
    assert [c.number for c in calls] == [1, 2, 1]
    assert [c.occurrence for c in calls] == [1, 1, 2]  # the first call of each note, then the second
    assert [(n.label, n.number) for n in doc.notes] == [("z", 1), ("y", 2)]


def test_symbols_link_inside_notes_too() -> None:
    doc = apply_all(
        _doc(Para((Text("x"), FootnoteRef("n"))), notes=(Footnote("n", (Text("See S/2015/500."),)),))
    )
    assert SymbolRef("S/2015/500") in doc.notes[0].children
