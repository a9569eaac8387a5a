"""Required calls: is a call reachable on a path that skipped the call it needs?

Intra-procedural: one function at a time, over its statements in execution
order, within one module. The state after a piece of code is CALLED (the
required call was made on every path), a path that did not make it (the branch
decisions that skipped it), or None (no path gets here: after a return or
raise).

Same-module helpers count both ways: calling a helper that makes the required
call makes it; calling a helper that (eventually) makes the guarded call makes
that. Which functions are checked is a precision choice: a function that makes
the required call on some path (then the path that skips it is the bug), and an
entry point (a route, view, webhook, task or command: code nothing in front of
it could have checked). A plain helper that other modules call is assumed to be
called after the check: its callers are where a bypass shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

import libcst as cst

from lintkit.facts.context import Context
from lintkit.facts.index import FunctionInfo
from lintkit.facts.model import CallBypass, Decision
from lintkit.facts.names import dotted
from lintkit.facts.settings import NamePatterns, RequiredCall
from lintkit.facts.traverse import children


class _Called:
    def __repr__(self) -> str:
        return "CALLED"


CALLED = _Called()
State = Union[_Called, tuple[Decision, ...], None]  # noqa: UP007 - a runtime alias
MAX_DECISIONS = 8


def join(arms: Sequence[tuple[State, Decision | None]]) -> State:
    """Where paths meet. A path that skipped the required call wins; it gets the
    decision that made it skip, when another arm did make the call."""
    reachable = [(s, d) for s, d in arms if s is not None]
    if not reachable:
        return None
    missed = [(s, d) for s, d in reachable if s is not CALLED]
    if not missed:
        return CALLED
    path, decision = missed[0]
    assert isinstance(path, tuple)
    if decision is not None and len(missed) < len(reachable) and len(path) < MAX_DECISIONS:
        return (*path, decision)
    return path


def helpers_calling(ctx: Context, patterns: NamePatterns) -> set[str]:
    """Same-module functions that make a call matching ``patterns``, themselves or
    through a helper of theirs."""
    index = ctx.index
    found = {
        q
        for q, info in index.functions.items()
        if any(_matches(patterns, c, ctx) for c in info.callees)
    }
    changed = True
    while changed:
        changed = False
        for q, info in index.functions.items():
            if q not in found and any(index.helper(c, info) in found for c in info.callees):
                found.add(q)
                changed = True
    return found


# Decorators that say nothing about who calls the function.
_PLAIN_DECORATORS = frozenset(
    {
        "classmethod", "staticmethod", "property", "cached_property", "abstractmethod",
        "overload", "override", "wraps", "lru_cache", "cache", "contextmanager",
        "asynccontextmanager", "atomic", "dataclass", "singledispatch", "singledispatchmethod",
        "total_ordering", "deprecated", "setter", "getter", "deleter", "fixture",
    }
)
# Methods a framework calls for a request, a job or a command.
_HANDLER_METHODS = frozenset(
    {
        "get", "post", "put", "patch", "delete", "head", "options", "dispatch", "handle",
        "mutate", "perform_mutation", "create", "update", "partial_update", "destroy",
        "perform_create", "perform_update", "perform_destroy", "form_valid", "run", "__call__",
    }
)
_ENTRY_WORDS = ("webhook", "handler", "callback", "endpoint", "view", "route", "task",
                "listener", "consumer", "receiver", "subscriber")


def is_entry_point(info: FunctionInfo) -> bool:
    """Code a framework calls: decorated (a route, a task, a signal receiver), a
    request or job method, a public method of a class named for it
    (`StripeWebhookHandler.process`), or a module function named for it
    (`stripe_webhook`, `handle_portal_cancel`, `on_cancel`)."""
    node = info.node
    for decorator in node.decorators:
        name = dotted(decorator.decorator).replace("()", "")
        if name and name.rsplit(".", 1)[-1] not in _PLAIN_DECORATORS:
            return True
    name = node.name.value
    if info.class_name is not None:
        owner = info.class_name.rsplit(".", 1)[-1].lower()
        return name in _HANDLER_METHODS or (
            not name.startswith("_") and any(word in owner for word in _ENTRY_WORDS)
        )
    if info.parent is not None:
        return False  # a nested function: its enclosing function decides
    lowered = name.lower()
    return lowered.startswith(("handle_", "on_", "process_")) or any(
        word in lowered for word in _ENTRY_WORDS
    )


def _matches(patterns: NamePatterns, callee: str, ctx: Context) -> bool:
    return bool(patterns.match(callee) or patterns.match(ctx.resolve(callee)))


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
            _matches(pair.call, c, ctx) or index.helper(c, info) in reaching for c in info.callees
        )
        if not makes:
            continue
        flow = _Flow(ctx, info, pair, requiring, reaching)
        flow.block(info.node.body.body, ())
        if not flow.found or not (flow.made_required or is_entry_point(info)):
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
                through=pair.call_text if not _matches(pair.call, dotted(call.func), ctx) else None,
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
                flow = _Flow(
                    self.ctx, caller, self.pair, self.requiring, self.reaching, probe=info.qualname
                )
                flow.block(caller.node.body.body, start)
                if not flow.probed or any(s is not CALLED for s in flow.probed):
                    return False
            return True
        finally:
            self.visiting.discard(info.qualname)


def _order(decision: Decision) -> tuple[int, int, str]:
    return (decision.location.line, decision.location.column, decision.message)


class _Flow:
    def __init__(
        self,
        ctx: Context,
        info: FunctionInfo,
        pair: RequiredCall,
        requiring: set[str],
        reaching: set[str],
        probe: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.reaching = reaching  # helpers that make the guarded call
        self.made_required = False  # the function makes the required call somewhere
        self.probe = probe  # a helper whose calls' states to record
        self.probed: list[State] = []
        self.info = info
        self.pair = pair
        self.requiring = requiring
        self.found: list[tuple[cst.Call, tuple[Decision, ...]]] = []
        self.seen: set[int] = set()
        self.breaks: list[list[State]] = []
        self.arms: list[Decision] = []  # the arms the code being walked is in

    def arm(self, decision: Decision, statements: Sequence[cst.CSTNode], state: State) -> State:
        self.arms.append(decision)
        try:
            return self.block(statements, state)
        finally:
            self.arms.pop()

    def decision(self, node: cst.CSTNode, message: str) -> Decision:
        return Decision(self.ctx.loc(node), message)

    # -- statements ------------------------------------------------------------
    def block(self, statements: Sequence[cst.CSTNode], state: State) -> State:
        for statement in statements:
            if state is None:
                return None
            state = self.statement(statement, state)
        return state

    def statement(self, node: cst.CSTNode, state: State) -> State:
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            for small in node.body:
                if state is None:
                    return None
                state = self.small(small, state)
            return state
        if isinstance(node, cst.If):
            return self.if_(node, state)
        if isinstance(node, (cst.For, cst.While)):
            return self.loop(node, state)
        if isinstance(node, (cst.Try, cst.TryStar)):
            return self.try_(node, state)
        if isinstance(node, cst.With):
            for item in node.items:
                state = self.expression(item.item, state)
            return self.block(node.body.body, state)
        if isinstance(node, cst.Match):
            return self.match(node, state)
        return state  # nested def / class: not run here

    def small(self, node: cst.BaseSmallStatement, state: State) -> State:
        if isinstance(node, cst.Return):
            if node.value is not None:
                self.expression(node.value, state)
            return None
        if isinstance(node, cst.Raise):
            if node.exc is not None:
                self.expression(node.exc, state)
            return None
        if isinstance(node, cst.Break):
            if self.breaks:
                self.breaks[-1].append(state)
            return None
        if isinstance(node, cst.Continue):
            return None
        return self.expression(node, state)

    def if_(self, node: cst.If, state: State) -> State:
        state = self.expression(node.test, state)
        test = self.ctx.text(node.test, 60)
        true = self.decision(node.test, f"`{test}` is true")
        false = self.decision(node.test, f"`{test}` is false")
        taken = self.arm(true, node.body.body, state)
        if isinstance(node.orelse, cst.Else):
            other = self.arm(false, node.orelse.body.body, state)
        elif isinstance(node.orelse, cst.If):
            self.arms.append(false)
            try:
                other = self.if_(node.orelse, state)
            finally:
                self.arms.pop()
        else:
            other = state
        return join([(taken, true), (other, false)])

    def loop(self, node: cst.For | cst.While, state: State) -> State:
        if isinstance(node, cst.For):
            state = self.expression(node.iter, state)
            forever = False
        else:
            state = self.expression(node.test, state)
            forever = isinstance(node.test, cst.Name) and node.test.value == "True"
        self.breaks.append([])
        end = self.block(node.body.body, state)
        breaks = self.breaks.pop()
        skipped = None if forever else state
        finished = join([(skipped, self.decision(node, "the loop body does not run")), (end, None)])
        if node.orelse is not None and finished is not None:
            finished = self.block(node.orelse.body.body, finished)
        return join([(finished, None), *((b, None) for b in breaks)])

    def try_(self, node: cst.Try | cst.TryStar, state: State) -> State:
        end = self.block(node.body.body, state)
        if node.orelse is not None:
            end = self.block(node.orelse.body.body, end)
        arms: list[tuple[State, Decision | None]] = [(end, None)]
        for handler in node.handlers:
            kind = self.ctx.text(handler.type, 40) if handler.type is not None else "an exception"
            # The exception may come before the required call: start from before.
            raised = self.decision(handler, f"the `try` body raises {kind}")
            arms.append((self.arm(raised, handler.body.body, state), raised))
        result = join(arms)
        if node.finalbody is not None:
            after = self.block(node.finalbody.body.body, result if result is not None else state)
            result = after if result is not None else None
        return result

    def match(self, node: cst.Match, state: State) -> State:
        state = self.expression(node.subject, state)
        arms: list[tuple[State, Decision | None]] = []
        exhaustive = False
        for case in node.cases:
            pattern = self.ctx.text(case.pattern, 40)
            matched = self.decision(case, f"`case {pattern}` matches")
            arms.append((self.arm(matched, case.body.body, state), matched))
            if isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None:
                exhaustive = exhaustive or case.guard is None
        if not exhaustive:
            arms.append((state, self.decision(node, "no `case` matches")))
        return join(arms)

    # -- expressions, in evaluation order ---------------------------------------
    def expression(self, node: cst.CSTNode, state: State) -> State:
        if state is None or isinstance(node, (cst.Lambda, cst.FunctionDef, cst.ClassDef)):
            return state
        if isinstance(node, cst.BooleanOperation):
            left = self.expression(node.left, state)
            right = self.expression(node.right, left)
            word = "and" if isinstance(node.operator, cst.And) else "or"
            skip = self.decision(node.left, f"`{word}` stops at `{self.ctx.text(node.left, 40)}`")
            return join([(left, skip), (right, None)])
        if isinstance(node, cst.IfExp):
            state = self.expression(node.test, state)
            test = self.ctx.text(node.test, 40)
            true = self.decision(node.test, f"`{test}` is true")
            false = self.decision(node.test, f"`{test}` is false")
            return join(
                [
                    (self.expression(node.body, state), true),
                    (self.expression(node.orelse, state), false),
                ]
            )
        if isinstance(node, cst.Call):
            state = self.expression(node.func, state)
            for arg in node.args:
                state = self.expression(arg.value, state)
            return self.call(node, state)
        for child in children(node):
            state = self.expression(child, state)
        return state

    def call(self, node: cst.Call, state: State) -> State:
        if state is None:
            return None
        callee = dotted(node.func)
        if not callee:
            return state
        helper = self.ctx.index.helper(callee, self.info)
        if helper is not None and helper == self.probe:
            self.probed.append(state)
        if _matches(self.pair.required, callee, self.ctx) or (
            helper is not None and helper in self.requiring
        ):
            self.made_required = True
            return CALLED
        guarded = _matches(self.pair.call, callee, self.ctx) or (
            helper is not None and helper in self.reaching
        )
        unseen = id(node) not in self.seen
        if unseen and isinstance(state, tuple) and guarded:
            self.seen.add(id(node))
            steps = {(d.location, d.message): d for d in (*state, *self.arms)}
            self.found.append((node, tuple(sorted(steps.values(), key=_order))))
        return state
