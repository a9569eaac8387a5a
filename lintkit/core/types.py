"""Frozen types shared by every part of lintkit: positions, diagnostics, problems.

Positions are 1-based. ``end_line``/``end_column`` point just past the last
character of a span (as SARIF's ``endColumn`` does), so a one-character span at
column 5 has ``end_column == 6``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Location(tuple[str, int, int, int, int]):
    """A span in a file, taken from the parser (never found by searching text).

    ``(path, line, column, end_line, end_column)``, compared and sorted in that
    order. A tuple rather than a dataclass: a project holds hundreds of thousands
    of them, and the cache unpickles a tuple without calling Python code
    (``__reduce__``), which makes loading cached facts about twice as fast.
    """

    __slots__ = ()

    def __new__(
        cls, path: str, line: int, column: int, end_line: int = 0, end_column: int = 0
    ) -> Location:
        if end_line < line or (end_line == line and end_column <= column):
            # An empty or inverted end means "just this point".
            end_line, end_column = line, column + 1
        return tuple.__new__(cls, (path, line, column, end_line, end_column))

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple.__new__, (Location, tuple(self)))

    @property
    def path(self) -> str:  # relative to the project root, "/"-separated
        return self[0]

    @property
    def line(self) -> int:
        return self[1]

    @property
    def column(self) -> int:
        return self[2]

    @property
    def end_line(self) -> int:
        return self[3]

    @property
    def end_column(self) -> int:
        return self[4]

    @classmethod
    def file_start(cls, path: str) -> Location:
        return cls(path, 1, 1)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def __repr__(self) -> str:
        return f"Location{tuple.__repr__(self)}"


@dataclass(frozen=True)
class Related:
    """A secondary location: one step of an offending path, the other workflow..."""

    location: Location
    message: str


@dataclass(frozen=True)
class Problem:
    """Something a loader found while turning a file into IR.

    ``kind`` is what the rules reporting load problems select on: a
    dialect-neutral vocabulary ("syntax", "schema", "condition"), or the code of
    the one rule that reports a dialect's own check ("SF005").
    """

    kind: str
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    help: str = ""
    severity: Severity | None = None  # None: the reporting rule's own


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    help: str = ""  # how to fix, one line
    counterexample: dict[str, Any] | None = None
    # What the finding claims, as data a deeper check can confirm (check --deep):
    # see lintkit.simulation.properties. Not printed; not part of equality.
    subject: Mapping[str, Any] | None = field(default=None, compare=False)
    # Paths of every file this finding depends on (cross-file rules): with file
    # arguments, a finding is reported when any of them was given.
    involves: tuple[str, ...] = ()
    suppressed_by: str | None = field(default=None, compare=False)  # reason text

    @property
    def path(self) -> str:
        return self.location.path

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)


@dataclass(frozen=True)
class InternalError:
    """A crash inside lintkit: reported, exit code 2, the run goes on."""

    message: str
    path: str | None = None
    rule: str | None = None
    detail: str = ""  # the traceback, shown with --verbose
