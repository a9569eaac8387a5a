"""hypothesis strategies for people who may walk a workflow.

Each attribute is one integer choice: 0 is "missing" (where it may be), then
the workflow's interesting values (``Domain``) simplest first, and for numbers and strings a
last choice that draws an arbitrary value. So boundaries and the constants
conditions name come up early, shrinking ends on them (or on "missing"), and
few primitive draws are made per person: hypothesis's cost per draw, not the
interpreter, is what bounds people per second. Importing this module imports
hypothesis: keep it lazy.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from lintkit.simulation.domain import MISSING, AttributeDomain, Domain
from lintkit.simulation.person import Person
from lintkit.workflow.ir import Workflow

MAX_ARRIVALS = 4
# Conditions only compare strings for equality with the constants they name, so
# a few letters are as good as all of Unicode (and hypothesis then needs no
# Unicode tables cached in a .hypothesis/ folder of the user's project).
ALPHABET = "ab@.-_ 0"


def persons(workflow: Workflow, *, domain: Domain | None = None) -> st.SearchStrategy[Person]:
    """People for ``workflow``: attribute values (some missing), events, arrivals, identity."""
    domain = domain or Domain.of(workflow)
    names = [a.name for a in domain.attributes]

    def build(parts: tuple[Any, ...]) -> Person:
        values, events, arrivals, anonymous, opaque = parts
        return Person(
            attributes={n: v for n, v in zip(names, values, strict=True) if v is not MISSING},
            events=events,
            arrivals=arrivals,
            anonymous=anonymous,
            opaque=opaque,
        )

    return st.tuples(
        st.tuples(*(_value(a) for a in domain.attributes)),
        _events(domain),
        _arrivals(domain),
        st.sampled_from(domain.anonymous),
        _flags(domain.opaque),
    ).map(build)


def _value(attribute: AttributeDomain) -> st.SearchStrategy[Any]:
    listed = attribute.choices
    if attribute.kind == "number":
        floats = any(isinstance(v, float) for v in attribute.values)
        free: st.SearchStrategy[Any] = (
            st.floats(-1e9, 1e9, allow_nan=False) if floats else st.integers(-(10**9), 10**9)
        )
    elif attribute.kind == "string":
        # Not st.text: even with an alphabet it loads (and caches) Unicode tables.
        free = st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join)
    else:  # enum, boolean, undeclared: only the values conditions tell apart
        return st.integers(0, len(listed) - 1).map(listed.__getitem__)
    return st.integers(0, len(listed)).flatmap(
        lambda i: st.just(listed[i]) if i < len(listed) else free
    )


def _bits(names: tuple[str, ...]) -> st.SearchStrategy[frozenset[str]]:
    """A subset of ``names`` from one integer's bits: one draw, shrinks to the empty set."""
    if not names:
        return st.just(frozenset())
    return st.integers(0, 2 ** len(names) - 1).map(
        lambda bits: frozenset(name for i, name in enumerate(names) if bits >> i & 1)
    )


def _flags(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, bool]]:
    return _bits(keys).map(lambda true: {key: key in true for key in keys})


def _events(domain: Domain) -> st.SearchStrategy[frozenset[str]]:
    done = _bits(domain.events)
    if not domain.enrolled_by:
        return done
    # Enrolled by an event trigger: the person did (at least) one of them.
    return st.tuples(st.sampled_from(domain.enrolled_by), done).map(
        lambda pair: pair[1] | {pair[0]}
    )


def _arrivals(domain: Domain) -> st.SearchStrategy[tuple[tuple[float, str], ...]]:
    if not domain.waited:
        return st.just(())
    horizon = max(domain.times, default=1.0) + 1
    times = st.sampled_from(domain.times) | st.integers(1, int(horizon)).map(float)
    arrival = st.tuples(times, st.sampled_from(domain.waited))
    return st.lists(arrival, max_size=MAX_ARRIVALS, unique=True).map(
        lambda found: tuple(sorted(found))
    )
