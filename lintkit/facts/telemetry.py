"""Telemetry emit sites: a call matching ``telemetry.calls`` and its event names."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from lintkit.facts.constants import Resolved, Scope, resolve
from lintkit.facts.context import Context
from lintkit.facts.model import Branch, EmitSite
from lintkit.facts.reporting import LEVEL_NAMES, log_level

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
    level = log_level(callee, call, ctx.settings, ctx.resolve(callee))
    return EmitSite(
        callee=callee,
        pattern=pattern,
        events=resolved.known,
        dynamic=resolved.dynamic if argument is not None else bool(call.args),
        location=ctx.loc(call),
        event_location=ctx.loc(argument) if argument is not None else None,
        function=function,
        branch=innermost_branch(ctx, stack),
        level=LEVEL_NAMES.get(level) if level is not None else None,
    )


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
