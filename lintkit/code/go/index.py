"""The first pass over a Go file: imports, functions (with their closures),
struct types, and the string constants names stand for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from tree_sitter import Node, Query

from lintkit.code.go.syntax import FUNCTION_TYPES, dotted, text
from lintkit.code.model import ReaderSignature
from lintkit.documents.treesitter import captures, language

_VERSION = re.compile(r"^v\d+$")


@lru_cache(maxsize=4096)  # a project imports the same paths again and again
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
    # (receiver variable, its type) of the method it is or is inside of:
    # `s.helper(...)` in it may call a method of the file
    receiver: tuple[str, str] | None = None
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
    structs: dict[str, Node] = field(default_factory=dict)  # type name -> struct_type
    types: list[str] = field(default_factory=list)  # every named type
    # module-level const/var name -> the expressions assigned to it
    bindings: dict[str, list[Node]] = field(default_factory=dict)
    # function qualname -> its const/var specs and assignments, in source order:
    # read into names (``local``) only for a function whose names are asked for
    local_statements: dict[str, list[Node]] = field(default_factory=dict)
    _local: dict[str, dict[str, list[Node]]] = field(default_factory=dict)
    _resolved: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # every top-level name
    # every call: (node, its dotted name, the function it is in), in source order
    calls: list[tuple[Node, str, FunctionInfo | None]] = field(default_factory=list)
    # every `if` and `switch`, with the function it is in
    conditionals: list[tuple[Node, FunctionInfo | None]] = field(default_factory=list)
    # qualname -> its reader signature (None: not a reader), computed on demand
    signatures: dict[str, ReaderSignature | None] = field(default_factory=dict)

    def local(self, qualname: str) -> dict[str, list[Node]]:
        """Function ``qualname``'s local name -> the expressions assigned to it."""
        found = self._local.get(qualname)
        if found is None:
            found = self._local[qualname] = {}
            for node in self.local_statements.get(qualname, ()):
                if node.type in _ASSIGNMENTS:
                    _assignment(found, node)
                else:
                    _binding(found, node)
        return found

    def resolve(self, name: str) -> str:
        """``ph.Capture`` -> ``github.com/posthog/posthog-go.Capture``; a name whose
        head is no import stays as written."""
        found = self._resolved.get(name)  # every reader asks of every call
        if found is None:
            head, dot, rest = name.partition(".")
            path = self.imports.get(head)
            found = f"{path}{dot}{rest}" if path is not None and dot else name
            self._resolved[name] = found
        return found

    def helper(self, callee: str, caller: FunctionInfo | None) -> str | None:
        """The function of this file a call goes to: ``helper(...)``, or a method of
        the caller's own receiver type (``s.helper(...)``)."""
        if callee in self.functions and "." not in callee:
            return callee
        owner = caller.receiver if caller is not None else None
        if owner is not None:
            head, _, rest = callee.partition(".")
            if head == owner[0] and "." not in rest:
                qualname = f"{owner[1]}.{rest}"
                if qualname in self.functions:
                    return qualname
        return None


def _receiver_variable(node: Node) -> str | None:
    """The name a method calls its receiver by: ``s`` in ``func (s *Service) ...``."""
    receiver = node.child_by_field_name("receiver")
    if receiver is None:
        return None
    for param in receiver.named_children:
        name = param.child_by_field_name("name")
        if name is not None:
            return text(name)
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
_ASSIGNMENTS = ("short_var_declaration", "assignment_statement")
_SPECS = ("const_spec", "var_spec")


@cache
def _query() -> Query:
    # one pattern a kind: tree-sitter runs these a quarter faster than one alternation
    return Query(language("go"), "\n".join(f"({kind}) @node" for kind in _WANTED))


def build_index(root: Node) -> GoIndex:
    index = GoIndex()
    found = captures(_query(), root, "node")
    # source order, an enclosing node before the nodes in it
    found.sort(key=lambda n: (n.start_byte, -n.end_byte))
    scopes: list[tuple[int, FunctionInfo]] = []  # (end byte, function) of enclosing ones
    closures: dict[str, int] = {}
    calls, conditionals = index.calls, index.conditionals
    for node in found:
        start = node.start_byte
        while scopes and scopes[-1][0] <= start:
            scopes.pop()
        current = scopes[-1][1] if scopes else None
        kind = node.type
        if kind == "call_expression":  # the most frequent by far
            callee = dotted(node.child_by_field_name("function"))
            calls.append((node, callee, current))
            if current is not None:
                current.callees.append(callee)
        elif kind in FUNCTION_TYPES:
            info = _function(node, current, closures)
            index.functions.setdefault(info.qualname, info)
            if current is None:
                index.names.append(info.qualname)
            scopes.append((node.end_byte, info))
        elif kind in _CONDITIONALS:
            conditionals.append((node, current))
        elif kind in _ASSIGNMENTS or kind in _SPECS:
            if current is not None:
                index.local_statements.setdefault(current.qualname, []).append(node)
            elif kind in _SPECS:
                index.names.extend(_binding(index.bindings, node))
        elif kind == "import_spec":
            _import(index, node)
        elif kind == "type_spec":
            _type(index, node)
        elif kind == "package_clause":
            name = next((c for c in node.named_children), None)
            index.package = text(name) if name is not None else ""
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
    # a closure's receiver is its outermost function's
    receiver = parent.receiver if parent is not None else None
    if node.type == "func_literal":
        owner = parent.qualname if parent is not None else "glob"
        closures[owner] = closures.get(owner, 0) + 1
        name = f"func{closures[owner]}"  # as Go itself names closures
        return FunctionInfo(node, name, f"{owner}.{name}", None, parent, parameters(node), receiver)
    name_node = node.child_by_field_name("name")
    name = text(name_node) if name_node is not None else ""
    owner_type = receiver_type(node) if node.type == "method_declaration" else None
    qualname = f"{owner_type}.{name}" if owner_type else name
    if parent is None and owner_type is not None:
        variable = _receiver_variable(node)
        receiver = (variable, owner_type) if variable is not None else None
    return FunctionInfo(node, name, qualname, owner_type, parent, parameters(node), receiver)


def _type(index: GoIndex, node: Node) -> None:
    name = node.child_by_field_name("name")
    kind = node.child_by_field_name("type")
    if name is None:
        return
    index.types.append(text(name))
    index.names.append(text(name))
    if kind is not None and kind.type == "struct_type":
        index.structs[text(name)] = kind


def _binding(target: dict[str, list[Node]], node: Node) -> list[str]:
    """Adds what a const or var spec assigns to ``target``; the names it declares."""
    names = [text(n) for n in node.children_by_field_name("name")]
    value = node.child_by_field_name("value")
    values = list(value.named_children) if value is not None else []
    for i, name in enumerate(names):
        if i < len(values) and len(values) == len(names):
            target.setdefault(name, []).append(values[i])
    return names


def _assignment(target: dict[str, list[Node]], node: Node) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return
    names, values = left.named_children, right.named_children
    if len(names) != len(values):
        return
    for name, value in zip(names, values, strict=True):
        if name.type == "identifier":
            target.setdefault(text(name), []).append(value)
