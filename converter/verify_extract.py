"""Reading text back out of outputs, for ``--verify`` and the tests."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import ClassVar


def extract_text(fmt: str, data: bytes) -> str:
    return _EXTRACT[fmt](data)


class _TextParser(HTMLParser):
    """Visible text of a page: everything in <body> but scripts and styles."""

    SKIP: ClassVar[set[str]] = {"style", "script", "head", "title", "template"}
    BREAKS: ClassVar[set[str]] = set(
        [
            "p",
            "div",
            "li",
            "br",
            "h1",
            "h2",
            "h3",
            "h4",
            "section",
            "header",
            "footer",
            "main",
            "nav",
            "aside",
            "blockquote",
            "ol",
            "ul",
            "dt",
            "dd",
            "tr",
            "td",
            "th",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(data: bytes) -> str:
    parser = _TextParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return "".join(parser.parts)


_EXTRACT = {"html": html_text}
