"""The pipeline for one input: read -> model -> transforms -> write, output by output.

Every output of an input is rendered in memory first and then written to a
temporary file beside its target and renamed into place, so a failed or
interrupted conversion leaves no partial file and never clobbers a good one.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Document, Pos
from .readers import reader_for
from .transforms import apply_all
from .writers import WRITERS, WriteOptions, writer_for


@dataclass(frozen=True)
class Job:
    """One input and where each of its formats goes (``None`` target: standard output)."""

    source: Path
    input_format: str
    targets: tuple[tuple[str, Path | None], ...]  # (output format, path)


def read_document(path: Path, input_format: str) -> Document:
    return apply_all(reader_for(input_format)(read_bytes(path), str(path)))


def read_bytes(path: Path) -> bytes:
    where = Pos(str(path))
    if path.is_dir():
        raise InputError("is a directory, not a source file", where)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", where) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", where) from None


def render(doc: Document, output_format: str, options: WriteOptions) -> bytes:
    return writer_for(output_format)(doc, options)


def run_job(job: Job, options: WriteOptions) -> list[tuple[str, Path | None, bytes]]:
    """Convert one input to every format asked for; write files only if all succeed."""
    doc = read_document(job.source, job.input_format)
    rendered = [(fmt, path, render(doc, fmt, options)) for fmt, path in job.targets]
    for _fmt, path, data in rendered:
        if path is not None:
            write_atomically(path, data)
    return rendered


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def output_path(name: Path, output_format: str, outdir: Path) -> Path:
    """``build/<input stem>.<extension>``: names come from the input's name only.

    ``name`` is relative (a file's name, or its path below a directory given as
    input), so an output never lands outside ``outdir``.
    """
    assert not name.is_absolute() and ".." not in name.parts
    return outdir / name.parent / (name.stem + WRITERS[output_format].extension)
