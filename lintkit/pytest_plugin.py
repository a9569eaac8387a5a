"""lintkit's pytest plugin (the ``pytest11`` entry point ``lintkit``).

It adds one session fixture, ``lintkit_workflow``: a loader for workflow files
relative to the pytest root, cached per session::

    def test_kept_people_get_credits(lintkit_workflow):
        credits = lintkit_workflow("flows/credits.yaml")
        ...

For ``@given(persons(wf))`` the workflow must exist when the test is defined:
use ``lintkit.testing.load_workflow`` at module level (see docs/simulation.md).

This module is imported by every pytest run in an environment where lintkit
is installed, so it imports nothing heavy: lintkit.testing loads on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def lintkit_workflow(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``lintkit_workflow(path, workflow_id=None)`` -> the loaded ``Workflow``."""
    from lintkit.testing import load_workflow  # on first use: see the module docstring

    root = Path(request.config.rootpath)
    cache: dict[tuple[str, str | None], Any] = {}

    def load(path: str | Path, workflow_id: str | None = None) -> Any:
        full = Path(path) if Path(path).is_absolute() else root / path
        key = (str(full), workflow_id)
        if key not in cache:
            cache[key] = load_workflow(full, workflow_id)
        return cache[key]

    return load
