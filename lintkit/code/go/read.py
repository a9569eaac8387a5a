"""A Go file -> its code facts and load problems (``GoExtractor.extract``).

It reads nothing but its arguments, so the result can be cached by content hash
and computed in a worker process. The loader has bounded the size already
(``max-file-size``); the parse is bounded in time. A file tree-sitter cannot
parse gets one "go-syntax" problem (GO001) at the first error node, and no facts.
"""

from __future__ import annotations

import re

from tree_sitter import Tree

from lintkit.code.extractor import Extracted
from lintkit.code.go import KIND
from lintkit.code.go.syntax import reading
from lintkit.code.settings import FactSettings
from lintkit.core.types import Location, Problem
from lintkit.documents.parse import decode
from lintkit.documents.treesitter import (
    ParseTimeout,
    Positions,
    first_error,
    parse,
    suppressions,
    text,
)

_SKIPPED = "fix the syntax; until then no code rule checks this file"


# Go 1.26's `new(expr)` (`new(500 * time.Millisecond)`), which tree-sitter-go
# 0.25 reads only with a type inside: such a `new` is read as a call of a
# same-length name instead, so every position stays where it was.
_NEW = re.compile(rb"\bnew\(")
_NEW_CALL = b"nev("
MAX_NEW_CALLS = 64


# Generated code (https://go.dev/s/generatedcode) was written by a tool and
# compiled: an error node in it is the grammar's limit, not the file's
# (tree-sitter-go 0.25 misreads a 300 KB ent schema). Its facts come from the
# recovered tree and GO001 stays silent.
_GENERATED = re.compile(rb"(?m)^// Code generated .* DO NOT EDIT\.$")


def _parse(data: bytes) -> tuple[Tree, bytes]:
    tree = parse("go", data)
    for _ in range(MAX_NEW_CALLS):
        error = first_error(tree)
        if error is None:
            break
        line_start = data.rfind(b"\n", 0, error.start_byte) + 1
        found = _NEW.search(data, line_start, max(error.end_byte, error.start_byte + 1))
        if found is None:
            break
        data = data[: found.start()] + _NEW_CALL + data[found.end() :]
        tree = parse("go", data)
    return tree, data


def extract(path: str, data: bytes, settings: FactSettings) -> Extracted:
    _, problem = decode(path, data)
    if problem is not None:
        return Extracted(
            None, (Problem(KIND, problem.message, problem.location, help=problem.help),)
        )
    try:
        tree, data = _parse(data)
    except ParseTimeout as err:
        message = f"tree-sitter cannot read this file in time: {err}"
        return Extracted(None, (Problem(KIND, message, Location.file_start(path), help=_SKIPPED),))
    positions = Positions(path, data)
    found = tuple(suppressions(tree, positions))
    error = first_error(tree)
    if error is not None and not _GENERATED.search(data[: data.find(b"package")]):
        location = positions.of(error)
        if error.is_missing:
            message = f"syntax error: missing `{error.type}`"
        else:
            snippet = " ".join(text(error).split())[:30]
            message = f"syntax error: unexpected `{snippet}`" if snippet else "syntax error"
        start = Location(path, location.line, location.column)
        return Extracted(None, (Problem(KIND, message, start, help=_SKIPPED),), found)
    from lintkit.code.go.facts import go_facts  # the readers load with the first file

    with reading(data):
        return Extracted(go_facts(path, tree, positions, settings), (), found)
