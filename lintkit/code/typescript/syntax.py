"""What a TypeScript/JavaScript expression node says: its dotted name, its string values.

Everything here loops over chains (``a.b.c``, ``"x" + y + "z"``) with explicit
stacks or bounded loops: a tree-sitter tree can be as deep as the input is long.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tree_sitter import Node

from lintkit.code.values import MAX_DEPTH, UNKNOWN, UNRESOLVED, Resolved, literal, product, union

# The bytes of the file being read. ``Node.text`` would read them again through the
# parse's read callback (a 64 KB slice a call: most of the extraction's time), so the
# reader sets them here (``reading``) and ``text`` slices them. One file at a time
# per process, as the loader reads files.
_source = b""


def reading(data: bytes) -> None:
    """Make ``text`` read ``data``: the file whose tree is being read."""
    global _source
    _source = data


def text(node: Node) -> str:
    """The source text of ``node`` in the file being read."""
    return _source[node.start_byte : node.end_byte].decode("utf-8", "replace")


FUNCTIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
# Wrappers that say nothing about a value: `(x)`, `x as T`, `x!`, `x satisfies T`, `await x`.
TRANSPARENT = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
        "type_assertion",
        "await_expression",
    }
)
MAX_CHAIN = 64


def first_named(node: Node) -> Node | None:
    """The first named child (tree-sitter's ``named_child(0)`` raises when there is none)."""
    return node.named_children[0] if node.named_child_count else None


def unwrap(node: Node | None) -> Node | None:
    """The expression inside parentheses, casts, `!` and `await`."""
    for _ in range(MAX_CHAIN):
        if node is None or node.type not in TRANSPARENT:
            return node
        node = node.named_children[-1] if node.type == "type_assertion" else first_named(node)
    return node


# A name or member chain written plainly (`track`, `posthog.capture`, `this.x`): its
# text is its dotted name, with no walk over the chain. `undefined.x`, `null.x`... are
# not names.
_PLAIN_CHAIN = re.compile(
    rb"(?!(?:undefined|null|true|false)\b)[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*"
)
_CHAINS = ("identifier", "member_expression")


def dotted(node: Node | None) -> str:
    """``a.b.c`` for a member chain (``a?.b`` too); ``f().g`` for a call in it;
    ``this.x`` for this; "" for anything else."""
    if node is not None and node.type in _CHAINS:
        written = _source[node.start_byte : node.end_byte]
        if _PLAIN_CHAIN.fullmatch(written):
            return written.decode()
    parts: list[str] = []
    current = unwrap(node)
    for _ in range(MAX_CHAIN):
        if current is None:
            return ""
        kind = current.type
        if kind in ("identifier", "this", "super", "property_identifier"):
            parts.append(text(current))
            return ".".join(reversed(parts))
        if kind == "member_expression":
            prop = current.child_by_field_name("property")
            parts.append(text(prop) if prop is not None else "")
            current = unwrap(current.child_by_field_name("object"))
        elif kind == "call_expression":
            inner = dotted(current.child_by_field_name("function")) if len(parts) < 8 else ""
            if not inner:
                return ""
            parts.append(inner + "()")
            return ".".join(reversed(parts))
        elif kind == "subscript_expression":
            parts.append("[]")
            current = unwrap(current.child_by_field_name("object"))
        elif kind == "meta_property":  # import.meta
            parts.append(text(current))
            return ".".join(reversed(parts))
        else:
            return ""
    return ""


def string_value(node: Node | None) -> str | None:
    """The value of a plain string literal (escapes of quotes and backslashes undone)."""
    node = unwrap(node)
    if node is None or node.type != "string":
        return None
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(text(child))
        elif child.type == "escape_sequence":
            escaped = text(child)
            parts.append(escaped[1:] if len(escaped) == 2 and escaped[1] in "'\"\\`" else escaped)
    return "".join(parts)


# What ``resolve`` may find strings in (``TRANSPARENT`` wrappers are unwrapped first).
_MAY_BE_STRINGS = frozenset(
    {
        "string",
        "template_string",
        "identifier",
        "member_expression",
        "binary_expression",
        "ternary_expression",
    }
)

# A name -> what it may be: module constants, for resolving event names.
Lookup = Callable[[str], Resolved | None]


def resolve(node: Node | None, lookup: Lookup, depth: int = 0) -> Resolved:
    """Every string ``node`` may be: literals, template strings with constant parts,
    ``+`` of strings, ternaries, ``??``/``||`` alternatives, and names ``lookup``
    knows (constants, enum members, ``as const`` object properties)."""
    node = unwrap(node)
    if node is None or depth > MAX_DEPTH:
        return UNRESOLVED
    kind = node.type
    if kind not in _MAY_BE_STRINGS:
        return UNRESOLVED  # most arguments: an object, a function, a call, a number...
    if kind == "string":
        value = string_value(node)
        return literal(value) if value is not None else UNRESOLVED
    if kind == "template_string":
        parts = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(literal(text(child)))
            elif child.type == "escape_sequence":
                parts.append(literal(text(child)[1:]))
            elif child.type == "template_substitution":
                inner = first_named(child)
                found = resolve_flat(inner, lookup, depth + 1)
                parts.append(found if found.values else Resolved(frozenset([UNKNOWN])))
        return product(parts) if parts else literal("")
    return resolve_flat(node, lookup, depth)


def resolve_flat(node: Node | None, lookup: Lookup, depth: int = 0) -> Resolved:
    """``resolve`` for the shapes that chain (``a + b + c``, ``x ? a : b ? c : d``),
    with an explicit stack."""
    node = unwrap(node)
    if node is None:
        return UNRESOLVED
    if node.type in ("identifier", "member_expression"):
        name = dotted(node)
        found = lookup(name) if name else None
        return found if found is not None else UNRESOLVED
    if node.type == "string" or node.type == "template_string":
        return resolve(node, lookup, depth + 1)
    if node.type == "binary_expression" and _operator(node) == "+":
        operands = _flatten(node, "+")
        if len(operands) > MAX_CHAIN:
            return UNRESOLVED
        return product([resolve(o, lookup, depth + 1) for o in operands])
    if node.type == "ternary_expression":
        arms = []
        current: Node | None = node
        for _ in range(MAX_CHAIN):
            current = unwrap(current)
            if current is None or current.type != "ternary_expression":
                break
            arms.append(current.child_by_field_name("consequence"))
            current = current.child_by_field_name("alternative")
        arms.append(current)
        return union([resolve(a, lookup, depth + 1) if a is not None else UNRESOLVED for a in arms])
    return UNRESOLVED


def _operator(node: Node) -> str:
    op = node.child_by_field_name("operator")
    return op.type if op is not None else ""


def _flatten(node: Node, operator: str) -> list[Node]:
    """The operands of a left-nested chain ``a + b + c``, in order."""
    rights: list[Node] = []
    current = node
    while (
        current.type == "binary_expression"
        and _operator(current) == operator
        and len(rights) <= MAX_CHAIN
    ):
        right = current.child_by_field_name("right")
        if right is not None:
            rights.append(right)
        left = current.child_by_field_name("left")
        if left is None:
            break
        current = left
    return [current, *reversed(rights)]


def operator(node: Node) -> str:
    """A binary or unary expression's operator: "&&", "??", "!"..."""
    return _operator(node)
