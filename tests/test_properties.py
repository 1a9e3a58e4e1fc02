"""Property tests: arbitrary Unicode in every text and metadata field.

Every writer either writes output whose text reads back as the input's, or
the input is refused with a clear error at a position; never a traceback.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.errors import InputError, R2PError
from converter.inline import parse_inline
from converter.model import Document, Heading, Metadata, NumberedPara, Para, Text, plain_text
from converter.readers import txt as txt_reader
from converter.readers import yaml as yaml_reader
from converter.readers.fields import FORBIDDEN
from converter.transforms import apply_all
from converter.writers import WriteOptions
from converter.writers import txt as txt_writer
from converter.writers import yaml as yaml_writer
from converter.writers.clean import clean_document
from converter.writers.markup import to_markup

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NASTY = st.sampled_from(
    ["<", "&", "{{ 7*7 }}", "{% raw %}", "%", "\\", "*", "_", "[", "]", "[^x]", "**", "\u200b", "\u202e",
     "\u0301", "مرحبا", "中文", "🇺🇳", "A/RES/60/1", "8/9/2015", "  ", "\t", "\n", "x" * 300]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=20), NASTY), min_size=1, max_size=6).map("".join)


def _cleaned(doc: Document) -> Document:
    return clean_document(doc, lambda warning: None, "test")


def _document(title: str, kind: str, paragraphs: list[str], heading: str) -> Document:
    blocks = [
        Heading(1, (Text(heading),)),
        *(NumberedPara((Text(p),)) for p in paragraphs),
        Para((Text(title),)),
    ]
    meta = Metadata(title=title, kind=kind, place=kind, date=datetime.date(2015, 9, 8))
    return Document(meta, tuple(blocks))


@SETTINGS
@given(TEXT.filter(lambda text: not FORBIDDEN.search(text)))
def test_markup_escaping_round_trips_any_text(text: str) -> None:
    """Any text a reader accepts (controls are refused first) survives escaping."""
    assert "".join(n.text for n in parse_inline(to_markup((Text(text),)), None)) == text


@SETTINGS
@given(TEXT, TEXT, st.lists(TEXT, min_size=1, max_size=4), TEXT)
def test_yaml_writer_and_reader_agree_on_anything(
    title: str, kind: str, paragraphs: list[str], heading: str
) -> None:
    doc = _document(title, kind, paragraphs, heading)
    try:
        data = yaml_writer.write(doc, WriteOptions())
        back = apply_all(yaml_reader.read(data, "p.yaml"))
    except InputError as err:  # refused: it must say where and why
        assert err.pos is not None and err.message
        return
    cleaned = _cleaned(doc)  # what YAML can hold: controls and lone surrogates dropped, with warnings
    assert back.meta.title == cleaned.meta.title and back.meta.kind == cleaned.meta.kind
    assert plain_text(back) == plain_text(apply_all(cleaned))


@SETTINGS
@given(TEXT, st.lists(TEXT, min_size=1, max_size=4))
def test_txt_writer_output_reads_back_or_is_refused_clearly(title: str, paragraphs: list[str]) -> None:
    doc = apply_all(_document(title, "KIND", paragraphs, "Heading"))
    data = txt_writer.write(doc, WriteOptions())
    try:
        back = apply_all(txt_reader.read(data, "p.txt"))
    except R2PError as err:
        assert err.pos is not None and err.message
        return
    assert plain_text(back).split() == plain_text(_cleaned(doc)).split() or not title.strip()
