"""Secret reads: which secret, its fallback, and whether the fallback is reported.

A read is a call matching ``secrets.readers`` (or ``os.environ[NAME]``). It is a
*secret* read when the name read matches ``secrets.names``, or when the reader's
own pattern does (``get_secret``, ``*.access_secret_version``).

The fallback forms: a default argument, ``read() or default``, an ``except``
around the read that returns or assigns a value, and ``if not X: X = default``
right after ``X = read()``. The fallback is reported when its path (the
``except`` clause, the ``if`` body, the ``or`` operand) or an immediate check
of the value (the next statement about ``X``: ``if X is None:``, ``assert X``)
raises, logs at warning or above, or records telemetry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from lintkit.code.model import Fallback, SecretRead
from lintkit.code.python.constants import Scope, resolve
from lintkit.code.python.context import Context, mentions
from lintkit.code.python.index import FunctionInfo
from lintkit.code.python.names import dotted, last_segment
from lintkit.code.python.readers import name_argument
from lintkit.code.python.strings import string_value
from lintkit.code.python.traverse import walk
from lintkit.code.settings import CHECK_DISTANCE
from lintkit.code.values import UNKNOWN, Resolved
from lintkit.core.types import Location

ENVIRON_ITEM = "os.environ.__getitem__"
_MISSING_ERRORS = {"KeyError", "LookupError", "Exception", "BaseException"}
_GCP_PATH = re.compile(r"(?:^|/)secrets/([^/]+)")
_AWS_ARN = re.compile(r":secret:([^:]+?)(?:-[A-Za-z0-9]{6})?$")
_EMPTY_COLLECTIONS = {"list", "tuple", "dict", "set", "frozenset"}


@dataclass
class ReadSite:
    """Where a read sits: its node and its ancestors (outermost first)."""

    node: cst.Call | cst.Subscript
    stack: Sequence[cst.CSTNode]  # ancestors, ending with the node itself
    function: FunctionInfo | None
    scope: Scope


@dataclass(frozen=True)
class ReaderCall:
    """What a read passes: the name, the default; and what reads it."""

    reader: str  # as written
    pattern: str  # the secrets.readers pattern
    dedicated: bool  # the reader only reads secrets (its name says so)
    name: cst.BaseExpression | None
    default: cst.BaseExpression | None
    reports: Location | None = None  # a wrapper that reports its fallbacks itself
    via: str | None = None  # a function of another module, to be confirmed a reader
    known_names: tuple[str, ...] = ()  # the names read, when no argument holds them


def secret_read(ctx: Context, site: ReadSite, call: ReaderCall) -> SecretRead | None:
    resolved = resolve(call.name, site.scope) if call.name is not None else Resolved()
    names = _secret_names(resolved) or call.known_names
    if not call.dedicated and not any(ctx.settings.secret_names.search(n) for n in names):
        return None
    fallback, path, target, anchor = _fallback(ctx, site, call)
    reported_by = None
    if fallback is not None:
        reported_by = call.reports or _report(ctx, site, path, target, anchor)
    return SecretRead(
        reader=call.reader,
        pattern=call.pattern,
        names=names,
        name_location=ctx.loc(call.name) if call.name is not None else None,
        location=ctx.loc(site.node),
        function=site.function.qualname if site.function else None,
        fallback=fallback,
        reported=reported_by is not None,
        reported_by=reported_by,
        via=call.via,
    )


# -- the name --------------------------------------------------------------------
def _secret_names(resolved: Resolved) -> tuple[str, ...]:
    """Names without unresolved parts; a secret manager path or ARN gives its name."""
    names = set()
    for value in resolved.values:
        for regex in (_GCP_PATH, _AWS_ARN):
            match = regex.search(value)
            if match:
                value = match.group(1)
                break
        if value and UNKNOWN not in value:
            names.add(value)
    return tuple(sorted(names))


# -- the fallback ----------------------------------------------------------------
def _fallback(
    ctx: Context, site: ReadSite, call: ReaderCall
) -> tuple[Fallback | None, list[cst.CSTNode], str | None, cst.CSTNode | None]:
    """(fallback, its path's code, the variable holding the value, the statement
    after which an immediate check may follow)."""
    node = site.node
    target, statement, block = _assignment(site)
    if isinstance(node, cst.Call):
        if call.default is not None:
            if _another_read(ctx, call.default, site.function):
                return None, [], None, None  # a chain of sources, not a default
            return make_fallback(ctx, "default-argument", call.default), [], target, statement
        parent = site.stack[-2] if len(site.stack) > 1 else None
        if (
            isinstance(parent, cst.BooleanOperation)
            and isinstance(parent.operator, cst.Or)
            and parent.left is node
        ):
            if _another_read(ctx, parent.right, site.function):
                return None, [], None, None
            return make_fallback(ctx, "or", parent.right), [parent.right], target, statement
    handled = _except_fallback(ctx, site, target)
    if handled is not None:
        return handled
    if target is not None and statement is not None and block is not None:
        found = _if_missing(ctx, target, statement, block)
        if found is not None:
            return found
    return None, [], None, None


def _another_read(ctx: Context, value: cst.BaseExpression, function: FunctionInfo | None) -> bool:
    """``os.environ.get("A") or os.environ.get("B")``: B is the next source to try;
    whether *it* falls back silently is B's own finding. So is another secret
    (``env("TOKEN_SECRET", SECRET_KEY)``, ``settings.SECRET_KEY``)."""
    if isinstance(value, cst.BooleanOperation):
        return _another_read(ctx, value.left, function)
    if isinstance(value, cst.Subscript):  # DATABASES["default"]["PASSWORD"]
        key = name_argument(value)
        text = string_value(key) if isinstance(key, cst.SimpleString) else None
        if text is not None and ctx.settings.secret_names.search(text):
            return True
    if isinstance(value, (cst.Name, cst.Attribute)):
        if not ctx.settings.secret_names.search(last_segment(dotted(value))):
            return False
        return isinstance(value, cst.Attribute) or not _constant(ctx, value.value, function)
    if isinstance(value, cst.Subscript):
        return ctx.resolve(dotted(value.value)) == "os.environ"
    if not isinstance(value, cst.Call):
        return False
    callee = dotted(value.func)
    readers = ctx.settings.readers
    if readers.match(callee) or readers.match(ctx.resolve(callee)):
        return True
    helper = ctx.index.helper(callee, function)
    return helper is not None and ctx.index.functions[helper].wrapper is not None


def _constant(ctx: Context, name: str, function: FunctionInfo | None) -> bool:
    """The name is bound to literals only (``DEFAULT_API_KEY = "..."``): a default
    written in the code, not another secret."""
    info = function
    while info is not None:
        if name in info.bindings:
            values = info.bindings[name]
            break
        info = info.parent
    else:
        values = ctx.index.module_bindings.get(name, [])
    literals = (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)
    return bool(values) and all(isinstance(v, literals) for v in values)


def make_fallback(ctx: Context, kind: str, value: cst.BaseExpression) -> Fallback:
    literal = isinstance(
        value, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)
    ) or (isinstance(value, cst.Name) and value.value in ("True", "False", "None"))
    text = string_value(value)
    absent = text == "" or _empty(value)
    return Fallback(
        kind=kind,
        location=ctx.loc(value),
        literal=literal,
        value=text,
        source=ctx.text(value, 60),
        absent=absent,
    )


def _empty(value: cst.BaseExpression) -> bool:
    """A value that means "not set": ``None``, ``False``, or an empty collection
    (``[]``, ``{}``, ``list()``): no API tokens configured accepts none."""
    if isinstance(value, cst.Name):
        return value.value in ("None", "False")
    if isinstance(value, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
        return not value.elements
    if isinstance(value, cst.Call):
        return not value.args and dotted(value.func) in _EMPTY_COLLECTIONS
    return False


def _assignment(
    site: ReadSite,
) -> tuple[str | None, cst.CSTNode | None, Sequence[cst.CSTNode] | None]:
    """(variable the read's value goes to, its statement, the block holding it)."""
    stack = site.stack
    for i in range(len(stack) - 2, -1, -1):
        node = stack[i]
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return None, None, None
        if isinstance(node, (cst.Assign, cst.AnnAssign)):
            targets = (
                [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            )
            name = dotted(targets[0]) if len(targets) == 1 else ""
            if not name or "(" in name or "[" in name:
                return None, None, None
            statement = stack[i - 1] if i >= 1 else None
            block = stack[i - 2] if i >= 2 else None
            body = getattr(block, "body", None)
            if isinstance(statement, cst.SimpleStatementLine) and isinstance(body, Sequence):
                return name, statement, body
            return name, None, None
        if isinstance(node, cst.BaseStatement):
            return None, None, None
    return None, None, None


def _except_fallback(
    ctx: Context, site: ReadSite, target: str | None
) -> tuple[Fallback, list[cst.CSTNode], str | None, cst.CSTNode | None] | None:
    """An enclosing ``try`` whose handler for the read's failure returns or assigns."""
    stack = site.stack
    subscript = isinstance(site.node, cst.Subscript)
    for i in range(len(stack) - 2, 0, -1):
        node = stack[i]
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return None
        if not isinstance(node, (cst.Try, cst.TryStar)) or stack[i + 1] is not node.body:
            continue
        for handler in node.handlers:
            if subscript and not _catches_missing_key(handler):
                continue
            value_node, where = _handler_value(handler, target)
            if where is None:
                continue
            if value_node is None:  # a bare `return`: falls back to None
                fallback = Fallback("except", ctx.loc(where), True, None, "None", absent=True)
            else:
                fallback = make_fallback(ctx, "except", value_node)
            assigned = target
            if isinstance(where, cst.Assign) and len(where.targets) == 1:
                assigned = dotted(where.targets[0].target) or target
            return fallback, [handler.body], assigned, node
        return None
    return None


def _catches_missing_key(handler: cst.ExceptHandler | cst.ExceptStarHandler) -> bool:
    if handler.type is None:
        return True
    kinds = (
        [e.value for e in handler.type.elements]
        if isinstance(handler.type, cst.Tuple)
        else [handler.type]
    )
    return any(last_segment(dotted(kind)) in _MISSING_ERRORS for kind in kinds)


def _handler_value(
    handler: cst.ExceptHandler | cst.ExceptStarHandler, target: str | None
) -> tuple[cst.BaseExpression | None, cst.CSTNode | None]:
    """(the value the handler falls back to, the return/assignment giving it)."""
    assignment = None
    for node in walk([handler.body]):
        if isinstance(node, cst.Return):
            return node.value, node
        if isinstance(node, cst.Assign) and assignment is None:
            names = [dotted(t.target) for t in node.targets]
            if target is None or target in names:
                assignment = node
    if assignment is not None:
        return assignment.value, assignment
    return None, None


def _if_missing(
    ctx: Context, target: str, statement: cst.CSTNode, block: Sequence[cst.CSTNode]
) -> tuple[Fallback, list[cst.CSTNode], str | None, cst.CSTNode | None] | None:
    """``X = read()`` then ``if not X: X = default`` (or ``if X is None:``)."""
    check = _next_mention(target, statement, block)
    if not isinstance(check, cst.If) or not _tests_missing(check.test, target):
        return None
    for node in walk([check.body]):
        if isinstance(node, cst.Assign) and any(dotted(t.target) == target for t in node.targets):
            return make_fallback(ctx, "if-missing", node.value), [check.body], None, None
    return None


def _tests_missing(test: cst.BaseExpression, target: str) -> bool:
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return dotted(test.expression) == target
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        comparison = test.comparisons[0]
        right = comparison.comparator
        return (
            dotted(test.left) == target
            and isinstance(comparison.operator, (cst.Is, cst.Equal))
            and (
                (isinstance(right, cst.Name) and right.value == "None")
                or (isinstance(right, cst.SimpleString) and string_value(right) == "")
            )
        )
    return False


def _next_mention(
    target: str, statement: cst.CSTNode, block: Sequence[cst.CSTNode]
) -> cst.CSTNode | None:
    """The first statement after ``statement`` in its block that mentions ``target``."""
    index = next((i for i, s in enumerate(block) if s is statement), None)
    if index is None:
        return None
    for following in block[index + 1 : index + 1 + CHECK_DISTANCE]:
        if mentions([following], target):
            return following
    return None


# -- reported? -------------------------------------------------------------------
def _report(
    ctx: Context,
    site: ReadSite,
    path: list[cst.CSTNode],
    target: str | None,
    anchor: cst.CSTNode | None,
) -> Location | None:
    found = ctx.first_report(path, site.function) if path else None
    if found is not None or target is None or anchor is None:
        return found
    block = _block_of(site.stack, anchor)
    if block is None:
        return None
    check = _next_mention(target, anchor, block)
    if isinstance(check, cst.If) and mentions([check.test], target):
        return ctx.first_report([check], site.function)
    if isinstance(check, cst.SimpleStatementLine) and isinstance(check.body[0], cst.Assert):
        return ctx.loc(check)
    return None


def _block_of(stack: Sequence[cst.CSTNode], statement: cst.CSTNode) -> Sequence[cst.CSTNode] | None:
    for i in range(len(stack) - 1, 0, -1):
        if stack[i] is statement:
            body = getattr(stack[i - 1], "body", None)
            return body if isinstance(body, Sequence) else None
    return None
