"""The pipeline for one input: read -> model -> transforms -> write, output by output.

Packs are assembled here: a manifest's members are read through the same
path as any input.  Every output of an input is rendered in memory first and
then written atomically (``fileio``), so a failed or interrupted conversion
leaves no partial file and never clobbers a good one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .fileio import read_bytes, write_atomically
from .model import Document, Item, Pack, Pos
from .readers import EXTENSIONS, format_of, reader_for
from .readers.pack import Manifest, Member
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
    return _read(path, input_format, chain=())


def _read(path: Path, input_format: str | None, chain: tuple[Path, ...]) -> Item:
    fmt = input_format or format_of(path)
    if fmt is None:
        raise InputError(
            f"cannot tell the input format from the extension; use one of {', '.join(EXTENSIONS)}",
            Pos(str(path)),
        )
    item = reader_for(fmt)(read_bytes(path), str(path))
    if isinstance(item, Document):
        return apply_all(item)
    return _assemble_pack(item, (*chain, path.resolve()))


def read_document(path: Path, input_format: str | None = None) -> Document:
    item = read_item(path, input_format)
    if not isinstance(item, Document):
        raise InputError("expected a document, but this is a pack manifest", Pos(str(path), 1, 1))
    return item


# --- packs: a manifest's members, read as any input is --------------------------------


def _assemble_pack(manifest: Manifest, chain: tuple[Path, ...]) -> Pack:
    """Read every member (each a fully transformed document; nested packs flattened in
    place).  ``chain`` holds the manifests being read, outermost first: a member
    already in it closes a loop."""
    documents: list[Document] = []
    files: list[str] = [manifest.path]
    for member in manifest.members:
        item = _read_member(member, Path(manifest.path), chain)
        if isinstance(item, Pack):
            documents.extend(item.documents)
            files.extend(item.files)
        else:
            documents.append(item)
            files.append(str(item.pos.file) if item.pos else "")
    return Pack(
        meta=manifest.meta,
        documents=tuple(documents),
        cover_note=manifest.cover_note,
        files=tuple(files),
        pos=manifest.pos,
    )


def _read_member(member: Member, manifest: Path, chain: tuple[Path, ...]) -> Item:
    path = manifest.parent / member.name
    if path.resolve() in chain:
        raise InputError(f"the pack includes itself through {member.name}", member.pos)
    if not path.is_file():
        problem = "is a directory" if path.is_dir() else "does not exist"
        raise InputError(f"pack member {member.name} {problem}", member.pos)
    try:
        read_bytes(path)
    except InputError as err:
        raise InputError(f"pack member {member.name}: {err.message}", member.pos) from None
    return _read(path, None, chain)


def render(item: Item, output_format: str, options: WriteOptions) -> bytes:
    return writer_for(output_format)(item, options)


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
