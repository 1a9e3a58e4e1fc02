"""The pipeline for one input: read -> model -> transforms -> write, output by output.

Every output of an input is rendered in memory first and then written to a
temporary file beside its target and renamed into place, so a failed or
interrupted conversion leaves no partial file and never clobbers a good one.
"""

from __future__ import annotations

import glob
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Document, Item, Pack, Pos
from .readers import EXTENSIONS, format_of, reader_for
from .resources import templates_dir
from .transforms import apply_all
from .writers import WRITERS, WriteOptions, writer_for


@dataclass(frozen=True)
class Job:
    """One input and where each of its formats goes (``None`` target: standard output)."""

    source: Path
    input_format: str
    targets: tuple[tuple[str, Path | None], ...]  # (output format, path)


def read_item(path: Path, input_format: str | None = None) -> Item:
    """Read a document (transformed) or a pack (whose members are) from a file."""
    fmt = input_format or format_of(path)
    if fmt is None:
        raise InputError(
            f"cannot tell the input format from the extension; use one of {', '.join(EXTENSIONS)}",
            Pos(str(path)),
        )
    item = reader_for(fmt)(read_bytes(path), str(path))
    return apply_all(item) if isinstance(item, Document) else item


def read_document(path: Path, input_format: str | None = None) -> Document:
    item = read_item(path, input_format)
    if not isinstance(item, Document):
        raise InputError("expected a document, but this is a pack manifest", Pos(str(path), 1, 1))
    return item


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


def run_job(job: Job, options: WriteOptions, verify: bool = False) -> list[tuple[str, Path | None, bytes]]:
    """Convert one input to every format asked for; write files only if all succeed
    (and, with ``verify``, only if every output reads back as the source)."""
    doc = read_item(job.source, job.input_format)
    rendered = [(fmt, path, render(doc, fmt, options)) for fmt, path in job.targets]
    if verify:
        from .verify import verify_output

        for fmt, _path, data in rendered:
            verify_output(doc, fmt, data)
    for _fmt, path, data in rendered:
        if path is not None:
            write_atomically(path, data)
    return rendered


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The data goes to a hidden temporary file beside the target, which is
    renamed over it once complete.  If anything fails, or the process is
    interrupted or terminated, the temporary file is removed; one left by a
    process killed outright (SIGKILL) is removed by the next run.
    """
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: never replace a special file
        with path.open("wb") as out:
            out.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    prefix = f".{path.name}.{os.getpid()}."
    handle, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            os.fchmod(out.fileno(), 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files for ``path`` left by processes that no longer run."""
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def output_path(name: Path, output_format: str, outdir: Path) -> Path:
    """``build/<input stem>.<extension>``: names come from the input's name only.

    ``name`` is relative (a file's name, or its path below a directory given as
    input), so an output never lands outside ``outdir``.
    """
    assert not name.is_absolute() and ".." not in name.parts
    return outdir / name.parent / (name.stem + WRITERS[output_format].extension)


def dependencies(job: Job, template_dir: Path | None) -> list[Path]:
    """Every file a job's outputs depend on: its source (a pack: every member), templates, theme."""
    item = read_item(job.source, job.input_format)
    sources = [Path(name) for name in item.files] if isinstance(item, Pack) else [job.source]
    templates = sorted(path for path in templates_dir().rglob("*") if path.is_file())
    if template_dir is not None:
        templates += sorted(path for path in template_dir.rglob("*") if path.is_file())
    return [*sources, *templates]


def make_dependencies(plan: list[Job], template_dir: Path | None) -> str:
    """Make rules ``outputs: dependencies``, plus an empty rule per dependency
    (as ``gcc -MP`` does) so that deleting a member does not break the build."""
    rules: list[str] = []
    seen: set[Path] = set()
    for job in plan:
        needed = dependencies(job, template_dir)
        targets = " ".join(_make_escape(path) for _fmt, path in job.targets if path is not None)
        rules.append(f"{targets}: {' '.join(_make_escape(path) for path in needed)}")
        seen.update(needed)
    rules += [f"{_make_escape(path)}:" for path in sorted(seen)]
    return "\n".join(rules) + "\n"


def _make_escape(path: Path) -> str:
    return os.path.normpath(path).replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")
