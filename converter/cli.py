"""The ``r2p-convert`` command: the only place that prints or picks exit codes.

Exit status: 0 all converted; 1 some inputs failed (the others are written);
2 bad usage, or every input was unreadable or invalid.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .batch import Outcome, Report, expand_inputs, run_all
from .convert import InputFiles, Job, make_dependencies, output_path, refuse_overwriting_inputs
from .errors import OutputError, R2PError, UsageError
from .fileio import STDIN, os_reason
from .model import Pos
from .readers import DISCOVERED, EXTENSIONS, NOT_YET_READ, READERS, format_of
from .writers import WRITERS, WriteOptions

PROG = "r2p-convert"
EXAMPLES = """\b
Examples:
  r2p-convert --to html,docx,pdf source/r2p-2015-presidents-summary.yaml
  r2p-convert --to yaml -o source/new.yaml notes/summary.txt
  r2p-convert --to txt -o - source/r2p-2015-presidents-summary.yaml
  r2p-convert --to pdf --outdir out/ -j 2 source/*.yaml
"""


def _split_formats(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in WRITERS]
    if unknown or not names:
        raise UsageError(
            f"unknown output format {', '.join(unknown) or repr(value)}; choose from {', '.join(WRITERS)}"
        )
    return list(dict.fromkeys(names))


def _list_formats() -> str:
    lines = ["input formats:"]
    lines += [f"  {name:6} {', '.join(e for e, f in EXTENSIONS.items() if f == name)}" for name in READERS]
    lines.append("output formats:")
    lines += [f"  {name:6} {spec.summary}" for name, spec in WRITERS.items()]
    return "\n".join(lines)


def _input_format(path: Path, forced: str | None) -> str:
    if forced:
        return forced
    if str(path) == STDIN:
        raise UsageError(f"say what standard input holds with --from {' or --from '.join(READERS)}")
    found = format_of(path)
    if found is None and path.suffix.lower() in NOT_YET_READ:
        raise UsageError(f"{path}: {NOT_YET_READ[path.suffix.lower()]} input is not supported yet")
    if found is None:
        raise UsageError(
            f"cannot tell the input format of {path} from its extension; "
            f"use --from {' or --from '.join(READERS)}"
        )
    return found


def _plan(
    inputs: tuple[str, ...],
    formats: list[str],
    from_: str | None,
    outdir: Path,
    output: str | None,
    reference: Path | None = None,
    root: Path | None = None,
) -> list[Job]:
    """Decide every output path before any work starts."""
    sources = expand_inputs(inputs, DISCOVERED, root)
    if output is not None and (len(sources) != 1 or len(formats) != 1):
        raise UsageError("-o names one output: give one input and one format, or use --outdir")
    if output == "-" and WRITERS[formats[0]].binary:
        raise UsageError(f"{formats[0]} is binary and is not written to standard output; use -o FILE")
    if sum(1 for source, _name, _named in sources if str(source) == STDIN) > 1:
        raise UsageError("standard input (-) can be read only once")
    if output == "-" and sys.stdout is None:
        raise OutputError("cannot write: standard output is closed", Pos("-"))
    if output not in (None, "-") and Path(output).is_dir():
        raise UsageError(f"-o {output}: is a directory; name a file, or use --outdir {output}")
    _check_directory(Path(output).parent if output not in (None, "-") else outdir)
    jobs: list[Job] = []
    claimed: dict[Path, Path] = {}
    for source, name, named in sources:
        targets = []
        for fmt in formats:
            target = _target(name, fmt, outdir, output)
            if target is not None:
                key = target.resolve()
                if key in claimed:
                    raise UsageError(f"{claimed[key]} and {source} would both write {target}")
                claimed[key] = source
            targets.append((fmt, target))
        jobs.append(Job(source, _input_format(source, from_), tuple(targets), named))
    if not jobs:
        raise UsageError(f"no sources ({', '.join(DISCOVERED)}) found in {', '.join(inputs)}")
    inputs_read = InputFiles(
        [source for source, _name, _named in sources] + ([reference] if reference else [])
    )
    for job in jobs:
        refuse_overwriting_inputs(job.targets, inputs_read)
    return jobs


def _check_directory(folder: Path) -> None:
    """Outputs can go to ``folder``: the nearest part of it that exists is a directory."""
    for part in (folder, *folder.parents):
        try:
            info = part.stat()
        except (FileNotFoundError, NotADirectoryError):  # look further up
            continue
        except OSError as err:
            raise UsageError(f"cannot write into {folder}: {os_reason(err)}") from None
        if not stat.S_ISDIR(info.st_mode):
            raise UsageError(f"cannot write into {folder}: {part} is a file, not a directory")
        return


def _check_environment() -> None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip() and not epoch.strip().isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {epoch!r}")


def _target(name: Path, fmt: str, outdir: Path, output: str | None) -> Path | None:
    if output == "-":
        return None
    return Path(output) if output else output_path(name, fmt, outdir)


def _error(message: str) -> None:
    click.echo(f"{PROG}: error: {message}", err=True)


class _Command(click.Command):
    """Turns every failure into one ``r2p-convert: error:`` line and an exit status.

    click's own usage errors print a usage block; we print one line, like the
    rest of the tool, so scripts and editors can parse it.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[no-untyped-def]  # click's own signature, overloaded there
        # Unwind on SIGTERM as on Ctrl-C, so temporary files are removed.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        try:
            status = super().main(args, prog_name or PROG, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            _error("interrupted")
            sys.exit(130)
        except click.ClickException as err:
            _error(err.format_message())
            sys.exit(2)
        except OutputError as err:  # the machine's condition, not the input's
            _error(str(err))
            sys.exit(1)
        except R2PError as err:
            _error(str(err))
            sys.exit(2)
        except KeyboardInterrupt:
            _error("interrupted")
            sys.exit(130)
        except OSError as err:  # the machine's condition (a file the OS would not give us)
            where = f"{err.filename}: " if err.filename else ""
            _error(f"{where}{os_reason(err)}")
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)

    def make_parser(self, ctx: click.Context) -> Any:
        """click's parser, which also finds a short option given alone ("-q", "-o FILE")
        among its long ones.  click matches every option as a long one first, and a miss
        builds a "no such option" error with close matches (importing difflib): 2 ms of
        a run for each short option.  Matched as long, a short option alone means the
        same (a flag, or the next argument as its value); "-j2" and "-qw" still go to the
        short options.  Without these attributes (another click), click's own parser."""
        parser = super().make_parser(ctx)
        long_options, short_options = getattr(parser, "_long_opt", None), getattr(parser, "_short_opt", None)
        if isinstance(long_options, dict) and isinstance(short_options, dict):
            for name, option in short_options.items():
                long_options.setdefault(name, option)
        return parser


@click.command(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option(
    "-t", "--to", "to", metavar="FORMAT[,FORMAT...]", help="Output formats: " + ", ".join(WRITERS) + "."
)
@click.option(
    "-f",
    "--from",
    "from_",
    type=click.Choice(list(READERS)),
    help="Input format (default: from the extension).",
)
@click.option(
    "--outdir",
    default="build",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory for outputs, named <input stem>.<ext>.",
)
@click.option(
    "--source-root",
    type=click.Path(file_okay=False),
    help="Inputs inside this directory keep their folders below --outdir (as make builds a tree).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Output file for one input and one format; '-' for standard output.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of cores).",
)
@click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False),
    help="Your templates, used before the built-in ones.",
)
@click.option(
    "--reference-docx",
    type=click.Path(exists=True, dir_okay=False),
    help="A Word document whose styles DOCX output uses.",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option(
    "--verify",
    is_flag=True,
    help="Read every output back and check it has the source's words in order; write nothing otherwise.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or per-file lines; errors and warnings only.")
@click.option(
    "--deps",
    is_flag=True,
    help="Print, in Make syntax, the files each output depends on (packs: every member) and exit.",
)
@click.option(
    "-w",
    "--watch",
    is_flag=True,
    help="Convert, then stay running: rebuild a source's outputs each time it (a pack: any member) is saved.",
)
@click.option("--list-formats", is_flag=True, help="List input and output formats and exit.")
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
def cli(
    inputs: tuple[str, ...],
    to: str | None,
    from_: str | None,
    outdir: str,
    source_root: str | None,
    output: str | None,
    jobs: int | None,
    template_dir: str | None,
    reference_docx: str | None,
    strict: bool,
    verify: bool,
    quiet: bool,
    deps: bool,
    watch: bool,
    list_formats: bool,
) -> None:
    """Convert canonical sources (YAML) and plain text to YAML, TXT, HTML, DOCX and PDF.

    Outputs go to --outdir (default build/) as <input stem>.<extension>.
    """
    if list_formats:
        click.echo(_list_formats())
        return
    if not to:
        raise UsageError(f"say which formats to write with --to (one or more of {', '.join(WRITERS)})")
    if not inputs:
        raise UsageError("no input files given")
    if watch and (deps or output == "-"):
        raise UsageError("--watch rewrites output files: it cannot be used with --deps or -o -")
    _check_environment()
    if reference_docx:
        from .safezip import check_word_document  # (zipfile and hashlib: only this pays for them)

        check_word_document(Path(reference_docx))
    reference = Path(reference_docx) if reference_docx else None
    root = Path(source_root) if source_root else None
    plan = _plan(inputs, _split_formats(to), from_, Path(outdir), output, reference, root)
    if deps:
        click.echo(make_dependencies(plan, Path(template_dir) if template_dir else None), nl=False)
        return
    options = WriteOptions(
        template_dir=Path(template_dir) if template_dir else None,
        reference_docx=Path(reference_docx) if reference_docx else None,
    )
    if watch:
        _watch(plan, options, strict, verify, jobs, quiet)
        return
    report = _run(plan, options, strict, jobs, quiet, verify)
    if report.failed:
        sys.exit(2 if report.failed == report.total and report.all_input_errors else 1)


def _run(
    plan: list[Job], options: WriteOptions, strict: bool, jobs: int | None, quiet: bool, verify: bool
) -> Report:
    report = Report(total=len(plan))
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        for outcome in run_all(plan, options, strict, jobs, verify):
            report.add(outcome)
            progress.clear()
            _tell(outcome, quiet=quiet or progress.enabled)
            progress.show(report, outcome.job.source)
    except KeyboardInterrupt:
        progress.clear()
        _error(f"interrupted: {report.summary()}")
        sys.exit(130)
    progress.clear()
    if len(plan) > 1 and not quiet:
        click.echo(f"{PROG}: {report.summary()}", err=True)
    return report


def _watch(
    plan: list[Job],
    options: WriteOptions,
    strict: bool,
    verify: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    """--watch: report each rebuild until Ctrl-C (status 130) or SIGTERM (143)."""
    from . import watch  # imported here: watchfiles is loaded only for watch mode

    watch.check_request(plan)
    try:
        for event in watch.watch(plan, options, strict, verify, jobs):
            if isinstance(event, watch.Rebuilt):
                _tell(event.outcome, quiet, took=f" ({event.seconds * 1000:.0f} ms)")
            elif not quiet:
                click.echo(f"{PROG}: {event}", err=True)
    except KeyboardInterrupt:
        if not quiet:
            click.echo(f"{PROG}: stopped watching", err=True)
        sys.exit(130)


def _tell(outcome: Outcome, quiet: bool, took: str = "") -> None:
    """Warnings and errors always; a line per converted file unless quiet."""
    for warning in outcome.warnings:
        click.echo(f"{PROG}: warning: {warning}", err=True)
    if outcome.stdout:
        try:
            _write_stdout(outcome.stdout)
        except BrokenPipeError:
            # The program reading our output stopped early.  Point standard output at
            # /dev/null so Python does not complain again when it flushes at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise OutputError(
                "cannot write: standard output was closed by the program reading it", Pos("-")
            ) from None
    if outcome.error is not None:
        _error(_describe(outcome.job, outcome.error))
    elif not quiet:
        written = ", ".join(str(path) for _fmt, path in outcome.written if path is not None)
        if written:
            click.echo(f"{PROG}: {outcome.job.source} -> {written}{took}", err=True)
    if outcome.error is None and outcome.left_out and not quiet:
        left = " or ".join(outcome.left_out)
        what = "skipped" if not outcome.written else f"{left} left out"
        click.echo(
            f"{PROG}: note: {outcome.job.source} is a briefing pack, with no {left} form: {what}", err=True
        )


def _write_stdout(data: bytes) -> None:
    """All of ``data`` to standard output.  A buffered write that hits a broken pipe after
    writing some of it returns a short count instead of failing: write the rest, so the
    broken pipe is raised (and reported) rather than ignored."""
    out = sys.stdout.buffer
    rest = memoryview(data)
    while rest:
        written = out.write(rest)
        if not written:
            raise BrokenPipeError(errno.EPIPE, "broken pipe")
        rest = rest[written:]
    out.flush()


def _terminal_width() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        return 80


class Progress:
    """One self-rewriting line on a terminal: done/total, rate, time left, current file."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.width = _terminal_width()

    def show(self, report: Report, current: Path) -> None:
        if not self.enabled:
            return
        left = report.seconds_left()
        eta = f"{int(left // 60)}:{int(left % 60):02d} left" if left is not None else ""
        line = f"[{report.done}/{report.total}] {report.rate():.1f} docs/s {eta}  {current}"
        sys.stderr.write("\r" + line[: self.width - 1])
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _describe(job: Job, error: Exception) -> str:
    if isinstance(error, R2PError):
        return str(error)
    if isinstance(error, OSError):  # the machine's condition, not a bug
        return f"{error.filename or job.source}: {os_reason(error)}"
    return f"{job.source}: internal error ({type(error).__name__}: {error}); please report it"


def main() -> None:
    """Console-script entry point (and ``python -m converter``).

    The process ends with ``os._exit`` once the command is done and its output flushed:
    tearing the interpreter down (freeing every module, a last garbage collection)
    costs more than converting a small document (about 30 ms on a 2-core machine), and
    nothing is left for it to do.  Every file is closed and every worker joined before
    the command returns, and temporary files are removed by ``finally`` blocks, not at
    exit.  ``cli`` itself (as tests and other programs call it) exits as usual."""
    try:
        cli.main()  # type: ignore[no-untyped-call]  # _Command.main keeps click's untyped signature
        status = 0
    except SystemExit as done:
        status = _status(done.code)
    _exit_now(status)


def _status(code: object) -> int:
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)  # sys.exit("message"), as Python's own exit prints it
    return 1


def _exit_now(status: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said on it
            pass
    os._exit(status)
