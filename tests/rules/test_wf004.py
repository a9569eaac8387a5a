"""unknown-step (WF004) on a PostHog workflow: either end of an edge and `abort_action`.

An edge *to* a missing action was WF004 while an edge *from* one (and an
`abort_action` naming one) was WF002; all three are the same mistake, reported
by WF004 (docs/hogflow.md).
"""

from __future__ import annotations

from typing import Any

from lk_hogflow import hogflow
from lk_testing import run

WAIT = {"id": "wait", "name": "Wait", "type": "delay", "config": {"delay_duration": "2d"}}


def at(text: str, needle: str) -> str:
    """``line:col`` where ``needle`` starts in ``text`` (1-based)."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def check(project: Any, text: str, *args: str) -> list[str]:
    root = project({"flow.hogflow.json": text, "lintkit.toml": ""})
    result = run("check", root, "--format", "json", "--no-cache", *args)
    assert result.code in (0, 1), result.err
    return [
        f"{d['line']}:{d['column']} {d['code']} {d['message']}" for d in result.json["diagnostics"]
    ]


def test_a_missing_action_at_either_end_of_an_edge_is_unknown_step(project: Any) -> None:
    text = hogflow(
        [WAIT],
        [("trigger_node", "wait"), ("wait", "exti_node"), ("wiat", "exit_node")],
        abort_action="exitnode",
    )
    assert check(project, text, "--select", "WF002,WF004") == [
        at(text, '"exitnode"') + " WF004 abort_action names action 'exitnode', which does not"
        " exist (did you mean 'exit_node'?)",
        at(text, '"exti_node"') + " WF004 the `continue` edge of action 'wait' names action"
        " 'exti_node', which does not exist (did you mean 'exit_node'?)",
        at(text, '"wiat"') + " WF004 an edge's `from` names action 'wiat', which does not"
        " exist (did you mean 'wait'?)",
    ]
    assert check(project, text, "--select", "WF002") == []  # no longer schema-violation


def test_edges_from_the_trigger_and_an_abort_action_that_exists_are_not_unknown(
    project: Any,
) -> None:
    text = hogflow(
        [WAIT], [("trigger_node", "wait"), ("wait", "exit_node")], abort_action="exit_node"
    )
    assert check(project, text) == []
