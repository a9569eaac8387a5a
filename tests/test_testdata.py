"""actionlint-style fixtures: testdata/ok must be silent; testdata/err/X.yaml
must produce exactly the diagnostics listed in X.out ("line:col CODE message").
Workflows of JSON dialects (PostHog's HogFlows) sit beside them as X.json, and
as hogFlow TypeScript files X.ts with their own X.ts.out.

After a deliberate change to what lintkit reports, rewrite the .out files and
review their diff:

    python -m pytest tests/test_testdata.py --regen-golden
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lk_testing import run

DATA = Path(__file__).parent / "testdata"


def _check(tmp_path: Path, source: Path) -> list[str]:
    (tmp_path / "lintkit.toml").write_text("")
    shutil.copy(source, tmp_path / source.name)
    result = run("check", tmp_path, "--format", "json")
    assert result.code in (0, 1), result.err
    return [
        f"{d['line']}:{d['column']} {d['code']} {d['message']}" for d in result.json["diagnostics"]
    ]


@pytest.mark.parametrize("source", sorted((DATA / "ok").iterdir()), ids=lambda p: p.name)
def test_ok_is_silent(tmp_path: Path, source: Path) -> None:
    assert _check(tmp_path, source) == []


ERR = sorted(p for p in (DATA / "err").iterdir() if p.suffix in (".yaml", ".json", ".ts"))


def _golden(source: Path) -> Path:
    """X.out beside X.yaml or X.json; X.ts.out beside X.ts (the hogFlow twin of X.json)."""
    return source.with_suffix(".ts.out" if source.suffix == ".ts" else ".out")


@pytest.mark.parametrize("source", ERR, ids=lambda p: p.name)
def test_err_matches_expected_output(
    tmp_path: Path, source: Path, request: pytest.FixtureRequest
) -> None:
    found = _check(tmp_path, source)
    golden = _golden(source)
    if request.config.getoption("regen_golden"):
        golden.write_text("".join(f"{line}\n" for line in found), encoding="utf-8")
    assert golden.read_text(encoding="utf-8").splitlines() == found


def test_every_golden_file_has_its_workflow() -> None:
    outs = sorted(p.name for p in (DATA / "err").glob("*.out"))
    assert outs == sorted(_golden(p).name for p in ERR), "a .out without its workflow file"
