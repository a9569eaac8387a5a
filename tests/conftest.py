"""Shared fixtures; the helpers themselves are in lk_testing.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lk_testing import SHARED, write


@pytest.fixture
def project(tmp_path: Path):
    """project({...files}) -> the project root, written under tmp_path."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write(tmp_path / "repo", files)

    return make


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout (design corpus and schemas)")
    return SHARED
