"""A TypeScript/JavaScript file -> its code facts (``TypeScriptExtractor.extract``).

One walk over the tree (a cursor, no recursion) collects the functions, imports,
constants, calls, environment reads, conditions and JSX links; what needs the whole
module (which function is a reader, which records, which call is required before
another) is decided after it. ``.ts`` files are read with the TypeScript grammar;
``.tsx``, ``.js``, ``.jsx`` with the TSX one, whose JavaScript is a superset of
plain JavaScript and reads JSX in ``.js`` files (common in React projects), so no
separate JavaScript grammar is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from lintkit.code.extractor import Extracted
from lintkit.code.model import ModuleFacts
from lintkit.code.settings import FactSettings
from lintkit.code.typescript import KIND
from lintkit.code.typescript.facts import ModuleReader
from lintkit.code.typescript.module_names import module_name
from lintkit.code.typescript.syntax import reading
from lintkit.core.types import Location, Problem, Severity
from lintkit.documents.treesitter import ParseTimeout, Positions, first_error, parse, suppressions

# A line this long near the start is a bundle or minified file: not source anyone edits.
_MINIFIED_LINE = 5_000
_TYPESCRIPT = (".ts", ".mts", ".cts")
_BARE_AMPERSAND = re.compile(rb"(?<!&)&(?![&=])")


def extract(path: str, data: bytes, settings: FactSettings) -> Extracted:
    if _minified(data):
        return Extracted(empty(path))
    grammar = "typescript" if path.endswith(_TYPESCRIPT) else "tsx"
    try:
        tree = parse(grammar, data)
    except ParseTimeout as err:
        message = f"too complex for lintkit's TypeScript parser: {err}"
        return Extracted(None, (Problem(KIND, message, Location.file_start(path)),))
    if tree.root_node.has_error and grammar == "tsx" and b"&" in data:
        # The JSX grammar takes a bare `&` in text ("Drag & drop") for the start of
        # an entity and loses the rest of the file. `|` is the same length and means
        # as much to what lintkit reads (text, a bitwise or a type operator): read
        # that instead, keeping every position.
        patched = _BARE_AMPERSAND.sub(b"|", data)
        try:
            retried = parse(grammar, patched)
        except ParseTimeout:
            retried = None
        if retried is not None and not retried.root_node.has_error:
            tree = retried
    reading(data)
    positions = Positions(path, data)
    found = tuple(suppressions(tree, positions))
    problems: tuple[Problem, ...] = ()
    error = first_error(tree)
    if error is not None:
        problems = (_syntax(error, positions),)
    facts = ModuleReader(path, grammar, tree.root_node, positions, settings).facts()
    return Extracted(facts, problems, found)


def _minified(data: bytes) -> bool:
    head = data[: _MINIFIED_LINE * 4]
    return max(map(len, _lines(head)), default=0) > _MINIFIED_LINE


def _lines(head: bytes) -> Iterator[bytes]:
    return iter(head.split(b"\n")[:-1] if b"\n" in head else [head])


def _syntax(error: Node, positions: Positions) -> Problem:
    location = positions.of(error)
    what = f"missing {error.type}" if error.is_missing else "syntax error"
    return Problem(
        KIND,
        f"{what}: tree-sitter's TypeScript grammar cannot read this; the code rules read"
        " the rest of the file",
        Location(location.path, location.line, location.column),
        severity=Severity.WARNING,
        help="fix the syntax; if the file is valid, please report it with the construct",
    )


def empty(path: str) -> ModuleFacts:
    """The facts of a file lintkit does not read (a minified bundle)."""
    return ModuleFacts(
        path=path,
        module=module_name(path),
        functions=(),
        classes=(),
        imports=(),
        constants=(),
        calls=(),
        emits=(),
        secret_reads=(),
        eligible_branches=(),
        call_bypasses=(),
    )
