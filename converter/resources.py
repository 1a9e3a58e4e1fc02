"""Where the built-in templates, theme and wording live.

In a wheel, ``templates/`` is installed inside the package as
``converter/templates``; in a source checkout it sits beside the package.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

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
    """``$XDG_CACHE_HOME/r2p-convert`` (``~/.cache/r2p-convert``), or None if it cannot be made.

    Only things that are slow to build and safe to rebuild go there (compiled
    templates, the prepared DOCX package); deleting it is always safe.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "r2p-convert"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
