"""Splice the edits of several fixes into one text: all of a fix or none of it.

Fixes are taken in order of their first edit; a fix with an edit that overlaps
(or touches the same insertion point as) one already taken waits for the next
pass, when the file has been re-linted with the first fixes in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from lintkit.core.types import Edit
from lintkit.fixes.text import Source

T = TypeVar("T")


def choose(fixes: Sequence[tuple[T, tuple[Edit, ...]]]) -> tuple[list[T], list[T]]:
    """(the fixes applied together, those left for another pass), each fix with its edits."""
    taken: list[Span] = []
    chosen, left = [], []
    for item, edits in sorted(fixes, key=lambda f: min((e.start, e.end) for e in f[1])):
        spans = [(e.start, e.end) for e in edits]
        if any(_overlap(a, b) for a in spans for b in taken) or any(
            _overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :]
        ):
            left.append(item)
            continue
        taken.extend(spans)
        chosen.append(item)
    return chosen, left


Span = tuple[tuple[int, int], tuple[int, int]]


def _overlap(a: Span, b: Span) -> bool:
    # Two insertions at one point, or an insertion inside a replacement, overlap too:
    # their order would be a guess.
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def splice(source: Source, edits: Sequence[Edit]) -> str:
    """``source.text`` with the (non-overlapping) ``edits`` made."""
    text = source.text
    placed = sorted(
        ((source.offset(*e.start), source.offset(*e.end), e.content) for e in edits),
        reverse=True,
    )
    for start, end, content in placed:
        text = text[:start] + content + text[end:]
    return text
