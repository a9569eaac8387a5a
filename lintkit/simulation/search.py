"""Search for people who break an invariant, and shrink each to the smallest.

Two passes with one seed: the first runs ``examples`` people and notes every
violation (and the outcomes, for the summary); the second, per violated
property, reruns the same seeded search until that property breaks and lets
hypothesis shrink the person. Both passes generate the same people in the same
order, so results are identical run after run (no database, no deadline, no
health checks that depend on timing). Imports hypothesis: keep it lazy.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

from lintkit.simulation import properties as props
from lintkit.simulation.interpreter import DEFAULT_BUDGET, run
from lintkit.simulation.invariants import Violation, violations
from lintkit.simulation.person import Person
from lintkit.simulation.persons import persons
from lintkit.simulation.trace import Trace, clock
from lintkit.workflow.ir import Workflow

DEFAULT_EXAMPLES = 1000
DEFAULT_SEED = 0
# Seconds a search may take: people are run (and then shrunk) until it is spent.
# A person's run is bounded by its step budget, but a thousand of them through
# a graph of hundreds of branches that loop took minutes. Counted on the wall
# clock (monotonic), so a run ends in the time a user or a CI job waits, however
# busy the machine; on a busy machine fewer people fit in it, and the note says
# how many ran.
DEFAULT_TIME_LIMIT = 10.0

Progress = Callable[[int, int], None]  # (people run so far, people planned)


@dataclass(frozen=True)
class Counterexample:
    """The smallest person found breaking one property, and what they went through."""

    workflow: Workflow
    person: Person
    trace: Trace
    violation: Violation

    def summary(self) -> str:
        """One line: who, and the way they went."""
        person = self.person
        declared = list(self.workflow.attributes or {})
        shown = [
            f"{name}={person.attributes[name]!r}" if name in person.attributes else f"no {name}"
            for name in [*declared, *sorted(set(person.attributes) - set(declared))]
        ]
        shown.append(f"events: {', '.join(sorted(person.events)) or 'none'}")
        shown += [f"{event} at {clock(at)}" for at, event in person.arrivals]
        if person.anonymous:
            shown.append("anonymous")
        steps = [v.step + (f" ({v.edge})" if v.excludes else "") for v in self.trace.visits]
        if len(steps) > 20:  # a loop: its start and its end say enough
            steps = [*steps[:12], f"... {len(steps) - 17} more ...", *steps[-5:]]
        path = " -> ".join(steps)
        return f"{'; '.join(shown)}; path: {path}"

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "workflow": self.workflow.id,
            "path": self.workflow.path,
            "property": dict(self.violation.subject),
            "violation": self.violation.message,
            "person": self.person.to_json(),
            "trace": self.trace.to_json(),
            "at_step": None if self.violation.visit is None else self.violation.visit,
        }


@dataclass
class Tally:
    """What happened to the people run, for the summary table."""

    people: int = 0
    outcomes: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    sent: Counter[tuple[str, str]] = field(default_factory=Counter)  # (template, channel)
    recipients: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, trace: Trace) -> None:
        self.people += 1
        self.outcomes[(trace.outcome.value, trace.end_graph, trace.end or "")] += 1
        keys = [(sent.key, sent.channel or "") for sent in trace.messages]
        self.sent.update(keys)
        self.recipients.update(set(keys))


@dataclass
class SearchResult:
    workflow: Workflow
    seed: int
    examples: int
    tally: Tally
    broken: list[Counterexample]  # one per violated property (properties.ORDER, then found)
    time_limit: float | None = None  # set when the search stopped early at this limit

    @property
    def stopped_early(self) -> str:
        """A note when the time limit cut the search short ("" when it did not)."""
        if self.time_limit is None:
            return ""
        return (
            f"stopped at the time limit ({self.time_limit:g} s, --time-limit) after"
            f" {self.tally.people:,} of {self.examples:,} people; counterexamples found"
            " then may not be the smallest"
        )


def search(
    workflow: Workflow,
    *,
    examples: int = DEFAULT_EXAMPLES,
    seed_value: int = DEFAULT_SEED,
    budget: int = DEFAULT_BUDGET,
    wanted: Callable[[Mapping[str, Any]], bool] | None = None,
    progress: Progress | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> SearchResult:
    """Run people through ``workflow``; a shrunk counterexample per broken property.

    ``wanted`` limits which violated properties get shrunk (``check --deep``
    shrinks only what a static finding claims). Past ``time_limit`` seconds
    (None: no limit) no more people are run or shrunk: the result says so, and
    what it found stands, unshrunk where shrinking had not finished.
    """
    strategy = persons(workflow)
    tally = Tally()
    first: dict[props.Subject, Person] = {}
    deadline = None if time_limit is None else time.monotonic() + time_limit

    def explore(person: Person) -> None:
        if _past(deadline):
            raise _OutOfTime
        trace = run(workflow, person, budget=budget)
        tally.add(trace)
        for violation in violations(workflow, trace):
            first.setdefault(violation.subject, person)
        if progress is not None:
            progress(tally.people, examples)

    with suppress(_OutOfTime):
        _seeded(explore, strategy, examples, seed_value)
    broken = []
    for subject, found in sorted(first.items(), key=_listing_order(list(first))):
        if wanted is not None and not wanted(dict(subject)):
            continue
        person = shrink(workflow, subject, examples, seed_value, budget, deadline) or found
        trace = run(workflow, person, budget=budget)
        violation = next(v for v in violations(workflow, trace) if v.subject == subject)
        broken.append(Counterexample(workflow, person, trace, violation))
    stopped = time_limit if _past(deadline) else None
    return SearchResult(workflow, seed_value, examples, tally, broken, stopped)


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def _listing_order(found: list[props.Subject]) -> Callable[[Any], tuple[int, int]]:
    """Properties in a fixed order (filtered-out first), then as first found."""

    def key(item: tuple[props.Subject, Person]) -> tuple[int, int]:
        name = dict(item[0])["property"]
        rank = props.ORDER.index(name) if name in props.ORDER else len(props.ORDER)
        return rank, found.index(item[0])

    return key


class _Found(Exception):
    pass


class _OutOfTime(BaseException):
    """Ends a search at its time limit: hypothesis lets a BaseException through at
    once, where an Exception would be taken for a failure and shrunk."""


def shrink(
    workflow: Workflow,
    subject: props.Subject,
    examples: int,
    seed_value: int,
    budget: int,
    deadline: float | None = None,
) -> Person | None:
    """The smallest person the seeded search finds breaking ``subject`` (before ``deadline``)."""
    last: list[Person] = []

    def breaks(person: Person) -> None:
        if _past(deadline):
            raise _OutOfTime
        trace = run(workflow, person, budget=budget)
        if any(v.subject == subject for v in violations(workflow, trace)):
            last[:] = [person]
            raise _Found

    try:
        _seeded(breaks, persons(workflow), examples, seed_value)
    except (_Found, _OutOfTime):  # out of time: the smallest found so far, if any
        return last[0] if last else None
    return None


def _seeded(test: Callable[[Person], None], strategy: Any, examples: int, seed_value: int) -> None:
    """Run ``test`` on ``examples`` people from ``strategy``, the same ones every time."""
    configured = settings(
        max_examples=max(1, examples),
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        phases=(Phase.generate, Phase.shrink),
        print_blob=False,
    )
    with _no_local_constants():
        seed(seed_value)(configured(given(strategy)(test)))()


@contextmanager
def _no_local_constants() -> Iterator[None]:
    """Keep hypothesis from mixing in literals found in loaded, non-installed modules.

    It reads the source of every such module (an editable lintkit install, the
    test suite...) and sometimes draws their constants. The people drawn would
    then depend on what else the process imported, and it caches those
    constants in a .hypothesis/ folder of the current directory. This uses a
    private hook (hypothesis has no opt-out yet, HypothesisWorks/hypothesis#4627);
    if it ever goes away, runs stay identical within one environment.
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants

        getter = providers._get_local_constants
        cache = providers.CONSTANTS_CACHE.cache
        empty = Constants()
    except (ImportError, AttributeError):
        yield
        return
    providers._get_local_constants = lambda: empty
    cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = getter
        cache.clear()
