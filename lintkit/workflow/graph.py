"""Plain graph questions over a workflow: reachability, paths, cycles.

Edges whose target is not a step (WF004's business) are ignored here.
Condition-aware path questions live in ``lintkit.workflow.feasible``; these are the
structural ones every rule can afford.
"""

from __future__ import annotations

from collections.abc import Iterable

from lintkit.workflow.ir import StepKind, Workflow


def successors(workflow: Workflow, step: str) -> tuple[str, ...]:
    return workflow.next_steps(step)


def reachable(workflow: Workflow, sources: Iterable[str]) -> set[str]:
    """Steps reachable from ``sources`` (the sources included)."""
    return workflow.reachable(sources)


def reachable_from_start(workflow: Workflow) -> set[str]:
    """Steps reachable from the start (searched once a workflow: several rules ask)."""
    return set(workflow.reached_from_start)


def can_reach(workflow: Workflow, targets: Iterable[str]) -> set[str]:
    """Steps from which some step in ``targets`` is reachable (targets included)."""
    seen: set[str] = set()
    stack = [t for t in targets if t in workflow.steps]
    while stack:
        step = stack.pop()
        if step in seen:
            continue
        seen.add(step)
        stack.extend(e.source for e in workflow.in_edges(step) if e.source in workflow.steps)
    return seen


def strongly_connected(workflow: Workflow) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan), each in file order.

    Components come out in reverse topological order of the condensed graph.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    order = {step: i for i, step in enumerate(workflow.steps)}
    counter = 0
    for root in workflow.steps:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_i = work.pop()
            if child_i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = successors(workflow, node)
            recurse = False
            for i in range(child_i, len(children)):
                child = children[i]
                if child not in index:
                    work.append((node, i + 1))
                    work.append((child, 0))
                    recurse = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                components.append(sorted(component, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def is_cycle(workflow: Workflow, component: list[str]) -> bool:
    """A component is a cycle when it has two steps or a self-loop."""
    if len(component) > 1:
        return True
    return component[0] in successors(workflow, component[0])


def first_exit(workflow: Workflow) -> str | None:
    """The first exit step, in file order: where a fix sends people who should leave."""
    return next((s.id for s in workflow.steps.values() if s.kind is StepKind.EXIT), None)
