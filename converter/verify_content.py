"""The tokens of a PDF content stream that text extraction reads, for ``--verify``.

qpdf (pikepdf) parses the file and decompresses the streams; one pattern reads a
stream's bytes here.  pikepdf's own ``parse_content_stream`` makes a Python object of
every operand and instruction of a page (the numbers of every position and width as
Decimals), and handling those cost more than everything else in reading a PDF back.
Here ``findall`` passes over the numbers and the other operators in C and returns only
strings, names, dictionary marks and the text operators.  A stream the pattern cannot
read whole (a string with parentheses nested deeper than it reads, or never closed; an
inline image, whose data is binary) is read by qpdf and written out again first, its
strings' parentheses escaped and its inline images left out.
"""

from __future__ import annotations

import re
from typing import Any

# (a string shown with Tj, a string, a mark, a hex string, a name, an operator): one is set,
# strings with their delimiters.
Token = tuple[bytes, bytes, bytes, bytes, bytes, bytes]

_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_STRING_BODY = rb"(?:[^()\\]++|\\.)"  # characters of a string, or an escaped one
_STRING = (  # a literal string, with parentheses nested to two levels inside it
    rb"\((?:" + _STRING_BODY + rb"|\((?:" + _STRING_BODY + rb"|\(" + _STRING_BODY + rb"*+\))*+\))*+\)"
)
_END = rb"(?!" + _REGULAR + rb")"  # the end of an operator's name
# The operators whose instructions extraction reads, and BI, which makes a stream go
# through qpdf.
OPERATORS = ("Tj", "TJ", "'", '"', "Tf", "BT", "ET", "Td", "TD", "Tm", "T*", "BDC", "BMC", "EMC", "Do", "DP")
_WHITE_BYTES = rb"[\x00\t\n\x0c\r ]"
_OPERATOR = b"|".join(re.escape(op.encode()) for op in (*OPERATORS, "BI"))
_ALTERNATIVES = [  # one group each, in Token's order
    rb"(" + _STRING + rb")" + _WHITE_BYTES + rb"*+Tj" + _END,  # the commonest, one token
    rb"(" + _STRING + rb")",
    rb"(<<|>>|\[|\()",  # a "(" left over starts a string the first two could not read
    rb"(<[0-9A-Fa-f\x00\t\n\x0c\r ]*+>)",
    rb"(/" + _REGULAR + rb"*+)",
    rb"(?<!" + _REGULAR + rb")(" + _OPERATOR + rb")" + _END,  # an operator, standing alone
    rb"%[^\r\n]*+",  # a comment: no group is set
]
# (Only where a token can start: the bytes between are passed over fast.)
_TOKENS = re.compile(rb"(?=[(<>\[/%TBEDI'\"])(?:" + b"|".join(_ALTERNATIVES) + rb")", re.S)
_UNREAD = (b"", b"", b"(", b"", b"", b"")  # the token of a string the pattern could not read
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))", re.S)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_WHITE = re.compile(_WHITE_BYTES)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def content_tokens(owner: Any, data: bytes, pikepdf: Any) -> list[Token]:
    """The tokens of ``data``, the content of ``owner`` (a page or a form)."""
    found = _TOKENS.findall(data)
    if _UNREAD in found or (b"BI" in data and any(token[5] == b"BI" for token in found)):
        instructions = pikepdf.parse_content_stream(owner, " ".join(OPERATORS))
        found = _TOKENS.findall(pikepdf.unparse_content_stream(instructions))
    return found


def unescape(raw: bytes) -> bytes:
    """A literal string's bytes, given what stands between its parentheses: an end of line
    in it is a line feed, then its escapes (octal codes, the letter escapes, a backslash
    before an end of line continuing the string)."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return _ESCAPE.sub(_escaped, raw) if b"\\" in raw else raw


def _escaped(match: re.Match[bytes]) -> bytes:
    octal, line_end, char = match.groups()
    if octal is not None:
        return bytes([int(octal, 8) & 0xFF])
    if line_end is not None:
        return b""
    return _ESCAPED.get(char, char)


def hex_string(written: bytes) -> bytes:
    """A hexadecimal string's bytes, given it with its angle brackets (white space left
    out, a last odd digit followed by 0)."""
    digits = _WHITE.sub(b"", written[1:-1])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def name(raw: bytes) -> str:
    """A name as pikepdf spells a dictionary's key, "/F1", its "#xx" escapes decoded."""
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)
    return raw.decode("utf-8", errors="replace")


def text_string(data: bytes) -> str:
    """A text string (an /ActualText): UTF-16 after its byte-order mark (either way round,
    as qpdf reads it), UTF-8 after its mark, or else PDFDocEncoding (a codec that
    importing pikepdf registers)."""
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    return data.decode("pdfdoc", errors="replace")
