"""Values lintkit cannot read without running the code they are written in.

A reader of source code (``typescript_literals``) leaves such a value in the
data as an ``Opaque``: what is written there and why it cannot be read. Nothing
guesses its value; ``unreadable`` reports the ones a dialect needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lintkit.core.types import Location, Problem
from lintkit.documents.parse import Document, JsonPath
from lintkit.documents.schema import dotted


@dataclass(frozen=True)
class Opaque:
    """A value lintkit cannot read without running the code: what is written, and why."""

    text: str  # the source, on one line and shortened
    reason: str  # "a function call", "imported from './steps'"
    location: Location

    def __str__(self) -> str:
        return f"<{self.text}>"


def unreadable(doc: Document, needed: Callable[[JsonPath], bool]) -> list[Problem]:
    """An ``Opaque`` value at every place the checks need one: each a problem."""
    found = []
    stack: list[tuple[JsonPath, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Opaque):
            if needed(path):
                found.append(
                    Problem(
                        "unreadable",
                        f"{dotted(path)}: `{value.text}` is {value.reason}; lintkit cannot"
                        " read this value without running the code, and the checks need it",
                        value.location,
                        help="write the value here, or as a const of this file",
                    )
                )
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
    return sorted(found, key=lambda p: p.location)
