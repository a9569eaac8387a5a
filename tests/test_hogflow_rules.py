"""PostHog workflow checks are rules of their own (HF0xx), and WF002 still covers them.

Each rule's bad and good examples run in test_rule_examples; here: the codes and
names are stable, configurations naming WF002 keep selecting and ignoring them,
and `explain` and `rules` show them. A missing action at either end of an edge is
unknown-step: tests/rules/test_wf004.py.
"""

from __future__ import annotations

import json
from typing import Any

from lk_hogflow import hogflow
from lk_testing import run

HF_RULES = [
    ("HF001", "duplicate-action-id"),
    ("HF002", "missing-trigger"),
    ("HF003", "multiple-triggers"),
    ("HF004", "trigger-without-continue"),
    ("HF005", "duplicate-continue-edge"),
    ("HF006", "branch-edge-without-branches"),
    ("HF007", "branch-index-out-of-range"),
    ("HF008", "duplicate-branch-edge"),
    ("HF009", "missing-branch-edge"),
    ("HF010", "wait-without-condition-met-edge"),
    ("HF011", "conditional-branch-without-continue"),
    ("HF012", "duration-over-unit-cap"),
]

WAIT = {"id": "wait", "name": "Wait", "type": "delay", "config": {"delay_duration": "2d"}}
# A duplicate action id (HF001, WF002 before it was a rule of its own) ...
DUPLICATE = hogflow(
    [WAIT, {**WAIT, "config": {"delay_duration": "5d"}}],
    [("trigger_node", "wait"), ("wait", "exit_node")],
)
# ... and a JSON Schema violation (WF002 itself), in another file.
INVALID = hogflow([], [("trigger_node", "exit_node")], exit_condition="exit_on_conversoin")


def at(text: str, needle: str, nth: int = 1) -> str:
    """``line:col`` of the ``nth`` occurrence of ``needle`` in ``text`` (1-based)."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    before = text[:start]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def check(project: Any, *args: str, config: str = "") -> list[str]:
    files = {"dup.hogflow.json": DUPLICATE, "invalid.hogflow.json": INVALID, "lintkit.toml": config}
    result = run("check", project(files), "--format", "json", "--no-cache", *args)
    assert result.code in (0, 1), result.err
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['name']}"
        for d in result.json["diagnostics"]
    ]


FIRST_WAIT, SECOND_WAIT = at(DUPLICATE, '"wait"'), at(DUPLICATE, '"wait"', 2)  # the two ids
HF001 = f"dup.hogflow.json:{SECOND_WAIT} HF001 duplicate-action-id"
WF002 = "invalid.hogflow.json:" + at(INVALID, '"exit_on_conversoin"') + " WF002 schema-violation"


def test_a_wiring_mistake_is_reported_under_its_own_code_and_name(project: Any) -> None:
    root = project({"flow.hogflow.json": DUPLICATE, "lintkit.toml": ""})
    result = run("check", root, "--format", "json", "--no-cache")
    [found] = result.json["diagnostics"]
    assert (found["code"], found["name"], found["severity"]) == (
        "HF001",
        "duplicate-action-id",
        "error",
    )
    assert f"{found['line']}:{found['column']}" == SECOND_WAIT
    first_line = FIRST_WAIT.split(":")[0]
    assert found["message"] == (
        f"duplicate action id 'wait' (first defined at line {first_line});"
        " PostHog rejects the workflow"
    )


def test_wf002_on_the_command_line_still_selects_and_ignores_them(project: Any) -> None:
    assert check(project) == [HF001, WF002]
    assert check(project, "--select", "WF002") == [HF001, WF002]
    assert check(project, "--select", "HF001") == [HF001]
    assert check(project, "--ignore", "WF002") == []
    assert check(project, "--ignore", "HF") == [WF002]


def test_wf002_in_a_configuration_still_selects_and_ignores_them(project: Any) -> None:
    assert check(project, "--select", "WF1", config='extend-select = ["WF002"]') == [HF001, WF002]
    assert check(project, config='ignore = ["schema-violation"]') == []
    per_file = '[per-file-ignores]\n"dup.*" = ["WF002"]\n'
    assert check(project, config=per_file) == [WF002]


def test_explain_shows_each_rule(project: Any) -> None:
    for code, name in HF_RULES:
        for key in (code, name):
            result = run("explain", key)
            assert result.code == 0, result.err
            assert result.out.startswith(f"# {code} {name}\n"), result.out[:80]
            for section in ("## What it does", "## Why is this bad?", "## How to fix"):
                assert section in result.out, (code, section)
            assert '"type": "trigger"' in result.out  # its HogFlow examples


def test_rules_lists_each_rule(project: Any) -> None:
    lines = run("rules").out.splitlines()
    for code, name in HF_RULES:
        assert any(line.split()[:3] == [code, name, "error"] for line in lines), code
    listed = {r["code"]: r["name"] for r in json.loads(run("rules", "--format", "json").out)}
    # HF013 reads the TypeScript form (tests/test_hogflow_typescript.py), not a split-out check
    unreadable = {"HF013": "unreadable-value"}
    assert {c: n for c, n in listed.items() if c.startswith("HF")} == dict(HF_RULES) | unreadable
