"""Reading inputs and writing outputs: bounded reads, atomic writes, one-line errors.

Reads: only regular files (or standard input when ``-`` is named), and never
more than the source limit plus one byte, so a FIFO cannot hang a run and
``/dev/zero`` cannot fill memory.

Writes: every output goes to a hidden temporary file beside its target and is
renamed into place, so readers see the old file or the new one, never half.
The outputs of one input are written together (``write_all``): every
temporary file first, then the renames, so a full disk leaves all of the old
outputs, not a mix.  New files get the mode the umask allows; a rewritten
file keeps its mode.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, OutputError
from .limits import MAX_SOURCE_BYTES
from .model import Pos

STDIN = "-"


def read_bytes(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """A source's bytes: a regular file, or standard input for ``-``; at most ``limit``."""
    where = Pos(str(path))
    if str(path) == STDIN:
        if sys.stdin is None:
            raise InputError("standard input is closed", where)
        return _bounded(sys.stdin.buffer, limit, where)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what it is.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise InputError(_read_problem(err), where) from None
    with os.fdopen(handle, "rb") as source:
        kind = os.fstat(handle).st_mode
        if stat.S_ISDIR(kind):
            raise InputError("is a directory, not a source file", where)
        if not stat.S_ISREG(kind):
            raise InputError(
                "is not a regular file (a pipe, device or socket); name - to read standard input", where
            )
        try:
            return _bounded(source, limit, where)
        except OSError as err:
            raise InputError(_read_problem(err), where) from None


def _bounded(source: BinaryIO, limit: int, where: Pos) -> bytes:
    data = source.read(limit + 1)  # a buffered reader reads until it has that many, or the end
    if len(data) > limit:
        raise InputError(f"file is over {limit:,} bytes; sources are limited to {limit:,}", where)
    return data


def _read_problem(err: OSError) -> str:
    if err.errno == errno.ENOENT:
        return "no such file"
    if err.errno == errno.EISDIR:
        return "is a directory, not a source file"
    if err.errno == errno.ELOOP:
        return "cannot read: a loop of symbolic links"
    return f"cannot read: {err.strerror or err}"


# --- writing -----------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Write one file so that readers see the old file or the new one, never half."""
    write_all([(path, data)])


def write_all(outputs: Iterable[tuple[Path, bytes]]) -> None:
    """Write several files all or nothing (as far as a file system allows): every new file
    is complete on disk before any is renamed over its target.

    Special files (``/dev/null``, a FIFO) are written into, never replaced.  If
    anything fails, or the process is interrupted or terminated, the temporary
    files are removed; one left by a process killed outright (SIGKILL) is
    removed by the next write of its target.  Failures are ``OutputError``s
    naming the file and the cause.
    """
    temporaries: list[str] = []  # named before each is made, so that no interruption loses one
    staged: list[tuple[Path, str]] = []
    special: list[tuple[Path, bytes]] = []
    try:
        for path, data in outputs:
            if path.exists() and not path.is_file():
                special.append((path, data))
            else:
                staged.append((path, _stage(path, data, temporaries)))
        for path, temp_name in staged:
            _replace(temp_name, path)
        for path, data in special:
            _write_into(path, data)
    except BaseException:
        for temp_name in temporaries:  # (those already renamed are gone)
            Path(temp_name).unlink(missing_ok=True)
        raise


def _stage(path: Path, data: bytes, temporaries: list[str]) -> str:
    """``data`` in a hidden temporary file beside ``path``, with the mode ``path`` will have;
    its name added to ``temporaries`` before the file is made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _clean_once(path.parent)
        handle, temp_name = _new_temporary(path, temporaries)
    except OSError as err:
        raise _output_error(path, err) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            os.fchmod(out.fileno(), _mode_for(path))
    except OSError as err:
        raise _output_error(path, err) from None
    return temp_name


def _new_temporary(path: Path, temporaries: list[str]) -> tuple[int, str]:
    """A new hidden file beside ``path``, only ours (as ``tempfile.mkstemp`` makes, which
    costs a run more to import than the conversion of a small document takes), named
    with our process id so that a later run can tell a leftover of a dead process.  Its
    name is listed in ``temporaries`` before it is made: a signal's exception may come
    between any two steps."""
    for _attempt in range(100):
        name = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.part")
        temporaries.append(name)
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), name
        except FileExistsError:
            temporaries.pop()  # (not ours)
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path))


_cleaned: set[str] = set()


def _clean_once(folder: Path) -> None:
    """Leftovers of dead processes removed from ``folder``, once per process: listing a
    folder of outputs for each output written would make a batch quadratic."""
    key = os.path.abspath(folder)
    if key not in _cleaned:
        remove_stale_temporaries_in(folder)
        _cleaned.add(key)


def _replace(temp_name: str, path: Path) -> None:
    try:
        os.replace(temp_name, path)
    except OSError as err:
        raise _output_error(path, err) from None


def _write_into(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as out:
            out.write(data)
    except OSError as err:
        raise _output_error(path, err) from None


def _mode_for(path: Path) -> int:
    """An existing file's mode is kept; a new file gets 0666 less the umask, as any
    program's new file does."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@cache
def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; put it straight back
    os.umask(mask)
    return mask


def _output_error(path: Path, err: OSError) -> OutputError:
    return OutputError(f"cannot write: {os_reason(err)}", Pos(str(path)))


def os_reason(err: OSError) -> str:
    """What an OS error means for the user, in a few words."""
    reasons = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.ENOTDIR: "a part of the path is a file, not a directory",
        errno.EISDIR: "is a directory",
        errno.EFBIG: "the file is too large for this system's limits",
        errno.ELOOP: "a loop of symbolic links",
    }
    return reasons.get(err.errno or 0, err.strerror or str(err))


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files for ``path`` left by processes that no longer run."""
    import glob

    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        _remove_if_stale(leftover, leftover.name[len(path.name) + 2 :].split(".", 1)[0])


def remove_stale_temporaries_in(folder: Path) -> None:
    """Remove the temporary files (``.NAME.PID.RANDOM.part``) that processes that no
    longer run left in ``folder``."""
    try:
        names = os.listdir(folder)
    except OSError:
        return  # no folder yet (it is made next), or one we cannot list: nothing to clean
    for name in names:
        ours = _TEMPORARY_RE.match(name)
        if ours:  # (another program's ".x.part" is left alone)
            _remove_if_stale(folder / name, ours.group(1))


# Our temporary files' names: .NAME.PID.RANDOM.part, RANDOM twelve hex digits (or, from
# earlier versions, tempfile's eight letters, digits or underscores).
_TEMPORARY_RE = re.compile(r"\..+\.(\d+)\.(?:[0-9a-f]{12}|[a-z0-9_]{8})\.part\Z")


def _remove_if_stale(leftover: Path, pid: str) -> None:
    """``leftover``, named with the process id ``pid``, removed unless that process runs."""
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
