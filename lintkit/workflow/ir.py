"""The workflow graph every dialect produces and every workflow rule reads.

Rules never see a dialect's raw shape. Every node carries the ``Location`` the
parser gave it; ``Step.fields`` holds the location of each field's value so a
rule can point at ``otherwise:`` or ``template:`` without searching text.
"""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from lintkit.core.types import Location
from lintkit.workflow.conditions import AttributeType, Expr

# What a message's channel needs to reach a person (a profile attribute), in every
# format, unless the message declares its own `requires`.
CHANNEL_REQUIRES: dict[str, tuple[str, ...]] = {"email": ("email",), "sms": ("phone",)}


class StepKind(str, enum.Enum):
    DELAY = "delay"
    WAIT = "wait"
    FILTER = "filter"
    BRANCH = "branch"
    MESSAGE = "message"
    ACTION = "action"
    UPDATE = "update"
    EXIT = "exit"


@dataclass(frozen=True)
class Sym:
    """A name written in the file, with where it is written."""

    value: str
    location: Location


@dataclass(frozen=True)
class Condition:
    """A condition as written (``keep:``/``when:``) and its parsed expression.

    ``expr`` is None when the text does not parse; the loader reported why.
    ``offset_column`` maps character offsets in ``text`` to file columns when
    the string sits on one line (0 means "use the string's start").
    """

    text: str
    expr: Expr | None
    location: Location
    offset_column: int = 0

    def locate(self, span: tuple[int, int]) -> Location:
        """The file location of a character span inside the condition text."""
        if not self.offset_column:
            return self.location
        start, end = span
        line = self.location.line
        return Location(
            self.location.path,
            line,
            self.offset_column + start,
            line,
            self.offset_column + max(end, start + 1),
        )


@dataclass(frozen=True)
class Edge:
    """One way out of a step.

    ``condition`` is when a person at ``source`` takes this edge (None: always),
    already including the "first matching case" order of a branch. ``excludes``
    marks the filtered-out edge of a filter: people on it were meant to leave.
    """

    source: str
    target: str
    label: str  # next | otherwise | cases[0] | default | on_timeout | catch[0] ...
    location: Location  # where the target is named
    condition: Expr | None = None
    excludes: bool = False


@dataclass(frozen=True)
class Throttle:
    per_minute: int | None = None
    per_hour: int | None = None
    per_day: int | None = None


@dataclass(frozen=True)
class Step:
    """A step; fields that do not apply to its kind keep their defaults."""

    id: str
    kind: StepKind
    location: Location  # the step's id
    fields: Mapping[str, Location] = field(default_factory=dict)
    description: str = ""
    # delay: how long; wait: the timeout (None: waits without limit)
    duration: float | None = None
    # wait: the event waited for
    event: str | None = None
    # filter: [keep]; branch: the `when` of each case, in order
    conditions: tuple[Condition, ...] = ()
    # message
    channel: str | None = None
    template: str | None = None
    throttle: Throttle | None = None
    final: bool = False
    requires: tuple[str, ...] = ()
    # action
    handler: Sym | None = None
    emits: tuple[Sym, ...] = ()
    # update
    sets: Mapping[str, Any] = field(default_factory=dict)
    # nested graphs a person runs through inside this step (Parallel / Map)
    subgraphs: tuple[Workflow, ...] = ()
    # a person may pass the step without entering them (a Map over an empty list)
    subgraphs_optional: bool = False
    # dialect-specific details a rule may still want (e.g. an ASL Resource)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def at(self, name: str) -> Location:
        """Where field ``name`` is written; the step itself when it is not."""
        return self.fields.get(name, self.location)


@dataclass(frozen=True)
class Attribute:
    name: str
    type: AttributeType
    location: Location


@dataclass(frozen=True)
class Trigger:
    kind: str  # event | segment | webhook | schedule | ...
    name: str | None
    location: Location
    anonymous: bool = False
    bulk: bool = False
    # a per-person rate limit or dedup done by the platform (not a message throttle)
    deduplicated: bool = False


@dataclass(frozen=True)
class Invariant:
    """``every_path_to`` T ``passes_through`` V, or ``never_reaches`` T ``from`` V[.edge]."""

    kind: str  # "passes_through" | "never_reaches"
    target: Sym
    via: Sym  # the step passed through, or the step the paths start from
    via_edge: str | None  # never_reaches: start from this edge label of `via`
    location: Location


@dataclass(frozen=True)
class StepRef:
    """A place other than an edge, the start or an invariant where a file names a
    step (a HogFlow edge's `from`, its `abort_action`): unknown-step checks it."""

    what: str  # the place, as a finding names it: "abort_action"
    step: Sym


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Terms:
    """The words a workflow's own format uses for its things and its graph.

    Rules write their messages with these, never with a dialect's name: on a
    Step Functions machine a finding says `Default` and "state", on a PostHog
    workflow "the `continue` edge" and "action", where a native workflow says
    `otherwise` and "step". The defaults are the native format's; a dialect fills
    what its format says differently (see ``Workflow.terms``). A phrase only one
    rule speaks (how to fix a loop, how to let a person in once) is that rule's
    (``Rule.phrases``), and a dialect says it its own way in ``Workflow.phrases``.
    """

    # -- what things are called
    step: str = "step"  # one step: "state" (ASL), "action" (PostHog)
    steps: str = "steps"
    people: str = "people"  # who walks through it: "executions" (ASL)
    entry: str = "the start"  # the first step, in a sentence
    exit: str = "an exit step"  # where a path ends on purpose
    delay: str = "delay"  # a step that holds people for a set time
    # -- how the file writes its graph
    start: str = "`start`"  # what names the first step
    next: str = "`next`"  # a step's way on
    default: str = "`default`"  # a branch's way on when no case matches
    # IR edge label (before any "[i]") -> how the file writes that edge ("{i}": the
    # index); a label not listed is written as itself (`otherwise`, `cases[0]`)
    edges: Mapping[str, str] = field(default_factory=dict, hash=False)

    def edge(self, label: str) -> str:
        """How the file writes the edge labelled ``label``: `Choices[1].Next`, `otherwise`."""
        base, bracket, index = label.partition("[")
        written = self.edges.get(base)
        if written is None:
            return f"`{label}`"
        return written.replace("{i}", index.removesuffix("]") if bracket else "")

    def fill(self, phrase: str, **values: object) -> str:
        """``phrase`` with its ``{name}`` placeholders filled (others, like `{person.id}`, kept)."""
        return _PLACEHOLDER.sub(
            lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), phrase
        )


# A dialect's own wording of rules' phrases: rule code -> phrase key -> text (see
# ``Rule.phrases``); "" says the format has no such thing, and the rule leaves it out.
Phrases = Mapping[str, Mapping[str, str]]

NATIVE_TERMS = Terms()

# Values a module keeps for every workflow of its format (a dialect's TERMS and
# PHRASES), by id: the module-level name that keeps each, "module:NAME".
_SHARED: dict[int, str] = {}


def pickled_by_name(value: object, where: str) -> None:
    """A pickled workflow (the cache, a worker's results) stores ``where`` ("module:NAME",
    a module-level name that keeps ``value``) for ``value``, not a copy of it. An n8n
    workflow's wording was a quarter of its pickle."""
    _SHARED[id(value)] = where


pickled_by_name(NATIVE_TERMS, f"{__name__}:NATIVE_TERMS")


@dataclass(frozen=True)
class _Shared:
    where: str

    def value(self) -> Any:
        module, _, name = self.where.partition(":")
        return getattr(importlib.import_module(module), name)


def _unpickled_workflow(cls: type[Workflow], state: dict[str, Any]) -> Workflow:
    workflow = object.__new__(cls)
    workflow.__dict__.update(
        {name: v.value() if isinstance(v, _Shared) else v for name, v in state.items()}
    )
    return workflow


@dataclass(frozen=True, eq=False)
class Workflow:
    id: str
    dialect: str
    path: str
    location: Location
    steps: Mapping[str, Step]
    edges: tuple[Edge, ...]
    start: Sym | None
    attributes: Mapping[str, Attribute] | None = None  # None: none declared
    triggers: tuple[Trigger, ...] = ()
    enrollment: str = "once"
    exclusive_with: tuple[Sym, ...] = ()
    funnel: tuple[Sym, ...] = ()
    invariants: tuple[Invariant, ...] = ()
    step_refs: tuple[StepRef, ...] = ()
    description: str = ""
    # dialect-specific details a rule or the simulator may want
    extra: Mapping[str, Any] = field(default_factory=dict)
    # the format's own words, for messages (a dialect's; the native format's by default)
    terms: Terms = NATIVE_TERMS
    # its format's wording of rules' phrases, by rule code (none: the rules' own)
    phrases: Phrases = field(default_factory=dict)
    # enrollment every_time: how long after entering a person may enter again (a
    # per-person de-duplication window, in seconds); None: at the next trigger
    reentry_after: float | None = None
    # the format refuses a definition with an unreachable step (Step Functions
    # does); elsewhere an unreachable step is only a warning
    rejects_unreachable: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        # Its fields only (what the cached properties computed is not kept), shared
        # values by name.
        state: dict[str, Any] = {}
        for f in fields(self):
            value = self.__dict__[f.name]
            where = _SHARED.get(id(value))
            state[f.name] = value if where is None else _Shared(where)
        return (_unpickled_workflow, (type(self), state))

    @cached_property
    def _out(self) -> dict[str, tuple[Edge, ...]]:
        out: dict[str, list[Edge]] = {step: [] for step in self.steps}
        for edge in self.edges:
            out.setdefault(edge.source, []).append(edge)
        return {step: tuple(edges) for step, edges in out.items()}

    @cached_property
    def _in(self) -> dict[str, tuple[Edge, ...]]:
        incoming: dict[str, list[Edge]] = {step: [] for step in self.steps}
        for edge in self.edges:
            incoming.setdefault(edge.target, []).append(edge)
        return {step: tuple(edges) for step, edges in incoming.items()}

    @cached_property
    def _next(self) -> dict[str, tuple[str, ...]]:
        steps = self.steps
        return {
            step: tuple(e.target for e in edges if e.target in steps)
            for step, edges in self._out.items()
        }

    @cached_property
    def reached_from_start(self) -> frozenset[str]:
        """The steps reachable from the start: searched once (several rules ask)."""
        return frozenset(self.reachable([self.start.value]) if self.start else ())

    @cached_property
    def order(self) -> dict[str, int]:
        """Each step's place in the file (0 for the first written)."""
        return {step: i for i, step in enumerate(self.steps)}

    def out_edges(self, step: str) -> tuple[Edge, ...]:
        """Edges leaving ``step``, including ones to steps that do not exist."""
        return self._out.get(step, ())

    def in_edges(self, step: str) -> tuple[Edge, ...]:
        return self._in.get(step, ())

    def next_steps(self, step: str) -> tuple[str, ...]:
        """The steps ``step``'s edges lead to (an edge to a step that does not exist
        leads nowhere), in the edges' order; asked for by every path search."""
        return self._next.get(step, ())

    def reachable(self, sources: Iterable[str]) -> set[str]:
        """Steps reachable from ``sources`` (the sources included)."""
        seen: set[str] = set()
        stack = [s for s in sources if s in self.steps]
        next_steps = self._next
        while stack:
            step = stack.pop()
            if step in seen:
                continue
            seen.add(step)
            stack.extend(next_steps.get(step, ()))
        return seen

    @property
    def attribute_types(self) -> dict[str, AttributeType] | None:
        if self.attributes is None:
            return None
        return {name: attr.type for name, attr in self.attributes.items()}

    def graphs(self) -> list[Workflow]:
        """This graph and every nested one (Parallel/Map branches), outermost first."""
        found = [self]
        for step in self.steps.values():
            for sub in step.subgraphs:
                found.extend(sub.graphs())
        return found
