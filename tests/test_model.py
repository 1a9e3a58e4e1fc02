"""The model: positions stay out of equality; plain_text defines the words."""

from __future__ import annotations

import dataclasses

import pytest

from converter.model import (
    Document,
    EnumList,
    Footnote,
    FootnoteRef,
    Heading,
    ListItem,
    Metadata,
    NumberedPara,
    Pos,
    Quote,
    SymbolRef,
    Text,
    plain_text,
    symbol_url,
)


def test_positions_do_not_count_for_equality() -> None:
    assert Text("a", pos=Pos("x.yaml", 1, 2)) == Text("a", pos=Pos("y.txt", 9, 9))


def test_nodes_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Text("a").text = "b"  # type: ignore[misc]


def test_pos_prints_like_a_compiler() -> None:
    assert str(Pos("a.yaml", 3, 7)) == "a.yaml:3:7"
    assert str(Pos("a.yaml")) == "a.yaml"


def test_plain_text_orders_title_blocks_notes() -> None:
    doc = Document(
        Metadata(title="Title", kind="KIND", place="Here"),
        (
            Heading(1, (Text("Head"),)),
            NumberedPara((Text("One "), SymbolRef("A/RES/60/1"), FootnoteRef("n", 1)), number=1),
            EnumList((ListItem("(a)", (Text("item"),)),)),
            Quote((Text("quoted"),)),
        ),
        (Footnote("n", (Text("note"),), number=1),),
    )
    assert plain_text(doc) == "Title\n\nHead\n\n1. One A/RES/60/11\n\n(a) item\n\nquoted\n\n1 note"


def test_symbol_urls_drop_the_space_before_the_year() -> None:
    assert symbol_url("S/RES/1325 (2000)") == "https://undocs.org/S/RES/1325(2000)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "New York, 8 September 2015"),
        ("fr", "New York, le 8 septembre 2015"),
        ("es", "New York, 8 de septiembre de 2015"),
        ("ru", "New York, 8 сентября 2015 года"),
        ("fr-CA", "New York, le 8 septembre 2015"),
        ("xx", "New York, 8 September 2015"),  # no wording for it: English
    ],
)
def test_datelines_in_each_language(language: str, expected: str) -> None:
    import datetime

    from converter.wording import dateline, wording

    assert dateline("New York", datetime.date(2015, 9, 8), language) == expected
    assert set(wording(language)) == set(wording("en"))  # every language has every phrase
