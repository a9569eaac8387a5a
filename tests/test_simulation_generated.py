"""Generated workflows: the interpreter follows the IR's edge conditions exactly,
and the domain's finite values show every behaviour arbitrary people can have."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lk_workflows import workflows

from lintkit.simulation.domain import Domain
from lintkit.testing import Person, load_workflow, persons, run
from lintkit.workflow.conditions import evaluate
from lintkit.workflow.ir import Edge, StepKind, Workflow

SETTINGS = settings(max_examples=40)


def load(text: str) -> Workflow:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "flow.yaml"
        (Path(tmp) / "lintkit.toml").write_text("")
        path.write_text(text, encoding="utf-8")
        return load_workflow(path)


def walks(workflow: Workflow, step: str) -> Iterator[list[Edge]]:
    """Every walk from ``step`` through the DAG, stopping anywhere (edges taken)."""
    yield []
    for edge in workflow.out_edges(step):
        for rest in walks(workflow, edge.target):
            yield [edge, *rest]


def consistent(workflow: Workflow, walk: list[Edge], person: Person) -> bool:
    """Every edge's condition holds, and the walk ends at an exit or where none does."""
    attributes, events = person.attributes, person.events

    def holds(edge: Edge) -> bool:
        return edge.condition is None or evaluate(edge.condition, attributes, events)

    last = walk[-1].target if walk else workflow.start.value  # type: ignore[union-attr]
    ends_right = workflow.steps[last].kind is StepKind.EXIT or not any(
        holds(e) for e in workflow.out_edges(last)
    )
    return all(holds(e) for e in walk) and ends_right


@SETTINGS
@given(workflows())
def test_interpreter_walks_the_one_path_the_conditions_allow(text: str) -> None:
    workflow = load(text)
    assert workflow.start is not None
    every_walk = list(walks(workflow, workflow.start.value))
    domain = Domain.of(workflow)
    assert domain.size() <= 5000
    for person in domain.persons():
        trace = run(workflow, person)
        taken = [(v.step, v.edge) for v in trace.visits]
        allowed = [
            [(e.source, e.label) for e in walk] for walk in every_walk
            if consistent(workflow, walk, person)
        ]  # fmt: skip
        assert len(allowed) == 1, (person, allowed)
        assert taken == [*allowed[0], (trace.end, None)], (person, allowed)


@SETTINGS
@given(workflows(), st.data())
def test_finite_domain_shows_every_behaviour(text: str, data: st.DataObject) -> None:
    workflow = load(text)
    seen = {run(workflow, p).steps for p in Domain.of(workflow).persons()}
    for _ in range(5):
        person = data.draw(persons(workflow))  # arbitrary numbers and strings too
        assert run(workflow, person).steps in seen
