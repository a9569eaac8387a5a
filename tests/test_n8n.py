"""The n8n dialect through the CLI: testdata/n8n/ok must be silent, testdata/n8n/err
must produce exactly the diagnostics in X.out ("line:col CODE message"); and the
n8n semantics the rules rely on (docs/n8n.md), each on a small workflow.

After a deliberate change to what lintkit reports, rewrite the .out files and review
their diff: ``python -m pytest tests/test_n8n.py --regen-golden``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from lk_testing import run

DATA = Path(__file__).parent / "testdata" / "n8n"


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


ERR = sorted((DATA / "err").glob("*.json"))


@pytest.mark.parametrize("source", ERR, ids=lambda p: p.name)
def test_err_matches_expected_output(
    tmp_path: Path, source: Path, request: pytest.FixtureRequest
) -> None:
    found = _check(tmp_path, source)
    golden = source.with_suffix(".out")
    if request.config.getoption("regen_golden"):
        golden.write_text("".join(f"{line}\n" for line in found), encoding="utf-8")
    assert golden.read_text(encoding="utf-8").splitlines() == found


# -- semantics, one small workflow each ---------------------------------------------------
def _node(name: str, kind: str, **settings: Any) -> dict[str, Any]:
    return {"name": name, "type": f"n8n-nodes-base.{kind}", "parameters": {}, **settings}


def _flow(nodes: list[dict[str, Any]], wiring: dict[str, list[list[str]]]) -> str:
    connections = {
        source: {"main": [[{"node": t, "type": "main", "index": 0} for t in out] for out in outs]}
        for source, outs in wiring.items()
    }
    return json.dumps({"name": "t", "nodes": nodes, "connections": connections}, indent=1)


def _codes(tmp_path: Path, text: str, name: str = "flow.json") -> list[str]:
    (tmp_path / "lintkit.toml").write_text("")
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", tmp_path, "--format", "json")
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]]


_IF = _node(
    "Eligible?",
    "if",
    parameters={"conditions": {"boolean": [{"value1": "={{ $json.ok }}", "value2": True}]}},
)
_FINAL = _node("Send cancellation", "gmail", parameters={"sendTo": "={{ $json.email }}"})


def test_a_false_output_to_a_final_message_is_reported_at_its_connection(tmp_path: Path) -> None:
    text = _flow(
        [_node("Hook", "webhook"), _IF, _FINAL],
        {"Hook": [["Eligible?"]], "Eligible?": [[], ["Send cancellation"]]},
    )
    line = next(
        i for i, t in enumerate(text.splitlines(), 1) if '"Send cancellation"' in t and "node" in t
    )
    column = text.splitlines()[line - 1].index('"Send cancellation"') + 1
    assert _codes(tmp_path, text) == [f"{line}:{column} WF201"]


def test_an_ai_sub_node_connected_to_nothing_is_nn104_not_unreachable(tmp_path: Path) -> None:
    # A model or tool no agent uses never runs, but it is not on the items' path (it
    # has no main input): NN104 says so, whether it has no connections at all or only
    # empty ai_* ones; a disabled one is left alone. A main node wired to nothing
    # (the memory manager has a main input) is still unreachable.
    def langchain(name: str, kind: str, **settings: Any) -> dict[str, Any]:
        return {**_node(name, "x", **settings), "type": f"@n8n/n8n-nodes-langchain.{kind}"}

    text = _flow(
        [
            _node("Hook", "webhook"),
            _FINAL,
            langchain("Calculator", "toolCalculator"),
            langchain("Model", "lmChatOpenAi"),
            _node("Calendar", "googleCalendarTool"),
            langchain("Old model", "lmChatOpenAi", disabled=True),
            langchain("Memory manager", "memoryManager"),
        ],
        {"Hook": [["Send cancellation"]]},
    )
    flow = json.loads(text)
    flow["connections"]["Calculator"] = {"ai_tool": [[]]}
    text = json.dumps(flow, indent=1)
    lines = text.splitlines()

    def line_of(name: str) -> int:
        return next(i for i, t in enumerate(lines, 1) if f'"name": "{name}"' in t)

    found = _codes(tmp_path, text)
    assert [(c.split()[1], int(c.split(":")[0])) for c in found] == [
        ("NN104", line_of("Calculator")),
        ("NN104", line_of("Model")),
        ("NN104", line_of("Calendar")),
        ("WF101", line_of("Memory manager")),
    ]


def test_a_disabled_if_filters_nothing_and_a_disabled_send_sends_nothing(tmp_path: Path) -> None:
    disabled_if = {**_IF, "disabled": True}
    text = _flow(
        [_node("Hook", "webhook"), disabled_if, _FINAL],
        {"Hook": [["Eligible?"]], "Eligible?": [[], ["Send cancellation"]]},
    )
    # n8n passes a disabled node's input to its first output only: the false output is
    # never taken, so the send is never reached (and the IF filters nothing)
    assert [c.split()[1] for c in _codes(tmp_path, text)] == ["WF101"]
    disabled_send = {**_FINAL, "disabled": True}
    text = _flow(
        [_node("Hook", "webhook"), _IF, disabled_send],
        {"Hook": [["Eligible?"]], "Eligible?": [[], ["Send cancellation"]]},
    )
    assert _codes(tmp_path, text) == []


def test_both_outputs_to_one_send_is_a_slip(tmp_path: Path) -> None:
    send = _node("Send", "emailSend", parameters={"toEmail": "={{ $json.email }}"})
    text = _flow(
        [_node("Hook", "webhook"), _IF, send],
        {"Hook": [["Eligible?"]], "Eligible?": [["Send"], ["Send"]]},
    )
    assert [c.split()[1] for c in _codes(tmp_path, text)] == ["WF201"]


def test_an_else_branch_to_an_ordinary_message_is_left_alone(tmp_path: Path) -> None:
    other = _node("Send reminder", "telegram", parameters={"chatId": "={{ $json.chat }}"})
    text = _flow(
        [_node("Hook", "webhook"), _IF, other],
        {"Hook": [["Eligible?"]], "Eligible?": [[], ["Send reminder"]]},
    )
    assert _codes(tmp_path, text) == []


def test_the_strict_option_makes_every_false_output_filtered_out(tmp_path: Path) -> None:
    other = _node("Send reminder", "telegram", parameters={"chatId": "={{ $json.chat }}"})
    text = _flow(
        [_node("Hook", "webhook"), _IF, other],
        {"Hook": [["Eligible?"]], "Eligible?": [[], ["Send reminder"]]},
    )
    (tmp_path / "flow.json").write_text(text)
    (tmp_path / "lintkit.toml").write_text("[n8n]\nstrict-filters = true\n")
    result = run("check", tmp_path, "--format", "json")
    assert [d["code"] for d in result.json["diagnostics"]] == ["WF201"], result.err


def test_nodes_in_a_loop_over_items_are_reached_once_and_the_loop_is_no_cycle(
    tmp_path: Path,
) -> None:
    loop = _node("Loop", "splitInBatches", typeVersion=3)
    send = _node("Send", "gmail", parameters={"sendTo": "={{ $json.email }}"})
    text = _flow(
        [_node("Hook", "webhook"), loop, send, _node("Done", "noOp")],
        {"Hook": [["Loop"]], "Loop": [["Done"], ["Send"]], "Send": [["Loop"]]},
    )
    assert _codes(tmp_path, text) == []  # no unbounded-loop, no dead end


def test_connections_far_into_a_large_export_are_still_sniffed(tmp_path: Path) -> None:
    code = _node("Code", "code", parameters={"jsCode": "// " + "x" * 70_000})
    text = _flow([_node("Hook", "webhook"), code, _node("Orphan", "noOp")], {"Hook": [["Code"]]})
    assert [c.split()[1] for c in _codes(tmp_path, text)] == ["WF101"]


def test_json_escapes_yaml_lacks_keep_their_columns(tmp_path: Path) -> None:
    """A surrogate pair written as two \\u escapes is JSON, not YAML: the file is read,
    and a finding after it on the same line keeps the file's own column."""
    line = (
        '{"name": "\\ud83d\\ude80 launch", "nodes": [{"name": "Hook", "type":'
        ' "n8n-nodes-base.webhook"}, {"name": "Orphan", "type": "n8n-nodes-base.noOp"}],'
        ' "connections": {}}'
    )
    column = line.index('"Orphan"') + 1
    assert _codes(tmp_path, line + "\n") == [f"1:{column} WF101"]


def test_a_switch_v2_routes_each_rule_to_its_own_output(tmp_path: Path) -> None:
    """Switch v2 sends rule i to output i (v1 used each rule's `output`): a node on
    output 1 runs, and a node on an output no rule has never does."""
    switch = _node(
        "Route",
        "switch",
        typeVersion=2,
        parameters={
            "dataType": "string",
            "value1": "={{ $json.a }}",
            "rules": {"rules": [{"value2": "x"}, {"value2": "y"}]},
            "fallbackOutput": 0,
        },
    )
    text = _flow(
        [
            _node("Hook", "webhook"),
            switch,
            _node("X", "noOp"),
            _node("Y", "noOp"),
            _node("Z", "noOp"),
        ],
        {"Hook": [["Route"]], "Route": [["X"], ["Y"], ["Z"]]},
    )
    assert [c.split()[1] for c in _codes(tmp_path, text)] == ["WF101"]  # Z only


def test_a_loop_entered_from_an_if_is_reached(tmp_path: Path) -> None:
    """Connections into a Loop Over Items from outside its loop are entries, even when
    its `done` output leads back to them."""
    loop = _node("Loop", "splitInBatches", typeVersion=3)
    text = _flow(
        [
            _node("Hook", "webhook"),
            _node("Check", "httpRequest"),
            _IF,
            loop,
            _node("Close", "noOp"),
        ],
        {
            "Hook": [["Check"]],
            "Check": [["Eligible?"]],
            "Eligible?": [[], ["Loop"]],
            "Loop": [["Check"], ["Close"]],
            "Close": [["Loop"]],
        },
    )
    assert _codes(tmp_path, text) == []
