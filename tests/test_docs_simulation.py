"""docs/simulation.md stays true: its files are a working example, its output is real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lk_testing import run, write

DOC = Path(__file__).resolve().parents[1] / "docs" / "simulation.md"
BLOCK = re.compile(r"<!-- (file|output): (.+?) -->\n```\w*\n(.*?)```", re.DOTALL)
FAILURE = re.compile(r"```text\n(E +AssertionError.*?)```", re.DOTALL)
SLIP = ("    otherwise: done\n", "    otherwise: expire_credits\n")


def blocks(kind: str) -> dict[str, str]:
    return {name: text for k, name, text in BLOCK.findall(DOC.read_text()) if k == kind}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    files = blocks("file")
    assert set(files) == {"flows/credits.yaml", "tests/test_credits_flow.py"}
    return write(tmp_path / "repo", {**files, "pytest.ini": "[pytest]\n"})


def pytest_in(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_the_example_passes_then_fails_as_shown(example: Path) -> None:
    passing = pytest_in(example)
    assert passing.returncode == 0, passing.stdout
    assert "5 passed" in passing.stdout
    flow = example / "flows/credits.yaml"
    flow.write_text(flow.read_text().replace(*SLIP))
    failing = pytest_in(example)
    assert "2 failed, 3 passed" in failing.stdout
    shown = FAILURE.search(DOC.read_text())
    assert shown is not None
    for line in shown.group(1).splitlines():
        assert line in failing.stdout, line


# How many of the 300 people got each message depends on which people
# hypothesis draws, which changes between its versions; the rest may not.
TALLY = re.compile(r"(?m)^(  \w+ +\w+ +)\d+ +\d+$")


def test_the_output_shown_is_real(example: Path, monkeypatch) -> None:
    flow = example / "flows/credits.yaml"
    flow.write_text(flow.read_text().replace(*SLIP))
    ((command, expected),) = blocks("output").items()
    monkeypatch.chdir(example)
    result = run(*command.split()[1:])
    assert result.code == 1
    assert TALLY.sub(r"\1N N", result.out) == TALLY.sub(r"\1N N", expected)
    assert len(TALLY.findall(expected)) == 2
