"""Where the built-in templates, theme and wording live.

In a wheel, ``templates/`` is installed inside the package as
``converter/templates``; in a source checkout it sits beside the package.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "templates", _PACKAGE_DIR.parent / "templates"):
        if (candidate / "theme.yaml").is_file():
            return candidate
    raise FileNotFoundError("r2p-convert is installed without its templates directory")


def data_file(*parts: str) -> Path:
    """A file under the templates directory, e.g. ``data_file("wording", "en.yaml")``."""
    return templates_dir().joinpath(*parts)


@cache
def user_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/r2p-convert`` (``~/.cache/r2p-convert``), or None (no caching).

    Only things that are slow to build and safe to rebuild go there (compiled
    templates, the prepared DOCX package); deleting it is always safe.  What
    is read back from it is trusted (compiled templates are code), so it is
    used only when it is a real directory owned by this user that nobody else
    can write to; otherwise every run builds afresh.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "r2p-convert"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not owned_privately(info):
        return None
    return folder if os.access(folder, os.W_OK) else None


def owned_privately(info: os.stat_result) -> bool:
    """A file or directory only this user (or root) can have written."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cache_file(name: str) -> Path | None:
    """Where the cache keeps ``name``, or None where there is no private cache."""
    folder = user_cache_dir()
    return folder / name if folder else None


def read_cached(name: str) -> bytes | None:
    """A cached file's bytes, when this user wrote it and it can be read (else None: the
    caller makes it afresh)."""
    path = cache_file(name)
    if path is None or not trusted_cache_file(path):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def keep_cached(name: str, data: bytes) -> None:
    """``data`` kept in the cache as ``name``, written atomically.  A cache that cannot be
    written (a full disk, a quota) only makes the next run slower: it fails no conversion."""
    path = cache_file(name)
    if path is None:
        return
    from .errors import OutputError  # (these need the model; this module needs nothing)
    from .fileio import write_atomically

    with contextlib.suppress(OutputError):
        write_atomically(path, data)


def read_marshalled(name: str) -> Any:
    """Plain data kept with ``keep_marshalled`` (None if absent, untrusted or damaged: the
    caller makes it afresh).  marshal, unlike pickle, costs nothing to import and can hold
    no object but plain data; the caller still checks its shape."""
    data = read_cached(name)
    if data is None:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # a damaged or foreign cache file
        return None


def keep_marshalled(name: str, value: Any) -> None:
    try:
        data = marshal.dumps(value)
    except ValueError:  # not plain data: not kept
        return
    keep_cached(name, data)


def trusted_cache_file(path: Path) -> bool:
    """A cached file may be read back: a regular file (not a link) that this user wrote,
    in a cache directory nobody else can write to (``user_cache_dir``)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
