"""Counters as UN documents print them: I, II / A, B / a, b / i, ii / 1, 2, and the label
patterns around them ("(a)", "1.", "A."), read both ways.

Shared by the transforms (heading labels, list schemes), the DOCX writer (Word
numbering formats) and the readers and extractors that put labels back.
"""

from __future__ import annotations

import re

from .records import record

COUNTERS = ("decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman",
            "arabic-ordinal", "arabic-letter-name", "cjk-ideographic")  # fmt: skip
# The UN's Arabic heading labels: ordinals for sections (أولا, ثانيا), then the letters'
# names in abjad order for subsections (ألف, باء); the Chinese ones: ideographic numbers.
ARABIC_ORDINALS = ("أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
                    "حادي عشر", "ثاني عشر", "ثالث عشر", "رابع عشر", "خامس عشر", "سادس عشر", "سابع عشر",
                    "ثامن عشر", "تاسع عشر", "عشرون")  # fmt: skip
ARABIC_LETTER_NAMES = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام",
                        "ميم", "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء",
                        "ذال", "ضاد", "ظاء", "غين")  # fmt: skip
_IDEOGRAPHIC_DIGITS = "零一二三四五六七八九"
_NAMED = {"arabic-ordinal": ARABIC_ORDINALS, "arabic-letter-name": ARABIC_LETTER_NAMES}
BULLETS = "•–—-▪◦●"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
# A label: an optional opening bracket, the counter's text, a closing mark ("(a)", "a)", "1.").
_LABEL = re.compile(r"(\(?)([0-9]{1,4}|[A-Za-z]{1,6})([.)]?)")


def format_counter(value: int, counter: str) -> str:
    """``value`` (from 1) in ``counter``: 3 -> "3", "c", "C", "iii", "III"."""
    if counter == "decimal":
        return str(value)
    if counter in ("lower-alpha", "upper-alpha"):
        text = _alpha(value)
        return text.upper() if counter == "upper-alpha" else text
    if counter in ("lower-roman", "upper-roman"):
        text = _roman(value)
        return text.upper() if counter == "upper-roman" else text
    if counter in _NAMED:
        names = _NAMED[counter]
        return names[value - 1] if value <= len(names) else str(value)
    if counter == "cjk-ideographic":
        return _ideographic(value)
    raise ValueError(f"unknown counter {counter!r}")


def _ideographic(value: int) -> str:
    """1 一, 10 十, 12 十二, 20 二十, 21 二十一 (up to 99; then Western digits)."""
    if value >= 100:
        return str(value)
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _IDEOGRAPHIC_DIGITS[tens] + "十"
    return head + (_IDEOGRAPHIC_DIGITS[units] if units else "")


def _alpha(value: int) -> str:
    """a..z, then aa, bb... as Word and UN documents continue (not ba, bb)."""
    letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    out = []
    for number, letters in _ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def parse_counter(text: str, counter: str) -> int | None:
    """The value ``text`` stands for in ``counter``, or None."""
    if counter == "decimal":
        return int(text) if text.isdigit() else None
    if counter in ("lower-alpha", "upper-alpha"):
        wanted = text.lower() if counter == "lower-alpha" else text.upper()
        if text != wanted or len(set(text.lower())) != 1 or not text.isalpha():
            return None
        return (len(text) - 1) * 26 + "abcdefghijklmnopqrstuvwxyz".index(text[0].lower()) + 1
    if counter in ("lower-roman", "upper-roman"):
        wanted = text.lower() if counter == "lower-roman" else text.upper()
        if text != wanted or set(text.lower()) - set("ivxl"):  # sub-paragraph numbers stay small
            return None
        for value in range(1, 90):
            if format_counter(value, counter) == text:
                return value
    if counter in _NAMED or counter == "cjk-ideographic":
        return next((value for value in range(1, 100) if format_counter(value, counter) == text), None)
    return None


@record
class Scheme:
    """How a sequence of labels counts: "lower-alpha" with the pattern "(%1)" for (a),
    (b)...; a bullet has the counter "bullet" and its character as the pattern."""

    counter: str
    pattern: str  # "%1" stands for the counter's text, as in Word's lvlText
    start: int = 1

    def label(self, value: int) -> str:
        if self.counter == "bullet":
            return self.pattern
        return self.pattern.replace("%1", format_counter(value, self.counter))


def scheme_of(labels: list[str]) -> Scheme | None:
    """The scheme a list's labels follow, consecutively from the first, or None.

    ``(i)`` alone, or ``(i), (ii)``, is roman; ``(h), (i), (j)`` is alphabetic:
    whichever reading holds for every label wins, roman first for a lone i.
    """
    if not labels:
        return None
    if len(set(labels)) == 1 and len(labels[0]) == 1 and labels[0] in BULLETS:
        return Scheme("bullet", labels[0])
    match = _LABEL.fullmatch(labels[0])
    if not match or (match.group(1) and match.group(3) != ")") or not (match.group(1) or match.group(3)):
        return None
    pattern = f"{match.group(1)}%1{match.group(3)}"
    for counter in ("lower-roman", "upper-roman", "decimal", "lower-alpha", "upper-alpha"):
        start = parse_counter(match.group(2), counter)
        if start is None:
            continue
        scheme = Scheme(counter, pattern, start)
        if all(label == scheme.label(start + offset) for offset, label in enumerate(labels)):
            return scheme
    return None
