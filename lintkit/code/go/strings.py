"""What string an expression can be: literals, constants of the file and of the
function, ``+`` and ``fmt.Sprintf`` (Go's ways of building event names)."""

from __future__ import annotations

import re
from typing import NamedTuple

from tree_sitter import Node

from lintkit.code.go.index import FunctionInfo, GoIndex
from lintkit.code.go.syntax import arguments, dotted, string_value, text

MAX_VALUES = 16  # possible values of one expression
MAX_HOPS = 8  # constants followed to constants
MAX_PARTS = 64  # operands of one `+` chain
_VERB = re.compile(r"%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[vTtbcdoOqxXUeEfFgGsp]|%%")


class Resolved(NamedTuple):
    known: tuple[str, ...]  # every value it can have that is known, sorted
    dynamic: bool  # some value could not be known
    patterns: tuple[str, ...] = ()  # partly known values, "*" for each unknown part
    ref: str | None = None  # `pkg.Name` of another package, imports resolved
    parameters: tuple[str, ...] = ()  # parameters of the function it comes from


_UNKNOWN = Resolved((), True)


class Strings:
    def __init__(self, index: GoIndex) -> None:
        self.index = index
        # Results by (node, function): a name assigned from itself (`x = x + "a"`)
        # is a cycle, and one file's questions stay linear in its size.
        self.memo: dict[tuple[int, str | None], Resolved] = {}

    def resolve(self, node: Node | None, function: FunctionInfo | None, hops: int = 0) -> Resolved:
        if node is None or hops > MAX_HOPS:
            return _UNKNOWN
        key = (node.id, function.qualname if function is not None else None)
        found = self.memo.get(key)
        if found is None:
            self.memo[key] = _UNKNOWN  # while computing it: a cycle is unknown
            found = self.memo[key] = self._resolve(node, function, hops)
        return found

    def _resolve(self, node: Node, function: FunctionInfo | None, hops: int) -> Resolved:
        literal = string_value(node)
        if literal is not None:
            return Resolved((literal,), False)
        kind = node.type
        if kind == "parenthesized_expression" and node.named_children:
            return self.resolve(node.named_children[0], function, hops + 1)
        if kind == "identifier":
            return self._name(text(node), function, hops)
        if kind == "selector_expression":
            name = dotted(node)
            resolved = self.index.resolve(name)
            if resolved != name:
                return Resolved((), True, ref=resolved)
            return _UNKNOWN
        if kind == "binary_expression" and _operator(node) == "+":
            return self._concatenation(node, function, hops)
        if kind == "call_expression":
            callee = self.index.resolve(dotted(node.child_by_field_name("function")))
            if callee == "fmt.Sprintf":
                return self._sprintf(node, function, hops)
            if callee in ("string",) and arguments(node):
                return self.resolve(arguments(node)[0], function, hops + 1)
        return _UNKNOWN

    def _name(self, name: str, function: FunctionInfo | None, hops: int) -> Resolved:
        scope = function
        while scope is not None:
            local = self.index.local(scope.qualname).get(name)
            if local is not None:
                return self.union([self.resolve(v, scope, hops + 1) for v in local])
            if name in scope.parameters:
                return Resolved((), True, parameters=(name,))
            scope = scope.parent
        values = self.index.bindings.get(name)
        if values is not None:
            return self.union([self.resolve(v, None, hops + 1) for v in values])
        return _UNKNOWN

    @staticmethod
    def union(found: list[Resolved]) -> Resolved:
        known = sorted({v for r in found for v in r.known})[:MAX_VALUES]
        patterns = sorted({p for r in found for p in r.patterns})[:MAX_VALUES]
        parameters = tuple(sorted({p for r in found for p in r.parameters}))
        refs = {r.ref for r in found if r.ref}
        dynamic = any(r.dynamic for r in found) or not found
        return Resolved(tuple(known), dynamic, tuple(patterns), next(iter(refs), None), parameters)

    def _concatenation(self, node: Node, function: FunctionInfo | None, hops: int) -> Resolved:
        operands: list[Node] = []
        stack = [node]
        while stack and len(operands) < MAX_PARTS:
            current = stack.pop()
            if current.type == "binary_expression" and _operator(current) == "+":
                left, right = (
                    current.child_by_field_name("left"),
                    current.child_by_field_name("right"),
                )
                stack.extend(n for n in (right, left) if n is not None)
            else:
                operands.append(current)
        if stack:
            return _UNKNOWN
        return self._join([self.resolve(o, function, hops + 1) for o in operands])

    def _sprintf(self, node: Node, function: FunctionInfo | None, hops: int) -> Resolved:
        args = arguments(node)
        if not args:
            return _UNKNOWN
        formats = self.resolve(args[0], function, hops + 1)
        if len(formats.known) != 1 or formats.dynamic:
            return _UNKNOWN
        values = iter(args[1:])
        parts: list[Resolved] = []
        position = 0
        layout = formats.known[0]
        for match in _VERB.finditer(layout):
            parts.append(Resolved((layout[position : match.start()],), False))
            if match.group() == "%%":
                parts.append(Resolved(("%",), False))
            else:
                arg = next(values, None)
                parts.append(self.resolve(arg, function, hops + 1) if arg is not None else _UNKNOWN)
            position = match.end()
        parts.append(Resolved((layout[position:],), False))
        return self._join(parts)

    @staticmethod
    def _join(parts: list[Resolved]) -> Resolved:
        """Values of the parts one after the other; an unknown part is "*" in a pattern."""
        if all(not p.dynamic and p.known for p in parts):
            combos = [""]
            for part in parts:
                combos = [c + v for c in combos for v in part.known][:MAX_VALUES]
            return Resolved(tuple(sorted(set(combos))), False)
        pattern = "".join(p.known[0] if len(p.known) == 1 and not p.dynamic else "*" for p in parts)
        pattern = re.sub(r"\*+", "*", pattern)
        parameters = tuple(sorted({q for p in parts for q in p.parameters}))
        return Resolved((), True, (pattern,) if pattern.strip("*") else (), parameters=parameters)


def _operator(node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return text(operator) if operator is not None else ""
