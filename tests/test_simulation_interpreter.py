"""The interpreter, through lintkit.testing on real workflow files."""

from __future__ import annotations

from pathlib import Path

import pytest
from lk_testing import write

from lintkit.core.types import Location
from lintkit.testing import Outcome, Person, load_workflow, run, violations
from lintkit.workflow.conditions import Not, Opaque
from lintkit.workflow.ir import Edge, Step, StepKind, Sym, Workflow

FLOW = """
    lintkit: 1
    workflow: credits
    attributes:
      plan: {enum: [free, startup, yc]}
      email: {type: string}
      credits: {type: number}
    triggers:
      - event: signed_up
        anonymous: true
    steps:
      hold:
        type: delay
        duration: 12h
        next: eligible
      eligible:
        type: filter
        keep: "plan in ['startup', 'yc'] and email != null and email != ''"
        next: route
        otherwise: done
      route:
        type: branch
        cases:
          - when: "credits > 100"
            next: big
          - when: "plan == 'yc'"
            next: small
        default: done
      big:
        type: message
        channel: email
        template: big_grant
        next: wait_use
      small:
        type: message
        channel: email
        template: small_grant
        next: done
      wait_use:
        type: wait
        event: credits_used
        timeout: 2d
        next: done
        on_timeout: nudge
      nudge:
        type: message
        channel: email
        template: use_your_credits
        next: done
      done:
        type: exit
"""


@pytest.fixture
def credits(tmp_path: Path):
    return load_workflow(write(tmp_path, {"flow.yaml": FLOW}) / "flow.yaml")


def person(**attributes: object) -> Person:
    return Person(attributes=attributes, events=frozenset({"signed_up"}))


def test_filter_drops_and_branch_takes_first_matching_case(credits) -> None:
    dropped = run(credits, person(plan="free", email="a@b"))
    assert dropped.steps == ("hold", "eligible", "done")
    assert dropped.filtered_out and dropped.outcome is Outcome.EXIT
    assert [v.time for v in dropped.visits] == [0, 43200, 43200]
    # Both cases hold for a yc person with many credits: the first one wins.
    first = run(credits, person(plan="yc", email="a@b", credits=500))
    assert first.steps[:4] == ("hold", "eligible", "route", "big")
    second = run(credits, person(plan="yc", email="a@b", credits=5))
    assert second.templates == ("small_grant",)


def test_missing_number_takes_the_default(credits) -> None:
    # `credits > 100` is false for a missing value, and so is `credits <= 100`:
    # the default must still be taken.
    trace = run(credits, person(plan="startup", email="a@b"))
    assert trace.steps == ("hold", "eligible", "route", "done")
    assert trace.outcome is Outcome.EXIT


def test_wait_takes_next_when_the_event_arrives_in_time(credits) -> None:
    base = {"plan": "startup", "email": "a@b", "credits": 500}
    entered = 12 * 3600
    timeout = 2 * 86400

    def ending(arrivals: tuple[tuple[float, str], ...], done: frozenset[str] = frozenset()):
        trace = run(credits, Person(base, frozenset({"signed_up"}) | done, arrivals))
        return trace.steps[-2:], trace.visits[-1].time

    assert ending((), frozenset({"credits_used"})) == (("wait_use", "done"), entered)
    assert ending(((entered + 60, "credits_used"),)) == (("wait_use", "done"), entered + 60)
    assert ending(((entered + timeout, "credits_used"),)) == (
        ("wait_use", "done"),
        entered + timeout,
    )  # arriving as the timeout passes still counts
    late = run(credits, Person(base, frozenset(), ((entered + timeout + 1, "credits_used"),)))
    assert late.steps[-3:] == ("wait_use", "nudge", "done")
    assert late.templates == ("big_grant", "use_your_credits")


def test_anonymous_profile_has_no_email(credits) -> None:
    identified = run(credits, Person({"plan": "yc", "email": "a@b"}, frozenset({"signed_up"})))
    anonymous = run(
        credits, Person({"plan": "yc", "email": "a@b"}, frozenset({"signed_up"}), anonymous=True)
    )
    assert identified.templates == ("small_grant",)
    assert anonymous.filtered_out and anonymous.templates == ()


ENDINGS = """
    lintkit: 1
    workflow: endings
    attributes:
      kind: {enum: [a, b, c, d, e, f]}
      count: {type: number}
    start: route
    steps:
      route:
        type: branch
        cases:
          - when: "kind == 'a'"
            next: keep_b
          - when: "kind == 'b'"
            next: wait_forever
          - when: "kind == 'c'"
            next: wait_a_day
          - when: "kind == 'd'"
            next: nowhere
          - when: "kind == 'e'"
            next: loop
          - when: "kind == 'f'"
            next: bump
      keep_b:
        type: filter
        keep: "kind == 'b'"
        next: done
      wait_forever:
        type: wait
        event: replied
        next: done
      wait_a_day:
        type: wait
        event: replied
        timeout: 1d
        next: done
      loop:
        type: delay
        duration: 1h
        next: loop
      bump:
        type: update
        set: {count: 5}
        next: check
      check:
        type: branch
        cases:
          - when: "count == 5"
            next: stop
      stop:
        type: message
        channel: push
        template: bumped
      done:
        type: exit
"""


@pytest.mark.parametrize(
    ("kind", "outcome", "end"),
    [
        ("a", Outcome.FILTERED, "keep_b"),
        ("b", Outcome.WAITING, "wait_forever"),
        ("c", Outcome.TIMED_OUT, "wait_a_day"),
        ("d", Outcome.MISSING_STEP, "nowhere"),
        ("e", Outcome.BUDGET, "loop"),
        ("f", Outcome.STUCK, "stop"),
        (None, Outcome.STUCK, "route"),  # no case holds and there is no default
    ],
)
def test_every_way_a_run_ends(tmp_path: Path, kind: str | None, outcome: Outcome, end: str) -> None:
    workflow = load_workflow(write(tmp_path, {"flow.yaml": ENDINGS}) / "flow.yaml")
    trace = run(workflow, Person({} if kind is None else {"kind": kind}), budget=50)
    assert (trace.outcome, trace.end) == (outcome, end)
    assert trace.outcome.finished == (
        outcome in (Outcome.FILTERED, Outcome.WAITING, Outcome.TIMED_OUT)
    )
    if outcome is Outcome.BUDGET:
        assert len(trace.visits) == 50 and trace.time == 49 * 3600  # 49 delays of 1h
    if kind == "f":  # the update changed what the later branch reads
        assert trace.steps == ("route", "bump", "check", "stop")


def test_locations_come_from_the_file(credits) -> None:
    trace = run(credits, person(plan="free"))
    assert [(v.location.line, v.location.column) for v in trace.visits] == [
        (11, 3), (15, 3), (49, 3),
    ]  # fmt: skip
    assert trace.visits[1].edge == "otherwise"
    assert (trace.visits[1].edge_location.line, trace.visits[1].edge_location.column) == (19, 16)


# -- nested graphs and opaque tests (no native syntax: built as a dialect builds IR)
def _graph(gid: str, steps: list[Step], edges: list[Edge]) -> Workflow:
    return Workflow(
        id=gid,
        dialect="test",
        path="flow.json",
        location=Location("flow.json", 1, 1),
        steps={s.id: s for s in steps},
        edges=tuple(edges),
        start=Sym(steps[0].id, steps[0].location),
    )


def _step(sid: str, kind: StepKind, line: int, **details: object) -> Step:
    return Step(sid, kind, Location("flow.json", line, 3), **details)


def _edge(source: str, target: str, label: str = "next", **details: object) -> Edge:
    return Edge(source, target, label, Location("flow.json", 1, 1), **details)


def _parallel(second_branch_end: StepKind = StepKind.EXIT) -> Workflow:
    paid = Opaque("charge succeeds")
    first = _graph(
        "flow/fan_out/Branches[0]",
        [
            _step("pause", StepKind.DELAY, 10, duration=3600.0),
            _step("receipt", StepKind.MESSAGE, 11, template="receipt", channel="email"),
            _step("first_done", StepKind.EXIT, 12),
        ],
        [_edge("pause", "receipt"), _edge("receipt", "first_done")],
    )
    second = _graph(
        "flow/fan_out/Branches[1]",
        [
            _step("charged", StepKind.FILTER, 20),
            _step("thanks", StepKind.MESSAGE, 21, template="thanks", channel="push"),
            _step("second_done", second_branch_end, 22),
            _step("dropped", StepKind.EXIT, 23),
        ],
        [
            _edge("charged", "thanks", condition=paid),
            _edge("charged", "dropped", "otherwise", condition=Not(paid), excludes=True),
            _edge("thanks", "second_done"),
        ],
    )
    return _graph(
        "flow",
        [
            _step("fan_out", StepKind.ACTION, 2, subgraphs=(first, second)),
            _step("summary", StepKind.MESSAGE, 3, template="summary", channel="email"),
            _step("done", StepKind.EXIT, 4),
        ],
        [_edge("fan_out", "summary"), _edge("summary", "done")],
    )


def test_nested_graphs_run_in_turn_from_the_steps_time() -> None:
    flow = _parallel()
    trace = run(flow, Person(opaque={"charge succeeds": True}))
    assert trace.steps == (
        "fan_out", "pause", "receipt", "first_done", "charged", "thanks", "second_done",
        "summary", "done",
    )  # fmt: skip
    times = {v.step: v.time for v in trace.visits}
    assert (times["receipt"], times["charged"], times["summary"]) == (3600, 0, 3600)
    assert [v.graph for v in trace.visits][4] == "flow/fan_out/Branches[1]"
    assert (trace.outcome, trace.end, trace.end_graph) == (Outcome.EXIT, "done", "flow")
    assert violations(flow, trace) == []


def test_opaque_tests_are_the_persons_and_false_when_not_given() -> None:
    flow = _parallel()
    trace = run(flow, Person())
    assert "dropped" in trace.steps and "thanks" not in trace.steps
    # Dropped inside a branch: the outer graph's later message is not "after" it.
    assert trace.templates == ("receipt", "summary") and violations(flow, trace) == []


def test_a_nested_graph_that_gets_stuck_ends_the_run() -> None:
    flow = _parallel(second_branch_end=StepKind.DELAY)  # a delay with no way out
    trace = run(flow, Person(opaque={"charge succeeds": True}))
    assert (trace.outcome, trace.end, trace.end_graph) == (
        Outcome.STUCK,
        "second_done",
        "flow/fan_out/Branches[1]",
    )
    assert [v.property for v in violations(flow, trace)] == ["reaches-exit"]
