"""Each Step Functions validity check is a rule of its own (SF001...), and what
named WF002 before the split (a `select`, an `ignore`, a suppression comment)
still covers it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lk_testing import run, write

from lintkit.plugins.registry import load_rules

# `Next` and `End: true` together: SF005 at `End` (line 6), formerly WF002.
MACHINE = """
StartAt: Save
States:
  Save:
    Type: Pass
    Next: Done
    End: true
  Done:
    Type: Succeed
"""
MESSAGE = "state 'Save' has both `Next` and `End: true`: it cannot both go on and end the execution"


def check(root: Path, *args: str) -> list[str]:
    result = run("check", root, "--format", "json", "--no-cache", *args)
    assert result.code in (0, 1), result.err
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['name']}: {d['message']}"
        for d in result.json["diagnostics"]
    ]


def test_a_check_reports_under_its_own_code_with_the_same_message(tmp_path: Path) -> None:
    root = write(tmp_path, {"m.asl.yaml": MACHINE})
    assert check(root) == [f"m.asl.yaml:6:5 SF005 next-and-end: {MESSAGE}"]


@pytest.mark.parametrize("selector", ["WF002", "SF005", "next-and-end"])
def test_select_by_the_old_code_or_the_new_one(tmp_path: Path, selector: str) -> None:
    root = write(tmp_path, {"m.asl.yaml": MACHINE})
    assert check(root, "--select", selector) == [f"m.asl.yaml:6:5 SF005 next-and-end: {MESSAGE}"]


@pytest.mark.parametrize("selector", ["WF002", "schema-violation", "SF005"])
def test_ignore_by_the_old_code_or_the_new_one(tmp_path: Path, selector: str) -> None:
    root = write(tmp_path, {"m.asl.yaml": MACHINE})
    assert check(root, "--ignore", selector) == []


def test_an_old_configuration_ignoring_wf002_still_ignores_it(tmp_path: Path) -> None:
    root = write(tmp_path, {"lintkit.toml": 'ignore = ["WF002"]\n', "m.asl.yaml": MACHINE})
    assert check(root) == []


def test_select_wf002_is_the_split_checks_and_the_schema_findings(tmp_path: Path) -> None:
    machine = MACHINE.replace("Type: Succeed", "Type: Succeed\n  Orphan:\n    Type: Sucede")
    root = write(tmp_path, {"m.asl.yaml": machine})
    found = [" ".join(f.split()[:2]) for f in check(root, "--select", "WF002")]
    assert found == [
        "m.asl.yaml:6:5 SF005",
        "m.asl.yaml:10:11 WF002",  # the schema's own finding: an unknown Type
    ]


@pytest.mark.parametrize("written", ["WF002", "schema-violation", "SF005", "next-and-end"])
def test_a_suppression_naming_the_old_code_still_covers_it(tmp_path: Path, written: str) -> None:
    machine = MACHINE.replace("End: true", f"End: true  # lintkit: ignore[{written}] -- legacy")
    root = write(tmp_path, {"m.asl.yaml": machine})
    result = run("check", root, "--format", "json", "--no-cache")
    assert result.code == 0, result.out
    assert result.json["diagnostics"] == []  # and no LK001: the suppression was used
    [suppressed] = result.json["suppressed"]
    assert (suppressed["code"], suppressed["line"]) == ("SF005", 6)


def test_every_check_is_listed_and_explained() -> None:
    codes = [f"SF{n:03}" for n in range(1, 21)]
    listed = run("rules").out
    for code in codes:
        rule = load_rules().rules[code]
        assert rule.aliases == ("WF002", "schema-violation")
        assert f"{code}  {rule.name}" in listed
        explained = run("explain", code)
        assert explained.code == 0
        assert explained.out.startswith(f"# {code} {rule.name}\n")
        assert "## What it does" in explained.out and "## How to fix" in explained.out
    assert run("explain", "unknown-states-error").out.startswith("# SF015 unknown-states-error")
