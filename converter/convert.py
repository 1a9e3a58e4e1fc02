"""The pipeline for one input: read -> model -> transforms -> write, output by output.

Packs are assembled here: a manifest's members are read through the same
path as any input.  Every output of an input is rendered in memory first and
then written atomically (``fileio``), so a failed or interrupted conversion
leaves no partial file and never clobbers a good one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import InputError, R2PError, UsageError
from .fileio import STDIN, read_bytes, write_all
from .limits import MAX_PACK_DEPTH, MAX_PACK_DOCUMENTS
from .model import Document, Item, Pack, Pos
from .readers import EXTENSIONS, NOT_YET_READ, format_of, reader_for, size_limit
from .readers.pack import Manifest, Member
from .records import record
from .resources import templates_dir
from .transforms import apply_all
from .writers import PACK_FORMATS, WRITERS, WriteOptions, writer_for

STDIN_NAME = "<stdin>"  # how positions name standard input


@record
class Job:
    """One input and where each of its formats goes (``None`` target: standard output)."""

    source: Path
    input_format: str
    targets: tuple[tuple[str, Path | None], ...]  # (output format, path)
    named: bool = True  # named on the command line (not found in a directory it names)


Warn = Callable[[R2PError], None]


def read_item(path: Path, input_format: str | None = None, warn: Warn | None = None) -> Item:
    """Read a document (transformed) or a pack (whose members are) from a file, or from
    standard input when ``path`` is ``-``.  ``warn`` hears what a reader was not sure of."""
    return _read(path, input_format, chain=(), budget=_Budget(warn))


def _read(path: Path, input_format: str | None, chain: tuple[Path, ...], budget: _Budget) -> Item:
    fmt = input_format or format_of(path)
    if fmt is None:
        raise InputError(
            f"cannot tell the input format from the extension; use one of {', '.join(EXTENSIONS)}",
            Pos(str(path)),
        )
    return _complete(path, _parse(path, read_bytes(path, size_limit(fmt)), fmt, budget.warn), chain, budget)


def _parse(path: Path, data: bytes, fmt: str, warn: Warn | None) -> Document | Manifest:
    return reader_for(fmt)(data, STDIN_NAME if str(path) == STDIN else str(path), warn)


def _complete(path: Path, item: Document | Manifest, chain: tuple[Path, ...], budget: _Budget) -> Item:
    """A document transformed, or a manifest's pack with its members read."""
    if isinstance(item, Document):
        return apply_all(item)
    return _assemble_pack(item, (*chain, path.resolve()), budget)


def read_document(path: Path, input_format: str | None = None) -> Document:
    item = read_item(path, input_format)
    if not isinstance(item, Document):
        raise InputError("expected a document, but this is a pack manifest", Pos(str(path), 1, 1))
    return item


# --- packs: a manifest's members, read as any input is --------------------------------


@record(frozen=False)
class _Budget:
    """Documents read so far for one pack, nested packs included: a pack that lists the
    next pack twice, thirty deep, would otherwise mean 2**30 reads."""

    warn: Warn | None = None
    documents: int = 0


def _assemble_pack(manifest: Manifest, chain: tuple[Path, ...], budget: _Budget) -> Pack:
    """Read every member (each a fully transformed document; nested packs flattened in
    place).  ``chain`` holds the manifests being read, outermost first: a member
    already in it closes a loop, and it may be at most MAX_PACK_DEPTH long."""
    documents: list[Document] = []
    files: list[str] = [manifest.path]
    for member in manifest.members:
        item = _read_member(member, Path(manifest.path), chain, budget)
        if isinstance(item, Pack):
            documents.extend(item.documents)
            files.extend(item.files)
        else:
            budget.documents += 1
            if budget.documents > MAX_PACK_DOCUMENTS:
                raise InputError(
                    f"the pack holds more than {MAX_PACK_DOCUMENTS} documents (counting nested packs)",
                    member.pos,
                )
            documents.append(item)
            files.append(str(item.pos.file) if item.pos else "")
    return Pack(
        meta=manifest.meta,
        documents=tuple(documents),
        cover_note=manifest.cover_note,
        files=tuple(files),
        pos=manifest.pos,
    )


def _read_member(member: Member, manifest: Path, chain: tuple[Path, ...], budget: _Budget) -> Item:
    path = tidy_path(manifest.parent / member.name)
    problem = _member_problem(path)
    if problem:
        raise InputError(f"pack member {member.name} {problem}", member.pos)
    if path.resolve() in chain:
        raise InputError(f"the pack includes itself through {member.name}", member.pos)
    fmt = format_of(path)
    if fmt is None and path.suffix.lower() in NOT_YET_READ:
        raise InputError(
            f"pack member {member.name}: {NOT_YET_READ[path.suffix.lower()]} input is not supported yet",
            member.pos,
        )
    if fmt is None:
        raise InputError(
            f"pack member {member.name}: cannot tell its format from the extension "
            f"(one of {', '.join(EXTENSIONS)})",
            member.pos,
        )
    try:
        data = read_bytes(path, size_limit(fmt))
    except InputError as err:
        raise InputError(f"pack member {member.name}: {err.message}", member.pos) from None
    item = _parse(path, data, fmt, budget.warn)
    if isinstance(item, Manifest) and len(chain) >= MAX_PACK_DEPTH:
        raise InputError(f"packs may nest at most {MAX_PACK_DEPTH} deep", member.pos)
    return _complete(path, item, chain, budget)


def tidy_path(path: Path) -> Path:
    """``packs/../doc.yaml`` as ``doc.yaml`` for the messages that name it, where both
    are the same file (through a link to a directory ``..`` goes elsewhere)."""
    tidy = Path(os.path.normpath(path))
    try:
        return tidy if tidy == path or tidy.samefile(path) else path
    except OSError:
        return path


def _member_problem(path: Path) -> str:
    """Why a member cannot be read, or ""."""
    try:
        path.resolve()
        info = path.stat()
    except FileNotFoundError:
        return "does not exist"
    except (OSError, RuntimeError):  # Python raises RuntimeError for a symbolic link loop
        return "cannot be read: a loop of symbolic links"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory"
    return ""


def render(item: Item, output_format: str, options: WriteOptions) -> bytes:
    return writer_for(output_format)(item, options)


def run_job(job: Job, options: WriteOptions, verify: bool = False) -> list[tuple[str, Path | None, bytes]]:
    """Convert one input to every format asked for; write files only if all succeed
    (and, with ``verify``, only if every output reads back as the source).  A pack is
    written in the formats that can hold one: the others are left out (see
    ``pack_formats``); an output that would replace one of its members is refused."""
    doc = read_item(job.source, job.input_format, options.warn)
    targets = job.targets
    if isinstance(doc, Pack):
        targets = pack_formats(job, doc)
        refuse_overwriting_inputs(targets, [Path(name) for name in doc.files if name])
    rendered = [(fmt, path, render(doc, fmt, options)) for fmt, path in targets]
    if verify:
        from .verify import verify_output

        for fmt, _path, data in rendered:
            verify_output(doc, fmt, data)
    write_all((path, data) for _fmt, path, data in rendered if path is not None)
    return rendered


def pack_formats(job: Job, pack: Pack) -> tuple[tuple[str, Path | None], ...]:
    """The targets a pack can have.  Asked for none of them, a pack named on the command
    line is an error, while one found in a directory is left out (the caller says so)."""
    kept = tuple((fmt, path) for fmt, path in job.targets if WRITERS[fmt].packs)
    cannot = [fmt for fmt, _path in job.targets if not WRITERS[fmt].packs]
    if not kept and job.named:
        raise UsageError(
            f"a briefing pack is written as {_either(PACK_FORMATS)}, not {_either(cannot)}", pack.pos
        )
    return kept


def refuse_overwriting_inputs(
    targets: Sequence[tuple[str, Path | None]], inputs: Sequence[Path] | InputFiles
) -> None:
    """An output may never replace an input (a hand-edited source with its comments)."""
    known = inputs if isinstance(inputs, InputFiles) else InputFiles(inputs)
    for _fmt, path in targets:
        if path is not None and known.holds(path):
            raise UsageError(
                f"{path} is an input: writing there would replace it; choose another --outdir or -o"
            )


class InputFiles:
    """The files a run reads, each known by its resolved path and, where it exists, its
    device and inode (a hard link), so that each output is checked against all of them
    at once: comparing every output with every input made planning a 500-document batch
    quadratic, most of its time before the first conversion."""

    def __init__(self, inputs: Sequence[Path]) -> None:
        self.paths: set[Path] = set()
        self.ids: set[tuple[int, int]] = set()
        for source in inputs:
            if str(source) == STDIN:
                continue
            with contextlib.suppress(OSError, RuntimeError):  # unresolvable: a loop of links
                self.paths.add(source.resolve())
            with contextlib.suppress(OSError):  # not there (yet): known by its path alone
                info = source.stat()
                self.ids.add((info.st_dev, info.st_ino))

    def holds(self, path: Path) -> bool:
        """Whether ``path`` names one of the files (through links too), as far as can be told."""
        try:
            if path.resolve() in self.paths:
                return True
            info = path.stat()
        except (OSError, RuntimeError):  # unresolvable, or no file there: no input either
            return False
        return (info.st_dev, info.st_ino) in self.ids


def _either(names: Sequence[str]) -> str:
    """ "html, docx or pdf" """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


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
