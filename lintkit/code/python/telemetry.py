"""Telemetry emit sites: a call matching ``telemetry.calls`` and its event names."""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

from lintkit.code.model import Branch, EmitSite
from lintkit.code.python.constants import Scope, resolve
from lintkit.code.python.context import Context
from lintkit.code.python.names import CALL_MARK, ITEM_MARK, dotted
from lintkit.code.python.reporting import LEVEL_NAMES, log_level
from lintkit.code.values import UNKNOWN, Resolved

EVENT_KEYWORDS = ("event", "event_name", "event_type", "name")


def emit_site(
    ctx: Context,
    call: cst.Call,
    callee: str,
    pattern: str,
    stack: Sequence[cst.CSTNode],
    function: str | None,
    scope: Scope,
) -> EmitSite:
    argument, resolved = event_argument(call, scope)
    level = log_level(callee, call, ctx.settings, ctx.resolve(callee), ctx.index.bound)
    dynamic = resolved.dynamic if argument is not None else bool(call.args)
    ref, parameters = _unresolved_name(ctx, call, argument, function) if dynamic else (None, ())
    return EmitSite(
        callee=callee,
        pattern=pattern,
        events=resolved.known,
        dynamic=dynamic,
        location=ctx.loc(call),
        event_location=ctx.loc(argument) if argument is not None else None,
        function=function,
        branch=innermost_branch(ctx, stack),
        level=LEVEL_NAMES.get(level) if level is not None else None,
        patterns=tuple(sorted(v.replace(UNKNOWN, "*") for v in resolved.values if UNKNOWN in v)),
        event_ref=ref,
        event_parameters=parameters,
    )


_EVENT_PARAMETER = re.compile(r"(?i)event|name|action|metric")


def _unresolved_name(
    ctx: Context, call: cst.Call, argument: cst.BaseExpression | None, function: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """What names an event the module cannot resolve: a constant imported from
    another module (its dotted name), or parameters of the enclosing function."""
    if argument is not None:
        candidates = [argument]
    else:
        candidates = [a.value for a in call.args if a.keyword is None and not a.star]
    info = ctx.index.functions.get(function) if function is not None else None
    own = {*info.params, *info.keyword_params} if info is not None else set()
    ref: str | None = None
    parameters: list[str] = []
    for node in candidates:
        name = dotted(node)
        if not name or CALL_MARK in name or ITEM_MARK in name:
            continue
        if name.split(".", 1)[0] in ctx.index.imports.names:
            ref = ref or ctx.resolve(name).removesuffix(".value")
        elif name in own:
            parameters.append(name)
    named = [p for p in parameters if _EVENT_PARAMETER.search(p)]
    return ref, tuple(named or parameters)


def event_argument(call: cst.Call, scope: Scope) -> tuple[cst.BaseExpression | None, Resolved]:
    """The argument naming the event: ``event=`` (and kin), else the first
    argument that is a string (``track(user_id, "Offer Shown")``), also inside a
    nested event object (``track(BaseEvent(event_type="..."))``)."""
    keyword = _keyword(call)
    if keyword is not None:
        return keyword, resolve(keyword, scope)
    for arg in call.args:
        if arg.keyword is not None or arg.star:
            continue
        resolved = resolve(arg.value, scope)
        if resolved.values:
            return arg.value, resolved
        if isinstance(arg.value, cst.Call):
            nested = _keyword(arg.value)
            if nested is not None:
                return nested, resolve(nested, scope)
    return None, Resolved(frozenset(), False)


def _keyword(call: cst.Call) -> cst.BaseExpression | None:
    by_name = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    for name in EVENT_KEYWORDS:
        if name in by_name:
            return by_name[name]
    return None


def innermost_branch(ctx: Context, stack: Sequence[cst.CSTNode]) -> Branch | None:
    """The arm of the nearest enclosing ``if`` within the same function."""
    for i in range(len(stack) - 2, -1, -1):
        node = stack[i]
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return None
        if isinstance(node, cst.If):
            child = stack[i + 1]
            if child is node.body:
                return Branch(ctx.text(node.test), ctx.loc(node.test), True)
            if child is node.orelse:
                return Branch(ctx.text(node.test), ctx.loc(node.test), False)
    return None
