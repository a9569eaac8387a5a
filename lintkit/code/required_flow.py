"""What every language's required-call walk shares (CD301 facts): the state of a
path and how paths meet, and which functions of a file make a call.

A language walks one function at a time in execution order; the state after a
piece of code is CALLED (the required call was made on every path), the
decisions of a path that did not make it, or None (no path gets here: after a
return, a raise, a panic).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar, Union

from lintkit.code.model import Decision


class _Called:
    def __repr__(self) -> str:
        return "CALLED"


CALLED = _Called()
State = Union[_Called, tuple[Decision, ...], None]  # noqa: UP007 - a runtime alias
MAX_DECISIONS = 8  # decisions kept on a path (the finding shows them)


def join(arms: Sequence[tuple[State, Decision | None]]) -> State:
    """Where paths meet. A path that skipped the required call wins; it gets the
    decision that made it skip, when another arm did make the call."""
    reachable = [(s, d) for s, d in arms if s is not None]
    if not reachable:
        return None
    missed = [(s, d) for s, d in reachable if s is not CALLED]
    if not missed:
        return CALLED
    path, decision = missed[0]
    assert isinstance(path, tuple)
    if decision is not None and len(missed) < len(reachable) and len(path) < MAX_DECISIONS:
        return (*path, decision)
    return path


class _Calling(Protocol):
    @property
    def callees(self) -> list[str]: ...


Info = TypeVar("Info", bound=_Calling)


def helpers_calling(
    functions: Mapping[str, Info],
    helper: Callable[[str, Info], str | None],
    matches: Callable[[str], bool],
) -> set[str]:
    """The file's functions that make a call ``matches`` accepts, themselves or
    through a helper of theirs (``helper``: the file's function a callee names)."""
    found = {q for q, info in functions.items() if any(matches(c) for c in info.callees)}
    changed = True
    while changed:
        changed = False
        for q, info in functions.items():
            if q not in found and any(helper(c, info) in found for c in info.callees):
                found.add(q)
                changed = True
    return found
