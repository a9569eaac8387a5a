"""Go functions a framework calls, when nothing in the code does.

- "decorated": registered as a route in this file: ``http.HandleFunc("/x", h)``,
  ``mux.Handle``, chi's ``r.Get``/``r.Post``..., gin's ``r.GET``/``r.POST``...,
  echo's ``e.GET``...; the handler is a function of the file or a method
  (``h.CancelSubscription``);
- "method": a request handler by its signature (``http.ResponseWriter`` and
  ``*http.Request``, ``*gin.Context``, ``echo.Context``, ``*fiber.Ctx``), so a
  handler registered in another file of the package is one too;
- "named": a webhook handler by its name (``HandleStripeWebhook``, ``stripeWebhook``).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from lintkit.code.go.index import FunctionInfo, GoIndex
from lintkit.code.go.syntax import STRING_TYPES, arguments, dotted, text

_ROUTE_METHODS = re.compile(
    r"^(HandleFunc|Handle|Get|Post|Put|Patch|Delete|Head|Options|Connect|Trace|Any|Method|MethodFunc"
    r"|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE|Match)$"
)
_REQUEST_TYPES = re.compile(
    r"http\.ResponseWriter|\*http\.Request|gin\.Context|echo\.Context|fiber\.Ctx"
)
_WEBHOOK = re.compile(r"(?i)webhook")


def routed(call: Node, callee: str) -> list[str]:
    """The handler names a route registration passes (``h.Cancel``, ``cancel``)."""
    method = callee.rsplit(".", 1)[-1]
    if "." not in callee or not _ROUTE_METHODS.match(method):
        return []
    args = arguments(call)
    if not args:
        return []
    if not any(a.type in STRING_TYPES for a in args[:2]):
        return []
    names = []
    for arg in args[1:]:
        if arg.type == "call_expression":  # http.HandlerFunc(fn), middleware(fn)
            inner = arguments(arg)
            arg = inner[-1] if inner else arg
        if arg.type in ("identifier", "selector_expression"):
            names.append(dotted(arg).rsplit(".", 1)[-1])
    return names


def entry_kind(info: FunctionInfo, registered: set[str]) -> str | None:
    if info.parent is not None:
        return None
    if info.name in registered:
        return "decorated"
    params = info.node.child_by_field_name("parameters")
    if params is not None and _REQUEST_TYPES.search(text(params)):
        return "method"
    if _WEBHOOK.search(info.name):
        return "named"
    return None


def entries(index: GoIndex, registered: set[str]) -> dict[str, str]:
    found = {}
    for qualname, info in index.functions.items():
        kind = entry_kind(info, registered)
        if kind is not None:
            found[qualname] = kind
    return found
