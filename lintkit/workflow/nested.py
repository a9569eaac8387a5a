"""Goals inside nested graphs: what a person does inside a Parallel or a Map counts.

A step with ``subgraphs`` (an ASL Parallel runs each branch, a Map its item
processor) sends whatever its nested graphs send. ``PathAnalysis.search`` walks
one graph; wrapping its goal in ``Nested`` makes such a step a goal too, and
``arrivals`` turns the witnesses back into the goal steps reached, each with the
hops down into the nested graphs::

    nested = Nested(is_message)
    reach = analysis.search(sources, nested)
    for arrival in nested.arrivals(workflow, reach.witnesses):
        arrival.goal, arrival.witness.edges, arrival.hops, arrival.certain

Each nested graph is searched from its own start, for people described by
``facts`` (default: anyone). What the outer path knows about a person is not
carried in: a nested graph may read other data (a Map reads each item, a
Parallel its own ``Parameters``). So a goal reached inside is *certain* only
when entering is certain (``Step.subgraphs_optional`` is False: a Map over an
empty list enters nothing) and nothing inside decided the path (every person
who enters walks it); otherwise it is possible. Nested graphs are searched at
any depth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lintkit.core.types import Related
from lintkit.workflow.feasible import (
    Knowledge,
    PathAnalysis,
    Witness,
    describe_step,
    path_related,
    route_text,
)
from lintkit.workflow.ir import Step, Workflow


@dataclass(frozen=True)
class Hop:
    """One level down: the nested ``graph`` of ``container``, and the path inside it."""

    container: Step
    graph: Workflow
    witness: Witness  # from the nested graph's start to the goal (or the next container)

    @property
    def start(self) -> str:
        return self.graph.start.value if self.graph.start else ""


@dataclass(frozen=True)
class Arrival:
    """A goal step reached: ``witness`` leads to it, or to the step whose nested graphs
    hold it, and ``hops`` go down from there to it."""

    goal: Step
    witness: Witness
    hops: tuple[Hop, ...] = ()
    inner_certain: bool = True

    @property
    def certain(self) -> bool:
        return self.witness.certain and self.inner_certain

    @property
    def inside(self) -> str:
        """`` inside 'Fan out'`` for a goal in a nested graph; "" otherwise."""
        if not self.hops:
            return ""
        return " inside " + " > ".join(f"'{hop.container.id}'" for hop in self.hops)

    def route(self) -> str:
        """The hops as text to append to the outer path: `` > Notify -> Publish``."""
        return "".join(f" > {route_text(hop.start, hop.witness.edges)}" for hop in self.hops)

    def related(self) -> list[Related]:
        """Where the path goes inside the nested graphs, one location per step."""
        found: list[Related] = []
        for hop in self.hops:
            first = hop.graph.steps.get(hop.start)
            if first is not None:
                found.append(
                    Related(first.location, f"inside '{hop.container.id}': {describe_step(first)}")
                )
            found.extend(path_related(hop.graph, hop.witness.edges))
        return found


_Found = tuple[Step, tuple[Hop, ...], bool]


class Nested:
    """``goal``, also true of a step whose nested graphs can reach a goal step.

    ``facts`` are assumed of whoever enters a nested graph (as ``PathAnalysis.entries``
    takes them); ``accept`` filters arrivals at a goal inside (as ``search`` does).
    """

    def __init__(
        self,
        goal: Callable[[Step], bool],
        *,
        facts: Mapping[str, Iterable[Any]] | None = None,
        accept: Callable[[Knowledge], bool] | None = None,
    ) -> None:
        self.goal = goal
        self.facts = facts
        self.accept = accept
        self._found: dict[int, list[_Found]] = {}
        self._alive: list[Step] = []  # memo keys are ids: keep the steps alive

    def __call__(self, step: Step) -> bool:
        return self.goal(step) or bool(self.inside(step))

    def inside(self, step: Step) -> list[_Found]:
        """The goals ``step``'s nested graphs reach: (goal, hops down, certain inside)."""
        if not step.subgraphs:
            return []
        known = self._found.get(id(step))
        if known is None:
            self._alive.append(step)
            known = self._found[id(step)] = self._search(step)
        return known

    def _search(self, container: Step) -> list[_Found]:
        found: list[_Found] = []
        for sub in container.subgraphs:
            analysis = PathAnalysis.of(sub)
            entries = analysis.entries(None, self.facts)
            reach = analysis.search(analysis.from_start(entries), self, accept=self.accept)
            for step_id, witness in reach.witnesses.items():
                step = sub.steps[step_id]
                hop = Hop(container, sub, witness)
                # certain: entered for sure, and everyone who enters walks this path
                sure = not container.subgraphs_optional and any(
                    witness.certain and witness.knowledge.constraints == k.constraints
                    for k in entries
                )
                if self.goal(step):
                    found.append((step, (hop,), sure))
                for goal, hops, certain in self.inside(step):
                    found.append((goal, (hop, *hops), sure and certain))
        return found

    def arrivals(self, workflow: Workflow, witnesses: Mapping[str, Witness]) -> list[Arrival]:
        """The goal steps a search's witnesses reach, directly or inside, in witness order."""
        found: list[Arrival] = []
        for step_id, witness in witnesses.items():
            step = workflow.steps[step_id]
            if self.goal(step):
                found.append(Arrival(step, witness))
            for goal, hops, certain in self.inside(step):
                found.append(Arrival(goal, witness, hops, certain))
        return found
