"""Small readers of tree-sitter-go nodes: names, string literals, identifiers.

None recurses in Python: a chain of selectors or calls is followed in a loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from tree_sitter import Node

# The bytes of the file being read. A tree parsed through a read callback (the
# only way its parse can be bounded in time) gives a node's text by calling that
# callback again, 64 KB at a time: ten times slower than slicing the bytes here.
_SOURCE = [b""]


@contextmanager
def reading(data: bytes) -> Iterator[None]:
    """Nodes' texts come from ``data`` meanwhile (one file at a time per process)."""
    _SOURCE[0] = data
    try:
        yield
    finally:
        _SOURCE[0] = b""


def text(node: Node | None) -> str:
    """The source text of ``node``."""
    if node is None:
        return ""
    return _SOURCE[0][node.start_byte : node.end_byte].decode("utf-8", "replace")


STRING_TYPES = ("interpreted_string_literal", "raw_string_literal")
FUNCTION_TYPES = ("function_declaration", "method_declaration", "func_literal")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "0": "\0"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
MAX_CHAIN = 64  # selectors and calls followed in one dotted name


def string_value(node: Node | None) -> str | None:
    """The value of a string literal; None for anything else."""
    if node is None or node.type not in STRING_TYPES:
        return None
    body = text(node)[1:-1]
    if node.type == "raw_string_literal" or "\\" not in body:
        return body
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


# A chain of names and nothing else between them (no space, comment, call or
# index): its text is its dotted name. Literals' words are not names.
_PLAIN_CHAIN = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
_NOT_NAMES = ("nil", "true", "false", "iota", "_")


def dotted(node: Node | None) -> str:
    """The called name as written: ``s.client.Enqueue``; a call in the chain keeps
    its parentheses (``log.Info().Str().Msg``); "" for anything else."""
    if node is not None and node.type == "selector_expression":
        # most calls' names: read the text once rather than node by node
        written = text(node)
        if _PLAIN_CHAIN.fullmatch(written) and written.partition(".")[0] not in _NOT_NAMES:
            return written
    parts: list[str] = []
    suffix = ""  # "()" when the segment to come is called
    current = node
    for _ in range(MAX_CHAIN):
        if current is None:
            return ""
        kind = current.type
        if kind in _NAMES:
            parts.append(text(current) + suffix)
            return ".".join(reversed(parts))
        if kind == "selector_expression":
            field = current.child_by_field_name("field")
            parts.append((text(field) if field is not None else "") + suffix)
            suffix = ""
            current = current.child_by_field_name("operand")
        elif kind == "call_expression" and parts:
            suffix = "()"
            current = current.child_by_field_name("function")
        elif kind == "parenthesized_expression" and not suffix:
            current = current.named_children[0] if current.named_children else None
        elif kind == "qualified_type":
            package = current.child_by_field_name("package")
            name = current.child_by_field_name("name")
            if package is None or name is None:
                return ""
            return ".".join([text(package), text(name), *reversed(parts)])
        else:
            return ""
    return ""


_NAMES = ("identifier", "package_identifier", "field_identifier", "type_identifier")


def snake(name: str) -> str:
    """A Go name in words for name patterns written for snake_case:
    ``IsEligibleFor`` -> ``Is_Eligible_For``, ``APIKey`` -> ``API_Key``."""
    return _CAMEL.sub("_", name)


def arguments(call: Node) -> list[Node]:
    """The argument expressions of a call_expression."""
    args = call.child_by_field_name("arguments")
    return list(args.named_children) if args is not None else []


def unwrap(node: Node | None) -> Node | None:
    """The expression inside parentheses and ``&``: ``&T{...}`` -> ``T{...}``."""
    for _ in range(MAX_CHAIN):
        if node is None:
            return None
        if node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        elif node.type == "unary_expression" and text(node).startswith("&"):
            node = node.child_by_field_name("operand")
        else:
            return node
    return node


def keyed(literal: Node, key: str) -> Node | None:
    """The value of ``key`` in a composite literal ``T{Key: value}``."""
    body = literal.child_by_field_name("body")
    if body is None:
        return None
    for element in body.named_children:
        if element.type != "keyed_element":
            continue
        found_key, value = element.child_by_field_name("key"), element.child_by_field_name("value")
        if found_key is None or value is None:
            pairs = [c for c in element.named_children]
            if len(pairs) != 2:
                continue
            found_key, value = pairs
        if text(found_key).strip() == key:
            return (
                value.named_children[0]
                if value.type == "literal_element" and value.named_children
                else value
            )
    return None


def statements(block: Node | None) -> list[Node]:
    """The statements of a block (or of a case clause)."""
    if block is None:
        return []
    found: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            found.extend(c for c in child.named_children if c.type != "comment")
        elif child.type != "comment" and child.type.endswith(
            ("_statement", "_declaration", "block")
        ):
            found.append(child)
    return found


def terminates(statement_list: list[Node]) -> bool:
    """The statements end the function or the loop iteration (return, panic, continue,
    break, goto, os.Exit, log.Fatal)."""
    if not statement_list:
        return False
    last = statement_list[-1]
    if last.type in ("return_statement", "continue_statement", "break_statement", "goto_statement"):
        return True
    if last.type == "expression_statement" and last.named_children:
        call = last.named_children[0]
        if call.type == "call_expression":
            name = dotted(call.child_by_field_name("function"))
            return name in (
                "panic",
                "os.Exit",
                "log.Fatal",
                "log.Fatalf",
                "log.Fatalln",
            ) or name.endswith(".Fatal")
    return False
