"""Eligible branches in Go: ``if result.Eligible {``, the ``else`` of a negated
test, the code after a guard (``if !x.Eligible { return }``), and the ``case``
of a tagless ``switch`` whose expression holds.

Go names are camelCase: the ``telemetry.eligibility`` pattern, written for
words, is searched in the name split at its capitals (``IsEligibleFor`` reads
as ``Is_Eligible_For``).
"""

from __future__ import annotations

from tree_sitter import Node

from lintkit.code.go.context import Context
from lintkit.code.go.index import FunctionInfo
from lintkit.code.go.syntax import dotted, snake, statements, string_value, terminates, text
from lintkit.code.model import EligibleBranch
from lintkit.code.settings import NEGATED, technical_subject
from lintkit.core.types import Location

_READS = ("identifier", "selector_expression", "call_expression")
MAX_CONDITION_NODES = 200


def eligible_read(ctx: Context, condition: Node) -> tuple[Node, bool] | None:
    """The first eligibility read of a test and whether the test holds when it is
    eligible (False: a negated read, `!x.Eligible`, `x.Ineligible`); None: no
    read, or one under `||` (either way then)."""
    stack = [(condition, True, False)]
    seen = 0
    while stack and seen < MAX_CONDITION_NODES:
        node, positive, under_or = stack.pop()
        seen += 1
        kind = node.type
        if kind in _READS:
            target = node.child_by_field_name("function") if kind == "call_expression" else node
            name = snake(dotted(target))
            found = ctx.settings.eligibility.search(name) if name else None
            if found is not None and not technical_subject(name, found.start()):
                if under_or:
                    return None
                negated = bool(NEGATED.search(name))
                return node, positive != negated
            if kind == "call_expression":
                continue
        if kind == "expression_list":  # `case a, b:` holds when either does
            either = under_or or len(node.named_children) > 1
            stack.extend((c, positive, either) for c in reversed(node.named_children))
        elif kind == "parenthesized_expression":
            stack.extend((c, positive, under_or) for c in reversed(node.named_children))
        elif kind == "unary_expression" and text(node).startswith("!"):
            operand = node.child_by_field_name("operand")
            if operand is not None:
                stack.append((operand, not positive, under_or))
        elif kind == "binary_expression":
            operator = text(node.child_by_field_name("operator") or node)
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator in ("&&", "||"):
                # `a || b` with positive polarity (or `!(a && b)`): either may hold
                either = under_or or (operator == "||") == positive
                stack.extend((c, positive, either) for c in (right, left) if c is not None)
            elif operator in ("==", "!=") and left is not None and right is not None:
                other = text(right)
                flip = (other == "false") != (operator == "!=")
                if other in ("true", "false"):
                    stack.append((left, positive != flip, under_or))
    return None


def branches(
    ctx: Context, node: Node, function: FunctionInfo | None, records: set[str]
) -> list[EligibleBranch]:
    """The eligible branches of an if_statement or a tagless switch."""
    if node.type == "if_statement":
        return _if(ctx, node, function, records)
    if node.type == "expression_switch_statement" and node.child_by_field_name("value") is None:
        found = []
        for case in node.named_children:
            value = case.child_by_field_name("value") if case.type == "expression_case" else None
            if value is None:
                continue
            read = eligible_read(ctx, value)
            if read is not None and read[1]:
                body = statements(case)
                if body:
                    found.append(_branch(ctx, read[0], "if", body, function, records))
        return [b for b in found if b is not None]
    return []


def _if(
    ctx: Context, node: Node, function: FunctionInfo | None, records: set[str]
) -> list[EligibleBranch]:
    condition = node.child_by_field_name("condition")
    read = eligible_read(ctx, condition) if condition is not None else None
    if read is None:
        return []
    at, holds = read
    consequence = node.child_by_field_name("consequence")
    alternative = node.child_by_field_name("alternative")
    nested = (
        node.parent is not None
        and node.parent.type == "if_statement"
        and node.parent.child_by_field_name("alternative") == node
    )
    if holds:
        branch = _branch(
            ctx, at, "elif" if nested else "if", statements(consequence), function, records
        )
    elif alternative is not None:
        if alternative.type != "block":
            return []  # `else if`: the next test decides
        branch = _branch(ctx, at, "else", statements(alternative), function, records)
    elif terminates(statements(consequence)) and not nested:
        after = []
        sibling = node.next_named_sibling
        while sibling is not None:
            if sibling.type != "comment":
                after.append(sibling)
            sibling = sibling.next_named_sibling
        branch = _branch(ctx, at, "guard", after, function, records)
    else:
        return []
    return [branch] if branch is not None else []


def _branch(
    ctx: Context,
    read: Node,
    form: str,
    arm: list[Node],
    function: FunctionInfo | None,
    records: set[str],
) -> EligibleBranch | None:
    if not arm or _answers(arm):
        return None
    first, last = ctx.loc(arm[0]), ctx.loc(arm[-1])
    span = Location(ctx.path, first.line, first.column, last.end_line, last.end_column)
    recorded = _recorded(ctx, arm, function, records)
    instrumented = (
        _recorded(ctx, [function.node], function, records) if function is not None else None
    )
    return EligibleBranch(
        test=ctx.source(read, 60),
        location=ctx.loc(read),
        form=form,
        arm=span,
        function=function.qualname if function is not None else None,
        records=recorded is not None,
        recorded_by=recorded,
        instrumented=instrumented is not None,
        instrumented_by=instrumented,
    )


def _recorded(
    ctx: Context, nodes: list[Node], function: FunctionInfo | None, records: set[str]
) -> Location | None:
    """The first telemetry call in ``nodes``, or call of a function of the file that records."""
    first: Location | None = None
    for node in nodes:
        for call, _ in ctx.emits_within(node):
            return ctx.loc(call)
        for call, callee in ctx.calls_within(node):
            helper = ctx.index.helper(callee, function)
            if helper is not None and helper in records:
                first = first or ctx.loc(call)
        if first is not None:
            return first
    return first


def _answers(arm: list[Node]) -> bool:
    """The arm only returns or assigns constants, or collects an item: a predicate,
    a lookup or a filter, whose caller acts on the answer."""
    for statement in arm:
        if statement.type == "return_statement":
            values = statement.named_children[0].named_children if statement.named_children else []
            if not all(_constant(v) for v in values):
                return False
        elif statement.type == "assignment_statement":
            right = statement.child_by_field_name("right")
            values = right.named_children if right is not None else []
            if not all(_constant(v) or _append(v) for v in values):
                return False
        elif statement.type in ("continue_statement", "break_statement"):
            continue
        else:
            return False
    return True


def _constant(node: Node) -> bool:
    if (
        node.type in ("true", "false", "nil", "int_literal", "float_literal")
        or string_value(node) is not None
    ):
        return True
    return (
        node.type in ("identifier", "selector_expression")
        and dotted(node).rsplit(".", 1)[-1][:1].isupper()
    )


def _append(node: Node) -> bool:
    return (
        node.type == "call_expression" and dotted(node.child_by_field_name("function")) == "append"
    )
