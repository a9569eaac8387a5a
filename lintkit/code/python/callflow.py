"""Required calls: is a call reachable on a path that skipped the call it needs?

Intra-procedural: one function at a time (``flow.Flow``), within one module.

Same-module helpers count both ways: calling a helper that makes the required
call makes it; calling a helper that (eventually) makes the guarded call makes
that. Which functions are checked is a precision choice: a function that makes
the required call on some path (then the path that skips it is the bug), and an
entry point (a route, view, webhook, task or command: code nothing in front of
it could have checked). A plain helper that other modules call is assumed to be
called after the check: its callers are where a bypass shows.
"""

from __future__ import annotations

from lintkit.code import required_flow
from lintkit.code.model import CallBypass
from lintkit.code.python.context import Context
from lintkit.code.python.entrypoints import entry_kind
from lintkit.code.python.flow import Flow, matches
from lintkit.code.python.index import FunctionInfo
from lintkit.code.python.names import dotted
from lintkit.code.required_flow import CALLED, State
from lintkit.code.settings import NamePatterns, RequiredCall


def helpers_calling(ctx: Context, patterns: NamePatterns) -> set[str]:
    """Same-module functions that make a call matching ``patterns``, themselves or
    through a helper of theirs."""
    index = ctx.index
    return required_flow.helpers_calling(
        index.functions, index.helper, lambda callee: matches(patterns, callee, ctx)
    )


MAX_CALLER_DEPTH = 3


def module_bypasses(ctx: Context, pair: RequiredCall) -> list[CallBypass]:
    """The bypasses of one pair in the module.

    A function whose every caller in the module makes the required call before
    calling it (a helper such as ``_do_cancel`` called after the check) is
    entered with the call made.
    """
    index = ctx.index
    requiring = helpers_calling(ctx, pair.required)
    reaching = helpers_calling(ctx, pair.call) - requiring
    guaranteed = _Guarantees(ctx, pair, requiring, reaching)
    found: list[CallBypass] = []
    for info in index.by_node.values():
        name = info.node.name.value
        if pair.call.match(name) or pair.required.match(name):
            continue  # the call's own wrapper, or the required step itself
        makes = any(
            matches(pair.call, c, ctx) or index.helper(c, info) in reaching for c in info.callees
        )
        if not makes:
            continue
        flow = Flow(ctx, info, pair, requiring, reaching)
        flow.block(info.node.body.body, ())
        if not flow.found or not (flow.made_required or _is_entry_point(info)):
            continue
        if guaranteed.on_entry(info, 0):
            continue
        found.extend(
            CallBypass(
                call=dotted(call.func),
                location=ctx.loc(call),
                required=pair.required_text,
                function=info.qualname,
                function_location=ctx.loc(info.node.name),
                path=path,
                through=pair.call_text if not matches(pair.call, dotted(call.func), ctx) else None,
            )
            for call, path in flow.found
        )
    return found


class _Guarantees:
    """Whether every same-module call of a function comes after the required call."""

    def __init__(
        self, ctx: Context, pair: RequiredCall, requiring: set[str], reaching: set[str]
    ) -> None:
        self.ctx = ctx
        self.pair = pair
        self.requiring = requiring
        self.reaching = reaching
        self.visiting: set[str] = set()

    def on_entry(self, info: FunctionInfo, depth: int) -> bool:
        if depth > MAX_CALLER_DEPTH or info.qualname in self.visiting:
            return False
        index = self.ctx.index
        callers = [
            caller
            for caller in index.functions.values()
            if caller is not info
            and any(index.helper(c, caller) == info.qualname for c in caller.callees)
        ]
        if not callers:
            return False
        self.visiting.add(info.qualname)
        try:
            for caller in callers:
                start: State = CALLED if self.on_entry(caller, depth + 1) else ()
                flow = Flow(
                    self.ctx, caller, self.pair, self.requiring, self.reaching, probe=info.qualname
                )
                flow.block(caller.node.body.body, start)
                if not flow.probed or any(s is not CALLED for s in flow.probed):
                    return False
            return True
        finally:
            self.visiting.discard(info.qualname)


def _is_entry_point(info: FunctionInfo) -> bool:
    decorators = [dotted(d.decorator) for d in info.node.decorators]
    nested = info.parent is not None
    return entry_kind(info.node.name.value, info.class_name, nested, decorators) is not None
