"""A step with nested graphs (ASL Parallel branches, a Map's item processor) sends what
they send: the incident rules follow people into them.

ASL machines go through the real CLI. No dialect yet gives a nested graph to a
workflow with triggers (anonymous, bulk, two workflows on one template), so the
rules that start from triggers are run from the registry on IR built the way a
dialect builds it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from lk_testing import run

from lintkit.core.types import Location
from lintkit.plugins.registry import load_rules
from lintkit.project.load_file import FileResult
from lintkit.project.view import Project
from lintkit.workflow.ir import Edge, Step, StepKind, Sym, Trigger, Workflow

FILTERED = '[stepfunctions]\nfiltered-out = ["Still eligible?.default"]\n'


def machine(fan_out: str) -> str:
    """A filter whose filtered-out executions go to the state ``fan_out`` describes."""
    return f"""\
StartAt: Still eligible?
States:
  Still eligible?:
    Type: Choice
    Choices:
      - Variable: $.plan
        StringEquals: startup
        Next: Done
    Default: Fan out
  Fan out:
{fan_out}    Next: Done
  Done:
    Type: Succeed
"""


PARALLEL = """\
    Type: Parallel
    Branches:
      - StartAt: Record
        States:
          Record:
            Type: Pass
            End: true
      - StartAt: Notify cancelled
        States:
          Notify cancelled:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            End: true
"""

MAP = """\
    Type: Map
    ItemProcessor:
      StartAt: Email contact
      States:
        Email contact:
          Type: Task
          Resource: arn:aws:states:::aws-sdk:sesv2:sendEmail
          Parameters:
            Content: {Template: {TemplateName: credits_cancelled}}
          End: true
"""

GUARDED = """\
    Type: Parallel
    Branches:
      - StartAt: Opted in?
        States:
          Opted in?:
            Type: Choice
            Choices:
              - Variable: $.opted_in
                BooleanEquals: true
                Next: Notify cancelled
            Default: Skip
          Notify cancelled:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            End: true
          Skip:
            Type: Succeed
"""


def check(project: Any, text: str, *args: str) -> list[dict[str, Any]]:
    root = project({"m.asl.yaml": text, "lintkit.toml": FILTERED})
    result = run("check", root, "--format", "json", "--no-cache", *args)
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_filtered_out_execution_reaches_a_publish_inside_a_parallel(project: Any) -> None:
    text = machine(PARALLEL)
    [found] = check(project, text, "--select", "WF201")
    assert (found["line"], found["column"], found["severity"]) == (9, 14, "error")
    assert found["message"] == (
        "executions filtered out by 'Still eligible?' ($.plan != 'startup') reach message"
        " 'Notify cancelled' inside 'Fan out': Still eligible?.default -> Fan out >"
        " Notify cancelled"
    )
    # the path goes on into the branch, at the nested state
    assert [(r["line"], r["message"]) for r in found["related"][1:]] == [
        (9, "Still eligible?.default -> action 'Fan out' (2 nested graphs)"),
        (line_of(text, "Notify cancelled:"), "inside 'Fan out': message 'Notify cancelled' (sns)"),
    ]


def test_a_simulated_execution_confirms_it(project: Any) -> None:
    [found] = check(project, machine(PARALLEL), "--select", "WF201", "--deep")
    assert found["message"].endswith("(confirmed: a simulated person walks it)")
    assert found["counterexample"]["property"]["message"] == "Notify cancelled"


def test_a_map_may_have_no_items_so_its_send_is_possible(project: Any) -> None:
    [found] = check(project, machine(MAP), "--select", "WF201")
    assert found["severity"] == "warning"
    assert found["message"].startswith(
        "executions filtered out by 'Still eligible?' ($.plan != 'startup') may reach message"
        " 'Email contact' (template 'credits_cancelled') inside 'Fan out'"
    )


def test_a_choice_inside_makes_it_possible_not_certain(project: Any) -> None:
    [found] = check(project, machine(GUARDED), "--select", "WF201")
    assert found["severity"] == "warning"
    assert "may reach message 'Notify cancelled' inside 'Fan out'" in found["message"]
    assert found["message"].endswith(
        "Still eligible?.default -> Fan out > Opted in? -> Notify cancelled"
        " (depends on conditions lintkit cannot decide statically)"
    )


def test_a_send_nothing_inside_reaches_is_not_counted(project: Any) -> None:
    orphaned = PARALLEL.replace(
        "      - StartAt: Notify cancelled\n        States:\n",
        "      - StartAt: Log\n        States:\n          Log:\n            Type: Pass\n"
        "            End: true\n",
    )
    found = check(project, machine(orphaned), "--select", "WF201,WF101")
    assert [d["code"] for d in found] == ["WF101"]  # the orphaned publish, in its branch


def test_nested_twice(project: Any) -> None:
    twice = """\
    Type: Parallel
    Branches:
      - StartAt: Each contact
        States:
          Each contact:
            Type: Map
            ItemProcessor:
              StartAt: Email contact
              States:
                Email contact:
                  Type: Task
                  Resource: arn:aws:states:::sns:publish
                  End: true
            End: true
"""
    [found] = check(project, machine(twice), "--select", "WF201")
    assert "inside 'Fan out' > 'Each contact'" in found["message"]
    assert found["message"].endswith(
        "Still eligible?.default -> Fan out > Each contact > Email contact"
        " (depends on conditions lintkit cannot decide statically)"
    )


def test_a_long_wait_before_a_parallel_that_publishes(project: Any) -> None:
    text = f"""\
StartAt: Hold
States:
  Hold:
    Type: Wait
    Seconds: 43200
    Next: Fan out
  Fan out:
{PARALLEL}    End: true
"""
    [found] = check(project, text, "--select", "WF207")
    assert found["message"].startswith(
        "Wait state 'Hold' holds executions 12h before message 'Notify cancelled' inside"
        " 'Fan out': Hold.next -> Fan out > Notify cancelled"
    )


def test_a_loop_through_a_parallel_that_publishes(project: Any) -> None:
    def loop(branch: str) -> str:
        return f"""\
StartAt: Ready?
States:
  Ready?:
    Type: Choice
    Choices:
      - Variable: $.ready
        BooleanEquals: false
        Next: Nag all
    Default: Done
  Nag all:
{branch}    Next: Ready?
  Done:
    Type: Succeed
"""

    [found] = check(project, loop(PARALLEL), "--select", "WF103")
    assert found["message"] == (
        "states Ready? -> Nag all -> Ready? loop with no delay or wait, sending the message of"
        " state 'Notify cancelled' each time around"
    )
    assert found["related"][0]["message"] == (
        "sends the message of state 'Notify cancelled' in the loop (inside 'Nag all')"
    )
    waited = PARALLEL.replace(
        "          Record:\n            Type: Pass\n",
        "          Record:\n            Type: Wait\n            Seconds: 60\n",
    )
    assert check(project, loop(waited), "--select", "WF103") == []


# -- rules that start from triggers, on IR built as a dialect builds it -----------------
def _loc(line: int) -> Location:
    return Location("flow.json", line, 3)


def _graph(gid: str, steps: list[Step], edges: list[tuple[str, str]], **more: Any) -> Workflow:
    by_id = {s.id: s for s in steps}
    return Workflow(
        id=gid,
        dialect="test",
        path="flow.json",
        location=_loc(1),
        steps=by_id,
        edges=tuple(Edge(a, b, "next", by_id[a].location) for a, b in edges),
        start=Sym(steps[0].id, steps[0].location),
        **more,
    )


def _flow(trigger: Trigger, *, reachable: bool = True, template: str = "launch") -> Workflow:
    """A trigger, then a step whose nested graph emails (unreachable: nothing leads to it)."""
    inner = _graph(
        "flow/fan_out/0",
        [
            Step("send", StepKind.MESSAGE, _loc(20), channel="email", template=template,
                 requires=("email",)),
            Step("inner_done", StepKind.EXIT, _loc(21)),
        ],
        [("send", "inner_done")],
    )  # fmt: skip
    steps = [
        Step("hold", StepKind.DELAY, _loc(10), duration=60.0),
        Step("fan_out", StepKind.ACTION, _loc(11), subgraphs=(inner,)),
        Step("done", StepKind.EXIT, _loc(12)),
    ]
    edges = [("hold", "fan_out" if reachable else "done"), ("fan_out", "done")]
    return _graph("flow", steps, edges, triggers=(trigger,))


def _rule(code: str) -> Any:
    rule = load_rules().get(code)
    assert rule is not None
    return rule()


def test_anonymous_and_bulk_people_reach_a_nested_email() -> None:
    anonymous = Trigger("event", "signed_up", _loc(2), anonymous=True)
    [found] = _rule("WF203").check_workflow(_flow(anonymous))
    assert (found.location.line, found.message) == (
        20,
        "anonymous profiles reach message 'send' inside 'fan_out' (email, needs 'email') with"
        " no check of 'identified' or 'email' on the way: hold -> fan_out > send; they have no"
        " address to send to",
    )
    assert [r.location.line for r in found.related] == [2, 10, 20]
    bulk = Trigger("segment", "everyone", _loc(2), bulk=True)
    [found] = _rule("WF206").check_workflow(_flow(bulk))
    assert found.message.startswith(
        "message 'send' (template 'launch') inside 'fan_out' has no throttle, and people"
        " enrolled in bulk by segment 'everyone' reach it: hold -> fan_out > send"
    )
    assert list(_rule("WF206").check_workflow(_flow(bulk, reachable=False))) == []


def test_two_workflows_sending_one_template_inside_nested_graphs() -> None:
    def project(*flows: Workflow) -> Project:
        (path,) = {w.path for w in flows}
        return Project(root=Path("."), files={path: FileResult(path, list(flows))})

    def named(workflow: Workflow, wid: str) -> Workflow:
        return replace(workflow, id=wid)

    first = named(_flow(Trigger("event", "a", _loc(2))), "first")
    second = named(_flow(Trigger("event", "b", _loc(2))), "second")
    [found] = _rule("WF202").check_project(project(first, second))
    assert found.severity.value == "warning"  # who is inside is what the holder knows: "may"
    assert found.message.startswith("workflows 'first' and 'second' both send 'launch'")
    # a nested graph nobody enters sends nothing
    idle = named(_flow(Trigger("event", "b", _loc(2)), reachable=False), "second")
    assert list(_rule("WF202").check_project(project(first, idle))) == []
