"""`# lintkit: ignore[...]` comments in YAML and Python; unused ones are reported."""

from __future__ import annotations

from lk_testing import run

FLOW = """\
lintkit: 1
workflow: welcome
description: "a # lintkit: ignore[WF101] inside a string is not a comment"
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  # lintkit: ignore[unreachable-step] -- re-enabled every December
  holiday:
    type: exit
  spare:  # lintkit: ignore[WF101, WF102]
    type: exit
  other:
    type: exit
  done:
    type: exit
"""


def test_suppressions_on_the_line_and_the_line_above(project) -> None:
    root = project({"flow.yaml": FLOW})
    result = run("check", root, "--format", "json")
    assert result.found == ["flow.yaml:13:11 LK001", "flow.yaml:15:3 WF101"]
    unused = result.json["diagnostics"][0]
    assert unused["message"] == "unused suppression: WF102 (dead-end) reports nothing here"
    suppressed = [(d["line"], d["suppression"]["reason"]) for d in result.json["suppressed"]]
    assert suppressed == [(11, "re-enabled every December"), (13, "")]


def test_unknown_and_empty_suppressions_are_reported(project) -> None:
    root = project(
        {
            "flow.yaml": FLOW.replace("ignore[WF101, WF102]", "ignore[WF1O1]").replace(
                "# lintkit: ignore[unreachable-step] -- re-enabled every December",
                "# lintkit: ignore",
            )
        }
    )
    result = run("check", root, "--format", "json")
    messages = {d["line"]: d["message"] for d in result.json["diagnostics"] if d["code"] == "LK001"}
    assert messages == {
        10: "suppression names no rule; it suppresses nothing",
        13: "suppression names unknown rule 'WF1O1' (did you mean 'WF101'?)",
    }


def test_suppressing_a_rule_that_is_not_selected_is_not_unused(project) -> None:
    root = project({"flow.yaml": FLOW})
    result = run("check", root, "--format", "json", "--ignore", "WF102")
    assert result.found == ["flow.yaml:15:3 WF101"]
