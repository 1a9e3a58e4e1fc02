"""UN document symbols: which text is one ("A/RES/60/1", "A/69/981–S/2015/500").

Shared by the transforms (which link symbols in text) and the plain-text
reader (which finds the symbol line of a masthead).
"""

from __future__ import annotations

import re

# The series that open UN document symbols ("A/RES/60/1", "S/2015/500",
# "E/CN.4/2005/L.10", "CCPR/C/GC/36").  A closed list keeps look-alikes such as
# dates (8/9/2015), fractions (1/2) and "TCP/IP" from being taken for symbols.
SERIES = (
    "A",
    "S",
    "E",
    "ST",
    "T",
    "DP",
    "TD",
    "UNEP",
    "ICEF",
    "UNW",
    "HRC",
    "CRC",
    "CCPR",
    "CEDAW",
    "CERD",
    "CAT",
    "CMW",
    "CRPD",
    "CED",
    "DPI",
    "SG",
    "UNDP",
    "UNFPA",
)
_SERIES_RE = "|".join(sorted(SERIES, key=len, reverse=True))
# A part of a symbol: letters and digits, with dots or hyphens inside ("L.1", "CRP-2"),
# but a hyphen that starts another symbol ("A/69/981-S/2015/500", as many web pages print
# the en dash) ends it.
_SEGMENT = rf"[A-Za-z0-9]+(?:(?:\.|-(?!(?:{_SERIES_RE})/))[A-Za-z0-9]+)*"
SYMBOL_RE = re.compile(
    r"(?<![\w/.])(?<!(?<![A-Za-z0-9])-)"  # not inside a longer word or path (but after "981-")
    rf"(?:{_SERIES_RE})"
    rf"(?:/{_SEGMENT}){{2,}}"  # at least two more parts: S/2015/500
    r"(?: ?\((?:19|20)\d\d\))?"  # the year of a Security Council resolution: "(2000)", " (2000)"
    r"(?![\w/])"
)


def find_symbols(text: str) -> list[tuple[int, int]]:
    """Spans of the UN document symbols in ``text``; each must hold a digit."""
    if text.count("/") < 2:
        return []  # (a symbol has at least three parts: most text has no symbol, quickly told)
    return [m.span() for m in SYMBOL_RE.finditer(text) if any(ch.isdigit() for ch in m.group())]
