"""One function's control flow: has the required call been made before here?

The state after a piece of code is CALLED (the required call was made on every
path), a path that did not make it (the branch decisions that skipped it), or
None (no path gets here: after a return or raise). Statements are walked in
execution order; expressions in evaluation order (arguments before the call,
the right of `and`/`or` only sometimes).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from lintkit.code.model import Decision
from lintkit.code.python.context import Context
from lintkit.code.python.index import FunctionInfo
from lintkit.code.python.names import dotted
from lintkit.code.python.traverse import children
from lintkit.code.required_flow import CALLED, State, join
from lintkit.code.settings import NamePatterns, RequiredCall


def matches(patterns: NamePatterns, callee: str, ctx: Context) -> bool:
    return bool(patterns.match(callee) or patterns.match(ctx.resolve(callee)))


def _order(decision: Decision) -> tuple[int, int, str]:
    return (decision.location.line, decision.location.column, decision.message)


class Flow:
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
        if matches(self.pair.required, callee, self.ctx) or (
            helper is not None and helper in self.requiring
        ):
            self.made_required = True
            return CALLED
        guarded = matches(self.pair.call, callee, self.ctx) or (
            helper is not None and helper in self.reaching
        )
        unseen = id(node) not in self.seen
        if unseen and isinstance(state, tuple) and guarded:
            self.seen.add(id(node))
            steps = {(d.location, d.message): d for d in (*state, *self.arms)}
            self.found.append((node, tuple(sorted(steps.values(), key=_order))))
        return state
