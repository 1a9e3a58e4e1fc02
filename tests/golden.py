"""Golden files: compare a value with tests/golden/NAME, or rewrite it with --accept."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent / "golden"


def dump_model(node: Any) -> Any:
    """A model as plain JSON data: node class names and fields, positions left out."""
    if dataclasses.is_dataclass(node):
        data = {"type": type(node).__name__}
        for field in dataclasses.fields(node):
            if field.name != "pos":
                data[field.name] = dump_model(getattr(node, field.name))
        return data
    if isinstance(node, tuple | list):
        return [dump_model(item) for item in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def check_golden(name: str, actual: str, accept: bool) -> None:
    path = GOLDEN / name
    if accept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run pytest --accept and read the diff"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        import difflib

        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"golden/{name}", "actual", lineterm="", n=2
        )
        shown = "\n".join(list(diff)[:60])
        raise AssertionError(f"{name} differs from its golden file (pytest --accept rewrites it):\n{shown}")


def model_json(doc: Any) -> str:
    return json.dumps(dump_model(doc), indent=1, ensure_ascii=False) + "\n"
