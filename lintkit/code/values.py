"""The strings an expression can be, as both resolvers compute them: libcst's
(``lintkit.code.python.constants``) and CPython's (``lintkit.code.python.light``). Kept
apart from libcst so the light path never imports it.

Every possible value is kept; a part that cannot be resolved becomes
``UNKNOWN`` inside the string, and ``complete`` says whether some alternative
could not be resolved at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

UNKNOWN = "\x00"  # stands for an unresolved part of a string
MAX_VALUES = 64
MAX_DEPTH = 12


@dataclass(frozen=True)
class Resolved:
    values: frozenset[str] = frozenset()
    complete: bool = True  # False: some alternative is not a string we can know

    @property
    def known(self) -> tuple[str, ...]:
        """The values without unresolved parts, sorted."""
        return tuple(sorted(v for v in self.values if UNKNOWN not in v))

    @property
    def dynamic(self) -> bool:
        return not self.complete or any(UNKNOWN in v for v in self.values)


UNRESOLVED = Resolved(frozenset(), False)
SOME_TEXT = Resolved(frozenset([UNKNOWN]))  # an f-string part that is not known


def literal(value: str) -> Resolved:
    return Resolved(frozenset([value]))


def union(results: Sequence[Resolved]) -> Resolved:
    """Any one of the results (``a if c else b``, a name bound several times)."""
    values: set[str] = set()
    for r in results:
        values |= r.values
    if len(values) > MAX_VALUES:
        return UNRESOLVED
    return Resolved(frozenset(values), all(r.complete for r in results))


def product(parts: Sequence[Resolved]) -> Resolved:
    """The parts one after the other (``+``, f-strings, implicit concatenation)."""
    values = {""}
    complete = True
    for part in parts:
        if not part.values:
            part = Resolved(frozenset([UNKNOWN]), False)
        complete = complete and part.complete
        values = {a + b for a in values for b in part.values}
        if len(values) > MAX_VALUES:
            return UNRESOLVED
    return Resolved(frozenset(_squash(v) for v in values), complete)


def _squash(value: str) -> str:
    while UNKNOWN * 2 in value:
        value = value.replace(UNKNOWN * 2, UNKNOWN)
    return value
