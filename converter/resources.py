"""Where the built-in templates, theme and wording live.

In a wheel, ``templates/`` is installed inside the package as
``converter/templates``; in a source checkout it sits beside the package.
"""

from __future__ import annotations

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
