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
    fix: Fix | None = None  # passed on to the diagnostic


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
    # How to fix it mechanically (see Fix below); not part of equality.
    fix: Fix | None = field(default=None, compare=False)

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


# -- fixes ----------------------------------------------------------------------
# A rule attaches a ``Fix`` to a diagnostic (``Rule.diagnostic(..., fix=...)``):
# ``check --fix`` applies the safe ones, ``--unsafe-fixes`` the others too, ``--diff``
# shows them. Its changes are splices at spans the parser gave: an ``Edit`` replaces
# text between two positions (``scalar``: a value, quoted as the scalar it replaces);
# ``AddKey``/``AddItem``/``DropComment`` say what to add or delete next to a location
# the IR knows, and lintkit.fixes.resolve turns them into edits against the parsed
# file (rules never see a parser).


class Applicability(str, enum.Enum):
    SAFE = "safe"  # applied by --fix: keeps what the author evidently meant
    UNSAFE = "unsafe"  # only with --unsafe-fixes: changes who gets what; review it


@dataclass(frozen=True)
class Edit:
    """Replace ``line:column`` up to (not including) ``end_line:end_column`` by ``content``.

    Positions are 1-based characters, as ``Location``; an insertion has its end
    equal to its start (which ``Location`` cannot express).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    content: str
    scalar: bool = False  # content is a value: quote it as the replaced scalar is quoted
    was: str | None = None  # scalar: the value written there (checked before replacing it)

    @classmethod
    def replace(cls, location: Location, content: str) -> Edit:
        return cls(location.path, *location[1:], content)

    @classmethod
    def value(cls, location: Location, value: str, was: str | None = None) -> Edit:
        """Replace the scalar at ``location`` (``was``, when given) by ``value``, in the
        same quoting."""
        return cls(location.path, *location[1:], value, scalar=True, was=was)

    @classmethod
    def insert(cls, path: str, line: int, column: int, content: str) -> Edit:
        return cls(path, line, column, line, column, content)

    @property
    def start(self) -> tuple[int, int]:
        return (self.line, self.column)

    @property
    def end(self) -> tuple[int, int]:
        return (self.end_line, self.end_column)


@dataclass(frozen=True)
class AddKey:
    """Add ``key: value`` to the mapping holding the value written at ``sibling``,
    right after that value.

    ``value`` is a string or a list of strings, written in the file's syntax
    (a YAML plain or flow value, JSON in a JSON file).
    """

    sibling: Location
    key: str
    value: str | tuple[str, ...]

    @property
    def path(self) -> str:
        return self.sibling.path


@dataclass(frozen=True)
class AddItem:
    """Append ``value`` after the list item written at ``item`` (flow or block list)."""

    item: Location
    value: str

    @property
    def path(self) -> str:
        return self.item.path


@dataclass(frozen=True)
class DropComment:
    """Delete the comment whose ``#`` is at ``line:column``, with the space before it;
    the whole line when the comment is alone on it."""

    path: str
    line: int
    column: int


Change = Edit | AddKey | AddItem | DropComment


@dataclass(frozen=True)
class Fix:
    """What applying the fix does (one line, shown with the finding) and its changes,
    applied all together or not at all."""

    message: str
    changes: tuple[Change, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.path for c in self.changes))

    @classmethod
    def value(
        cls,
        location: Location,
        old: str,
        new: str,
        applicability: Applicability = Applicability.SAFE,
    ) -> Fix:
        """Write ``new`` where ``old`` is written (a did-you-mean)."""
        return cls(
            f"replace {old!r} with {new!r}", (Edit.value(location, new, old),), applicability
        )
