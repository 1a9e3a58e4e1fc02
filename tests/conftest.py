"""Shared fixtures: the seed, the canonical source, and helpers to read outputs back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from converter.convert import read_document
from converter.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT.parent / "shared" / "seeds" / "r2p-2015-presidents-summary.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_YAML = ROOT / "source" / "r2p-2015-presidents-summary.yaml"


@pytest.fixture(scope="session")
def seed_txt_path() -> Path:
    """The seed as plain text; a copy lives in tests/fixtures for clones without shared/."""
    return SEED_TXT if SEED_TXT.is_file() else FIXTURES / "r2p-2015-presidents-summary.txt"


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    """The canonical source, read and transformed."""
    return read_document(SOURCE_YAML, "yaml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--accept", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def accept(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--accept"))


# CI runs the property tests on a fixed set of examples, so a pass there is repeatable;
# a developer's run explores new ones each time (and keeps failures in .hypothesis/).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True)
_hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")
