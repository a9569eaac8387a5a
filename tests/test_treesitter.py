"""The shared tree-sitter layer (lintkit.documents.treesitter): what every Go and
TypeScript reader relies on — character columns, a time bound, deep trees."""

from __future__ import annotations

import pytest

from lintkit.documents.treesitter import (
    ParseTimeout,
    Positions,
    first_error,
    parse,
    suppressions,
    walk,
)


def test_columns_count_characters_not_bytes() -> None:
    data = 'const é = "ü"; const offer = 1;\n'.encode()
    tree = parse("typescript", data)
    offer = next(n for n in walk(tree.root_node) if n.type == "identifier" and n.text == b"offer")
    location = Positions("a.ts", data).of(offer)
    assert (location.line, location.column, location.end_column) == (1, 22, 27)


def test_syntax_error_is_a_node_not_an_exception() -> None:
    tree = parse("go", b"package x\nfunc f( {\n")
    error = first_error(tree)
    assert error is not None and error.start_point[0] >= 1
    assert first_error(parse("go", b"package x\nfunc f() {}\n")) is None


def test_deep_input_walks_without_recursion() -> None:
    depth = 20_000
    tree = parse("typescript", b"const a = " + b"[" * depth + b"]" * depth + b";")
    assert sum(1 for n in walk(tree.root_node) if n.type == "array") == depth


def test_parse_gives_up_past_its_time_limit() -> None:
    depth = 200_000
    with pytest.raises(ParseTimeout):
        parse("typescript", b"const a = " + b"[" * depth + b"]" * depth + b";", seconds=0.001)
    # The next parse reads its own input, not the rest of the cancelled one.
    assert first_error(parse("typescript", b"export function f() { return 1; }\n")) is None


def test_slash_comment_suppressions_cover_their_line_or_the_next() -> None:
    data = (
        b"package x\n"
        b"// lintkit: ignore[CD101] -- the caller records it\n"
        b"func f() {}\n"
        b'var k = "x" // lintkit: ignore[CD203]\n'
        b'var s = "// lintkit: ignore[CD201]"\n'
    )
    found = suppressions(parse("go", data), Positions("x.go", data))
    assert [(s.line, s.column, s.codes, s.reason, s.covers) for s in found] == [
        (2, 1, ("CD101",), "the caller records it", (2, 3)),
        (4, 13, ("CD203",), "", (4,)),
    ]
