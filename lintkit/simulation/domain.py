"""The values worth trying for a workflow: one finite source for generation and enumeration.

Conditions only tell people apart by the constants they compare with, so the
interesting values of an attribute are its enum values, true/false, the
constants it is compared with (numbers also one above and below: the
boundaries), the empty string, a string no condition names, and "missing"
(except for a declared enum or boolean, which always holds one of its values,
as the static path analysis assumes).
Events are the triggers', those conditions test and those waits wait for;
arrival times sit at the edges of every delay and timeout.

``Domain.persons()`` enumerates every combination (for small workflows and the
test suite); ``lintkit.simulation.persons`` draws from the same values plus
arbitrary ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lintkit.simulation.person import Person
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import StepKind, Workflow

MAX_TIMES = 12  # arrival times kept per workflow (the smallest ones)
MISSING = object()  # an attribute the person has no value for


@dataclass(frozen=True)
class AttributeDomain:
    name: str
    kind: str  # enum | boolean | number | string | any (undeclared)
    values: tuple[Any, ...]  # the interesting values, simplest first

    @property
    def optional(self) -> bool:
        """Whether a person may have no value: a declared enum or boolean always has one."""
        return self.kind not in ("enum", "boolean")

    @property
    def choices(self) -> tuple[Any, ...]:
        """``values``, preceded by MISSING when the attribute may be missing."""
        return (MISSING, *self.values) if self.optional else self.values


@dataclass(frozen=True)
class Domain:
    attributes: tuple[AttributeDomain, ...]
    events: tuple[str, ...]  # a person may have done any of these before enrollment
    enrolled_by: tuple[str, ...]  # non-empty: every person did at least one of these
    waited: tuple[str, ...]  # events that may arrive while the person is in the workflow
    times: tuple[float, ...]  # arrival times worth trying (logical seconds)
    opaque: tuple[str, ...]
    anonymous: tuple[bool, ...]

    @classmethod
    def of(cls, workflow: Workflow) -> Domain:
        return _build(workflow)

    def size(self) -> int:
        """How many people ``persons()`` yields."""
        total = 1
        for attribute in self.attributes:
            total *= len(attribute.choices)
        total *= sum(1 for _ in self._event_sets())
        total *= (len(self.times) + 1) ** len(self.waited)
        return total * 2 ** len(self.opaque) * len(self.anonymous)

    def persons(self) -> Iterator[Person]:
        """Every combination of interesting values, deterministic order."""
        attribute_choices = [[(a.name, v) for v in a.choices] for a in self.attributes]
        arrival_choices = [[None, *((t, e) for t in self.times)] for e in self.waited]
        for values, events, arrivals, bits, anonymous in itertools.product(
            itertools.product(*attribute_choices),
            list(self._event_sets()),
            itertools.product(*arrival_choices),
            itertools.product((False, True), repeat=len(self.opaque)),
            self.anonymous,
        ):
            yield Person(
                attributes={name: v for name, v in values if v is not MISSING},
                events=events,
                arrivals=tuple(sorted(a for a in arrivals if a is not None)),
                anonymous=anonymous,
                opaque=dict(zip(self.opaque, bits, strict=True)),
            )

    def _event_sets(self) -> Iterator[frozenset[str]]:
        for size in range(len(self.events) + 1):
            for chosen in itertools.combinations(self.events, size):
                events = frozenset(chosen)
                if not self.enrolled_by or events & set(self.enrolled_by):
                    yield events


def _build(workflow: Workflow) -> Domain:
    graphs = workflow.graphs()
    exprs = [
        expr
        for g in graphs
        for expr in (
            *(e.condition for e in g.edges),
            *(c.expr for s in g.steps.values() for c in s.conditions),
        )
        if expr is not None
    ]
    compared = _constants(exprs)
    truthy = {
        node.operand.name
        for expr in exprs
        for node in cond.walk(expr)
        if isinstance(node, cond.Truthy) and isinstance(node.operand, cond.Attr)
    }
    declared = workflow.attributes or {}
    names = [*declared, *sorted((set(compared) | truthy) - set(declared))]
    attributes = tuple(
        _attribute(
            name,
            declared[name].type if name in declared else None,
            compared.get(name, []),
            name in truthy,
        )
        for name in names
    )
    triggers = [t.name for t in workflow.triggers if t.kind == "event" and t.name]
    every_trigger_an_event = bool(workflow.triggers) and len(triggers) == len(workflow.triggers)
    waited = sorted(
        {s.event for g in graphs for s in g.steps.values() if s.kind is StepKind.WAIT and s.event}
    )
    tested = sorted({name for expr in exprs for name in cond.events_read(expr)})
    events = tuple(sorted({*triggers, *tested, *waited}))
    opaque = sorted(
        {node.key for expr in exprs for node in cond.walk(expr) if isinstance(node, cond.Opaque)}
    )
    anonymous = (False, True) if any(t.anonymous for t in workflow.triggers) else (False,)
    return Domain(
        attributes=attributes,
        events=events,
        enrolled_by=tuple(sorted(set(triggers))) if every_trigger_an_event else (),
        waited=tuple(waited),
        times=_times(workflow) if waited else (),
        opaque=tuple(opaque),
        anonymous=anonymous,
    )


def _constants(exprs: list[cond.Expr]) -> dict[str, list[Any]]:
    """Attribute name -> the constants conditions compare it with (and its peers')."""
    found: dict[str, list[Any]] = {}
    peers: list[tuple[str, str]] = []
    for expr in exprs:
        for node in cond.walk(expr):
            if isinstance(node, cond.Compare):
                left, right = node.left, node.right
                for one, other in ((left, right), (right, left)):
                    if isinstance(one, cond.Attr) and isinstance(other, cond.Const):
                        found.setdefault(one.name, []).append(other.value)
                    elif isinstance(one, cond.Attr) and isinstance(other, cond.Attr):
                        peers.append((one.name, other.name))
            elif isinstance(node, cond.In) and isinstance(node.left, cond.Attr):
                found.setdefault(node.left.name, []).extend(c.value for c in node.values)
    for a, b in peers:  # `a < b`: both need values on each other's boundaries
        found.setdefault(a, []).extend(found.get(b, []))
    return found


def _attribute(
    name: str, declared: cond.AttributeType | None, constants: list[Any], truthy: bool
) -> AttributeDomain:
    present = [c for c in constants if c is not None]
    if declared is not None and declared.kind == "enum":
        return AttributeDomain(name, "enum", tuple(declared.values))
    if declared is not None and declared.kind == "boolean":
        return AttributeDomain(name, "boolean", (False, True))
    if declared is not None and declared.kind == "number":
        return AttributeDomain(name, "number", _numbers(present))
    if declared is not None and declared.kind == "string":
        return AttributeDomain(name, "string", _strings(present))
    values: list[Any] = []
    if truthy or any(isinstance(c, bool) for c in present):
        values += [False, True]
    if any(_is_number(c) for c in present):
        values += _numbers(present)
    if any(isinstance(c, str) for c in present) or not values:
        values += _strings(present)
    return AttributeDomain(name, "any", _unique(values))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(constants: list[Any]) -> tuple[Any, ...]:
    found: set[Any] = {0}
    for c in constants:
        if _is_number(c):
            found |= {c - 1, c, c + 1}
    return tuple(sorted(found, key=lambda v: (abs(v), v)))


def _strings(constants: list[Any]) -> tuple[str, ...]:
    named = [c for c in constants if isinstance(c, str)]
    fresh = next(
        f"x{i}" if i else "x" for i in itertools.count() if (f"x{i}" if i else "x") not in named
    )
    return _unique(["", *sorted(set(named)), fresh])


def _unique(values: list[Any]) -> tuple[Any, ...]:
    seen: list[Any] = []
    for value in values:
        if not any(value == s and type(value) is type(s) for s in seen):
            seen.append(value)
    return tuple(seen)


def _times(workflow: Workflow) -> tuple[float, ...]:
    """Arrival times at the edges of every wait: just after entering, at and after the timeout.

    Entry times are found by walking the graph (conditions ignored) and adding
    each delay, and each wait's timeout or nothing, up to a few distinct values.
    """
    entries: dict[tuple[str, str], set[float]] = {}
    times: set[float] = set()
    for graph in workflow.graphs():
        if graph.start is None:
            continue
        stack = [(graph.start.value, 0.0)]
        while stack and len(times) < 4 * MAX_TIMES:
            sid, at = stack.pop()
            step = graph.steps.get(sid)
            seen = entries.setdefault((graph.id, sid), set())
            if step is None or at in seen or len(seen) >= 3:
                continue
            seen.add(at)
            after = [at]
            if step.kind is StepKind.DELAY:
                after = [at + (step.duration or 0.0)]
            elif step.kind is StepKind.WAIT:
                times.add(at + 1)
                if step.duration is not None:
                    times |= {at + step.duration, at + step.duration + 1}
                    after = [at, at + step.duration]
            for edge in graph.out_edges(sid):
                stack.extend((edge.target, t) for t in after)
    return tuple(sorted(times)[:MAX_TIMES])


def describe(domain: Domain) -> Mapping[str, Any]:
    """The domain as data (for ``--format json`` and debugging)."""
    return {
        "attributes": {a.name: list(a.values) for a in domain.attributes},
        "events": list(domain.events),
        "waited": list(domain.waited),
        "times": list(domain.times),
        "opaque": list(domain.opaque),
    }
