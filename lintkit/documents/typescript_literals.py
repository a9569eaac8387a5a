"""TypeScript values -> plain data with the position of every key and value, statically.

What a definition file (``export default hogFlow({...})``) holds is mostly data
written as an object literal. This reads that data the way ``parse.load_yaml``
reads YAML, into a ``Document`` (its data, and a span per JSON path), without
ever running the code:

- strings, numbers, booleans, ``null``, arrays and objects; template literals
  without ``${...}``; ``undefined`` leaves the key out (as ``JSON.stringify``);
- ``const`` bindings of the same file, through identifiers, shorthand
  properties (``{ to }``), member access (``STEPS.exit``, ``STEPS["exit"]``) and
  spreads (``{ ...base, id }``, ``[...common, last]``);
- ``as const``, ``satisfies T``, ``x!``, ``<T>x`` and parentheses are looked through.

Anything else (a function call, an import from another file, ``let``, a
computed key, a template with substitutions) is an ``Opaque`` value: never a
guess, never a crash. A spread or a computed key that cannot be read makes its
whole object (or array) opaque, since any of its keys may come from it. A value
reached through a binding is located where it is used (``to: EXIT`` points at
``EXIT``), what is inside it where the binding writes it.

The tree is walked with explicit stacks (a tree can be as deep as its input is
long), and the same ``Limits`` as YAML bound depth and size while building, so
a spread or a binding used many times cannot expand without bound either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tree_sitter import Node

from lintkit.core.types import Problem, Related
from lintkit.documents.opaque import Opaque
from lintkit.documents.parse import Document, JsonPath, Limits, Span
from lintkit.documents.treesitter import Positions

# Expressions that only say something to the type checker: read what they wrap.
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
_MEMBERS = ("member_expression", "subscript_expression")
# Bindings followed from one value (a const naming a const naming...); deeper is opaque.
_MAX_HOPS = 32
# Consts one value is built from, nested (`const a = {...b}`, `b` spreading `c`...).
_MAX_BINDINGS = 64
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_WHAT = {
    "call_expression": "a function call",
    "new_expression": "a constructor call",
    "await_expression": "an await",
    "arrow_function": "a function",
    "function_expression": "a function",
    "template_string": "a template with ${...}",
    "binary_expression": "an expression",
    "ternary_expression": "a conditional expression",
    "unary_expression": "an expression",
}


class Module:
    """What one file binds at its top level: ``const`` initializers and imports.

    Only ``const`` is read: a ``let`` or ``var`` may be reassigned before use.
    """

    def __init__(self, root: Node, data: bytes) -> None:
        self.data = data
        self.consts: dict[str, Node] = {}
        self.imports: dict[str, str] = {}  # local name -> the module it comes from
        self.default: Node | None = None  # the expression of `export default`
        self.variables: set[str] = set()  # `let` and `var`: may change before use
        for child in root.named_children:
            statement = child
            if child.type == "export_statement":
                value = child.child_by_field_name("value")
                if value is not None:
                    self.default = value
                    continue
                statement = child.child_by_field_name("declaration") or child
            if statement.type in ("lexical_declaration", "variable_declaration"):
                constant = _keyword(statement) == "const"
                for declarator in statement.named_children:
                    name = declarator.child_by_field_name("name")
                    value = declarator.child_by_field_name("value")
                    if name is None or name.type != "identifier":
                        continue
                    if constant and value is not None:
                        self.consts[self.text(name)] = value
                    elif not constant:
                        self.variables.add(self.text(name))
            elif statement.type == "import_statement":
                self._import(statement)

    def text(self, node: Node) -> str:
        return source_text(self.data, node)

    def _import(self, statement: Node) -> None:
        source = statement.child_by_field_name("source")
        where = string_value(self.data, source) if source is not None else "?"
        for node in statement.named_children:
            if node.type != "import_clause":
                continue
            for part in node.named_children:
                if part.type == "identifier":
                    self.imports[self.text(part)] = where
                elif part.type == "namespace_import":
                    for name in part.named_children:
                        self.imports[self.text(name)] = where
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        local = spec.child_by_field_name("alias") or spec.child_by_field_name(
                            "name"
                        )
                        if local is not None:
                            self.imports[self.text(local)] = where


def _keyword(declaration: Node) -> str:
    first = declaration.child(0)
    return first.type if first is not None else ""


def unwrap(node: Node) -> Node:
    """``node`` without the type-only wrappers around it (``(x as const)!``)."""
    while node.type in _WRAPPERS:
        inner = node.named_children[-1] if node.type == "type_assertion" else node.named_child(0)
        if inner is None:
            break
        node = inner
    return node


def source_text(data: bytes, node: Node) -> str:
    """What ``node`` writes, sliced from the file's bytes: ``Node.text`` reads the
    source again through the parse's read callback (measured: 400 us a node in a
    60 KB file, against 0.5 us)."""
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def string_value(data: bytes, node: Node) -> str:
    """The value of a string or substitution-free template literal."""
    parts = []
    for child in node.named_children:
        if child.type == "escape_sequence":
            parts.append(_escape(source_text(data, child)))
        elif child.type == "string_fragment":
            parts.append(source_text(data, child))
    value = "".join(parts)
    # "\uD83D\uDE00" escapes a character as two surrogates: join them
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _escape(sequence: str) -> str:
    body = sequence[1:]
    if body in _ESCAPES:
        return _ESCAPES[body]
    if body[:1] in ("\n", "\r", "\u2028", "\u2029"):
        return ""  # a line continuation
    try:
        if body.startswith("u{"):
            return chr(int(body[2:-1], 16))
        if body[:1] in ("u", "x") and len(body) > 1:
            return chr(int(body[1:], 16))
    except ValueError:  # out of range: not a character
        return "\ufffd"
    return body  # \' \" \\ and any other character stand for themselves


class Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass
class _Task:
    node: Node
    holder: Any  # the dict or list the value goes into
    key: str | None  # in a dict; None: appended to a list
    parent: JsonPath | None  # None: the document's root
    via: Node | None = None  # the identifier or member access the value was reached by
    expanding: tuple[str, ...] = ()  # bindings being read, to stop at a cycle


class Reader:
    """Reads values of one file into ``Document``s."""

    def __init__(self, positions: Positions, module: Module, limits: Limits | None = None) -> None:
        self.positions = positions
        self.module = module
        self.limits = limits or Limits()
        self.path = positions.path

    def document(self, node: Node) -> tuple[Document, list[Problem]]:
        """The value of ``node`` as a document; a problem when it crossed a limit or
        repeats a key (the document is then partial)."""
        doc = Document(self.path, None)
        root: list[Any] = []
        self._nodes = 0
        self._path_items = 0
        stack = [_Task(node, root, None, None)]
        try:
            while stack:
                self._step(stack.pop(), doc, stack)
        except Stop as stop:
            doc.data = root[0] if root else None
            return doc, [stop.problem]
        doc.data = root[0] if root else None
        return doc, []

    # -- one value ---------------------------------------------------------------
    def _step(self, task: _Task, doc: Document, stack: list[_Task]) -> None:
        node = unwrap(task.node)
        holder = task.holder
        if task.parent is None:
            path: JsonPath = ()
        elif task.key is None:
            path = (*task.parent, len(holder))
        else:
            path = (*task.parent, task.key)
        self._count(node, path)
        kind = node.type
        where = task.via or task.node  # `to: (EXIT as string)` is located at all of it
        if kind in ("identifier", "shorthand_property_identifier") or kind in _MEMBERS:
            target, expanding, reason = self._resolve(node, task.expanding)
            if target is None:
                self._place(task, path, doc, self._opaque(where, reason), where)
            elif target.type == "undefined":
                if task.key is None:  # JSON.stringify writes it as null in a list
                    self._place(task, path, doc, None, where)
            else:
                stack.append(_Task(target, holder, task.key, task.parent, where, expanding))
            return
        if kind == "undefined":
            if task.key is None:
                self._place(task, path, doc, None, where)
            return
        if kind == "object":
            entries, culprit, reason = self._entries(node, task.expanding)
            if entries is None:
                self._place(task, path, doc, self._opaque(culprit, reason), where)
                return
            mapping: dict[str, Any] = {}
            self._place(task, path, doc, mapping, where)
            for key, key_node, value_node, expanding in reversed(entries):
                key_path: JsonPath = (*path, key)
                doc.key_spans[key_path] = self._span(key_node)
                stack.append(_Task(value_node, mapping, key, path, None, expanding))
            return
        if kind == "array":
            items, culprit, reason = self._items(node, task.expanding)
            if items is None:
                self._place(task, path, doc, self._opaque(culprit, reason), where)
                return
            sequence: list[Any] = []
            self._place(task, path, doc, sequence, where)
            for item, expanding in reversed(items):
                stack.append(_Task(item, sequence, None, path, None, expanding))
            return
        value = self._scalar(node)
        if isinstance(value, Opaque) and task.via is not None:  # say so where it is used
            reason = f"{value.reason} (`{value.text}`)"
            value = Opaque(self._source(task.via), reason, self.positions.of(task.via))
        self._place(task, path, doc, value, where)

    def _scalar(self, node: Node) -> Any:
        kind = node.type
        if kind == "string" or (
            kind == "template_string"
            and not any(c.type == "template_substitution" for c in node.named_children)
        ):
            return string_value(self.module.data, node)
        if kind == "number":
            return self._number(node)
        if kind in ("true", "false"):
            return kind == "true"
        if kind == "null":
            return None
        if kind == "unary_expression" and node.child(0) is not None:
            operator = node.child(0).type
            argument = node.child_by_field_name("argument")
            if (
                operator in ("-", "+")
                and argument is not None
                and unwrap(argument).type == "number"
            ):
                value = self._number(unwrap(argument))
                if isinstance(value, (int, float)):
                    return -value if operator == "-" else value
        return self._opaque(node, what(node))

    def _number(self, node: Node) -> Any:
        written = self.module.text(node).replace("_", "")
        try:
            if written.endswith("n"):  # a BigInt
                return int(written[:-1], 0)
            if written[:2].lower() in ("0x", "0o", "0b"):
                return int(written, 0)
            if written.isdigit():
                if len(written) > 1 and written.startswith("0"):
                    return self._opaque(node, "a legacy octal number")
                return int(written)
            return float(written)
        except ValueError as err:
            if "digits" in str(err):  # Python's limit on reading an integer
                raise Stop(
                    Problem(
                        "syntax",
                        f"an integer of {len(written):,} digits; lintkit reads at most 4,300",
                        self.positions.of(node),
                    )
                ) from None
            return self._opaque(node, "a number lintkit does not read")

    # -- containers ----------------------------------------------------------------
    def _entries(
        self, node: Node, expanding: tuple[str, ...]
    ) -> tuple[list[tuple[str, Node, Node, tuple[str, ...]]] | None, Node, str]:
        """An object's (key, key node, value node, bindings) in order, its spreads
        inlined; else None, the spread or key that cannot be read, and what it is."""
        # a later key overrides an earlier one in its place, as in JavaScript
        found: dict[str, tuple[str, Node, Node, tuple[str, ...]]] = {}
        written: dict[str, Node] = {}  # keys written in this literal itself
        pending = [(iter(node.named_children), expanding, True)]
        while pending:
            children, bound, direct = pending[-1]
            child = next(children, None)
            if child is None:
                pending.pop()
                continue
            self._nodes += 1
            self._budget(child)
            kind = child.type
            if kind == "spread_element":
                argument = child.named_child(0)
                target, inner, reason = (
                    self._resolve(argument, bound) if argument else (None, bound, "")
                )
                if target is None or target.type != "object":
                    return None, child, _spread(target, reason, "an object")
                pending.append((iter(target.named_children), inner, False))
                continue
            if kind == "pair":
                key_node = child.child_by_field_name("key")
                value = child.child_by_field_name("value")
            elif kind == "shorthand_property_identifier":
                key_node = value = child
            elif kind == "method_definition":
                key_node = child.child_by_field_name("name")
                value = child
            else:
                continue  # a comment
            if key_node is None or value is None:
                continue
            key = self._key(key_node)
            if key is None:
                return None, key_node, "a computed key"
            if direct:
                first = written.get(key)
                if first is not None:
                    raise Stop(
                        Problem(
                            "syntax",
                            f"duplicate key '{key}' (first defined at line"
                            f" {first.start_point[0] + 1}); only the last one counts",
                            self.positions.of(key_node),
                            (Related(self.positions.of(first), f"first '{key}'"),),
                            help="remove or rename one of the two keys",
                        )
                    )
                written[key] = key_node
            found[key] = (key, key_node, value, bound)
        return list(found.values()), node, ""

    def _items(
        self, node: Node, expanding: tuple[str, ...]
    ) -> tuple[list[tuple[Node, tuple[str, ...]]] | None, Node, str]:
        """An array's items and their bindings, its spreads inlined (as ``_entries``)."""
        found: list[tuple[Node, tuple[str, ...]]] = []
        pending = [(iter(node.named_children), expanding)]
        while pending:
            children, bound = pending[-1]
            child = next(children, None)
            if child is None:
                pending.pop()
                continue
            self._nodes += 1
            self._budget(child)
            if child.type == "comment":
                continue
            if child.type == "spread_element":
                argument = child.named_child(0)
                target, inner, reason = (
                    self._resolve(argument, bound) if argument else (None, bound, "")
                )
                if target is None or target.type != "array":
                    return None, child, _spread(target, reason, "an array")
                pending.append((iter(target.named_children), inner))
                continue
            found.append((child, bound))
        return found, node, ""

    def _key(self, node: Node) -> str | None:
        if node.type in ("property_identifier", "shorthand_property_identifier"):
            return self.module.text(node)
        if node.type == "string":
            return string_value(self.module.data, node)
        if node.type == "number":
            value = self._number(node)
            return None if isinstance(value, Opaque) else str(value)
        return None  # computed, or a private name

    # -- bindings --------------------------------------------------------------------
    def _resolve(
        self, node: Node, expanding: tuple[str, ...]
    ) -> tuple[Node | None, tuple[str, ...], str]:
        """The literal an identifier or member access stands for (through ``const``s
        of this file), with the bindings read on the way; None and why if none."""
        hops = 0
        while True:
            node = unwrap(node)
            hops += 1
            if hops > _MAX_HOPS:
                return None, expanding, f"a name reached through more than {_MAX_HOPS} bindings"
            if node.type in _MEMBERS:
                found, expanding, reason = self._member(node, expanding)
                if found is None:
                    return None, expanding, reason
                node = found
                continue
            if node.type not in ("identifier", "shorthand_property_identifier"):
                return node, expanding, ""
            name = self.module.text(node)
            if name in expanding:
                return None, expanding, "a const defined by itself"
            if name in self.module.consts:
                if len(expanding) >= _MAX_BINDINGS:  # and keeps `name in expanding` cheap
                    return None, expanding, f"a value built from over {_MAX_BINDINGS} consts"
                node = self.module.consts[name]
                expanding = (*expanding, name)
                continue
            if name in self.module.imports:
                return None, expanding, f"a name imported from '{self.module.imports[name]}'"
            if name in self.module.variables:
                return None, expanding, "a `let` or `var`, which may change before it is used"
            return None, expanding, "a name that is not a const of this file"

    def _member(
        self, node: Node, expanding: tuple[str, ...]
    ) -> tuple[Node | None, tuple[str, ...], str]:
        """``a.b["c"]``: the value node the chain names in const object literals."""
        names: list[str] = []
        while node.type in _MEMBERS:
            if len(names) >= _MAX_HOPS:
                return None, expanding, f"a member chain over {_MAX_HOPS} long"
            if node.type == "member_expression":
                field = node.child_by_field_name("property")
                if field is None or field.type != "property_identifier":
                    return None, expanding, "a member lintkit cannot name"
                names.append(self.module.text(field))
            else:
                index = node.child_by_field_name("index")
                index = unwrap(index) if index is not None else None
                if index is None or index.type not in ("string", "number"):
                    return None, expanding, "an index computed at run time"
                if index.type == "string":
                    names.append(string_value(self.module.data, index))
                else:
                    names.append(self.module.text(index))
            target = node.child_by_field_name("object")
            if target is None:
                return None, expanding, "a member lintkit cannot name"
            node = unwrap(target)
        current: Node | None = node
        for name in reversed(names):
            assert current is not None
            found, expanding, reason = self._resolve(current, expanding)
            if found is None:
                return None, expanding, reason
            value: Node | None = None
            if found.type == "object":
                entries, _, reason = self._entries(found, expanding)
                for key, _, entry_value, bound in entries or ():
                    if key == name:
                        value, expanding = entry_value, bound
                if entries is None:
                    return None, expanding, reason
            elif found.type == "array" and name.isdigit():
                items, _, reason = self._items(found, expanding)
                if items is None:
                    return None, expanding, reason
                if int(name) < len(items):
                    value, expanding = items[int(name)]
            if value is None:
                return None, expanding, f"a member `{name}` the value does not have"
            current = value
        return current, expanding, ""

    # -- placing, positions and limits ----------------------------------------------
    def _place(self, task: _Task, path: JsonPath, doc: Document, value: Any, where: Node) -> None:
        if task.key is None:
            task.holder.append(value)
        else:
            task.holder[task.key] = value
        doc.spans[path] = self._span(where)

    def _opaque(self, node: Node, reason: str) -> Opaque:
        return Opaque(self._source(node), reason, self.positions.of(node))

    def _source(self, node: Node) -> str:
        """The start of what ``node`` writes, on one line (never the whole of a huge node)."""
        head = self.positions.data[node.start_byte : min(node.end_byte, node.start_byte + 240)]
        return _short(head.decode("utf-8", "replace"))

    def _span(self, node: Node) -> Span:
        location = self.positions.of(node)
        return (location.line, location.column, location.end_line, location.end_column)

    def _count(self, node: Node, path: JsonPath) -> None:
        self._nodes += 1
        self._path_items += len(path)
        if len(path) > self.limits.max_depth:
            raise Stop(
                Problem(
                    "syntax",
                    f"nesting deeper than {self.limits.max_depth} levels; not read",
                    self.positions.of(node),
                    help="a workflow never needs this depth: flatten the structure",
                )
            )
        self._budget(node)

    def _budget(self, node: Node) -> None:
        if self._nodes > self.limits.max_nodes or self._path_items > self.limits.max_path_items:
            raise Stop(
                Problem(
                    "syntax",
                    f"the value has more than {self.limits.max_nodes:,} keys, values and"
                    " lists (counting what spreads and bindings repeat); not read",
                    self.positions.of(node),
                    help="a workflow never needs this many: split the file",
                )
            )


def what(node: Node) -> str:
    """What a node that is no literal is, in words: "a function call"."""
    return _WHAT.get(node.type, f"a {node.type.replace('_', ' ')}")


def _spread(target: Node | None, reason: str, expected: str) -> str:
    """Why a spread cannot be read: what it spreads is unknown, or not ``expected``."""
    if target is None:
        return f"a spread of {reason}"
    return f"a spread of {what(target)}, not {expected} literal"


def _short(source: str, width: int = 60) -> str:
    line = " ".join(source.split())
    return line if len(line) <= width else line[: width - 3] + "..."
