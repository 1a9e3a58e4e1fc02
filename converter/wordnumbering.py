"""Word's automatic numbering, resolved as Word resolves it: the label each paragraph of a
document shows ("12.", "(a)", "II.", "•").

A paragraph is numbered by its own ``w:numPr`` or by its style's (through
``w:basedOn``), at a level (``w:ilvl``).  A ``w:num`` points at a list
definition (``w:abstractNum``) whose levels give the number format, the label
text ("%1.", "(%2)") and the start; a ``w:num`` may override the start
(``w:startOverride``) or whole levels.  Several ``w:num`` that share a list
definition share its counters; one that overrides a start restarts the count at its
first paragraph.  A level restarts
after any level above it (or the one ``w:lvlRestart`` names).

Used by ``--verify`` to read a DOCX's numbers back, and by the DOCX reader.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import field
from typing import Any

from .counters import format_counter
from .records import record

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FORMATS = {
    "decimal": "decimal",
    "lowerLetter": "lower-alpha",
    "upperLetter": "upper-alpha",
    "lowerRoman": "lower-roman",
    "upperRoman": "upper-roman",
}
# Word's alphabetic formats for the other official languages (as Word and LibreOffice count).
_LETTERS = {
    "arabicAbjad": ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن",
                    "س", "ع", "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ"),
    "arabicAlpha": ("أ", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص",
                    "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م", "ن", "هـ", "و", "ي"),
    "russianLower": tuple("абвгдежзиклмнопрстуфхцчшщэюя"),
    "russianUpper": tuple("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"),
    "ideographTraditional": tuple("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": tuple("子丑寅卯辰巳午未申酉戌亥"),
}  # fmt: skip
_IDEOGRAPHIC = {"chineseCounting", "chineseCountingThousand", "ideographDigital", "chineseLegalSimplified"}
MAX_LEVEL_TEXT = 64  # characters of a level's label text ("(%1)"): Word's are a few
MAX_LABEL = 200  # characters of a label, whatever the counters come to


@record
class Level:
    """One level of a list definition."""

    number_format: str  # Word's numFmt: decimal, lowerLetter, bullet, none...
    text: str  # lvlText: "%1.", "(%2)", "•"
    start: int = 1
    restart_after: int | None = None  # lvlRestart: restart after this (1-based) level; None: any above


@record
class Numbered:
    """How Word numbers one paragraph."""

    label: str  # as shown: "12.", "(a)", "•"
    level: int  # 0-based (w:ilvl)
    number_format: str  # the level's numFmt: decimal, lowerLetter, bullet, none...
    value: int  # the level's counter
    list_id: str  # the list definition (w:abstractNum) it counts in


@record(frozen=False)
class Numbering:
    """A document's list definitions and instances, and the counters as paragraphs go by."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, Level | int]] = field(
        default_factory=dict
    )  # numId -> level -> start, Level
    style_numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, list[int]] = field(default_factory=dict)  # abstractNumId -> value per level
    started: set[tuple[str, int]] = field(default_factory=set)  # (numId, level) counted at least once
    resolved: dict[str, tuple[tuple[Level | None, int], ...]] = field(default_factory=dict)  # numId -> levels

    def label(self, paragraph: Any) -> str:
        """The label Word shows before ``paragraph`` ("" for none), counting it."""
        found = self.number(paragraph)
        return found.label if found else ""

    def number(self, paragraph: Any) -> Numbered | None:
        """What Word numbers ``paragraph`` with (None: not numbered), counting it."""
        found = self._numbering_of(paragraph)
        if found is None:
            return None
        num_id, level = found
        definition = self.level_of(num_id, level)
        if definition is None:
            return None
        values = self._count(num_id, level, definition)
        label = (
            definition.text
            if definition.number_format == "bullet"
            else _fill(definition.text, values, self, num_id)[:MAX_LABEL]
        )
        return Numbered(
            label=label,
            level=level,
            number_format=definition.number_format,
            value=values[level],
            list_id=self.nums[num_id],
        )

    def _numbering_of(self, paragraph: Any) -> tuple[str, int] | None:
        direct = paragraph.find(f"{W}pPr/{W}numPr")
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        inherited = self.style_numbers.get(style.get(f"{W}val")) if style is not None else None
        num_id = level = None
        if direct is not None:
            num = direct.find(f"{W}numId")
            lvl = direct.find(f"{W}ilvl")
            num_id = num.get(f"{W}val") if num is not None else None
            level = _level_number(lvl.get(f"{W}val")) if lvl is not None else None
        if num_id is None and inherited:
            num_id = inherited[0]
        if level is None:
            level = inherited[1] if inherited else 0
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, level

    def level_of(self, num_id: str, level: int) -> Level | None:
        """The definition of a level of a list instance (its own override, else its list's)."""
        return self._levels(num_id)[level][0]

    def _levels(self, num_id: str) -> tuple[tuple[Level | None, int], ...]:
        """Each level's definition and start for a list instance, worked out once."""
        found = self.resolved.get(num_id)
        if found is None:
            found = tuple(self._resolve(num_id, level) for level in range(9))
            self.resolved[num_id] = found
        return found

    def _resolve(self, num_id: str, level: int) -> tuple[Level | None, int]:
        override = self.overrides.get(num_id, {}).get(level)
        definition = (
            override if isinstance(override, Level) else self.abstracts.get(self.nums[num_id], {}).get(level)
        )
        start = override if isinstance(override, int) else (definition.start if definition else 1)
        return definition, start

    def _count(self, num_id: str, level: int, definition: Level) -> list[int]:
        """Count the paragraph at ``level`` and return the counters of every level.

        Every ``w:num`` of a list definition counts in one set of counters (Word and
        LibreOffice number the paragraphs of two instances on from each other); an
        instance that overrides a level's start restarts that level where its first
        paragraph of that level stands."""
        key = self.nums[num_id]
        values = self.counters.get(key)
        if values is None:
            values = [self._start(num_id, index) - 1 for index in range(9)]
            self.counters[key] = values
        if (num_id, level) not in self.started:
            self.started.add((num_id, level))
            if level in self.overrides.get(num_id, {}):
                values[level] = self._start(num_id, level) - 1
        values[level] += 1
        for deeper in range(level + 1, 9):  # levels below restart after this one
            restart = self.level_of(num_id, deeper)
            # lvlRestart N: restart after a paragraph of level N or above (0: never).
            if restart is None or restart.restart_after is None or restart.restart_after >= level + 1:
                values[deeper] = self._start(num_id, deeper) - 1
        return values

    def _start(self, num_id: str, level: int) -> int:
        return self._levels(num_id)[level][1]


def _fill(text: str, values: list[int], numbering: Numbering, num_id: str) -> str:
    out = text
    for level in range(9):
        marker = f"%{level + 1}"
        if marker in out:
            definition = numbering.level_of(num_id, level)
            value = max(values[level], 1)
            out = out.replace(
                marker, word_counter(value, definition.number_format if definition else "decimal")
            )
    return out


def word_counter(value: int, number_format: str) -> str:
    """A counter's value as Word shows it in a number format (numFmt)."""
    if number_format in _FORMATS:
        return format_counter(value, _FORMATS[number_format])
    if number_format in _LETTERS:  # letters in order, then doubled as Word continues: аа, бб
        letters = _LETTERS[number_format]
        return letters[(value - 1) % len(letters)] * ((value - 1) // len(letters) + 1)
    if number_format in _IDEOGRAPHIC:
        return format_counter(value, "cjk-ideographic")
    if number_format == "decimalZero":
        return f"{value:02d}"
    return str(value)


def numbering_of_parts(numbering_part: bytes | None, styles_part: bytes | None) -> Numbering:
    """``read_numbering`` of the numbering and styles parts as they are stored, with fresh
    counters.  The definitions are read once for the same bytes (``--verify`` reads every
    DOCX a batch writes, and their styles and numbering parts are the same bytes: parsing
    and reading them was a third of reading a short one back); they are never changed as
    paragraphs are counted."""
    read = _definitions(numbering_part, styles_part)
    return Numbering(
        abstracts=read.abstracts, nums=read.nums, overrides=read.overrides, style_numbers=read.style_numbers
    )


@functools.lru_cache(maxsize=8)
def _definitions(numbering_part: bytes | None, styles_part: bytes | None) -> Numbering:
    from lxml import etree  # (as verify_extract parses the other parts)

    return read_numbering(
        etree.fromstring(numbering_part) if numbering_part is not None else None,
        etree.fromstring(styles_part) if styles_part is not None else None,
    )


def read_numbering(numbering_xml: Any, styles_xml: Any) -> Numbering:
    """The list definitions of a document (its numbering and styles parts, parsed)."""
    numbering = Numbering()
    if numbering_xml is not None:
        for abstract in numbering_xml.iter(f"{W}abstractNum"):
            numbering.abstracts[abstract.get(f"{W}abstractNumId")] = {
                _level_number(lvl.get(f"{W}ilvl")): _read_level(lvl) for lvl in abstract.iter(f"{W}lvl")
            }
        for num in numbering_xml.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            abstract_ref = num.find(f"{W}abstractNumId")
            if abstract_ref is None:
                continue
            numbering.nums[num_id] = abstract_ref.get(f"{W}val")
            overrides: dict[int, Level | int] = {}
            for override in num.iter(f"{W}lvlOverride"):
                level = _level_number(override.get(f"{W}ilvl"))
                lvl = override.find(f"{W}lvl")
                start = override.find(f"{W}startOverride")
                if lvl is not None:  # a level of its own, its start perhaps overridden beside it
                    defined = _read_level(lvl)
                    if start is not None:
                        defined = dataclasses.replace(defined, start=_start_value(start.get(f"{W}val")))
                    overrides[level] = defined
                elif start is not None:
                    overrides[level] = _start_value(start.get(f"{W}val"))
            if overrides:
                numbering.overrides[num_id] = overrides
    if styles_xml is not None:
        numbering.style_numbers = _style_numbers(styles_xml)
        if numbering_xml is not None:
            _link_list_styles(numbering, numbering_xml, styles_xml)
    return numbering


def _link_list_styles(numbering: Numbering, numbering_xml: Any, styles_xml: Any) -> None:
    """A list definition that names a list style (``w:numStyleLink``, as Word's multilevel
    list styles make them) has the levels of the definition that style numbers with."""
    style_nums = {
        style.get(f"{W}styleId"): number.get(f"{W}val")
        for style in styles_xml.iter(f"{W}style")
        if (number := style.find(f"{W}pPr/{W}numPr/{W}numId")) is not None
    }
    for abstract in numbering_xml.iter(f"{W}abstractNum"):
        link = abstract.find(f"{W}numStyleLink")
        abstract_id = abstract.get(f"{W}abstractNumId")
        if link is None or numbering.abstracts.get(abstract_id):
            continue
        target = numbering.nums.get(style_nums.get(link.get(f"{W}val"), ""), "")
        if target and target != abstract_id:
            numbering.abstracts[abstract_id] = numbering.abstracts.get(target, {})


def _read_level(lvl: Any) -> Level:
    def value(tag: str, default: str) -> str:
        found = lvl.find(f"{W}{tag}")
        return str(found.get(f"{W}val", default)) if found is not None else default

    restart = lvl.find(f"{W}lvlRestart")
    return Level(
        number_format=value("numFmt", "decimal"),
        text=value("lvlText", "")[:MAX_LEVEL_TEXT],
        start=_start_value(value("start", "1")),
        restart_after=_level_number(restart.get(f"{W}val"), 9) if restart is not None else None,
    )


def _style_numbers(styles_xml: Any) -> dict[str, tuple[str, int]]:
    """Style id -> (numId, ilvl) for styles that number their paragraphs, by inheritance."""
    styles = {style.get(f"{W}styleId"): style for style in styles_xml.iter(f"{W}style")}

    def number_of(style_id: str | None, depth: int = 0) -> tuple[str, int] | None:
        style = styles.get(style_id)
        if style is None or depth > 10:
            return None
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            level = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
            return str(num.get(f"{W}val")), _level_number(level.get(f"{W}val")) if level is not None else 0
        based = style.find(f"{W}basedOn")
        return number_of(based.get(f"{W}val"), depth + 1) if based is not None else None

    found = {}
    for style_id in styles:
        number = number_of(style_id)
        if number is not None and number[0] != "0":
            found[str(style_id)] = number
    return found


MAX_START = 32_767  # the largest start Word offers; a hostile 2**31 would make labels of millions of letters


def _level_number(text: str | None, highest: int = 8) -> int:
    """A level (0-8, as Word has nine), whatever the file says."""
    value = int(text) if text is not None and text.strip().isdigit() else 0
    return min(value, highest)


def _start_value(text: str | None) -> int:
    value = int(text) if text is not None and text.strip().isdigit() else 1
    return min(value, MAX_START)
