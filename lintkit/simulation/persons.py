"""hypothesis strategies for people who may walk a workflow.

Each dimension draws first from the workflow's interesting values (``Domain``),
so boundaries and the constants conditions name come up early and shrinking
ends on them, and also from arbitrary values, so nothing is only ever tried
from a list. Importing this module imports hypothesis: keep it lazy.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from lintkit.ir import Workflow
from lintkit.simulation.domain import AttributeDomain, Domain
from lintkit.simulation.person import Person

MAX_ARRIVALS = 4
# Conditions only compare strings for equality with the constants they name, so
# a few letters are as good as all of Unicode (and hypothesis then needs no
# Unicode tables cached in a .hypothesis/ folder of the user's project).
ALPHABET = "ab@.-_ 0"


def persons(workflow: Workflow, *, domain: Domain | None = None) -> st.SearchStrategy[Person]:
    """People for ``workflow``: attribute values (some missing), events, arrivals, identity."""
    domain = domain or Domain.of(workflow)
    return st.builds(
        Person,
        attributes=st.fixed_dictionaries(
            {}, optional={a.name: _values(a) for a in domain.attributes}
        ),
        events=_events(domain),
        arrivals=_arrivals(domain),
        anonymous=st.sampled_from(domain.anonymous),
        opaque=st.fixed_dictionaries({key: st.booleans() for key in domain.opaque}),
    )


def _values(attribute: AttributeDomain) -> st.SearchStrategy[Any]:
    listed = st.sampled_from(attribute.values)
    if attribute.kind == "number":
        floats = any(isinstance(v, float) for v in attribute.values)
        free = st.floats(-1e9, 1e9, allow_nan=False) if floats else st.integers(-(10**9), 10**9)
        return listed | free
    if attribute.kind == "string":
        # Not st.text: even with an alphabet it loads (and caches) Unicode tables.
        letters = st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join)
        return listed | letters
    return listed  # enum, boolean, and undeclared names: only the values conditions tell apart


def _events(domain: Domain) -> st.SearchStrategy[frozenset[str]]:
    if not domain.events:
        return st.just(frozenset())
    done = st.frozensets(st.sampled_from(domain.events))
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
