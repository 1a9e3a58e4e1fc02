"""Shared fixtures: the seed, the canonical source, and helpers to read outputs back."""

from __future__ import annotations

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
