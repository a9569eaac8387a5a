"""Condition-aware paths: the ways through a workflow that some person can take.

``lintkit.workflow.graph`` answers structural questions (is there a chain of edges?).
This module answers the one the incident rules need: is there a path a *person*
can take, given what the conditions along it say about them? A filter keeping
``plan == 'startup'`` followed by a branch case ``plan != 'startup'`` is a path
in the graph that nobody takes, and reporting it would be noise.

The model
---------
A person is an assignment of values to what conditions read: attributes
(``plan``), events (``events.X``: did X or not) and opaque tests (``Opaque``).
They walk the workflow from ``start``. At each step exactly the edges whose
``Edge.condition`` holds for them are open (the condition already encodes a
branch's "first matching case" order); ``None`` means always open. An
``update`` step changes the attributes it sets. Nothing else changes a person
while they walk: attributes and events are not re-read over time, so a change
made outside the workflow during a delay is not modelled (a simulation with
time may find paths this analysis prunes). A person entering through an event
trigger did that event. A declared enum attribute always holds one of its
declared values; a declared boolean is true or false.

What is known about a group of people at a step is a ``Knowledge``: one
conjunction (a "cube") mapping each constrained variable to the set of values
still possible. ``or`` (and ``not and``) splits knowledge into disjoint cubes,
so disjunctions stay exact. A search runs over (step, Knowledge) pairs, so
cycles terminate, and it keeps a parent per pair, so every witness is a real
chain of edges: every person the final cube describes arrived along it.

Direction of errors: within this model, a certain witness is a path some
person takes, and "no witness" means no person takes one, unless a guess or
the budget was involved; guesses and the budget only ever add paths (they
over-approximate), and mark what they add as not certain.

Decided exactly
    enum and boolean attributes, ``events.*`` and ``Opaque`` tests (free
    booleans: the same key reads the same for one person); ``==``, ``!=``,
    ``in``, ``not in`` on any attribute (an attribute with an open domain is
    split into the constants the workflow compares it with plus ``OTHER``, any
    value not named); values written by ``update`` steps; ``and``, ``or``,
    ``not``.

Decided conservatively (the result says ``certain=False``, "possible")
    ordered comparisons (``<``, ``>=``...) and bare truthiness of an open
    attribute whose value is not known exactly, and comparisons between two
    attributes when one is open: each distinct test is a free boolean (the same
    test twice reads the same until an ``update`` rewrites the attribute), and
    a path that relied on its value is not certain. A condition whose expansion
    needs more than ``max_cubes`` cubes is taken as "may hold", and so is every
    test once the tests of the analysis were read for ``max_tests`` values. A search that
    visits more than ``max_states`` pairs, or any search once all searches of
    the analysis together visited ``max_work`` pairs, stops and falls back to
    plain graph reachability for what it did not reach. An edge of a filter or branch whose
    condition did not parse (``None``) may be taken, uncertainly.

Open domain: a ``string`` or ``number`` attribute, an attribute the workflow
does not declare, or every attribute when the workflow declares none
(``Workflow.attributes is None``). A caller that knows better gives the values
an attribute can hold (``domains``): SF101 gives each field of a Step Functions
machine a few values that every Choice rule reads differently (a text none of
them names, a number between each two), so each test on it is decided exactly.

``EMPTY`` is a value callers may assume for an attribute (WF203 assumes it for
an anonymous person's address): it reads as both ``null`` and ``''``, so
``email != ''``, ``email != null`` and a bare ``email`` are all false for it.

Using it::

    analysis = PathAnalysis.of(workflow)       # shared by the rules of one run
    at_filter = analysis.reached.states_at("still_eligible")
    dropped = next(e for e in workflow.out_edges("still_eligible") if e.excludes)
    reach = analysis.search(analysis.from_edge(dropped, at_filter),
                            lambda step: step.kind is StepKind.MESSAGE)
    for step_id, witness in reach.witnesses.items():
        witness.edges, witness.certain, analysis.example(witness.knowledge)

``analysis.unmatched(k, exprs)`` finds people of ``k`` none of ``exprs`` holds
for (SF101: an input no Choice rule matches), or None when they cover everyone.

``analysis.example`` turns a witness into one concrete person (attributes,
events done, opaque values): a simulation can replay it to confirm a finding.
``domain`` gives the values a person can hold, for generating people.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any

from lintkit.core.durations import duration_text
from lintkit.core.types import Related
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import Edge, Step, StepKind, Trigger, Workflow

# A value as the analysis holds it: (kind, raw). Wrapping keeps 1 and True apart
# (Python hashes them alike) the way conditions.evaluate keeps them apart.
Value = tuple[str, Any]
# ("attr", name) | ("event", name) | ("opaque", key) | ("atom", text, *attrs read)
Var = tuple[str, ...]

OTHER: Value = ("other", None)  # an open attribute's value that no condition names
EMPTY: Value = ("empty", None)  # a missing value that reads as both null and ''
TRUE: Value = ("bool", True)
FALSE: Value = ("bool", False)
_BOOLEANS = (TRUE, FALSE)


def value(raw: Any) -> Value:
    """Wrap a scalar (or pass ``OTHER``/``EMPTY`` through)."""
    if isinstance(raw, tuple):  # already a Value (OTHER, EMPTY...)
        return raw
    if raw is None:
        return ("null", None)
    if isinstance(raw, bool):
        return ("bool", raw)
    if isinstance(raw, (int, float)):
        return ("number", raw)
    return ("string", raw)


@dataclass(frozen=True)
class Knowledge:
    """What is known about a group of people: var -> the values still possible.

    A variable that is not listed may hold any value of its domain.
    ``certain`` is False once the group depended on an open-domain guess.
    """

    constraints: tuple[tuple[Var, frozenset[Value]], ...] = ()
    certain: bool = True
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Searches hash the same Knowledge many times (dict keys): compute it once.
        object.__setattr__(self, "_hash", hash((self.constraints, self.certain)))

    def __hash__(self) -> int:
        return self._hash

    def allowed(self, var: Var) -> frozenset[Value] | None:
        """The values ``var`` may hold, or None when it is unconstrained."""
        at = bisect_left(self.constraints, var, key=_first)
        if at < len(self.constraints) and self.constraints[at][0] == var:
            return self.constraints[at][1]
        return None

    def uncertain(self) -> Knowledge:
        return self if not self.certain else replace(self, certain=False)


UNKNOWN = Knowledge(certain=False)


@dataclass(frozen=True)
class Witness:
    """A shortest path to a goal step, and what is known about who takes it.

    A search finds a witness for every goal it reaches and a rule reports a few,
    so the edges are read back from the search's parent links when first asked
    for (each costs the path's length); ``length`` and ``last`` need no walk.
    """

    knowledge: Knowledge
    length: int  # edges on the path
    last: Edge | None  # the path's last edge; None for an empty path
    trail: Callable[[], tuple[Edge, ...]] = field(repr=False, compare=False)

    @cached_property
    def edges(self) -> tuple[Edge, ...]:
        return self.trail()

    @property
    def certain(self) -> bool:
        """True: decided exactly, some person takes this path; False: it rests on a guess."""
        return self.knowledge.certain


@dataclass(frozen=True)
class Source:
    """Where a search starts: people with ``knowledge`` arriving at ``step``.

    ``via`` are the edges that led there (a search from an edge starts at its
    target with the edge already taken); they begin every witness.
    """

    step: str
    knowledge: Knowledge
    via: tuple[Edge, ...] = ()


@dataclass
class Reach:
    """A search's result.

    ``states``: every Knowledge that arrives at each step. ``witnesses``: per
    goal step, a shortest path to it (a certain one if any exists).
    ``complete`` is False when the state budget ran out (the rest was filled in
    from plain graph reachability, uncertainly).
    """

    witnesses: dict[str, Witness] = field(default_factory=dict)
    states: dict[str, list[Knowledge]] = field(default_factory=dict)
    complete: bool = True
    # out of budget: what fills in `states` when they are first read (most searches'
    # states never are, and filling them costs a walk of the graph per search)
    unread: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def states_at(self, step: str) -> list[Knowledge]:
        if self.unread is not None:
            unread, self.unread = self.unread, None
            unread()
        return self.states.get(step, [])


class _TooComplex(Exception):
    pass


# Up to this many goal steps, plain reachability walks back from each goal once per
# analysis, so a search out of budget costs a look-up per goal, not a walk of the
# graph (2,000 filters in a chain, one message: linear, not quadratic).
_SHARED_GOALS = 64


class _Plain:
    """A workflow graph as arrays, for plain reachability (a search out of budget):
    steps by index, each step's successors and predecessors (the first edge between
    two steps: a shortest path takes no other), where ``goal`` and ``avoid`` hold,
    and per goal the shortest ways to it (``toward``), computed once."""

    def __init__(
        self,
        workflow: Workflow,
        goal: Callable[[Step], bool] | None,
        avoid: Callable[[Step], bool] | None,
    ) -> None:
        self.ids = list(workflow.steps)
        self.index = {step: i for i, step in enumerate(self.ids)}
        self.out: list[list[tuple[int, Edge]]] = []
        self.into: list[list[tuple[int, Edge]]] = [[] for _ in self.ids]
        for at, step in enumerate(self.ids):
            first: dict[int, Edge] = {}
            for edge in workflow.out_edges(step):
                if edge.target in self.index:
                    first.setdefault(self.index[edge.target], edge)
            self.out.append(list(first.items()))
            for target, edge in first.items():
                self.into[target].append((at, edge))
        steps = [workflow.steps[s] for s in self.ids]
        self.goal = [goal is not None and goal(s) for s in steps]
        self.avoid = [avoid is not None and avoid(s) for s in steps]
        self.goals = [i for i, is_goal in enumerate(self.goal) if is_goal]
        self._toward: dict[int, _Toward] = {}

    def walk(self, starts: Mapping[int, tuple[Edge, ...]]) -> _Walk:
        """Breadth-first from ``starts`` (a step -> the edges that led there)."""
        n = len(self.ids)
        found = _Walk(starts, [-1] * n, [None] * n, [0] * n)
        for at, via in starts.items():
            found.parent[at], found.depth[at] = at, len(via)
            found.entered[at] = via[-1] if via else None
            found.order.append(at)
        for at in found.order:  # grows as it goes: the queue
            if self.avoid[at]:
                continue
            for target, edge in self.out[at]:
                if found.parent[target] < 0:
                    found.parent[target], found.entered[target] = at, edge
                    found.depth[target] = found.depth[at] + 1
                    found.order.append(target)
        return found

    def toward(self, goal: int) -> _Toward:
        """Every step's shortest way to ``goal``, walking back from it."""
        known = self._toward.get(goal)
        if known is None:
            n = len(self.ids)
            known = _Toward([-1] * n, [-1] * n, [None] * n, [None] * n)
            known.hops[goal] = 0
            queue = [goal]
            for at in queue:
                for before, edge in self.into[at]:
                    if known.hops[before] < 0 and not self.avoid[before]:
                        known.hops[before], known.next[before] = known.hops[at] + 1, at
                        known.edge[before] = edge
                        known.last[before] = edge if at == goal else known.last[at]
                        queue.append(before)
            self._toward[goal] = known
        return known


@dataclass
class _Walk:
    starts: Mapping[int, tuple[Edge, ...]]
    parent: list[int]  # a start is its own parent; -1: not reached
    entered: list[Edge | None]  # the edge from the parent
    depth: list[int]  # edges from the search's sources, their `via` included
    order: list[int] = field(default_factory=list)  # steps in the order reached

    def path(self, at: int) -> tuple[Edge, ...]:
        hops: list[Edge] = []
        while self.parent[at] != at:
            hops.append(self.entered[at])  # type: ignore[arg-type]  # set with the parent
            at = self.parent[at]
        return (*self.starts[at], *reversed(hops))


@dataclass
class _Toward:
    hops: list[int]  # edges to the goal; -1: it cannot be reached
    next: list[int]  # the next step on the way
    edge: list[Edge | None]  # the edge to it
    last: list[Edge | None]  # the edge that enters the goal at the end of the way

    def path(self, at: int, via: tuple[Edge, ...]) -> tuple[Edge, ...]:
        hops: list[Edge] = [*via]
        while self.hops[at] > 0:
            hops.append(self.edge[at])  # type: ignore[arg-type]  # set with hops
            at = self.next[at]
        return tuple(hops)


Node = tuple[str, Knowledge]

_CACHE_KEY = "_lintkit_path_analysis"


class PathAnalysis:
    """Feasible paths through one workflow graph. See the module docstring."""

    def __init__(
        self,
        workflow: Workflow,
        *,
        domains: Mapping[str, Iterable[Any]] | None = None,
        max_states: int = 10_000,
        max_work: int = 100_000,
        max_cubes: int = 256,
        max_tests: int = 200_000,
    ):
        self.workflow = workflow
        self.max_states = max_states  # (step, Knowledge) pairs one search may visit
        self.max_work = max_work  # pairs all searches of this analysis may visit
        self.max_cubes = max_cubes  # cubes one condition may expand into
        self.max_tests = max_tests  # values all tests of this analysis may be read for
        self.work = 0
        self.tests = 0
        self._types = workflow.attribute_types or {}
        self._domains: dict[Var, tuple[Value, ...]] = {
            ("attr", name): tuple(dict.fromkeys(value(v) for v in values))
            for name, values in (domains or {}).items()
        }
        self._reached: Reach | None = None
        # Memos: searches revisit the same states, and conditions the same values.
        # Keys use id(); `_alive` keeps those objects alive so an id is never reused.
        self._followed: dict[tuple[int, Knowledge], list[Knowledge]] = {}
        self._truths: dict[tuple[int, Var, Value], bool | None] = {}
        self._alive: dict[int, object] = {}
        self._vars: dict[int, Var | None] = {}
        # one object per distinct test: a thousand rules repeat the same few tests
        self._same: dict[int, cond.Expr] = {}
        self._interned: dict[cond.Expr, cond.Expr] = {}
        self._plains: dict[tuple[int, int], _Plain] = {}
        self._read: dict[int, frozenset[tuple[str, ...]]] = {}

    @classmethod
    def of(cls, workflow: Workflow) -> PathAnalysis:
        """The shared analysis of a workflow (rules of one run reuse its exploration).

        Kept in the workflow's instance dict, as ``functools.cached_property``
        does for the IR's own caches: it lives exactly as long as the workflow.
        """
        cache = vars(workflow)
        analysis = cache.get(_CACHE_KEY)
        if analysis is None:
            analysis = cache[_CACHE_KEY] = cls(workflow)
        return analysis

    # -- domains --------------------------------------------------------------
    def is_finite(self, name: str) -> bool:
        """Whether attribute ``name`` has a declared finite domain (enum or boolean)."""
        declared = self._types.get(name)
        return declared is not None and declared.kind in ("enum", "boolean")

    def domain(self, var: Var) -> tuple[Value, ...]:
        """Every value ``var`` can hold, in declaration order."""
        found = self._domains.get(var)
        if found is None:
            found = self._domains[var] = self._domain(var)
        return found

    def _domain(self, var: Var) -> tuple[Value, ...]:
        if var[0] != "attr":
            return _BOOLEANS
        declared = self._types.get(var[1])
        if declared is not None and declared.kind == "enum":
            return tuple(dict.fromkeys(value(v) for v in declared.values))
        if declared is not None and declared.kind == "boolean":
            return _BOOLEANS
        return (*self._constants.get(var[1], ()), OTHER)

    @cached_property
    def _constants(self) -> dict[str, list[Value]]:
        # Only an open attribute with no given domain needs them: a long Choice's
        # edge conditions repeat every earlier rule, so collecting them is not free.
        return _compared_constants(self.workflow)

    def allowed(self, knowledge: Knowledge, var: Var) -> frozenset[Value]:
        known = knowledge.allowed(var)
        return frozenset(self.domain(var)) if known is None else known

    def ordered(self, var: Var, values: Iterable[Value]) -> list[Value]:
        """``values`` in domain order (values outside the domain last, stably)."""
        rank = {v: i for i, v in enumerate(self.domain(var))}
        return sorted(values, key=lambda v: (rank.get(v, len(rank)), repr(v)))

    def constrain(self, knowledge: Knowledge, var: Var, values: Iterable[Value]) -> Knowledge:
        """``knowledge`` with ``var`` limited to ``values`` (which must not be empty)."""
        allowed = frozenset(values)
        # Constraints stay sorted by variable: one binary search, not a sort (a
        # condition of n tests constrains n variables, one after the other).
        known = knowledge.constraints
        at = bisect_left(known, var, key=_first)
        after = at + 1 if at < len(known) and known[at][0] == var else at
        middle = () if allowed == frozenset(self.domain(var)) else ((var, allowed),)
        return Knowledge((*known[:at], *middle, *known[after:]), knowledge.certain)

    # -- entries --------------------------------------------------------------
    def entries(
        self,
        triggers: Iterable[Trigger] | None = None,
        facts: Mapping[str, Iterable[Any]] | None = None,
    ) -> list[Knowledge]:
        """What is known about people as they enter, one Knowledge per trigger.

        ``triggers`` None means the workflow's own (a workflow with none: anyone
        enters). An event trigger means the person did that event. ``facts``
        adds assumptions: attribute name (or ``events.NAME``) -> possible values
        (scalars, ``EMPTY``, ``OTHER``); an empty set means nobody enters.
        """
        base = Knowledge()
        for key, raw_values in (facts or {}).items():
            var: Var = ("event", key[7:]) if key.startswith("events.") else ("attr", key)
            values = {value(v) for v in raw_values}
            if not values:
                return []
            base = self.constrain(base, var, values)
        chosen = tuple(self.workflow.triggers if triggers is None else triggers)
        if triggers is None and not chosen:
            return [base]
        found: list[Knowledge] = []
        for trigger in chosen:
            knowledge = base
            if trigger.kind == "event" and trigger.name:
                event: Var = ("event", trigger.name)
                if TRUE not in self.allowed(knowledge, event):
                    continue  # the facts say these people never did it
                knowledge = self.constrain(knowledge, event, {TRUE})
            if knowledge not in found:
                found.append(knowledge)
        return found

    # -- conditions -------------------------------------------------------------
    def restrict(
        self, knowledge: Knowledge, expr: cond.Expr, holds: bool = True
    ) -> list[Knowledge]:
        """The disjoint cubes of ``knowledge`` for which ``expr`` is ``holds``."""
        try:
            return self._restrict(knowledge, expr, holds)
        except _TooComplex:
            return [knowledge.uncertain()]

    def _restrict(self, k: Knowledge, expr: cond.Expr, holds: bool) -> list[Knowledge]:
        if isinstance(expr, cond.Not):
            return self._restrict(k, expr.operand, not holds)
        if isinstance(expr, (cond.And, cond.Or)):
            every = isinstance(expr, cond.And) == holds  # all operands must read `holds`
            if every:
                cubes = [k]
                for operand in expr.operands:
                    cubes = [c for cube in cubes for c in self._restrict(cube, operand, holds)]
                    self._check(cubes)
                    if not cubes:
                        break
                return cubes
            # Some operand reads `holds`: the first one that does, disjointly.
            found: list[Knowledge] = []
            rest = [k]
            for operand in expr.operands:
                found.extend(c for cube in rest for c in self._restrict(cube, operand, holds))
                rest = [c for cube in rest for c in self._restrict(cube, operand, not holds)]
                self._check(found)
                self._check(rest)
                if not rest:
                    break
            return found
        true, false = self.split(k, expr)
        return true if holds else false

    def _check(self, cubes: list[Knowledge]) -> None:
        if len(cubes) > self.max_cubes:
            raise _TooComplex

    def _spend(self, values: int) -> None:
        """Count the values a test is about to be read for; past ``max_tests`` every
        test is "may hold" (a long chain of Choices over one field with many values
        would otherwise take time and memory in the square of its length)."""
        self.tests += values
        if self.tests > self.max_tests:
            raise _TooComplex

    def split(self, k: Knowledge, atom: cond.Expr) -> tuple[list[Knowledge], list[Knowledge]]:
        """Cubes of ``k`` where a single test (no and/or/not) holds, and where it fails."""
        if isinstance(atom, cond.Literal):
            return ([k], []) if atom.value else ([], [k])
        if isinstance(atom, (cond.And, cond.Or, cond.Not)):
            return self._restrict(k, atom, True), self._restrict(k, atom, False)
        if isinstance(atom, cond.Opaque):
            return self._split_var(k, ("opaque", atom.key), atom)
        variables = list(dict.fromkeys(_var(o) for o in _operands(atom) if _var(o) is not None))
        if not variables:
            truth = cond.evaluate(atom, {}, set())
            return ([k], []) if truth else ([], [k])
        if len(variables) == 1:
            var = variables[0]
            assert var is not None
            return self._split_var(k, var, atom)
        first, second = variables[0], variables[1]
        assert first is not None and second is not None
        return self._split_pair(k, first, second, atom)

    def _split_var(
        self, k: Knowledge, var: Var, atom: cond.Expr
    ) -> tuple[list[Knowledge], list[Knowledge]]:
        true: list[Value] = []
        false: list[Value] = []
        open_: list[Value] = []
        allowed = self.allowed(k, var)
        self._spend(len(allowed))
        for v in allowed:  # order is irrelevant: the parts become sets
            result = self._truth(atom, var, v)
            (open_ if result is None else true if result else false).append(v)
        holds = [self.constrain(k, var, true)] if true else []
        fails = [self.constrain(k, var, false)] if false else []
        if open_:
            guessed = self.constrain(k, var, open_)
            more_true, more_false = self._guess(guessed, atom)
            holds += more_true
            fails += more_false
        return holds, fails

    def _truth(self, atom: cond.Expr, var: Var, v: Value) -> bool | None:
        same = self._same.get(id(atom))
        if same is None:
            self._alive[id(atom)] = atom
            same = self._same[id(atom)] = self._interned.setdefault(atom, atom)
        atom = same
        key = (id(atom), var, v)
        if key not in self._truths:
            self._alive[id(atom)] = atom
            if isinstance(atom, cond.Opaque):
                self._truths[key] = bool(v[1])
            else:
                self._truths[key] = _truth(atom, {var: v})
        return self._truths[key]

    def _split_pair(
        self, k: Knowledge, first: Var, second: Var, atom: cond.Expr
    ) -> tuple[list[Knowledge], list[Knowledge]]:
        firsts, seconds = self.allowed(k, first), self.allowed(k, second)
        self._spend(len(firsts) * len(seconds))
        if any(v[0] in ("other", "empty") for v in firsts | seconds):
            return self._guess(k, atom)
        holds, fails = [], []
        for a in self.ordered(first, firsts):
            true = [b for b in self.ordered(second, seconds) if _truth(atom, {first: a, second: b})]
            false = [b for b in self.ordered(second, seconds) if b not in true]
            pinned = self.constrain(k, first, {a})
            if true:
                holds.append(self.constrain(pinned, second, true))
            if false:
                fails.append(self.constrain(pinned, second, false))
        return holds, fails

    def _guess(self, k: Knowledge, atom: cond.Expr) -> tuple[list[Knowledge], list[Knowledge]]:
        """A test lintkit cannot decide: a free boolean, remembered per test text."""
        names = sorted({o.name for o in _operands(atom) if isinstance(o, cond.Attr)})
        free: Var = ("atom", cond.render(atom), *names)
        allowed = self.allowed(k, free)
        holds = [self.constrain(k, free, {TRUE}).uncertain()] if TRUE in allowed else []
        fails = [self.constrain(k, free, {FALSE}).uncertain()] if FALSE in allowed else []
        return holds, fails

    def unmatched(
        self, k: Knowledge, exprs: Sequence[cond.Expr], budget: int = 20_000
    ) -> Knowledge | None:
        """A cube of ``k`` for which none of ``exprs`` holds; None when each person of
        ``k`` satisfies one of them.

        Depth first, one undecided test at a time (the side where it holds first), so
        a long list of conditions over a few variables is decided without expanding
        their disjunction. After ``budget`` cubes it answers ``k`` uncertain.
        """
        try:
            return self._unmatched(k, exprs, budget)
        except _TooComplex:
            return k.uncertain()

    def _unmatched(self, k: Knowledge, exprs: Sequence[cond.Expr], budget: int) -> Knowledge | None:
        stack: list[tuple[Knowledge, list[cond.Expr]]] = [(k, list(exprs))]
        while stack:
            budget -= 1
            if budget < 0:
                return k.uncertain()
            cube, live = stack.pop()
            undecided: list[cond.Expr] = []
            atom: cond.Expr | None = None
            for expr in live:
                truth, open_atom, rest = self._narrow(cube, expr)
                if truth is True:
                    break  # someone of this cube satisfies it: all of them do
                if truth is None:
                    undecided.append(rest)
                    atom = atom or open_atom
            else:
                if atom is None:
                    return cube  # every condition fails for all of this cube
                holds, fails = self.split(cube, atom)
                stack.extend((c, undecided) for c in reversed([*holds, *fails]))
        return None

    def _narrow(
        self, k: Knowledge, expr: cond.Expr
    ) -> tuple[bool | None, cond.Expr | None, cond.Expr]:
        """``_decide``, and ``expr`` without the leading operands of an And/Or that are
        already decided for all of ``k``: they stay decided in every part of ``k``, so
        the parts need not decide them again (a rule of 12 tests is not re-read 12
        times on the way down)."""
        if not isinstance(expr, (cond.And, cond.Or)):
            return (*self._decide(k, expr), expr)
        short = isinstance(expr, cond.Or)
        for i, operand in enumerate(expr.operands):
            truth, atom = self._decide(k, operand)
            if truth is None:
                rest = expr.operands[i:]
                return None, atom, rest[0] if len(rest) == 1 else type(expr)(rest, expr.span)
            if truth is short:
                return short, None, expr
        return not short, None, expr

    def _decide(self, k: Knowledge, expr: cond.Expr) -> tuple[bool | None, cond.Expr | None]:
        """Whether ``expr`` holds for all of ``k`` (True), none (False) or some (None,
        with a test that is not decided yet)."""
        if isinstance(expr, cond.Not):
            truth, atom = self._decide(k, expr.operand)
            return (None if truth is None else not truth), atom
        if isinstance(expr, (cond.And, cond.Or)):
            short = isinstance(expr, cond.Or)  # the value that decides the whole
            for operand in expr.operands:
                truth, atom = self._decide(k, operand)
                if truth is None:
                    return None, atom  # the rest waits until this test is split on
                if truth is short:
                    return short, None
            return not short, None
        if isinstance(expr, cond.Literal):
            return expr.value, None
        var = self._only_var(expr)
        if var is not None:  # the common case, from the memo of each value's truth
            allowed = self.allowed(k, var)
            self._spend(len(allowed))
            truths = {self._truth(expr, var, v) for v in allowed}
            if None not in truths:
                return (truths.pop(), None) if len(truths) == 1 else (None, expr)
        holds, fails = self.split(k, expr)
        if not fails or not holds:
            return bool(holds), None
        return None, expr

    def _only_var(self, atom: cond.Expr) -> Var | None:
        """The one variable a test reads, or None (none, or several)."""
        key = id(atom)
        if key not in self._vars:
            self._alive[key] = atom
            if isinstance(atom, cond.Opaque):
                self._vars[key] = ("opaque", atom.key)
            else:
                found = {v for v in map(_var, _operands(atom)) if v is not None}
                self._vars[key] = found.pop() if len(found) == 1 else None
        return self._vars[key]

    # -- moving -----------------------------------------------------------------
    def effect(self, step: Step, k: Knowledge) -> Knowledge:
        """What passing through ``step`` changes (an update's ``set``)."""
        if step.kind is not StepKind.UPDATE:
            return k
        for name, raw in step.sets.items():
            k = self.constrain(k, ("attr", name), {value(raw)})
            k = Knowledge(
                tuple(c for c in k.constraints if not (c[0][0] == "atom" and name in c[0][2:])),
                k.certain,
            )
        return k

    def follow(self, edge: Edge, k: Knowledge) -> list[Knowledge]:
        """The cubes of people at ``edge.source`` (knowing ``k``) who take ``edge``."""
        key = (id(edge), k)
        found = self._followed.get(key)
        if found is None:
            self._alive[id(edge)] = edge
            found = self._followed[key] = self._follow(edge, k)
        return found

    def _follow(self, edge: Edge, k: Knowledge) -> list[Knowledge]:
        source = self.workflow.steps.get(edge.source)
        if source is not None:
            k = self.effect(source, k)
        if edge.condition is None:
            unparsed = source is not None and source.kind in (StepKind.FILTER, StepKind.BRANCH)
            return [k.uncertain() if unparsed else k]
        return self.restrict(k, edge.condition)

    # -- searching ----------------------------------------------------------------
    def from_start(self, entries: Iterable[Knowledge] | None = None) -> list[Source]:
        """People entering at ``start`` (default: through any trigger)."""
        start = self.workflow.start
        if start is None or start.value not in self.workflow.steps:
            return []
        chosen = self.entries() if entries is None else entries
        return [Source(start.value, k) for k in chosen]

    def from_edge(self, edge: Edge, before: Iterable[Knowledge]) -> list[Source]:
        """People at ``edge.source`` (each Knowledge in ``before``) who take ``edge``."""
        if edge.target not in self.workflow.steps:
            return []
        return [Source(edge.target, k, (edge,)) for b in before for k in self.follow(edge, b)]

    @property
    def reached(self) -> Reach:
        """Every (step, Knowledge) reachable from the start through any trigger."""
        if self._reached is None:
            self._reached = self.search(self.from_start())
        return self._reached

    def search(
        self,
        sources: Iterable[Source],
        goal: Callable[[Step], bool] | None = None,
        *,
        avoid: Callable[[Step], bool] | None = None,
        accept: Callable[[Knowledge], bool] | None = None,
    ) -> Reach:
        """Breadth-first over (step, Knowledge) from ``sources``.

        Records every state reached, and for each step where ``goal`` holds the
        shortest path to it (the shortest certain one when one exists); with
        ``accept``, only arrivals whose Knowledge it accepts count. Steps where
        ``avoid`` holds are not walked through (they may be goals). Ties break
        by source order and the order edges are written in.
        """
        steps = self.workflow.steps
        parents: dict[Node, tuple[Node | None, tuple[Edge, ...]]] = {}
        depth: dict[Node, tuple[int, Edge | None]] = {}  # edges to a node, the last one
        queue: deque[Node] = deque()
        listed = list(sources)
        for source in listed:
            node = (source.step, source.knowledge)
            if source.step in steps and node not in parents:
                parents[node] = (None, source.via)
                depth[node] = (len(source.via), source.via[-1] if source.via else None)
                queue.append(node)
        reach = Reach()
        while queue:
            if len(parents) > self.max_states or self.work >= self.max_work:
                reach.complete = False
                break
            self.work += 1
            node = queue.popleft()
            step_id, k = node
            step = steps[step_id]
            reach.states.setdefault(step_id, []).append(k)
            if goal is not None and goal(step) and (accept is None or accept(k)):
                known = reach.witnesses.get(step_id)
                if known is None or (k.certain and not known.certain):
                    length, last = depth[node]
                    trail = partial(_path, parents, node)
                    reach.witnesses[step_id] = Witness(k, length, last, trail)
            if avoid is not None and avoid(step):
                continue
            for edge in self.workflow.out_edges(step_id):
                if edge.target not in steps:
                    continue
                for after in self.follow(edge, k):
                    child = (edge.target, after)
                    if child not in parents:
                        parents[child] = (node, (edge,))
                        depth[child] = (depth[node][0] + 1, edge)
                        queue.append(child)
        if not reach.complete:
            self._fill_in(reach, listed, goal, avoid)
        return reach

    def _fill_in(
        self,
        reach: Reach,
        sources: list[Source],
        goal: Callable[[Step], bool] | None,
        avoid: Callable[[Step], bool] | None,
    ) -> None:
        """Out of budget: plain graph reachability for what the search did not reach.

        Goals found this way are accepted whatever ``accept`` says: nothing is known.
        Past the budget every search of the analysis ends here (one per filter of a
        long chain), so the graph is walked as shared arrays (``_Plain``), each
        witness reads its path back only when asked, and the states only when read.
        """
        plain = self._plain(goal, avoid)
        starts: dict[int, tuple[Edge, ...]] = {}
        for source in sources:
            at = plain.index.get(source.step)
            if at is not None:
                starts.setdefault(at, source.via)
        reach.unread = partial(_fill_states, reach.states, plain, starts)
        if len(plain.goals) > _SHARED_GOALS:
            walk = plain.walk(starts)
            for at in walk.order:
                if plain.goal[at] and plain.ids[at] not in reach.witnesses:
                    trail = partial(walk.path, at)
                    witness = Witness(UNKNOWN, walk.depth[at], walk.entered[at], trail)
                    reach.witnesses[plain.ids[at]] = witness
            return
        found: list[tuple[int, int, Witness]] = []
        for g in plain.goals:
            toward = plain.toward(g)
            ways = [(toward.hops[at], i, at) for i, at in enumerate(starts) if toward.hops[at] >= 0]
            if not ways or plain.ids[g] in reach.witnesses:
                continue
            hops, _, at = min(ways)
            via = starts[at]
            last = toward.last[at] if hops else (via[-1] if via else None)
            trail = partial(toward.path, at, via)
            found.append((hops, g, Witness(UNKNOWN, len(via) + hops, last, trail)))
        for _, g, witness in sorted(found, key=lambda item: item[:2]):
            reach.witnesses[plain.ids[g]] = witness

    def _plain(
        self, goal: Callable[[Step], bool] | None, avoid: Callable[[Step], bool] | None
    ) -> _Plain:
        key = (id(goal), id(avoid))
        found = self._plains.get(key)
        if found is None:
            self._alive[id(goal)], self._alive[id(avoid)] = goal, avoid
            found = self._plains[key] = _Plain(self.workflow, goal, avoid)
        return found

    # -- describing ---------------------------------------------------------------
    def describe(self, k: Knowledge, only: Callable[[Var], bool] | None = None) -> str:
        """Readable conditions for a cube: ``plan in ['free', 'team'] and not events.x``."""
        rank = {"attr": 0, "event": 1, "opaque": 2, "atom": 3}
        chosen = [c for c in k.constraints if only is None or only(c[0])]
        chosen.sort(key=lambda c: (rank.get(c[0][0], 4), c[0]))
        return " and ".join(self.describe_var(var, values) for var, values in chosen) or "anyone"

    def who(self, witness: Witness) -> str:
        """The people who take a witness path, over what its conditions read ("" if anyone)."""
        wanted = {var[:2] for var, _ in witness.knowledge.constraints if var[0] != "atom"}
        read: set[tuple[str, ...]] = set()
        for edge in witness.edges if wanted else ():
            read |= self._reads(edge) & wanted
            if len(read) == len(wanted):  # the rest of a long path can add nothing
                break
        text = self.describe(
            witness.knowledge, only=lambda var: var[0] == "atom" or var[:2] in read
        )
        return "" if text == "anyone" else text

    def _reads(self, edge: Edge) -> frozenset[tuple[str, ...]]:
        """What ``edge``'s condition reads, as (kind, name): attributes, events, opaque tests."""
        found = self._read.get(id(edge))
        if found is None:
            read: set[tuple[str, ...]] = set()
            for node in cond.walk(edge.condition) if edge.condition is not None else ():
                if isinstance(node, cond.Opaque):
                    read.add(("opaque", node.key))
                for operand in _operands(node):
                    if isinstance(operand, (cond.Attr, cond.Event)):
                        kind = "attr" if isinstance(operand, cond.Attr) else "event"
                        read.add((kind, operand.name))
            self._alive[id(edge)] = edge
            found = self._read[id(edge)] = frozenset(read)
        return found

    def describe_var(self, var: Var, values: Iterable[Value]) -> str:
        ordered = self.ordered(var, values)
        if var[0] in ("event", "opaque", "atom"):
            text = {"event": f"events.{var[1]}", "opaque": f"<{var[1]}>"}.get(var[0], var[1])
            if len(ordered) == 1:
                return text if ordered[0] == TRUE else f"not {_wrapped(text)}"
            return f"{text} either way"
        name = var[1]
        if OTHER in ordered:  # "any value but these" reads better as an exclusion
            excluded = [_show(v) for v in self.domain(var) if v not in ordered]
            if not excluded:
                return f"{name} is anything"
            if len(excluded) == 1:
                return f"{name} != {excluded[0]}"
            return f"{name} not in [{', '.join(excluded)}]"
        shown = [_show(v) for v in ordered]
        if len(shown) == 1:
            return f"{name} = {shown[0]}"
        return f"{name} in [{', '.join(shown)}]"

    def example(self, k: Knowledge) -> dict[str, Any]:
        """One person the cube holds, as plain data (attributes, events done, opaque).

        Unconstrained variables are left out; an open attribute's ``OTHER`` too.
        """
        attributes: dict[str, Any] = {}
        events: list[str] = []
        opaque: dict[str, bool] = {}
        for var, values in k.constraints:
            first = self.ordered(var, values)[0]
            if var[0] == "attr" and first[0] not in ("other",):
                attributes[var[1]] = "" if first == EMPTY else first[1]
            elif var[0] == "event" and first == TRUE:
                events.append(var[1])
            elif var[0] == "opaque":
                opaque[var[1]] = bool(first[1])
        return {"attributes": attributes, "events": sorted(events), "opaque": opaque}


def compatible(a: Knowledge, b: Knowledge, *, ignore: Iterable[str] = ()) -> bool:
    """Whether one person can be in both cubes (from this or another workflow).

    Exact on finite values; an ``OTHER`` (each workflow names other constants)
    or a free test is taken as compatible. ``ignore`` lists attributes not to
    compare (e.g. ones an update step rewrites).
    """
    skip = set(ignore)
    for var, values in a.constraints:
        if var[0] == "atom" or (var[0] == "attr" and var[1] in skip):
            continue
        other = b.allowed(var)
        if other is None:
            continue
        if any(v[0] in ("other", "empty") for v in values | other):
            continue
        if not values & other:
            return False
    return True


# -- reporting helpers ----------------------------------------------------------------
def describe_step(step: Step) -> str:
    """``message 'send' (email 'credits_cancelled', final)``, ``delay 'hold' (12h)``..."""
    if step.kind is StepKind.MESSAGE:
        final = ", final" if step.final else ""
        template = f" '{step.template}'" if step.template else ""  # ASL: often none
        return f"message '{step.id}' ({step.channel}{template}{final})"
    if step.kind is StepKind.DELAY and step.duration is not None:
        return f"delay '{step.id}' ({duration_text(step.duration)})"
    if step.kind is StepKind.WAIT and step.event:
        return f"wait '{step.id}' (for {step.event})"
    if step.subgraphs:
        count = len(step.subgraphs)
        return f"{step.kind.value} '{step.id}' ({count} nested graph{'s' if count > 1 else ''})"
    return f"{step.kind.value} '{step.id}'"


def hop(edge: Edge) -> str:
    """An edge as the invariant syntax writes it: ``still_eligible.otherwise``."""
    return f"{edge.source}.{edge.label}"


# A finding names this many steps of a long path, then counts the rest and names
# the last: a path's length is not bounded, and a finding per step with every
# step of its path grows as the square of the workflow.
SHOWN_STEPS = 6


def path_text(edges: Iterable[Edge]) -> str:
    """``still_eligible.otherwise -> hold -> send_cancelled``."""
    edges = list(edges)
    if not edges:
        return ""
    return " -> ".join(_elided([hop(edges[0]), *(e.target for e in edges)]))


def route_text(first: str, edges: Iterable[Edge]) -> str:
    """``wait_for_billing -> still_eligible -> send``: a path from a step."""
    return " -> ".join(_elided([first, *(e.target for e in edges)]))


def _elided(names: list[str]) -> list[str]:
    if len(names) <= SHOWN_STEPS + 2:
        return names
    return [*names[:SHOWN_STEPS], f"... and {len(names) - SHOWN_STEPS - 1:,} more", names[-1]]


def path_related(workflow: Workflow, edges: Iterable[Edge]) -> list[Related]:
    """One related location per edge (where its target is named), naming the step it leads to;
    of a long path the first SHOWN_STEPS edges and the last."""
    edges = list(edges)
    skipped = max(len(edges) - SHOWN_STEPS - 1, 0) if len(edges) > SHOWN_STEPS + 2 else 0
    shown = [*edges[:SHOWN_STEPS], *edges[-1:]] if skipped else edges
    related = []
    for edge in shown:
        target = workflow.steps.get(edge.target)
        where = describe_step(target) if target is not None else f"'{edge.target}'"
        text = f"{hop(edge)}{_case_text(workflow, edge)} -> {where}"
        if skipped and edge is shown[-1]:
            text = f"(after {skipped:,} more hops) {text}"
        related.append(Related(edge.location, text))
    return related


def _case_text(workflow: Workflow, edge: Edge) -> str:
    """`` (when plan == 'yc')`` for a branch case edge: the case as written."""
    source = workflow.steps.get(edge.source)
    if source is None or not edge.label.startswith("cases["):
        return ""
    index = edge.label[len("cases[") : -1]
    if not index.isdigit() or int(index) >= len(source.conditions):
        return ""
    return f" (when {source.conditions[int(index)].text})"


# -- internals ----------------------------------------------------------------
def _path(
    parents: dict[Node, tuple[Node | None, tuple[Edge, ...]]], node: Node
) -> tuple[Edge, ...]:
    hops: list[tuple[Edge, ...]] = []
    current: Node | None = node
    while current is not None:
        parent, via = parents[current]
        hops.append(via)
        current = parent
    return tuple(edge for via in reversed(hops) for edge in via)


def _first(constraint: tuple[Var, frozenset[Value]]) -> Var:
    return constraint[0]


def _operands(atom: cond.Expr) -> list[cond.Operand]:
    if isinstance(atom, cond.Compare):
        return [atom.left, atom.right]
    if isinstance(atom, cond.In):
        return [atom.left]
    if isinstance(atom, cond.Truthy):
        return [atom.operand]
    return []


def _var(operand: cond.Operand) -> Var | None:
    if isinstance(operand, cond.Attr):
        return ("attr", operand.name)
    if isinstance(operand, cond.Event):
        return ("event", operand.name)
    return None


def _truth(atom: cond.Expr, binding: Mapping[Var, Value]) -> bool | None:
    """A test's truth for bound variables; None when an ``OTHER`` leaves it open."""
    for v in binding.values():
        if v[0] == "other":
            return _other_truth(atom)
        if v[0] == "empty":
            return _empty_truth(atom)
    attributes = {var[1]: v[1] for var, v in binding.items() if var[0] == "attr"}
    events = {var[1] for var, v in binding.items() if var[0] == "event" and v[1] is True}
    return cond.evaluate(atom, attributes, events)


def _equality(atom: cond.Expr) -> tuple[list[Any], bool] | None:
    """(constants, negated) for ``x == c``, ``x != c``, ``x in [...]``; None for other tests."""
    if isinstance(atom, cond.In):
        return [c.value for c in atom.values], atom.negated
    if isinstance(atom, cond.Compare) and atom.op in ("==", "!="):
        consts = [o for o in (atom.left, atom.right) if isinstance(o, cond.Const)]
        if len(consts) == 1:
            return [consts[0].value], atom.op == "!="
    return None


def _other_truth(atom: cond.Expr) -> bool | None:
    # OTHER differs from every constant the workflow compares the attribute with.
    test = _equality(atom)
    return None if test is None else test[1]


def _empty_truth(atom: cond.Expr) -> bool | None:
    test = _equality(atom)
    if test is None:
        return False if isinstance(atom, (cond.Truthy, cond.Compare)) else None
    constants, negated = test
    empty = any(c is None or c == "" for c in constants)
    return empty != negated


def _compared_constants(workflow: Workflow) -> dict[str, list[Value]]:
    """Per attribute, the constants conditions compare it with and updates write."""
    found: dict[str, dict[Value, None]] = {}
    exprs = [c.expr for s in workflow.steps.values() for c in s.conditions if c.expr is not None]
    exprs += [e.condition for e in workflow.edges if e.condition is not None]
    for expr in exprs:
        for node in cond.walk(expr):
            test = _equality(node)
            if test is None:
                continue
            for operand in _operands(node):
                if isinstance(operand, cond.Attr):
                    bucket = found.setdefault(operand.name, {})
                    bucket.update(dict.fromkeys(value(c) for c in test[0]))
    for step in workflow.steps.values():
        for name, raw in step.sets.items():
            found.setdefault(name, {})[value(raw)] = None
    return {name: list(values) for name, values in found.items()}


def _show(v: Value) -> str:
    if v == OTHER:
        return "another value"
    if v == EMPTY:
        return "empty"
    if v[0] == "null":
        return "null"
    if v[0] == "bool":
        return "true" if v[1] else "false"
    return repr(v[1])


def _wrapped(text: str) -> str:
    return f"({text})" if " " in text else text


def _fill_states(
    states: dict[str, list[Knowledge]], plain: _Plain, starts: Mapping[int, tuple[Edge, ...]]
) -> None:
    """Every step plain reachability reaches from ``starts`` holds people of unknown kind."""
    for at in plain.walk(starts).order:
        states.setdefault(plain.ids[at], [UNKNOWN])
