"""Reading inputs and writing outputs: atomic writes, and reads that say what went wrong.

Every output is written to a hidden temporary file beside its target and
renamed into place, so readers see the old file or the new one, never half;
a failed or interrupted conversion leaves no partial file and never clobbers
a good one.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

from .errors import InputError
from .model import Pos


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
