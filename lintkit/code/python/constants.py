"""Which strings an expression can evaluate to, from the code's own constants.

Resolves literals, f-strings, ``+``, ``a if c else b``, and names bound to such
values in the function, its enclosing functions, the class (``self.X``,
``Cls.X``, ``Cls.X.value``) or the module, into a ``Resolved``
(``lintkit.code.values``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst

from lintkit.code.python.names import dotted
from lintkit.code.python.strings import string_value
from lintkit.code.values import (
    MAX_DEPTH,
    SOME_TEXT,
    UNRESOLVED,
    Resolved,
    literal,
    product,
    union,
)

# name -> the values bound to it; None marks a binding that is not a plain value
Bindings = Mapping[str, Sequence[cst.BaseExpression | None]]


@dataclass
class Scope:
    """The bindings visible from some code: innermost first."""

    locals: list[Bindings] = field(default_factory=list)  # function, enclosing functions
    module: Bindings = field(default_factory=dict)
    classes: Bindings = field(default_factory=dict)  # "Cls.NAME" -> values
    class_name: str | None = None  # for self.NAME / cls.NAME
    # names being resolved: `x = x` or `x = x + "!"` refers to itself, which
    # would otherwise branch at every binding until MAX_DEPTH (exponential)
    resolving: set[str] = field(default_factory=set)


def resolve(node: cst.BaseExpression, scope: Scope, depth: int = 0) -> Resolved:
    if depth > MAX_DEPTH:
        return UNRESOLVED
    if isinstance(node, cst.SimpleString):
        value = string_value(node)
        return literal(value) if value is not None else UNRESOLVED
    if isinstance(node, cst.ConcatenatedString):
        # "a" "b" "c" nests a level per part; it is one string (as CPython reads it)
        parts: list[cst.BaseExpression] = []
        rest: cst.BaseExpression = node
        while isinstance(rest, cst.ConcatenatedString):
            parts.append(rest.left)
            rest = rest.right
        parts.append(rest)
        return product([resolve(part, scope, depth + 1) for part in parts])
    if isinstance(node, cst.FormattedString):
        return _fstring(node, scope, depth)
    if isinstance(node, cst.IfExp):
        return union([resolve(node.body, scope, depth + 1), resolve(node.orelse, scope, depth + 1)])
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return product(
            [resolve(node.left, scope, depth + 1), resolve(node.right, scope, depth + 1)]
        )
    if isinstance(node, cst.Name):
        return _name(node.value, scope, depth)
    if isinstance(node, cst.Attribute):
        return _attribute(node, scope, depth)
    return UNRESOLVED


def resolve_values(values: Sequence[cst.BaseExpression | None], scope: Scope) -> Resolved:
    """What a name bound to ``values`` can be."""
    return _bound(values, scope, 0)


def _name(name: str, scope: Scope, depth: int) -> Resolved:
    for table in scope.locals:
        if name in table:
            return _bound_once(name, table[name], scope, depth)
    if name in scope.module:
        return _bound_once(name, scope.module[name], scope, depth)
    return UNRESOLVED


def _attribute(node: cst.Attribute, scope: Scope, depth: int) -> Resolved:
    name = dotted(node)
    if name.endswith(".value"):  # an Enum member's value
        name = name[: -len(".value")]
    head, _, rest = name.partition(".")
    if head in ("self", "cls") and scope.class_name:
        name = f"{scope.class_name}.{rest}"
    if name in scope.classes:
        return _bound_once(name, scope.classes[name], scope, depth)
    return UNRESOLVED


def _bound_once(
    name: str, values: Sequence[cst.BaseExpression | None], scope: Scope, depth: int
) -> Resolved:
    if name in scope.resolving:
        return UNRESOLVED
    scope.resolving.add(name)
    try:
        return _bound(values, scope, depth)
    finally:
        scope.resolving.discard(name)


def _bound(values: Sequence[cst.BaseExpression | None], scope: Scope, depth: int) -> Resolved:
    results = [resolve(v, scope, depth + 1) if v is not None else UNRESOLVED for v in values]
    return union(results) if results else UNRESOLVED


def _fstring(node: cst.FormattedString, scope: Scope, depth: int) -> Resolved:
    parts: list[Resolved] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            parts.append(literal(part.value))
        elif isinstance(part, cst.FormattedStringExpression):
            inner = resolve(part.expression, scope, depth + 1)
            if part.format_spec or part.conversion or not inner.values:
                inner = SOME_TEXT
            parts.append(inner)
    return product(parts)
