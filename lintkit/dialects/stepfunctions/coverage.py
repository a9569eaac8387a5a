"""Do a Choice's rules cover every input? Find an input none of them matches.

The rules are IR conditions over attributes (``$.status``), opaque tests and
events. Every attribute gets a small set of candidate values that tells the
comparisons apart: the constants it is compared with, a number between and
beyond each numeric constant, a text equal to none of the texts. A value's kind
is taken from how the rules use it (``BooleanEquals`` true and false cover a
boolean), and a field is only missing when a rule tests for that
(``IsPresent``). Opaque tests and events are free booleans. Every combination
is evaluated; ``UNKNOWN`` when there are too many to try.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lintkit.workflow import conditions as cond

MAX_COMBINATIONS = 20_000
OTHER_TEXT = "\x00other"  # a text no rule names
PRESENT = "\x00present"  # some value, for a field only tested for presence


@dataclass(frozen=True)
class Witness:
    """An input no rule matches: attribute values, opaque tests and events."""

    attributes: dict[str, Any]
    opaque: dict[str, bool]
    events: frozenset[str]
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # attr -> texts compared

    def describe(self, limit: int = 3) -> str:
        parts = []
        for name, value in self.attributes.items():
            if value == OTHER_TEXT:
                named = ", ".join(repr(t) for t in self.texts.get(name, ()))
                parts.append(f"{name} is none of {named}" if named else f"{name} is another text")
            elif value == PRESENT:
                parts.append(f"{name} is present")
            elif value is None:
                parts.append(f"{name} is missing or null")
            elif isinstance(value, bool):
                parts.append(f"{name} is {'true' if value else 'false'}")
            else:
                parts.append(f"{name} is {value!r}")
        for key, value in self.opaque.items():
            parts.append(f"{'' if value else 'not '}{key}")
        for event in sorted(self.events):
            parts.append(f"events.{event} happened")
        shown = parts[:limit]
        return " and ".join(shown) + (" ..." if len(parts) > limit else "")


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def uncovered(exprs: Sequence[cond.Expr]) -> Witness | _Unknown | None:
    """An input none of ``exprs`` holds for; None when they cover every input."""
    candidates, texts = _candidates(exprs)
    opaque = sorted({n.key for e in exprs for n in cond.walk(e) if isinstance(n, cond.Opaque)})
    events = sorted({name for e in exprs for name in cond.events_read(e)})
    total = 2 ** (len(opaque) + len(events))
    for values in candidates.values():
        total *= len(values)
    if total > MAX_COMBINATIONS:
        return UNKNOWN
    names = list(candidates)
    for combo in itertools.product(*(candidates[n] for n in names)):
        attributes = dict(zip(names, combo, strict=True))
        for bits in itertools.product((False, True), repeat=len(opaque) + len(events)):
            truth = dict(zip(opaque, bits[: len(opaque)], strict=True))
            happened = frozenset(e for e, b in zip(events, bits[len(opaque) :], strict=True) if b)
            if not any(cond.evaluate(e, attributes, happened, truth) for e in exprs):
                return Witness(attributes, truth, happened, texts)
    return None


Candidates = dict[str, list[Any]]  # attribute -> values to try


def _candidates(exprs: Sequence[cond.Expr]) -> tuple[Candidates, dict[str, tuple[str, ...]]]:
    constants: dict[str, list[Any]] = {}
    related: set[str] = set()  # compared with another attribute
    truthy: set[str] = set()
    for expr in exprs:
        for node in cond.walk(expr):
            for attr, other in _pairs(node):
                values = constants.setdefault(attr.name, [])
                if isinstance(other, cond.Const):
                    values.append(other.value)
                elif isinstance(other, cond.Attr):
                    related.add(attr.name)
                elif other is None:
                    truthy.add(attr.name)
    candidates: Candidates = {}
    texts: dict[str, tuple[str, ...]] = {}
    for name, values in constants.items():
        found: list[Any] = []
        strings = sorted({v for v in values if isinstance(v, str)})
        numbers = sorted(
            {v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)}
        )
        if strings:
            found += [*strings, OTHER_TEXT]
            texts[name] = tuple(strings)
        if numbers:
            found += _around(numbers)
        if any(isinstance(v, bool) for v in values) or name in truthy:
            found += [True, False]
        if name in related:
            found += [0, 1, 2]
        if None in values:
            found.append(None)
            if len(found) == 1:
                found.append(PRESENT)
        candidates[name] = _unique(found) or [PRESENT]
    return candidates, texts


def _pairs(node: cond.Expr) -> Iterator[tuple[cond.Attr, cond.Operand | None]]:
    if isinstance(node, cond.Compare):
        if isinstance(node.left, cond.Attr):
            yield node.left, node.right
        if isinstance(node.right, cond.Attr):
            yield node.right, node.left
    elif isinstance(node, cond.In) and isinstance(node.left, cond.Attr):
        for value in node.values:
            yield node.left, value
    elif isinstance(node, cond.Truthy) and isinstance(node.operand, cond.Attr):
        yield node.operand, None


def _around(numbers: list[Any]) -> list[Any]:
    """Each number, one between each pair, one below and one above."""
    found = [numbers[0] - 1]
    for low, high in itertools.pairwise(numbers):
        found += [low, (low + high) / 2]
    found += [numbers[-1], numbers[-1] + 1]
    return found


def _unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        # 1 == True in Python: keep both a number and a boolean of the same value
        if not any(value == s and type(value) is type(s) for s in seen):
            seen.append(value)
    return seen
