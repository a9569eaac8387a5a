"""A labelled set of Step Functions definitions (tests/testdata/asl-labelled):
every invalid one is reported with the rule its name starts with, at its place,
and no valid one gets an error."""

from __future__ import annotations

from pathlib import Path

from lk_testing import run

LABELLED = Path(__file__).parent / "testdata" / "asl-labelled"


def test_labelled_definitions() -> None:
    result = run("check", LABELLED, "--format", "json", "--no-cache")
    assert result.code == 1, result.err
    found = [
        (d["path"].split("asl-labelled/")[-1], d["line"], d["column"], d["code"], d["severity"])
        for d in result.json["diagnostics"]
    ]
    invalid = sorted(p.name for p in (LABELLED / "invalid").glob("*.asl.json"))
    valid = sorted(p.name for p in (LABELLED / "valid").glob("*.asl.json"))
    assert len(invalid) >= 30 and len(valid) >= 15

    reported = {(path, code) for path, _, _, code, _ in found}
    missed = [name for name in invalid if (f"invalid/{name}", name.split("-")[0]) not in reported]
    assert missed == []
    false_errors = [f for f in found if f[0].startswith("valid/") and f[4] == "error"]
    assert false_errors == []

    expected = (LABELLED / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [f"{path}:{line}:{col} {code}" for path, line, col, code, _ in sorted(found)] == expected
