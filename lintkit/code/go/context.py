"""What the readers of one Go file share: the file, its index, strings, and the
telemetry calls found in it (by position, to ask "does this block record?")."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from tree_sitter import Node

from lintkit.code.go.index import GoIndex
from lintkit.code.go.strings import Strings
from lintkit.code.go.syntax import dotted, text
from lintkit.code.go.telemetry import LEVELS, WARNING, Telemetry
from lintkit.code.settings import FactSettings
from lintkit.core.types import Location
from lintkit.documents.treesitter import Positions, walk

# Calls that stop the program or raise: a fallback behind them is not silent.
_LOUD = ("panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf")
_ERRORS = (
    "fmt.Errorf",
    "errors.New",
    "errors.Wrap",
    "errors.Wrapf",
    "errors.Join",
    "status.Error",
    "status.Errorf",
)


@dataclass
class Context:
    path: str
    positions: Positions
    index: GoIndex
    strings: Strings
    settings: FactSettings
    # every telemetry call, by start byte: (start, end, node, what it is)
    telemetry: list[tuple[int, int, Node, Telemetry]] = field(default_factory=list)
    _call_starts: list[int] | None = None  # of index.calls, for calls_within

    def loc(self, node: Node) -> Location:
        return self.positions.of(node)

    def source(self, node: Node, limit: int = 60) -> str:
        value = " ".join(text(node).split())
        return value if len(value) <= limit else value[: limit - 3] + "..."

    def emits_within(self, node: Node) -> list[tuple[Node, Telemetry]]:
        starts = [t[0] for t in self.telemetry]
        i = bisect_left(starts, node.start_byte)
        found = []
        while i < len(self.telemetry) and self.telemetry[i][0] < node.end_byte:
            if self.telemetry[i][1] <= node.end_byte:
                found.append((self.telemetry[i][2], self.telemetry[i][3]))
            i += 1
        return found

    def calls_within(self, node: Node) -> list[tuple[Node, str]]:
        """The calls in ``node`` (itself included) and their dotted names, in
        source order: from the index, not by walking the subtree."""
        calls = self.index.calls
        if self._call_starts is None:
            self._call_starts = [call.start_byte for call, _, _ in calls]
        start, end = node.start_byte, node.end_byte
        i = bisect_left(self._call_starts, start)
        found = []
        while i < len(calls) and self._call_starts[i] < end:
            call, callee, _ = calls[i]
            if call.end_byte <= end:
                found.append((call, callee))
            i += 1
        return found

    def reporting(self, node: Node) -> Location | None:
        """Where ``node`` makes itself heard: a log at warning or above (or Go's
        unleveled ``log.Print``), another telemetry call, a panic or exit, or an
        error returned."""
        for call, found in self.emits_within(node):
            loud_log = found.stdlib_print or LEVELS.get(found.level or "", 0) >= WARNING
            if not found.is_log or loud_log:
                return self.loc(call)
        for inner in walk(node):
            if inner.type == "call_expression":
                name = dotted(inner.child_by_field_name("function"))
                if name in _LOUD or name.endswith((".Fatal", ".Fatalf", ".Panic", ".Panicf")):
                    return self.loc(inner)
            elif inner.type == "return_statement" and returns_error(inner):
                return self.loc(inner)
        return None


def returns_error(statement: Node) -> bool:
    """A ``return`` whose values include an error: ``err``, ``fmt.Errorf(...)``, ``ErrX``."""
    values = statement.named_children[0].named_children if statement.named_children else []
    for value in values:
        name = (
            dotted(value)
            if value.type != "call_expression"
            else dotted(value.child_by_field_name("function"))
        )
        last = name.rsplit(".", 1)[-1]
        constructs = last in ("Errorf", "Wrap", "Wrapf", "New") and "err" in name.lower()
        if value.type == "call_expression" and (name in _ERRORS or constructs):
            return True
        if value.type in ("identifier", "selector_expression") and (
            last == "err" or last.startswith("Err") or last.endswith("Err")
        ):
            return True
    return False
