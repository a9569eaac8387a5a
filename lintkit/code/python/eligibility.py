"""Eligible branches: the code that runs when an eligibility test holds.

For ``if result.eligible and ...:`` it is the body; for ``if not
result.eligible: ... else:`` the else arm; for the guard form ``if not
result.eligible: return`` the code after the guard, in its block (and the
blocks of enclosing ``with``/``try`` statements, which a return also leaves).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

from lintkit.code.model import EligibleBranch
from lintkit.code.python.context import Context
from lintkit.code.python.index import FunctionInfo
from lintkit.code.python.names import dotted
from lintkit.code.python.reporting import telemetry_pattern
from lintkit.code.python.strings import string_value
from lintkit.code.python.traverse import walk
from lintkit.code.settings import NEGATED, technical_subject
from lintkit.core.types import Location

_EXIT_CALLS = {"sys.exit", "exit", "quit", "abort", "flask.abort", "os._exit"}


def eligible_branch(
    ctx: Context, node: cst.If, stack: Sequence[cst.CSTNode], function: FunctionInfo | None
) -> EligibleBranch | None:
    regex = ctx.settings.eligibility
    parent = stack[-2] if len(stack) > 1 else None
    elif_ = isinstance(parent, cst.If) and parent.orelse is node
    atoms = eligible_atoms(node.test, True, regex)
    if atoms:
        arm: Sequence[cst.CSTNode] = _statements(node.body)
        form = "elif" if elif_ else "if"
    else:
        atoms = eligible_atoms(node.test, False, regex)
        if not atoms:
            return None
        if isinstance(node.orelse, cst.Else):
            arm, form = _statements(node.orelse.body), "else"
        elif isinstance(node.orelse, cst.If):
            arm, form = [node.orelse], "else"
        elif not elif_ and always_exits(node.body, ctx):
            arm, form = _after_guard(node, stack), "guard"
        else:
            return None
    if not arm or all(_trivial(statement) for statement in arm):
        return None  # a predicate or a lookup: its caller acts on the answer
    recorded_by = ctx.first_record(arm, function)
    index = ctx.index
    # Direct calls only: a helper that logs its own errors does not make the
    # caller's decisions instrumented.
    if function is not None:
        instrumented = function.emits
    else:
        instrumented = index.top_level_emits or any(f.emits for f in index.functions.values())
    body = function.node.body.body if function is not None else ctx.module.body
    return EligibleBranch(
        test=ctx.text(atoms[0]),
        location=ctx.loc(atoms[0]),
        form=form,
        arm=ctx.span(arm[0], arm[-1]),
        function=function.qualname if function else None,
        records=recorded_by is not None,
        recorded_by=recorded_by,
        instrumented=instrumented,
        instrumented_by=_first_emit(ctx, body) if instrumented else None,
    )


def _first_emit(ctx: Context, body: Sequence[cst.CSTNode]) -> Location | None:
    """The first telemetry call the code makes itself (not through a helper)."""
    for node in walk(body):
        if isinstance(node, cst.Call):
            callee = dotted(node.func)
            if telemetry_pattern(callee, ctx.resolve(callee), ctx.settings, ctx.index.bound):
                return ctx.loc(node)
    return None


def eligible_atoms(
    expr: cst.BaseExpression, positive: bool, regex: re.Pattern[str]
) -> list[cst.BaseExpression]:
    """Eligibility reads that hold whenever ``expr`` evaluates to ``positive``."""
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Not):
        return eligible_atoms(expr.expression, not positive, regex)
    if isinstance(expr, cst.BooleanOperation):
        # `a and b` true: both hold; `a or b` false: neither holds.
        if isinstance(expr.operator, cst.And) == positive:
            return eligible_atoms(expr.left, positive, regex) + eligible_atoms(
                expr.right, positive, regex
            )
        return []
    if isinstance(expr, cst.Comparison):
        return _comparison(expr, positive, regex)
    polarity = _polarity(expr, regex)
    if polarity and (polarity > 0) == positive:
        return [expr]
    return []


def _comparison(
    expr: cst.Comparison, positive: bool, regex: re.Pattern[str]
) -> list[cst.BaseExpression]:
    """``x.eligible is True``, ``x.eligible == False``, ``status == Status.ELIGIBLE``."""
    if len(expr.comparisons) != 1:
        return []
    target = expr.comparisons[0]
    if isinstance(target.operator, (cst.Equal, cst.Is)):
        same = True
    elif isinstance(target.operator, (cst.NotEqual, cst.IsNot)):
        same = False
    else:
        return []
    left, right = expr.left, target.comparator
    for value, other in ((right, left), (left, right)):
        if isinstance(value, cst.Name) and value.value in ("True", "False"):
            holds = positive == same if value.value == "True" else positive != same
            return eligible_atoms(other, holds, regex)
    # `status == Status.ELIGIBLE`, `result.state == "eligible"`: the value compared
    # with says eligible. (`ineligible_reason == X` says nothing about eligibility.)
    for value in (right, left):
        if _is_constant(value):
            polarity = _polarity(value, regex)
            if polarity and (polarity > 0) == (positive == same):
                return [expr]
    return []


def _is_constant(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.SimpleString):
        return True
    name = dotted(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else ""
    last = name.rsplit(".", 1)[-1]
    return bool(last) and last.isupper()


def _polarity(expr: cst.BaseExpression, regex: re.Pattern[str]) -> int:
    """1: reads eligibility (`user.is_eligible()`); -1: reads its negation
    (`user.ineligible`, `not_eligible`); 0: neither."""
    if isinstance(expr, cst.Await):
        expr = expr.expression
    if isinstance(expr, cst.Call):  # user.is_eligible(plan)
        expr = expr.func
    name = ""
    if isinstance(expr, cst.Subscript):  # result["eligible"]
        element = expr.slice[0].slice if len(expr.slice) == 1 else None
        if isinstance(element, cst.Index) and isinstance(element.value, cst.SimpleString):
            name = string_value(element.value) or ""
    elif isinstance(expr, cst.SimpleString):
        name = string_value(expr) or ""
    elif isinstance(expr, (cst.Name, cst.Attribute)):
        name = dotted(expr)
    if not name:
        return 0
    negated = NEGATED.search(name)
    found = regex.search(name) or negated
    if found is None or technical_subject(name, found.start()):
        return 0
    return -1 if negated else 1


def _trivial(statement: cst.CSTNode) -> bool:
    """`return True`, `return Kind.OUT_OF_BALANCE`, `continue`, `x = None`,
    `eligible.append(user)`..."""
    if not isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        return False
    for small in statement.body:
        if isinstance(small, (cst.Pass, cst.Continue, cst.Break)):
            continue
        if isinstance(small, cst.Return) and (small.value is None or _plain(small.value)):
            continue
        if isinstance(small, cst.Assign) and _plain(small.value):
            continue
        if isinstance(small, cst.Expr) and isinstance(
            small.value, (cst.SimpleString, cst.ConcatenatedString)
        ):
            continue  # a docstring-like string
        if isinstance(small, cst.Expr) and _collects(small.value):
            continue  # `results.append(item)`: the branch filters a collection
        return False
    return True


def _collects(value: cst.BaseExpression) -> bool:
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value in ("append", "add", "extend", "update", "appendleft")
        and all(_plain(a.value) for a in value.args)
    )


def _plain(value: cst.BaseExpression) -> bool:
    """A literal, a name or an attribute chain: no call, nothing computed."""
    if isinstance(value, (cst.Tuple, cst.List)):
        return all(_plain(e.value) for e in value.elements)
    if isinstance(value, cst.UnaryOperation):
        return _plain(value.expression)
    return isinstance(
        value,
        (
            cst.Name,
            cst.Attribute,
            cst.SimpleString,
            cst.ConcatenatedString,
            cst.Integer,
            cst.Float,
            cst.FormattedString,
        ),
    ) and not (isinstance(value, cst.Attribute) and "()" in dotted(value))


def _statements(body: cst.BaseSuite) -> list[cst.CSTNode]:
    return list(body.body)


def always_exits(body: cst.BaseSuite, ctx: Context) -> bool:
    """Whether every path through ``body`` leaves it by return, raise, continue,
    break or a call that stops the process or request (``abort(403)``)."""
    statements = body.body
    if not statements:
        return False
    last = statements[-1]
    if isinstance(last, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        small = last.body[-1] if last.body else None
        if isinstance(small, (cst.Return, cst.Raise, cst.Continue, cst.Break)):
            return True
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            callee = dotted(small.value.func)
            return callee in _EXIT_CALLS or ctx.resolve(callee) in _EXIT_CALLS
        return False
    if isinstance(last, cst.If):
        if isinstance(last.orelse, cst.Else):
            return always_exits(last.body, ctx) and always_exits(last.orelse.body, ctx)
        if isinstance(last.orelse, cst.If):
            return always_exits(last.body, ctx) and _if_exits(last.orelse, ctx)
        return False
    if isinstance(last, cst.With):
        return always_exits(last.body, ctx)
    return False


def _if_exits(node: cst.If, ctx: Context) -> bool:
    if not always_exits(node.body, ctx):
        return False
    if isinstance(node.orelse, cst.Else):
        return always_exits(node.orelse.body, ctx)
    if isinstance(node.orelse, cst.If):
        return _if_exits(node.orelse, ctx)
    return False


def _after_guard(node: cst.If, stack: Sequence[cst.CSTNode]) -> list[cst.CSTNode]:
    """The statements that run only when the guard let the code through."""
    found: list[cst.CSTNode] = []
    statement: cst.CSTNode = node
    i = len(stack) - 2
    while i >= 0:
        block = stack[i]
        body = getattr(block, "body", None)
        if not isinstance(block, (cst.IndentedBlock, cst.Module)) or not isinstance(body, tuple):
            break
        index = next((k for k, s in enumerate(body) if s is statement), None)
        if index is None:
            break
        found.extend(body[index + 1 :])
        owner = stack[i - 1] if i >= 1 else None
        # A return leaves `with` and `try` bodies too; any other owner (a loop,
        # an `if`, the function) joins paths the guard did not filter.
        if not (isinstance(owner, (cst.With, cst.Try)) and owner.body is block):
            break
        statement = owner
        i -= 2
    return found
