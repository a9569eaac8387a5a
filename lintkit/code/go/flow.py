"""Required calls in Go: is a call reachable on a path that skipped the call it
needs? One function at a time, as on Python (``lintkit.code.python.flow``; paths
meet as ``lintkit.code.required_flow`` says), with the same-file helpers counting
both ways.

The state after a piece of code is CALLED (the required call was made on every
path), the decisions of a path that did not make it, or None (no path gets
here: after a ``return``, a ``panic``, a ``continue``). ``defer`` and ``go``
statements and closures do not run where they are written and are not walked.
"""

from __future__ import annotations

from tree_sitter import Node

from lintkit.code import required_flow
from lintkit.code.go.context import Context
from lintkit.code.go.index import FunctionInfo
from lintkit.code.go.syntax import dotted, statements, text
from lintkit.code.model import CallBypass, Decision
from lintkit.code.required_flow import CALLED, State, join
from lintkit.code.settings import NamePatterns, RequiredCall

MAX_DEPTH = 200  # nested statements and expressions walked in one function
_ENDS = ("panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln")


def _matches(ctx: Context, patterns: NamePatterns, callee: str) -> bool:
    return bool(patterns.match(callee) or patterns.match(ctx.index.resolve(callee)))


def helpers_calling(ctx: Context, patterns: NamePatterns) -> set[str]:
    index = ctx.index
    return required_flow.helpers_calling(
        index.functions, index.helper, lambda callee: _matches(ctx, patterns, callee)
    )


def bypasses(ctx: Context, pair: RequiredCall, entries: dict[str, str]) -> list[CallBypass]:
    index = ctx.index
    requiring = helpers_calling(ctx, pair.required)
    reaching = helpers_calling(ctx, pair.call) - requiring
    found: list[CallBypass] = []
    for info in index.functions.values():
        if pair.call.match(info.name) or pair.required.match(info.name) or info.body is None:
            continue
        if not any(
            _matches(ctx, pair.call, c) or index.helper(c, info) in reaching for c in info.callees
        ):
            continue
        flow = Flow(ctx, info, pair, requiring, reaching)
        flow.block(statements(info.body), (), 0)
        if not flow.found or not (flow.made_required or info.qualname in entries):
            continue
        name = info.node.child_by_field_name("name")
        where = ctx.loc(name if name is not None else info.node)
        for call, path in flow.found:
            callee = dotted(call.child_by_field_name("function"))
            found.append(
                CallBypass(
                    call=callee,
                    location=ctx.loc(call),
                    required=pair.required_text,
                    function=info.qualname,
                    function_location=where,
                    path=path,
                    through=pair.call_text if not _matches(ctx, pair.call, callee) else None,
                )
            )
    return found


class Flow:
    def __init__(
        self,
        ctx: Context,
        info: FunctionInfo,
        pair: RequiredCall,
        requiring: set[str],
        reaching: set[str],
    ) -> None:
        self.ctx = ctx
        self.info = info
        self.pair = pair
        self.requiring = requiring
        self.reaching = reaching
        self.made_required = False
        self.found: list[tuple[Node, tuple[Decision, ...]]] = []
        self.seen: set[int] = set()
        self.breaks: list[list[State]] = []
        self.arms: list[Decision] = []

    def decision(self, node: Node, message: str) -> Decision:
        return Decision(self.ctx.loc(node), message)

    def arm(self, decision: Decision, body: list[Node], state: State, depth: int) -> State:
        self.arms.append(decision)
        try:
            return self.block(body, state, depth)
        finally:
            self.arms.pop()

    def block(self, body: list[Node], state: State, depth: int) -> State:
        for statement in body:
            if state is None:
                return None
            state = self.statement(statement, state, depth + 1)
        return state

    def statement(self, node: Node, state: State, depth: int) -> State:
        if depth > MAX_DEPTH:
            return state
        kind = node.type
        if kind == "return_statement":
            self.expression(node, state, depth)
            return None
        if kind in ("continue_statement", "goto_statement", "fallthrough_statement"):
            return None
        if kind == "break_statement":
            if self.breaks:
                self.breaks[-1].append(state)
            return None
        if kind == "if_statement":
            return self.if_(node, state, depth)
        if kind == "for_statement":
            return self.loop(node, state, depth)
        if kind in ("expression_switch_statement", "type_switch_statement", "select_statement"):
            return self.switch(node, state, depth)
        if kind == "block":
            return self.block(statements(node), state, depth)
        if kind == "labeled_statement":
            inner = [c for c in node.named_children if c.type != "label_name"]
            return self.block(inner, state, depth)
        if kind in ("defer_statement", "go_statement"):
            return state
        state = self.expression(node, state, depth)
        if kind == "expression_statement" and node.named_children:
            call = node.named_children[0]
            if (
                call.type == "call_expression"
                and dotted(call.child_by_field_name("function")) in _ENDS
            ):
                return None
        return state

    def if_(self, node: Node, state: State, depth: int) -> State:
        initializer = node.child_by_field_name("initializer")
        if initializer is not None:
            state = self.statement(initializer, state, depth + 1)
        condition = node.child_by_field_name("condition")
        if condition is None:
            return state
        state = self.expression(condition, state, depth)
        test = self.ctx.source(condition, 60)
        true = self.decision(condition, f"`{test}` is true")
        false = self.decision(condition, f"`{test}` is false")
        taken = self.arm(true, statements(node.child_by_field_name("consequence")), state, depth)
        alternative = node.child_by_field_name("alternative")
        if alternative is None:
            other = state
        elif alternative.type == "if_statement":
            self.arms.append(false)
            try:
                other = self.if_(alternative, state, depth + 1)
            finally:
                self.arms.pop()
        else:
            other = self.arm(false, statements(alternative), state, depth)
        return join([(taken, true), (other, false)])

    def loop(self, node: Node, state: State, depth: int) -> State:
        clauses = [c for c in node.named_children if c.type != "block"]
        for clause in clauses:
            state = self.expression(clause, state, depth)
        forever = not clauses
        self.breaks.append([])
        end = self.block(statements(node.child_by_field_name("body")), state, depth)
        breaks = self.breaks.pop()
        skipped = None if forever else state
        finished = join([(skipped, self.decision(node, "the loop body does not run")), (end, None)])
        return join([(finished, None), *((b, None) for b in breaks)])

    def switch(self, node: Node, state: State, depth: int) -> State:
        for part in ("initializer", "value"):
            child = node.child_by_field_name(part)
            if child is not None:
                state = (
                    self.statement(child, state, depth + 1)
                    if part == "initializer"
                    else self.expression(child, state, depth)
                )
        arms: list[tuple[State, Decision | None]] = []
        exhaustive = False
        self.breaks.append([])
        for case in node.named_children:
            if case.type in ("default_case", "communication_case", "expression_case", "type_case"):
                value = case.child_by_field_name("value") or case.child_by_field_name("type")
                label = (
                    f"`case {self.ctx.source(value, 40)}` matches"
                    if value is not None
                    else "`default` is taken"
                )
                exhaustive = exhaustive or case.type == "default_case"
                matched = self.decision(case, label)
                arms.append((self.arm(matched, statements(case), state, depth), matched))
        breaks = self.breaks.pop()
        if not exhaustive and node.type != "select_statement":
            arms.append((state, self.decision(node, "no `case` matches")))
        return join([*arms, *((b, None) for b in breaks)])

    def expression(self, node: Node, state: State, depth: int) -> State:
        """Calls in ``node`` in evaluation order (arguments before the call); the right
        of `&&`/`||` may be skipped."""
        if state is None or depth > MAX_DEPTH:
            return state
        stack: list[tuple[Node, bool]] = [(node, False)]
        while stack:
            current, done = stack.pop()
            if done:
                state = self.call(current, state)
                continue
            kind = current.type
            if kind in ("func_literal", "block"):
                continue
            if kind == "binary_expression" and text(
                current.child_by_field_name("operator") or current
            ) in ("&&", "||"):
                left = current.child_by_field_name("left")
                right = current.child_by_field_name("right")
                before = self.expression(left, state, depth + 1) if left is not None else state
                after = self.expression(right, before, depth + 1) if right is not None else before
                word = (
                    "&&"
                    if text(current.child_by_field_name("operator") or current) == "&&"
                    else "||"
                )
                skip = self.decision(
                    left or current, f"`{word}` stops at `{self.ctx.source(left or current, 40)}`"
                )
                state = join([(before, skip), (after, None)])
                continue
            if kind == "call_expression":
                stack.append((current, True))
            stack.extend((c, False) for c in reversed(current.named_children))
        return state

    def call(self, node: Node, state: State) -> State:
        if state is None:
            return None
        callee = dotted(node.child_by_field_name("function"))
        if not callee:
            return state
        helper = self.ctx.index.helper(callee, self.info)
        if _matches(self.ctx, self.pair.required, callee) or (
            helper is not None and helper in self.requiring
        ):
            self.made_required = True
            return CALLED
        guarded = _matches(self.ctx, self.pair.call, callee) or (
            helper is not None and helper in self.reaching
        )
        if guarded and isinstance(state, tuple) and node.id not in self.seen:
            self.seen.add(node.id)
            steps = {(d.location, d.message): d for d in (*state, *self.arms)}
            ordered = sorted(
                steps.values(), key=lambda d: (d.location.line, d.location.column, d.message)
            )
            self.found.append((node, tuple(ordered)))
        return state
