"""check --fix / --unsafe-fixes / --diff: splices at the parser's spans, nothing else moves."""

from __future__ import annotations

import json
import shutil
import subprocess
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
    assert fixed.json["summary"]["fixed"] >= 6
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


def test_unused_suppressions_are_deleted_or_narrowed(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "flow.yaml": """
            lintkit: 1
            workflow: welcome
            steps:
              send:  # lintkit: ignore[WF101, WF102] -- kept for the holiday campaign
                type: message
                channel: email
                template: welcome
                next: done
              # lintkit: ignore[WF103]
              done:
                type: exit
            """,
            "app.py": "X = 1  # lintkit: ignore[CD201]\n",
        },
    )
    result = run("check", root, "--fix", "--format", "json", "--no-cache")
    assert result.json["diagnostics"] == [], result.out
    assert (root / "app.py").read_text() == "X = 1\n"
    flow = (root / "flow.yaml").read_text()
    assert "  send:\n    type: message" in flow
    assert "lintkit" not in flow.replace("lintkit: 1", "")


CREDITS = """
    lintkit: 1
    workflow: {id}
    triggers:
      - event: {event}
    steps:
      send:
        type: message
        channel: email
        template: credits_granted
        next: done
      done:
        type: exit
    """


def test_double_enrollment_fix_declares_the_exclusion(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.yaml": CREDITS.format(id="credits", event="plan_added"),
            "b.yaml": CREDITS.format(id="credits-backfill", event="plan_added_backfill"),
        },
    )
    assert "WF202" in {
        d["code"] for d in run("check", root, "--format", "json").json["diagnostics"]
    }
    result = run("check", root, "--fix", "--format", "json", "--no-cache")
    assert result.json["diagnostics"] == [], result.out
    assert (
        (root / "a.yaml")
        .read_text()
        .startswith(
            "lintkit: 1\nworkflow: credits\nexclusive_with: [credits-backfill]\ntriggers:\n"
        )
    )


FILTERED = """
    lintkit: 1
    workflow: credits
    attributes:
      plan: {enum: [free, startup, yc]}
    triggers:
      - event: plan_changed
    steps:
      still_eligible:
        type: filter
        keep: "plan in ['startup', 'yc']"
        next: by_plan
        otherwise: send_cancelled
      by_plan:
        type: branch
        cases:
          - when: "plan == 'startup'"
            next: send_cancelled
      send_cancelled:
        type: message
        channel: in_app
        template: credits_cancelled
        final: true
        next: done
      done:
        type: exit
    """


def test_unsafe_fixes_wait_for_their_flag(tmp_path: Path) -> None:
    root = write(tmp_path, {"flow.yaml": FILTERED})
    before = (root / "flow.yaml").read_text()
    safe_only = run("check", root, "--fix", "--no-cache")
    assert (root / "flow.yaml").read_text() == before
    assert safe_only.out.rstrip().endswith("2 fixable with --fix --unsafe-fixes.")
    assert "= unsafe fix: point `otherwise` at step 'done'" in safe_only.out
    result = run("check", root, "--fix", "--unsafe-fixes", "--format", "json", "--no-cache")
    assert result.json["diagnostics"] == [], result.out
    assert (root / "flow.yaml").read_text() == before.replace(
        "otherwise: send_cancelled", "otherwise: done"
    ).replace("        next: send_cancelled\n", "        next: send_cancelled\n    default: done\n")


def test_diff_of_a_long_file_applies_to_what_fix_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 2,000 lines, fixes that keep the line count are diffed line against line
    (difflib took 4.6 s on a 24,000-line definition): the patch still gives --fix's file."""
    states = {
        f"S{i}": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Retry": [{"ErrorEquals": ["States.Timout" if i % 40 == 0 else "States.ALL"]}],
            "Next": f"S{i + 1}",
        }
        for i in range(200)
    }
    states["S200"] = {"Type": "Succeed"}
    text = json.dumps({"StartAt": "S0", "States": states}, indent=2)  # no final newline
    assert text.count("\n") > 2_000
    diffed = write(tmp_path / "diffed", {"m.asl.json": text})
    fixed = write(tmp_path / "fixed", {"m.asl.json": text})
    monkeypatch.chdir(diffed)
    patch = run("check", "--diff", "--no-cache").out
    assert patch.count('+            "States.Timeout"') == 5
    run("check", fixed, "--fix", "--no-cache")
    applied = subprocess.run(
        ["git", "apply", "-p1", "-"], cwd=diffed, input=patch, text=True, capture_output=True
    )
    assert applied.returncode == 0, applied.stderr
    assert (diffed / "m.asl.json").read_text() == (fixed / "m.asl.json").read_text() != text
