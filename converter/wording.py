"""Fixed wording per language ("Page 1 of 3", month names), from ``templates/wording``."""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from .keptyaml import load_kept
from .resources import data_file

DEFAULT_LANGUAGE = "en"


@cache
def wording(language: str) -> dict[str, Any]:
    """The wording for a BCP 47 tag: "fr-CA" uses fr.yaml; unknown languages use English."""
    primary = language.split("-")[0].lower()
    path = data_file("wording", f"{primary}.yaml")
    if not path.is_file():
        path = data_file("wording", f"{DEFAULT_LANGUAGE}.yaml")
    words: dict[str, Any] = load_kept(path)  # (kept in the user's cache, as the theme is)
    return words


def format_date(date: datetime.date, language: str) -> str:
    words = wording(language)
    month = words["months"][date.month - 1]
    return str(words["date"]).format(day=date.day, month=month, year=date.year)


def dateline(place: str, date: datetime.date | None, language: str) -> str:
    """ "New York, 8 September 2015", or whichever half is known."""
    date_text = format_date(date, language) if date else ""
    if place and date_text:
        return str(wording(language)["dateline"]).format(place=place, date=date_text)
    return place or date_text


def agenda_line(numbers: list[str], words: dict[str, Any]) -> str:
    """ "Agenda item 3", "Agenda items 14, 117 and 132", with the language's wording."""
    key = "agenda_item" if len(numbers) == 1 else "agenda_items"
    comma = str(words.get("list_comma", ", "))  # "、" in Chinese, "، " in Arabic
    last = str(words.get("list_and", f" {words['and']} "))
    listed = numbers[0] if len(numbers) == 1 else f"{comma.join(numbers[:-1])}{last}{numbers[-1]}"
    return str(words[key]).format(items=listed)
