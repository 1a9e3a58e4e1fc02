"""The canonical source format (r2p/1): its version and the keys each part may have.

Shared by the YAML reader and writer (and checked against the JSON Schema by
the tests), so the two can never disagree about what the format holds.
"""

from __future__ import annotations

import re


class Unprintables:
    """A character class of unprintable characters (controls, surrogates, noncharacters)
    that a text may not hold but for the whitespace in ``allowed``.  Most texts are
    printable (``str.isprintable``, in C), and are passed without the pattern, which is
    compiled when first needed: a class that reaches beyond U+00FF costs a run about
    0.7 ms to compile."""

    def __init__(self, pattern: str, allowed: str) -> None:
        self.source, self.allowed = pattern, allowed
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(self.source)
        return self._pattern

    def absent_from(self, text: str) -> bool:
        if text.isprintable():
            return True
        for char in self.allowed:
            text = text.replace(char, "")
        return text.isprintable() or self.pattern.search(text) is None

    def search(self, text: str) -> re.Match[str] | None:
        return None if self.absent_from(text) else self.pattern.search(text)


FORMAT = "r2p/1"
TOP_KEYS = ("format", "meta", "summary", "body", "notes")
META_KEYS = (
    "title",
    "kind",
    "organ",
    "subsidiary",
    "session",
    "session_dates",
    "agenda",
    "agenda_note",
    "agenda_label",
    "organs",
    "place",
    "date",
    "author",
    "symbol",
    "distribution",
    "language",
    "original_language",
    "short_title",
    "job",
    "heading_labels",
)
# an entry of `organs:`
ORGAN_KEYS = ("organ", "subsidiary", "session", "session_dates", "agenda", "agenda_note", "agenda_label")
AGENDA_KEYS = ("item", "title")  # an entry of `agenda:`
LIST_ITEM_KEYS = ("item", "body")  # a list item with more than one paragraph
BLOCK_KEYS = {  # the key that names a block kind -> the other keys it may have
    "heading": ("level", "label"),
    "para": ("number",),
    "text": (),
    "preamble": (),
    "list": (),
    "quote": ("lang",),
    "annex": ("title", "numbering"),
    "signature": (),
}
LIST_BODY_KEYS = ("text", "list")  # the blocks a list item's body may hold
ANNEX_NUMBERING = ("restart", "continue")

# The characters that can start inline markup; the writers escape them with a backslash
# so that text reads back as text (converter/inline.py parses the markup; underscores
# are never markup).
MARKUP_CHARS = "\\*["
# A language as a BCP 47 tag ("en", "fr-CA"), as a source gives it.
LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# A list item's label, as a source writes it before the item's text: "(a) ", "1. ", "• ".
LIST_LABEL_RE = re.compile(r"(\(\w{1,6}\)|\w{1,6}[.)]|[•\-–—▪◦●])\s+")


def escape_markup(text: str) -> str:
    """Text -> markup that parses back to exactly that text."""
    return "".join("\\" + ch if ch in MARKUP_CHARS else ch for ch in text)


def session_line(session: str, language: str) -> str:
    """An organ's session line as printed.  A bare ordinal ("Sixty-ninth", one word, as
    r2p/1 first wrote it) gets the language's wording ("Sixty-ninth session"); anything
    else ("Seventy-third year", "Thirty-eighth session", "第八十九届会议", which has no
    spaces but the wording already) is printed as written."""
    text = session.strip()
    if not text or any(char.isspace() for char in text):
        return text
    from .wording import wording

    template = str(wording(language)["session"])
    fixed = [part for part in template.split("{session}") if part.strip()]
    if fixed and all(part.strip() in text for part in fixed):  # "第八十九届会议": written whole
        return text
    return template.format(session=text)
