"""check --fix / --unsafe-fixes / --diff: splices at the parser's spans, nothing else moves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lk_testing import run, write

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"

TYPOS = """
    lintkit: 1
    workflow: typos
    steps:
      hold:
        type: delay
        duration: 12 hours   # kept: a comment after the value
        nxt: send
      send:
        type: mesage
        channel: mail
        template: "news"
        next: "don"
      done: {type: exit}
    """


def test_fix_rewrites_only_the_misspelt_scalars(tmp_path: Path) -> None:
    root = write(tmp_path, {"flow.yaml": TYPOS})
    result = run("check", root, "--fix", "--format", "json", "--no-cache")
    assert (result.code, result.json["diagnostics"]) == (0, []), result.out
    assert result.json["summary"]["fixed"] == 5
    assert (root / "flow.yaml").read_text() == (
        "lintkit: 1\n"
        "workflow: typos\n"
        "steps:\n"
        "  hold:\n"
        "    type: delay\n"
        "    duration: 12h   # kept: a comment after the value\n"
        "    next: send\n"
        "  send:\n"
        "    type: message\n"
        "    channel: email\n"
        '    template: "news"\n'
        '    next: "done"\n'
        "  done: {type: exit}\n"
    )


def test_findings_carry_their_fix_in_json_text_and_sarif(tmp_path: Path) -> None:
    root = write(tmp_path, {"flow.yaml": TYPOS})
    found = run("check", root, "--format", "json", "--no-cache").json["diagnostics"]
    fixes = {f"{d['line']}:{d['column']} {d['code']}": d["fix"] for d in found}
    assert fixes["12:11 WF004"] == {
        "message": "replace 'don' with 'done'",
        "applicability": "safe",
        "edits": [
            {
                "path": "flow.yaml",
                "line": 12,
                "column": 11,
                "end_line": 12,
                "end_column": 16,
                "content": '"done"',
            }
        ],
    }
    text = run("check", root, "--no-cache").out
    assert "error[WF004] [*] `next` of step 'send'" in text
    assert "= fix: replace 'don' with 'done'" in text
    assert text.rstrip().endswith("fixable with --fix.")
    sarif = run("check", root, "--format", "sarif", "--no-cache").json
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "WF004")
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 12, "startColumn": 11, "endLine": 12, "endColumn": 16},
            "insertedContent": {"text": '"done"'},
        }
    ]


def test_diff_shows_the_edits_and_writes_nothing(tmp_path: Path) -> None:
    root = write(tmp_path, {"flow.yaml": TYPOS})
    before = (root / "flow.yaml").read_bytes()
    result = run("check", root, "--diff", "--no-cache")
    assert result.code == 1
    assert "-    duration: 12 hours   # kept" in result.out
    assert "+    duration: 12h   # kept" in result.out
    assert '+    next: "done"' in result.out
    assert (root / "flow.yaml").read_bytes() == before


def test_json_keeps_its_layout(tmp_path: Path) -> None:
    flow = (
        '{\n  "StartAt": "A",\n  "States": {\n'
        '    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",\n'
        '          "Retry": [{"ErrorEquals": ["States.Timout"], "MaxAttempts": 2}],\n'
        '          "End": true}\n  }\n}\n'
    )
    root = write(tmp_path, {"m.asl.json": flow})
    result = run("check", root, "--fix", "--format", "json", "--no-cache")
    assert result.json["diagnostics"] == [], result.out
    assert (root / "m.asl.json").read_text() == flow.replace("Timout", "Timeout")


def test_demo_fix_leaves_only_what_has_no_safe_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns(".lintkit_cache"))
    monkeypatch.chdir(demo)
    diff = run("check", "--diff", "--no-cache").out
    fixed = run("check", demo, "--fix", "--format", "json", "--no-cache")
    assert fixed.json["summary"]["fixed"] >= 4
    again = run("check", demo, "--format", "json", "--no-cache").json["diagnostics"]
    assert [d for d in again if d["fix"] and d["fix"]["applicability"] == "safe"] == []
    changed = sorted(
        str(p.relative_to(demo))
        for p in demo.rglob("*")
        if p.is_file() and (DEMO / p.relative_to(demo)).read_bytes() != p.read_bytes()
    )
    assert changed, "nothing fixed"
    for path in changed:  # what --diff announced is what --fix did (first pass)
        assert f"+++ b/{path}" in diff
