"""Property tests over your own workflows, with hypothesis.

::

    from hypothesis import given
    from lintkit.testing import assert_invariants, load_workflow, persons, run

    credits = load_workflow("flows/credits.yaml")

    @given(persons(credits))
    def test_credits_invariants(person):
        assert_invariants(credits, person)

    @given(persons(credits))
    def test_free_plan_never_gets_credits(person):
        trace = run(credits, person)
        if person.attributes.get("plan") == "free":
            assert "credits_granted" not in trace.templates

Importing this module is cheap; ``persons`` imports hypothesis when called.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintkit.simulation.interpreter import DEFAULT_BUDGET
from lintkit.simulation.interpreter import run as _run
from lintkit.simulation.invariants import Violation
from lintkit.simulation.invariants import violations as _violations
from lintkit.simulation.person import Person
from lintkit.simulation.trace import Outcome, Trace
from lintkit.workflow.ir import Workflow

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "Outcome",
    "Person",
    "Trace",
    "Violation",
    "assert_invariants",
    "load_workflow",
    "persons",
    "run",
    "violations",
]


# The project root each loaded workflow's paths are relative to (for messages).
_ROOTS: weakref.WeakKeyDictionary[Workflow, Path] = weakref.WeakKeyDictionary()


def persons(workflow: Workflow) -> SearchStrategy[Person]:
    """A hypothesis strategy for people who may walk ``workflow``.

    Attributes come from its declarations (enum values, booleans, numbers at
    the boundaries its conditions test, strings incl. empty; any may be
    missing), events from its triggers, conditions and waits, anonymous
    profiles when a trigger admits them, and a value for each opaque test.
    """
    from lintkit.simulation.persons import persons as strategy

    return strategy(workflow)


def run(workflow: Workflow, person: Person, *, budget: int = DEFAULT_BUDGET) -> Trace:
    """Walk ``person`` through ``workflow``: steps with times, messages, the ending."""
    return _run(workflow, person, budget=budget)


def violations(workflow: Workflow, trace: Trace) -> list[Violation]:
    """What the trace breaks: filtered-out messaging, declared invariants,
    the same message twice, no exit."""
    return _violations(workflow, trace)


def assert_invariants(
    workflow: Workflow, person: Person, *, budget: int = DEFAULT_BUDGET, ignore: Any = ()
) -> Trace:
    """Run ``person``; fail with the person and their path if an invariant breaks.

    ``ignore`` names properties not to check (e.g. ``{"duplicate-message"}``).
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not ours
    from lintkit.simulation.report import counterexample_text, relative_to_cwd
    from lintkit.simulation.search import Counterexample

    trace = _run(workflow, person, budget=budget)
    broken = [v for v in _violations(workflow, trace) if v.property not in set(ignore)]
    if broken:
        root = _ROOTS.get(workflow)
        where = relative_to_cwd(root) if root is not None else str
        text = counterexample_text(Counterexample(workflow, person, trace, broken[0]), where)
        raise AssertionError(f"{workflow.id}: invariant broken\n{text}")
    return trace


def load_workflow(path: str | Path, workflow_id: str | None = None) -> Workflow:
    """The workflow in a file (``workflow_id`` picks one when it holds several).

    Loaded as ``lintkit check`` loads it (nearest config, dialect options).
    Raises ValueError when it yields no workflow or a condition does not parse.
    """
    from lintkit.simulation.load import LoadError, load_workflows

    target = f"{path}::{workflow_id}" if workflow_id is not None else str(path)
    try:
        loaded = load_workflows(target)
    except LoadError as err:
        detail = "".join(f"\n  {p.location}: {p.message}" for p in err.problems)
        raise ValueError(f"{err}{detail}") from None
    workflows = loaded.workflows
    if len(workflows) > 1:
        ids = ", ".join(w.id for w in workflows)
        raise ValueError(f"{path} holds several workflows ({ids}); pass workflow_id")
    _ROOTS[workflows[0]] = loaded.root
    return workflows[0]
