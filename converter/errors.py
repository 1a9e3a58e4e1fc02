"""Errors the library raises.  Only ``cli.py`` turns them into messages and exit codes."""

from __future__ import annotations

from .model import Pos


class R2PError(Exception):
    """A problem with an input or a request, carrying where it was found.

    ``str(err)`` is ``FILE:LINE:COL: message`` (or ``FILE: message`` where no
    line is known), the shape compilers and linters use, so editors can jump
    to the place.
    """

    def __init__(self, message: str, pos: Pos | None = None) -> None:
        super().__init__(message, pos)  # both in args, so errors survive pickling to workers
        self.message = message
        self.pos = pos

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos else self.message


class InputError(R2PError):
    """The input cannot be read or is not a valid document (exit status 2)."""


class UsageError(R2PError):
    """The command was asked for something it cannot do (exit status 2)."""


class OutputError(R2PError):
    """A good input's output could not be written (the disk is full, the directory is
    read-only...): the machine's condition, not the input's (exit status 1)."""


class RenderError(R2PError):
    """A writer could not lay out a document (the input was valid)."""


class ConversionWarning(R2PError):
    """Something was cleaned up on the way out; reported, not fatal (unless --strict)."""
