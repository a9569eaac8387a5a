"""A fast read-only walk over a libcst tree.

libcst's own visitors rebuild every node they pass (``_visit_and_replace_children``),
which costs as much as the position pass. Facts only read the tree, so this
walk reads the dataclass fields that hold code, in declaration order (which is
source order for everything the extractors look at), and skips the fields that
hold only whitespace and punctuation. It is iterative: no recursion limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence

import libcst as cst

_PUNCTUATION = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "comma",
        "semicolon",
        "dot",
        "equal",
        "colon",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "trailing_whitespace",
        "newline",
        "operator",
        "asynchronous",
        "star_tok",
        "default_comma",
    }
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(cls)
            if f.name not in _PUNCTUATION and not f.name.startswith("whitespace")
        )
        _FIELDS[cls] = names
    return names


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The node's children that may hold code, in source order."""
    found: list[cst.CSTNode] = []
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            found.extend(v for v in value if isinstance(v, cst.CSTNode))
    return found


_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def walk(nodes: Sequence[cst.CSTNode], *, into_scopes: bool = False) -> Iterator[cst.CSTNode]:
    """Every node under ``nodes`` in source order; by default not entering nested
    functions, classes or lambdas (their code does not run here)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        if not into_scopes and isinstance(node, _SCOPES):
            continue
        stack.extend(reversed(children(node)))


class Visitor:
    """Calls ``visit_<NodeType>(node)`` and ``leave_<NodeType>(node)`` for every
    node, keeping ``self.stack`` (the node and its ancestors, outermost first)."""

    def __init__(self) -> None:
        self.stack: list[cst.CSTNode] = []
        self._handlers: dict[type, tuple[Callable[..., object] | None, ...]] = {}

    def _handler(self, cls: type) -> tuple[Callable[..., object] | None, ...]:
        found = self._handlers.get(cls)
        if found is None:
            found = (
                getattr(self, f"visit_{cls.__name__}", None),
                getattr(self, f"leave_{cls.__name__}", None),
            )
            self._handlers[cls] = found
        return found

    def run(self, root: cst.CSTNode) -> None:
        todo: list[tuple[cst.CSTNode, bool]] = [(root, False)]
        stack = self.stack
        while todo:
            node, leaving = todo.pop()
            visit, leave = self._handler(type(node))
            if leaving:
                if leave is not None:
                    leave(node)
                stack.pop()
                continue
            stack.append(node)
            if visit is not None:
                visit(node)
            todo.append((node, True))
            todo.extend((child, False) for child in reversed(children(node)))
