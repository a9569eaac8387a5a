"""Functions of a TypeScript/JavaScript module: their names, as a reader would say
them, and how a framework calls them.

A function declaration, a method and an arrow function or function expression
bound to a name (``const Panel = () => ...``, ``const onCancel =
useCallback(async () => ..., [])``, ``{ cancel: async () => ... }``, ``export
default function``) are functions; so is a callback a router registers
(``router.post("/cancel", async (req, res) => ...)``), named for its route. Other
callbacks (``onClick={() => ...}``, ``items.map(x => ...)``) belong to the
function they are written in: a React component and its handlers are one unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from lintkit.code.typescript.syntax import first_named, string_value, text, unwrap

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_ROUTER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "all", "head", "options"})
# Next.js: app/**/route.ts (route handlers) and pages/api/** (API routes)
_APP_ROUTE = re.compile(r"(^|/)app/(.+/)?route\.[mc]?[jt]sx?$")
_PAGES_API = re.compile(r"(^|/)pages/api/")
_ENTRY_WORDS = ("webhook", "handler", "callback", "endpoint", "route", "listener", "consumer")
# Wrappers a function is bound through without being called: `memo(Panel)`,
# `useCallback(fn, deps)`, `forwardRef(...)`, `withAuth(handler)`.
_WRAPPED = 4


@dataclass
class Scope:
    """A named function while the module is walked."""

    node: Node
    name: str
    qualname: str
    class_name: str | None
    parent: Scope | None
    parameters: tuple[str, ...]
    is_async: bool
    exported: bool
    entry: str | None = None
    calls: list[str] = field(default_factory=list)  # callees, as written
    emits: int = 0  # telemetry calls in it (nested callbacks included)


@dataclass
class Call:
    """A call while the module is walked."""

    node: Node
    callee: str  # as written: "posthog.capture"
    resolved: str  # imports resolved: "posthog-js.default.capture"
    scope: Scope | None


def function_name(node: Node) -> tuple[str | None, bool]:
    """(the name a function node is known by, whether it is exported); None: anonymous."""
    if node.type == "method_definition":
        name = node.child_by_field_name("name")
        return (text(name) if name is not None else None), False
    name = node.child_by_field_name("name")
    if name is not None and node.type in ("function_declaration", "generator_function_declaration"):
        return text(name), _exported(node)
    current = node
    for _ in range(_WRAPPED):
        parent = current.parent
        if parent is None:
            return None, False
        kind = parent.type
        if kind in ("parenthesized_expression", "as_expression", "satisfies_expression"):
            current = parent
            continue
        if kind == "variable_declarator":
            target = parent.child_by_field_name("name")
            if target is not None and target.type == "identifier":
                return text(target), _exported(parent.parent)
            return None, False
        if kind == "pair":
            key = parent.child_by_field_name("key")
            return (_key(key) if key is not None else None), False
        if kind in ("assignment_expression", "public_field_definition", "field_definition"):
            target = parent.child_by_field_name("left") or parent.child_by_field_name("name")
            dotted_target = text(target) if target is not None else ""
            return (dotted_target.rsplit(".", 1)[-1] or None), dotted_target.startswith(
                ("module.exports", "exports.")
            )
        if kind == "export_statement":  # export default function () {} / () => {}
            return "default", True
        if kind == "arguments":  # useCallback(fn), memo(fn): named by the binding, if any
            call = parent.parent
            if call is None or call.type != "call_expression" or not _wraps(call, current):
                return None, False
            current = call
            continue
        break
    if name is not None:  # a named function expression nobody binds
        return text(name), False
    return None, False


def _wraps(call: Node, argument: Node) -> bool:
    """``useCallback(fn, deps)``, ``React.memo(fn)``, ``withAuth(fn)``: a function that
    wraps its first argument (not ``items.map(fn)``, which calls it)."""
    function = unwrap(call.child_by_field_name("function"))
    arguments = call.child_by_field_name("arguments")
    if function is None or arguments is None or first_named(arguments) != argument:
        return False
    if function.type == "identifier":
        return True
    receiver = function.child_by_field_name("object")
    return (
        function.type == "member_expression" and receiver is not None and text(receiver) == "React"
    )


def _key(key: Node) -> str | None:
    if key.type in ("property_identifier", "identifier"):
        return text(key)
    return string_value(key)


def _exported(node: Node | None) -> bool:
    for _ in range(2):
        if node is None:
            return False
        if node.type == "export_statement":
            return True
        node = node.parent
    return False


def route_name(node: Node) -> str | None:
    """``POST /cancel`` for a callback a router registers: ``router.post("/cancel",
    auth, async (req, res) => ...)`` (Express, Fastify, Hono, Koa routers)."""
    parent = node.parent
    call = parent.parent if parent is not None and parent.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return None
    function = unwrap(call.child_by_field_name("function"))
    if function is None or function.type != "member_expression":
        return None
    method = function.child_by_field_name("property")
    assert parent is not None
    arguments = parent.named_children
    path = string_value(arguments[0]) if arguments else None
    if method is None or text(method) not in _ROUTER_METHODS or path is None:
        return None
    if arguments[-1] != node:  # the handler is the last argument; the others are middleware
        return None
    return f"{text(method).upper()} {path}"


def parameters(node: Node) -> tuple[str, ...]:
    """The names a function's parameters bind, destructured ones included, in order."""
    params = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
    if params is None:
        return ()
    if params.type == "identifier":  # x => ...
        return (text(params),)
    names: list[str] = []
    for param in params.named_children:
        pattern = (
            param.child_by_field_name("pattern") if param.type.endswith("_parameter") else param
        )
        pattern = unwrap(pattern)
        if pattern is None:
            continue
        if pattern.type == "assignment_pattern":
            pattern = pattern.child_by_field_name("left")
        if pattern is None:
            continue
        if pattern.type == "identifier":
            names.append(text(pattern))
        elif pattern.type == "object_pattern":
            for item in pattern.named_children:
                if item.type == "shorthand_property_identifier_pattern":
                    names.append(text(item))
                elif item.type == "object_assignment_pattern":
                    left = item.child_by_field_name("left")
                    if left is not None:
                        names.append(text(left))
                elif item.type == "pair_pattern":
                    value = item.child_by_field_name("value")
                    if value is not None and value.type == "identifier":
                        names.append(text(value))
        elif pattern.type == "rest_pattern":
            names.append("*" + text(pattern).lstrip("."))
    return tuple(names)


def is_async(node: Node) -> bool:
    return any(child.type == "async" for child in node.children[:3])


def body_directive(node: Node) -> str | None:
    """The directive a function body starts with: ``"use server"``."""
    body = node.child_by_field_name("body")
    if body is None or body.type != "statement_block" or body.named_child_count == 0:
        return None
    return directive(first_named(body))


def directive(statement: Node | None) -> str | None:
    if statement is None or statement.type != "expression_statement":
        return None
    return string_value(first_named(statement))


def entry_kind(scope: Scope, path: str, module_directive: str | None, jsx: bool) -> str | None:
    """How a framework calls the function (``Function.entry``), or None.

    "decorated": registered with a framework: a Next.js route handler (``GET``,
    ``POST``... exported from ``app/**/route.ts``), the default export of a
    ``pages/api`` route, a server action (``"use server"``), a router's callback,
    a React component (a capitalised function of a JSX file: React renders it);
    "method": a request method of a class; "named": a module function named for
    it (``handleStripeWebhook``, ``onCancel``, ``cancelHandler``).
    """
    name = scope.name
    top = scope.parent is None and scope.class_name is None
    if scope.entry is not None:  # a router's callback
        return scope.entry
    if top and scope.exported and name in HTTP_METHODS and _APP_ROUTE.search(path):
        return "decorated"
    if top and scope.exported and name == "default" and _PAGES_API.search(path):
        return "decorated"
    if top and scope.exported and module_directive == "use server":
        return "decorated"
    if body_directive(scope.node) == "use server":
        return "decorated"
    if top and jsx and name[:1].isupper():
        return "decorated"
    if scope.class_name is not None:
        return "method" if name.lower() in ("get", "post", "put", "patch", "delete") else None
    if not top:
        return None
    lowered = name.lower()
    prefixed = re.match(r"(handle|on)[A-Z_]", name) is not None
    if prefixed or any(word in lowered for word in _ENTRY_WORDS):
        return "named"
    return None
