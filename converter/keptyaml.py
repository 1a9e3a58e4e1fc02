"""Our own YAML files (the theme, the wording), parsed once and kept in the user's cache.

Parsing them cost a small document's run about 3 ms, more than writing its HTML.  The
parsed mapping is kept marshalled (``resources.keep_marshalled``).  Each file is keyed by its
place, size and time, so an edited file is parsed afresh; a damaged, foreign or stale
cache file is parsed afresh too.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from .deferred import yaml
from .resources import cache_file, keep_marshalled, read_marshalled

# libyaml when present: these files are read on every run.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# How a parsed file is stored, in its key: a change here parses every file afresh.
_PARSED_FORM = "parsed by PyYAML's safe loader, marshalled: 1"


def load_kept(source: Path) -> Any:
    """``source`` parsed (a mapping), from the cache when it holds it."""
    key = cache_key(source)
    raw = _from_cache(key)
    if raw is None:
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
        _to_cache(key, raw)
    return raw


def cache_key(source: Path) -> str:
    """The file by place, size and time: a change to it parses it afresh."""
    info = source.stat()
    return f"{source.name} {_PARSED_FORM}\n{source.resolve()}:{info.st_size}:{info.st_mtime_ns}"


def kept_file(source: Path) -> Path | None:
    return cache_file(_cache_name(cache_key(source)))


def _cache_name(key: str) -> str:
    return f"yaml-{zlib.crc32(key.encode()):08x}.marshal"


def _from_cache(key: str) -> Any:
    stored = read_marshalled(_cache_name(key))
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return None  # none, damaged, or another file's
    return stored[1] if isinstance(stored[1], dict) else None


def _to_cache(key: str, raw: Any) -> None:
    keep_marshalled(_cache_name(key), (key, raw))
