"""Config globs: `**` spans directories, `*` does not, bare names match anywhere."""

from __future__ import annotations

import pytest

from lintkit.core.globs import matches


@pytest.mark.parametrize(
    ("path", "patterns", "expected"),
    [
        ("flows/a.yaml", ["flows/**/*.yaml"], True),
        ("flows/x/y/a.yaml", ["flows/**/*.yaml"], True),
        ("other/flows/a.yaml", ["flows/**/*.yaml"], False),
        ("a/node_modules/b/c.js", ["node_modules"], True),
        ("deep/x.py", ["*.py"], True),
        ("legacy/old_a.yaml", ["legacy/old_*.yaml"], True),
        ("legacy/sub/old_a.yaml", ["legacy/old_*.yaml"], False),
        ("tests/fixtures/a.yaml", ["tests/fixtures"], True),
        ("tests/fixtures2/a.yaml", ["tests/fixtures"], False),
        ("a1.yaml", ["a[0-9].yaml"], True),
        ("ab.yaml", ["a[!0-9].yaml"], True),
        ("./x/a.yaml", ["x/*.yaml"], False),
        ("x/a.yaml", ["./x/*.yaml"], True),
        ("anything", [], False),
    ],
)
def test_matches(path: str, patterns: list[str], expected: bool) -> None:
    assert matches(path, patterns) is expected
