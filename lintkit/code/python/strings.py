"""The value of a string literal, as Python would read it."""

from __future__ import annotations

import libcst as cst


def string_value(node: cst.BaseExpression | None) -> str | None:
    """The text of a string literal (``"a"``, ``"a" "b"``); None for anything else.

    libcst parses a literal Python would refuse (``'\\xm3'``, a truncated escape)
    and raises only when asked its value: such a literal has none.
    """
    if not isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return None
    try:
        value = node.evaluated_value
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None
