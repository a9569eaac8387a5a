"""Tree-sitter parsing for the languages read with it (Go, TypeScript, TSX).

One place owns the grammars, the bounds and the positions, so every reader of
these languages (the code extractors, the ``hogFlow({...})`` reader) gets the
same guarantees on hostile input:

- a parse is bounded in time (``PARSE_SECONDS``, through tree-sitter's progress
  callback) and the caller bounds the size before reading;
- trees are walked with cursors or explicit stacks, never by Python recursion,
  because a tree-sitter tree can be as deep as the input is long;
- positions are ``lintkit.core.types.Location`` (1-based lines, columns counted
  in characters like the other parsers', not tree-sitter's bytes).

Grammars come from the pinned PyPI packages (``tree-sitter-go``,
``tree-sitter-typescript``), never downloaded at run time. Loading this module
imports tree-sitter itself, so import it where a file of these languages is read.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from importlib import import_module
from itertools import accumulate

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from lintkit.core.types import Location
from lintkit.documents.suppressions import Suppression, find_in_comments

# A parse longer than this is given up (a few MB of ordinary code parse in well
# under a second; pathological input can take far longer).
PARSE_SECONDS = 5.0

# Nodes deeper than this are not looked for by a query: tree-sitter's query cursor
# slows down in the square of the depth (10,000 terms `a+a+...` in one function:
# 2 s; 50,000 nested calls: 15 s), and ordinary code stays within a few hundred.
QUERY_DEPTH = 1000

# grammar name -> (package, the function returning its language)
GRAMMARS = {
    "go": ("tree_sitter_go", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
}

_CHUNK = 1 << 16


class ParseTimeout(Exception):
    """The parse took longer than its time limit."""


@cache
def language(grammar: str) -> Language:
    package, function = GRAMMARS[grammar]
    return Language(getattr(import_module(package), function)())


def captures(query: Query, root: Node, name: str) -> list[Node]:
    """The nodes ``query`` captures as ``name`` under ``root``, down to QUERY_DEPTH."""
    cursor = QueryCursor(query)
    cursor.set_max_start_depth(QUERY_DEPTH)
    return cursor.captures(root).get(name, [])


@cache
def _parser(grammar: str) -> Parser:
    return Parser(language(grammar))


def parse(grammar: str, data: bytes, seconds: float = PARSE_SECONDS) -> Tree:
    """The tree of ``data`` in ``grammar``; ParseTimeout past ``seconds``.

    Syntax errors do not raise: tree-sitter recovers, and marks them as ERROR or
    MISSING nodes (``first_error``).
    """
    deadline = time.monotonic() + seconds
    parser = _parser(grammar)
    try:
        return parser.parse(
            lambda offset, _point: data[offset : offset + _CHUNK],
            progress_callback=lambda *_: time.monotonic() > deadline,
        )
    except ValueError as err:  # the binding's word for a cancelled parse
        # A cancelled parser resumes the old parse on its next call, whatever the
        # new input: the next file would get this one's tree.
        parser.reset()
        if time.monotonic() > deadline:
            raise ParseTimeout(f"parsing took longer than {seconds:g} s") from err
        raise


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node under it, in source order, without recursion."""
    cursor = node.walk()
    while True:
        current = cursor.node
        if current is not None:
            yield current
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def first_error(tree: Tree) -> Node | None:
    """The first ERROR or MISSING node of ``tree``, in source order; None: it parsed."""
    if not tree.root_node.has_error:
        return None
    for node in walk(tree.root_node):
        if node.is_error or node.is_missing:
            return node
    return tree.root_node


class Positions:
    """Locations in one file from tree-sitter's byte-based points."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data
        # from the lines' lengths, not a Python loop over every byte (7 s on a 5 MB line)
        lengths = (len(line) + 1 for line in data.split(b"\n"))
        self._line_starts = list(accumulate(lengths, initial=0))[:-1]
        # in ASCII text a byte column is the character column: skip decoding
        self._ascii = data.isascii()

    def column(self, row: int, byte_column: int) -> int:
        """1-based character column of a 0-based (row, byte column) point."""
        if self._ascii:
            return byte_column + 1
        start = self._line_starts[row] if row < len(self._line_starts) else len(self.data)
        return len(self.data[start : start + byte_column].decode("utf-8", "replace")) + 1

    def point(self, offset: int) -> tuple[int, int]:
        """1-based (line, character column) of a byte offset."""
        row = bisect_right(self._line_starts, offset) - 1
        return row + 1, self.column(row, offset - self._line_starts[row])

    def of(self, node: Node) -> Location:
        """The span of ``node``."""
        (row, col), (end_row, end_col) = node.start_point, node.end_point
        return Location(
            self.path,
            row + 1,
            self.column(row, col),
            end_row + 1,
            self.column(end_row, end_col),
        )


def suppressions(tree: Tree, positions: Positions) -> list[Suppression]:
    """The ``// lintkit: ignore[CODE] -- reason`` comments of a parsed file."""
    if b"lintkit:" not in positions.data:
        return []
    data = positions.data
    comments = []
    for node in walk(tree.root_node):
        if node.type == "comment" and b"lintkit:" in (node.text or b""):
            line_start = data.rfind(b"\n", 0, node.start_byte) + 1
            own_line = not data[line_start : node.start_byte].strip()
            location = positions.of(node)
            comments.append((location.line, location.column, text(node), own_line))
    return find_in_comments(positions.path, comments)


def text(node: Node) -> str:
    """The source text of ``node`` (undecodable bytes replaced)."""
    return (node.text or b"").decode("utf-8", "replace")
