"""What must hold for every simulated person, and the violations of one trace.

1. A person a filter dropped (an edge with ``excludes``) gets no message after it.
2. The workflow's declared ``invariants`` (passes_through / never_reaches).
3. No one gets the same message (template) twice in one enrollment.
4. Everyone leaves the workflow within the step budget: no dead end, no missing
   step, no endless loop. (Leaving by a filter without ``otherwise`` or a wait's
   timeout without ``on_timeout`` is leaving; so is waiting for an event with no
   timeout, which is the person's choice, not the workflow's fault.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lintkit.simulation import properties as props
from lintkit.simulation.trace import Trace, Visit, clock
from lintkit.workflow.ir import Invariant, StepKind, Workflow


@dataclass(frozen=True)
class Violation:
    subject: props.Subject
    message: str
    visit: int | None  # the visit where it shows (None: how the run ended)
    related: tuple[int, ...] = ()  # visits that explain it (the filter, the step skipped)

    @property
    def property(self) -> str:
        return str(dict(self.subject)["property"])


def violations(workflow: Workflow, trace: Trace) -> list[Violation]:
    """Every violation in one trace, in the order they happened."""
    found = [
        *_filtered_out(workflow, trace),
        *_declared(workflow, trace),
        *_duplicates(trace),
        *_unfinished(trace),
    ]
    return sorted(found, key=lambda v: (v.visit is None, v.visit or 0))


def _filtered_out(workflow: Workflow, trace: Trace) -> Iterator[Violation]:
    templates = {sent.visit: sent for sent in trace.messages}
    for visit in trace.visits:
        if visit.kind != StepKind.MESSAGE.value or visit.excluded_by is None:
            continue
        gate = trace.visits[visit.excluded_by]
        sent = templates[visit.index]
        subject = props.filtered_out_message(gate.graph, gate.step, gate.edge or "", visit.step)
        yield Violation(
            props.frozen(subject),
            f"'{gate.step}' filtered this person out ({gate.edge}), and '{visit.step}'"
            f" still sent them '{sent.key}'",
            visit.index,
            (gate.index,),
        )


def _declared(workflow: Workflow, trace: Trace) -> Iterator[Violation]:
    by_frame: dict[int, list[Visit]] = {}
    for visit in trace.visits:
        by_frame.setdefault(visit.frame, []).append(visit)
    invariants = {g.id: g.invariants for g in workflow.graphs() if g.invariants}
    for visits in by_frame.values():
        for index, invariant in enumerate(invariants.get(visits[0].graph, ())):
            found = _check(invariant, visits)
            if found is not None:
                at, related, message = found
                subject = props.subject(
                    props.INVARIANT,
                    visits[0].graph,
                    index=index,
                    kind=invariant.kind,
                    target=invariant.target.value,
                )
                yield Violation(props.frozen(subject), message, at, related)


def _check(invariant: Invariant, visits: list[Visit]) -> tuple[int, tuple[int, ...], str] | None:
    target, via = invariant.target.value, invariant.via.value
    if invariant.kind == "passes_through":
        passed = False
        for visit in visits:
            passed = passed or visit.step == via  # a step passes through itself
            if visit.step == target and not passed:
                return (
                    visit.index,
                    (),
                    f"reached '{target}' without passing through '{via}'"
                    f" (invariant: every path to {target} passes through {via})",
                )
        return None
    start: Visit | None = None
    where = via if invariant.via_edge is None else f"{via}.{invariant.via_edge}"
    for visit in visits:
        if start is not None and visit.step == target:
            return (
                visit.index,
                (start.index,),
                f"reached '{target}' after '{where}' (invariant: never_reaches {target}"
                f" from {where})",
            )
        if (
            start is None
            and visit.step == via
            and (invariant.via_edge is None or visit.edge == invariant.via_edge)
        ):
            start = visit
    return None


def _duplicates(trace: Trace) -> Iterator[Violation]:
    first: dict[str, int] = {}
    for position, sent in enumerate(trace.messages):
        if sent.key not in first:
            first[sent.key] = position
            continue
        if first[sent.key] < 0:
            continue  # reported already
        earlier = trace.messages[first[sent.key]]
        subject = props.subject(
            props.DUPLICATE_MESSAGE, trace.visits[sent.visit].graph, template=sent.key
        )
        yield Violation(
            props.frozen(subject),
            f"received '{sent.key}' twice: at '{earlier.step}' ({clock(earlier.time)})"
            f" and at '{sent.step}' ({clock(sent.time)})",
            sent.visit,
            (earlier.visit,),
        )
        first[sent.key] = -1


def _unfinished(trace: Trace) -> Iterator[Violation]:
    if trace.outcome.finished:
        return
    subject = props.subject(
        props.REACHES_EXIT, trace.end_graph, outcome=trace.outcome.value, step=trace.end
    )
    yield Violation(props.frozen(subject), trace.describe_end(), None)
