"""Run one person through a workflow's IR, deterministically.

At each step the person takes the first way out whose condition holds for them
(edges are in file order, and a branch's edges already carry "no earlier case
held"), so every dialect that fills ``Edge.condition`` is run the same way.
Delays and waits move a logical clock; events the person does while waiting
become visible from the moment they arrive. Nested graphs (Parallel/Map) run one
after the other, all starting at the step's time, before the step is left.
A step budget ends runs that loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from lintkit.simulation.person import Person
from lintkit.simulation.trace import Outcome, Sent, Trace, Visit
from lintkit.workflow.conditions import Event, Truthy, evaluate, negation
from lintkit.workflow.ir import Edge, Step, StepKind, Workflow

DEFAULT_BUDGET = 1000


def run(workflow: Workflow, person: Person, *, budget: int = DEFAULT_BUDGET) -> Trace:
    """The trace of ``person`` walking ``workflow`` from its start."""
    walk = _Walk(person, budget, identity_attributes(workflow))
    outcome, end, graph = walk.graph(workflow, excluded_by=None)
    return Trace(tuple(walk.visits), tuple(walk.sent), outcome, end, graph, walk.now)


def identity_attributes(workflow: Workflow) -> frozenset[str]:
    """What an anonymous profile lacks: the attributes messages require."""
    return frozenset(
        name for g in workflow.graphs() for step in g.steps.values() for name in step.requires
    )


@dataclass
class _Walk:
    person: Person
    budget: int
    identity: frozenset[str]
    now: float = 0.0
    visits: list[Visit] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    frames: int = 0
    attributes: dict[str, Any] = field(init=False)
    chosen: dict[tuple[int, frozenset[str], frozenset[tuple[str, Any]]], Edge | None] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        hidden = self.identity if self.person.anonymous else frozenset()
        self.attributes = {k: v for k, v in self.person.attributes.items() if k not in hidden}

    def graph(self, graph: Workflow, excluded_by: int | None) -> tuple[Outcome, str | None, str]:
        """Walk one graph from its start; (how it ended, where, in which graph)."""
        frame = self.frames
        self.frames += 1
        if graph.start is None:  # an empty graph: nowhere to go
            return Outcome.MISSING_STEP, "(start)", graph.id
        current = graph.start.value
        while True:
            step = graph.steps.get(current)
            if step is None:
                return Outcome.MISSING_STEP, current, graph.id
            if len(self.visits) >= self.budget:
                return Outcome.BUDGET, current, graph.id
            index = len(self.visits)
            visit = Visit(
                index, graph.id, frame, step.id, step.kind.value, self.now,
                step.location, excluded_by=excluded_by,
            )  # fmt: skip
            self.visits.append(visit)
            ended = self.act(step, index)
            if ended is not None:
                return ended, step.id, graph.id
            if step.subgraphs:
                ended_inside = self.subgraphs(step, excluded_by)
                if ended_inside is not None:
                    return ended_inside
            waiting = self.waits_forever(step)
            edge = None if waiting else self.choose(graph.out_edges(step.id), step)
            if edge is None:
                return self.no_way_out(step, waiting), step.id, graph.id
            if edge.excludes and excluded_by is None:
                excluded_by = index
            self.visits[index] = replace(
                visit,
                edge=edge.label,
                edge_location=edge.location,
                target=edge.target,
                excludes=edge.excludes,
            )
            current = edge.target

    def subgraphs(
        self, step: Step, excluded_by: int | None
    ) -> tuple[Outcome, str | None, str] | None:
        """Walk each nested graph from the step's time; the step ends with the last."""
        started, ends = self.now, []
        for sub in step.subgraphs:
            self.now = started
            outcome, end, where = self.graph(sub, excluded_by)
            if not outcome.finished:
                return outcome, end, where
            ends.append(self.now)
        self.now = max(ends)
        return None

    def act(self, step: Step, index: int) -> Outcome | None:
        """Do what the step does; an exit ends the walk."""
        kind = step.kind
        if kind is StepKind.EXIT:
            return Outcome.EXIT
        if kind is StepKind.DELAY:
            self.now += step.duration or 0.0
        elif kind is StepKind.WAIT:
            self.now = self.wait_ends(step, self.now)
        elif kind is StepKind.MESSAGE:
            self.sent.append(Sent(index, step.id, step.template, step.channel, self.now))
        elif kind is StepKind.UPDATE:
            self.attributes.update(step.sets)
        return None

    def wait_ends(self, step: Step, start: float) -> float:
        """When the event arrives, or the timeout passes; now if it was already done."""
        if step.event is None or step.event in self.person.events_at(start):
            return start
        arrival = min(
            (at for at, event in self.person.arrivals if event == step.event and at > start),
            default=None,
        )
        deadline = None if step.duration is None else start + step.duration
        if arrival is not None and (deadline is None or arrival <= deadline):
            return arrival
        return start if deadline is None else deadline

    def waits_forever(self, step: Step) -> bool:
        return step.kind is StepKind.WAIT and step.duration is None and not self.arrived(step)

    def arrived(self, step: Step) -> bool:
        return step.event is None or step.event in self.person.events_at(self.now)

    def choose(self, edges: tuple[Edge, ...], step: Step) -> Edge | None:
        """The first way out whose condition holds; the same for the same person state.

        A branch's case N carries "no earlier case held": choosing costs the
        square of its cases, and a loop through it would pay that at every visit.
        """
        events = self.person.events_at(self.now)
        try:
            key = (id(step), frozenset(events), frozenset(self.attributes.items()))
        except TypeError:  # an unhashable attribute value: no memo
            return self._choose(edges, step, events)
        if key not in self.chosen:
            self.chosen[key] = self._choose(edges, step, events)
        return self.chosen[key]

    def _choose(self, edges: tuple[Edge, ...], step: Step, events: Any) -> Edge | None:
        opaque = self.person.opaque
        for edge in edges:
            condition = edge.condition
            if condition is None and step.kind is StepKind.WAIT and step.event is not None:
                # A dialect that left a wait's edges unconditioned: read the label.
                arrived = Truthy(Event(step.event))
                condition = arrived if edge.label != "on_timeout" else negation(arrived)
            if condition is None or evaluate(condition, self.attributes, events, opaque):
                return edge
        return None

    def no_way_out(self, step: Step, waiting: bool) -> Outcome:
        if waiting:
            return Outcome.WAITING
        if step.kind is StepKind.WAIT and not self.arrived(step):
            return Outcome.TIMED_OUT
        if step.kind is StepKind.FILTER:
            return Outcome.FILTERED
        return Outcome.STUCK
