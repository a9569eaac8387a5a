from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import conditions as cond
from lintkit.workflow.feasible import Knowledge, PathAnalysis, Source, Var
from lintkit.workflow.ir import Step, StepKind, Workflow

OTHER_TEXT = "\x00other"  # a text no rule names
PRESENT = "\x00present"  # some value, for a field only tested for presence
# A Choice or Wait state with none of these passes its input on unchanged.
RESHAPING = ("InputPath", "OutputPath", "Output", "Assign")


class ChoiceWithoutDefault(Rule):
    """
    ## What it does
    Reports a Step Functions `Choice` state that has no `Default` while its
    rules do not cover every input that can arrive, and names an input no rule
    matches. It stays silent when the rules provably cover everything, e.g.
    `BooleanEquals: true` and `BooleanEquals: false` on the same `Variable`,
    or `NumericLessThan: 10` and `NumericGreaterThanEquals: 10`, and when
    earlier Choice states already decided the rest: a Choice reached only
    through `StringEquals: COMPLETED` needs no rule for other statuses. A
    value's kind is taken from how the rules compare it; a JSONata `Condition`
    counts only when it is a plain comparison. What earlier Choices decided
    counts only until a state that can change the data (a Task, a Pass, a
    Parallel, a Map, or a state with `InputPath`, `OutputPath`, `Output` or
    `Assign`).

    ## Why is this bad?
    When no rule matches and there is no `Default`, the execution fails with
    `States.NoChoiceMatched`. Nothing in the definition says that this is
    intended, so the failure shows up at run time, usually on the first input
    nobody thought of (a new status value, a missing field).

    ## How to fix
    Add `Default` naming the state for every other input. If the other inputs
    are a bug, send them to a `Fail` state with a clear `Error` and `Cause`, so
    the failure says what happened instead of `States.NoChoiceMatched`.
    """

    code = "SF101"
    name = "choice-without-default"
    summary = "a Step Functions Choice has no Default and its rules leave inputs unmatched"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    examples = (
        bad(
            """
            {
              "StartAt": "Check status",
              "States": {
                "Check status": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Done"},
                    {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Failed"}
                  ]
                },
                "Done": {"Type": "Succeed"},
                "Failed": {"Type": "Fail", "Error": "JobFailed"}
              }
            }
            """,
            path="job.asl.json",
            expect=["4:5 'Check status' has no `Default`"],
            title="A status other than SUCCEEDED or FAILED (RUNNING...) fails the execution",
        ),
        good(
            """
            {
              "StartAt": "Check status",
              "States": {
                "Check status": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Done"},
                    {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Failed"}
                  ],
                  "Default": "Unexpected status"
                },
                "Done": {"Type": "Succeed"},
                "Failed": {"Type": "Fail", "Error": "JobFailed"},
                "Unexpected status": {"Type": "Fail", "Error": "UnexpectedStatus"}
              }
            }
            """,
            path="job.asl.json",
        ),
        good(
            """
            {
              "StartAt": "Approved?",
              "States": {
                "Approved?": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.approved", "BooleanEquals": true, "Next": "Ship"},
                    {"Variable": "$.approved", "BooleanEquals": false, "Next": "Reject"}
                  ]
                },
                "Ship": {"Type": "Succeed"},
                "Reject": {"Type": "Fail", "Error": "Rejected"}
              }
            }
            """,
            path="approval.asl.json",
            title="Rules that cover every boolean need no Default",
        ),
        good(
            """
            {
              "StartAt": "Status?",
              "States": {
                "Status?": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.status", "StringEquals": "COMPLETED", "Next": "Clean run?"}
                  ],
                  "Default": "Failed"
                },
                "Clean run?": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.failures", "NumericGreaterThan": 0, "Next": "Failed"},
                    {"Variable": "$.status", "StringEquals": "COMPLETED", "Next": "Done"}
                  ]
                },
                "Done": {"Type": "Succeed"},
                "Failed": {"Type": "Fail", "Error": "RunFailed"}
              }
            }
            """,
            path="run.asl.json",
            title="The only way in already decided the status: no other status arrives",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        if workflow.dialect != "stepfunctions":
            return
        unguarded = [
            step
            for step in workflow.steps.values()
            if step.kind is StepKind.BRANCH
            and not any(e.label == "default" for e in workflow.out_edges(step.id))
        ]
        if not unguarded:
            return
        arrivals = Arrivals(workflow)
        for step in unguarded:
            found = arrivals.unmatched(step)
            if found is None:
                continue  # the rules cover every input that arrives
            example = f" (e.g. when {found})" if found else ""
            count = len(step.conditions)
            related = [
                Related(edge.location, f"rule {edge.label} goes to '{edge.target}'")
                for edge in workflow.out_edges(step.id)
            ]
            yield self.diagnostic(
                step.location,
                f"Choice state '{step.id}' has no `Default`: when none of its {count}"
                f" rule{'s' if count != 1 else ''} matches{example}, the execution fails"
                " with States.NoChoiceMatched",
                related=related,
                help="add `Default: <state>` for every other input (a Fail state with a clear"
                " Error if those inputs are a bug)",
            )


class Arrivals:
    """What can arrive at each Choice of one machine, by the path analysis.

    Each field a rule reads holds one of a few values that tell the rules apart
    (``candidates``), so every test is decided exactly. What earlier Choices
    decided holds along states that pass the data on unchanged; after any other
    state (and at the start) anything can arrive.
    """

    def __init__(self, workflow: Workflow) -> None:
        exprs = [
            c.expr for s in workflow.steps.values() for c in s.conditions if c.expr is not None
        ]
        keeps = {s.id for s in workflow.steps.values() if _passes_data_on(s)}
        unchanged = replace(
            workflow,
            edges=tuple(e for e in workflow.edges if e.source in keeps and e.target in keeps),
        )
        self.analysis = PathAnalysis(unchanged, domains=candidates(exprs))
        fresh = {e.target for e in workflow.edges if e.source not in keeps}
        if workflow.start is not None:
            fresh.add(workflow.start.value)
        self.reach = self.analysis.search(
            Source(step, Knowledge()) for step in sorted(fresh) if step in workflow.steps
        )
        self.keeps = keeps

    def unmatched(self, step: Step) -> str | None:
        """An input that arrives and no rule matches, described ("" when none can be
        named exactly); None when the rules match every input that arrives."""
        exprs = [c.expr for c in step.conditions if c.expr is not None]
        arriving = self.reach.states_at(step.id) if step.id in self.keeps else []
        found = [self.analysis.unmatched(known, exprs) for known in arriving or [Knowledge()]]
        cubes = [cube for cube in found if cube is not None]
        if not cubes:
            return None
        certain = next((cube for cube in cubes if cube.certain), None)
        return "" if certain is None else self.describe(certain, exprs)

    def describe(self, cube: Knowledge, exprs: Sequence[cond.Expr]) -> str:
        """One input of ``cube``, over what the rules read: ``$.status is none of 'A', 'B'``."""
        texts = _texts(exprs)
        parts = []
        for name in _attributes(exprs):
            var: Var = ("attr", name)
            allowed = [v[1] for v in self.analysis.ordered(var, self.analysis.allowed(cube, var))]
            named = [v for v in allowed if v in texts.get(name, ())]
            chosen = named[0] if named else OTHER_TEXT if OTHER_TEXT in allowed else allowed[0]
            parts.append(_value_text(name, chosen, texts.get(name, ())))
        opaque = sorted({n.key for e in exprs for n in cond.walk(e) if isinstance(n, cond.Opaque)})
        for key in opaque:
            holds = False not in {v[1] for v in self.analysis.allowed(cube, ("opaque", key))}
            parts.append(f"{'' if holds else 'not '}{key}")
        for event in sorted({name for e in exprs for name in cond.events_read(e)}):
            if False not in {v[1] for v in self.analysis.allowed(cube, ("event", event))}:
                parts.append(f"events.{event} happened")
        shown = parts[:3]
        return " and ".join(shown) + (" ..." if len(parts) > 3 else "")


def _passes_data_on(step: Step) -> bool:
    """A Choice or Wait that hands its input to the next state as it is."""
    kinds = (StepKind.BRANCH, StepKind.DELAY)
    return step.kind in kinds and not any(f in step.fields for f in RESHAPING)


def _value_text(name: str, value: Any, texts: Sequence[str]) -> str:
    if value == OTHER_TEXT:
        named = ", ".join(repr(t) for t in texts)
        return f"{name} is none of {named}" if named else f"{name} is another text"
    if value == PRESENT:
        return f"{name} is present"
    if value is None:
        return f"{name} is missing or null"
    if isinstance(value, bool):
        return f"{name} is {'true' if value else 'false'}"
    return f"{name} is {value!r}"


# -- the values that tell the rules apart ------------------------------------------------
def candidates(exprs: Sequence[cond.Expr]) -> dict[str, list[Any]]:
    """Per field, values every test on it reads differently for: the constants it is
    compared with, a number between and beyond each numeric constant, a text equal to
    none of the texts. A value's kind is taken from how the rules use it
    (``BooleanEquals`` true and false cover a boolean); a field is only missing when a
    rule tests for that (``IsPresent``)."""
    constants: dict[str, list[Any]] = {}
    related: set[str] = set()  # compared with another field
    truthy: set[str] = set()
    for expr in exprs:
        for node in cond.walk(expr):
            for attr, other in _pairs(node):
                values = constants.setdefault(attr.name, [])
                if isinstance(other, cond.Const):
                    values.append(other.value)
                elif isinstance(other, cond.Attr):
                    related.add(attr.name)
                elif other is None:
                    truthy.add(attr.name)
    found: dict[str, list[Any]] = {}
    for name, values in constants.items():
        chosen: list[Any] = []
        strings = sorted({v for v in values if isinstance(v, str)})
        numbers = sorted(
            {v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)}
        )
        if strings:
            chosen += [*strings, OTHER_TEXT]
        if numbers:
            chosen += _around(numbers)
        if any(isinstance(v, bool) for v in values) or name in truthy:
            chosen += [True, False]
        if name in related:
            chosen += [0, 1, 2]
        if None in values:
            chosen.append(None)
            if len(chosen) == 1:
                chosen.append(PRESENT)
        found[name] = _unique(chosen) or [PRESENT]
    return found


def _attributes(exprs: Sequence[cond.Expr]) -> list[str]:
    """The fields the rules read, in the order they first appear."""
    names = (a.name for e in exprs for n in cond.walk(e) for a, _ in _pairs(n))
    return list(dict.fromkeys(names))


def _texts(exprs: Sequence[cond.Expr]) -> dict[str, tuple[str, ...]]:
    """Per field, the texts the rules compare it with, sorted."""
    found: dict[str, set[str]] = {}
    for expr in exprs:
        for node in cond.walk(expr):
            for attr, other in _pairs(node):
                if isinstance(other, cond.Const) and isinstance(other.value, str):
                    found.setdefault(attr.name, set()).add(other.value)
    return {name: tuple(sorted(texts)) for name, texts in found.items()}


def _pairs(node: cond.Expr) -> Iterator[tuple[cond.Attr, cond.Operand | None]]:
    if isinstance(node, cond.Compare):
        if isinstance(node.left, cond.Attr):
            yield node.left, node.right
        if isinstance(node.right, cond.Attr):
            yield node.right, node.left
    elif isinstance(node, cond.In) and isinstance(node.left, cond.Attr):
        for value in node.values:
            yield node.left, value
    elif isinstance(node, cond.Truthy) and isinstance(node.operand, cond.Attr):
        yield node.operand, None


def _around(numbers: list[Any]) -> list[Any]:
    """Each number, one between each pair, one below and one above."""
    found = [numbers[0] - 1]
    for low, high in pairwise(numbers):
        found += [low, (low + high) / 2]
    found += [numbers[-1], numbers[-1] + 1]
    return found


def _unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        # 1 == True in Python: keep both a number and a boolean of the same value
        if not any(value == s and type(value) is type(s) for s in seen):
            seen.append(value)
    return seen
