"""The first pass over a Go file: imports, functions (with their closures),
struct types, and the string constants names stand for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tree_sitter import Node, Query, QueryCursor

from lintkit.code.go.syntax import FUNCTION_TYPES, dotted, text
from lintkit.code.model import ReaderSignature
from lintkit.documents.treesitter import language

_VERSION = re.compile(r"^v\d+$")


def import_name(path: str) -> str:
    """The name a Go import path is used by without an alias: its package's usual
    name (``github.com/posthog/posthog-go`` -> ``posthog``,
    ``gopkg.in/segmentio/analytics-go.v3`` -> ``analytics``,
    ``.../stripe-go/v76`` -> ``stripe``)."""
    parts = [p for p in path.split("/") if p]
    if len(parts) > 1 and _VERSION.match(parts[-1]):
        parts.pop()
    last = parts[-1] if parts else path
    last = re.sub(r"\.v\d+$", "", last)
    last = re.sub(r"^go-|[-.]go$", "", last)
    return last.replace("-", "").replace(".", "")


@dataclass
class FunctionInfo:
    node: Node
    name: str
    qualname: str
    class_name: str | None
    parent: FunctionInfo | None
    parameters: tuple[str, ...]
    # names called in its own body (not in its closures), as written
    callees: list[str] = field(default_factory=list)

    @property
    def body(self) -> Node | None:
        return self.node.child_by_field_name("body")


@dataclass
class GoIndex:
    package: str = ""
    imports: dict[str, str] = field(default_factory=dict)  # local name -> import path
    dot_imports: list[str] = field(default_factory=list)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)  # by qualname
    by_node: dict[int, FunctionInfo] = field(default_factory=dict)  # by node id
    structs: dict[str, Node] = field(default_factory=dict)  # type name -> struct_type
    types: list[str] = field(default_factory=list)  # every named type
    # module-level const/var name -> the expressions assigned to it
    bindings: dict[str, list[Node]] = field(default_factory=dict)
    # function qualname -> local name -> the expressions assigned to it
    local_bindings: dict[str, dict[str, list[Node]]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # every top-level name
    # every call: (node, its dotted name, the function it is in), in source order
    calls: list[tuple[Node, str, FunctionInfo | None]] = field(default_factory=list)
    # every `if` and `switch`, with the function it is in
    conditionals: list[tuple[Node, FunctionInfo | None]] = field(default_factory=list)
    # qualname -> its reader signature (None: not a reader), computed on demand
    signatures: dict[str, ReaderSignature | None] = field(default_factory=dict)

    def resolve(self, name: str) -> str:
        """``ph.Capture`` -> ``github.com/posthog/posthog-go.Capture``; a name whose
        head is no import stays as written."""
        head, dot, rest = name.partition(".")
        path = self.imports.get(head)
        return f"{path}{dot}{rest}" if path is not None and dot else name

    def helper(self, callee: str, caller: FunctionInfo | None) -> str | None:
        """The function of this file a call goes to: ``helper(...)``, or a method of
        the caller's own receiver type (``s.helper(...)``)."""
        if callee in self.functions and "." not in callee:
            return callee
        head, _, rest = callee.partition(".")
        if caller is not None and "." not in rest:
            owner = _receiver_owner(caller)
            if owner is not None and head == owner[0]:
                qualname = f"{owner[1]}.{rest}"
                if qualname in self.functions:
                    return qualname
        return None


def _receiver_owner(info: FunctionInfo) -> tuple[str, str] | None:
    """(receiver variable, its type) of the method a function is or is inside of."""
    current: FunctionInfo | None = info
    while current is not None and current.parent is not None:
        current = current.parent
    if current is None or current.class_name is None:
        return None
    receiver = current.node.child_by_field_name("receiver")
    if receiver is None:
        return None
    for param in receiver.named_children:
        name = param.child_by_field_name("name")
        if name is not None:
            return text(name), current.class_name
    return None


def parameters(node: Node) -> tuple[str, ...]:
    params = node.child_by_field_name("parameters")
    if params is None:
        return ()
    names = []
    for param in params.named_children:
        for child in param.children_by_field_name("name"):
            names.append(text(child))
    return tuple(names)


def receiver_type(node: Node) -> str | None:
    receiver = node.child_by_field_name("receiver")
    if receiver is None:
        return None
    for param in receiver.named_children:
        kind = param.child_by_field_name("type")
        for _ in range(4):
            if kind is None:
                return None
            if kind.type == "pointer_type":
                kind = kind.named_children[0] if kind.named_children else None
            elif kind.type == "generic_type":
                kind = kind.child_by_field_name("type")
            else:
                return text(kind)
    return None


# The node types the readers need, found by one query (in C) rather than by
# visiting every node of the tree in Python: most nodes are punctuation.
_WANTED = (
    "package_clause",
    "import_spec",
    "function_declaration",
    "method_declaration",
    "func_literal",
    "call_expression",
    "type_spec",
    "const_spec",
    "var_spec",
    "short_var_declaration",
    "assignment_statement",
    "if_statement",
    "expression_switch_statement",
)
_CONDITIONALS = ("if_statement", "expression_switch_statement")


@cache
def _query() -> Query:
    return Query(language("go"), "[" + " ".join(f"({kind})" for kind in _WANTED) + "] @node")


def build_index(root: Node) -> GoIndex:
    index = GoIndex()
    found = QueryCursor(_query()).captures(root).get("node", [])
    # source order, an enclosing node before the nodes in it
    found.sort(key=lambda n: (n.start_byte, -n.end_byte))
    scopes: list[tuple[int, FunctionInfo]] = []  # (end byte, function) of enclosing ones
    closures: dict[str, int] = {}
    for node in found:
        while scopes and scopes[-1][0] <= node.start_byte:
            scopes.pop()
        current = scopes[-1][1] if scopes else None
        kind = node.type
        if kind == "package_clause":
            name = next((c for c in node.named_children), None)
            index.package = text(name) if name is not None else ""
        elif kind == "import_spec":
            _import(index, node)
        elif kind in FUNCTION_TYPES:
            info = _function(node, current, closures)
            index.functions.setdefault(info.qualname, info)
            index.by_node[node.id] = info
            if current is None:
                index.names.append(info.qualname)
            scopes.append((node.end_byte, info))
        elif kind == "call_expression":
            callee = dotted(node.child_by_field_name("function"))
            index.calls.append((node, callee, current))
            if current is not None:
                current.callees.append(callee)
        elif kind in _CONDITIONALS:
            index.conditionals.append((node, current))
        elif kind == "type_spec":
            _type(index, node)
        elif kind in ("const_spec", "var_spec"):
            _binding(index, node, current)
        elif current is not None:  # short_var_declaration, assignment_statement
            _assignment(index, node, current)
    return index


def _import(index: GoIndex, node: Node) -> None:
    path_node = node.child_by_field_name("path")
    if path_node is None:
        return
    path = text(path_node).strip('"`')
    alias = node.child_by_field_name("name")
    name = text(alias) if alias is not None else import_name(path)
    if name == ".":
        index.dot_imports.append(path)
    elif name != "_":
        index.imports[name] = path


def _function(node: Node, parent: FunctionInfo | None, closures: dict[str, int]) -> FunctionInfo:
    if node.type == "func_literal":
        owner = parent.qualname if parent is not None else "glob"
        closures[owner] = closures.get(owner, 0) + 1
        name = f"func{closures[owner]}"  # as Go itself names closures
        return FunctionInfo(node, name, f"{owner}.{name}", None, parent, parameters(node))
    name_node = node.child_by_field_name("name")
    name = text(name_node) if name_node is not None else ""
    owner_type = receiver_type(node) if node.type == "method_declaration" else None
    qualname = f"{owner_type}.{name}" if owner_type else name
    return FunctionInfo(node, name, qualname, owner_type, parent, parameters(node))


def _type(index: GoIndex, node: Node) -> None:
    name = node.child_by_field_name("name")
    kind = node.child_by_field_name("type")
    if name is None:
        return
    index.types.append(text(name))
    index.names.append(text(name))
    if kind is not None and kind.type == "struct_type":
        index.structs[text(name)] = kind


def _binding(index: GoIndex, node: Node, current: FunctionInfo | None) -> None:
    names = [text(n) for n in node.children_by_field_name("name")]
    value = node.child_by_field_name("value")
    values = list(value.named_children) if value is not None else []
    target = (
        index.bindings if current is None else index.local_bindings.setdefault(current.qualname, {})
    )
    for i, name in enumerate(names):
        if current is None:
            index.names.append(name)
        if i < len(values) and len(values) == len(names):
            target.setdefault(name, []).append(values[i])


def _assignment(index: GoIndex, node: Node, current: FunctionInfo) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return
    names, values = left.named_children, right.named_children
    if len(names) != len(values):
        return
    target = index.local_bindings.setdefault(current.qualname, {})
    for name, value in zip(names, values, strict=True):
        if name.type == "identifier":
            target.setdefault(text(name), []).append(value)
