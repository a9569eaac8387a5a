"""The condition language of `keep:` and `when:`: parse, type-check, evaluate.

A condition is a small Python-like expression::

    plan in ['startup', 'yc'] and not events.startup_plan_customer_added_backfill

It is parsed with the standard library's ``ast`` (so precedence, literals and
positions are Python's) and then converted into the closed set of nodes below;
anything else is an error at its column. Nothing is ever evaluated by Python.

Offsets in ``span`` are 0-based character offsets into the condition text.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lintkit.core.suggest import similar

Span = tuple[int, int]
Scalar = str | int | float | bool | None

_AST_OPS: dict[type, str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_NEGATED = {"==": "!=", "!=": "=="}
_CONSTANT_NAMES: dict[str, Scalar] = {
    "true": True,
    "false": False,
    "True": True,
    "False": False,
    "null": None,
    "None": None,
}


# -- the expression tree --------------------------------------------------------
@dataclass(frozen=True)
class Attr:
    """A person attribute, e.g. ``plan``."""

    name: str
    span: Span = (0, 0)


@dataclass(frozen=True)
class Event:
    """``events.NAME``: true when the person did NAME."""

    name: str
    span: Span = (0, 0)


@dataclass(frozen=True)
class Const:
    value: Scalar
    span: Span = (0, 0)


Operand = Attr | Event | Const


@dataclass(frozen=True)
class Compare:
    op: str  # ==, !=, <, <=, >, >=
    left: Operand
    right: Operand
    span: Span = (0, 0)


@dataclass(frozen=True)
class In:
    """``left in [values]`` (``negated`` for ``not in``)."""

    left: Operand
    values: tuple[Const, ...]
    negated: bool = False
    span: Span = (0, 0)


@dataclass(frozen=True)
class Truthy:
    """A bare operand used as a boolean: ``identified``, ``events.signed_up``."""

    operand: Operand
    span: Span = (0, 0)


@dataclass(frozen=True)
class Not:
    operand: Expr
    span: Span = (0, 0)


@dataclass(frozen=True)
class And:
    operands: tuple[Expr, ...]
    span: Span = (0, 0)


@dataclass(frozen=True)
class Or:
    operands: tuple[Expr, ...]
    span: Span = (0, 0)


@dataclass(frozen=True)
class Opaque:
    """A test lintkit cannot see into (a regex match, a timestamp comparison...).

    Static analysis treats it as free: true for some people, false for others.
    ``key`` identifies it, so the same test in two places has the same value for
    one person; simulation draws that value per person.
    """

    key: str
    span: Span = (0, 0)


@dataclass(frozen=True)
class Literal:
    """A constant truth value (``true``); also what an empty And/Or reduces to."""

    value: bool
    span: Span = (0, 0)


Expr = Compare | In | Truthy | Not | And | Or | Literal | Opaque

TRUE = Literal(True)
FALSE = Literal(False)


@dataclass(frozen=True)
class ConditionError:
    message: str
    span: Span
    help: str = ""


class _Reject(Exception):
    def __init__(self, message: str, span: Span, help: str = "") -> None:
        self.error = ConditionError(message, span, help)


# -- parsing --------------------------------------------------------------------
# Bounds on one condition. The analyses that read conditions (feasible paths,
# simulation) grow with their size, and no real condition comes near these.
MAX_LENGTH = 10_000  # characters
MAX_TESTS = 500  # comparisons, membership tests and bare names
MAX_VALUES = 1_000  # literals in one `in [...]` list
MAX_NESTING = 50  # levels of and/or/not


def parse(text: str) -> Expr | ConditionError:
    """Parse condition text into an ``Expr``, or say where and why it is not one."""
    if not text.strip():
        return ConditionError("empty condition", (0, max(len(text), 1)))
    if len(text) > MAX_LENGTH:
        return ConditionError(
            f"condition is {len(text):,} characters long; lintkit reads at most {MAX_LENGTH:,}",
            (MAX_LENGTH, MAX_LENGTH + 1),
            help=_SPLIT,
        )
    # Wrapping in parentheses lets a condition span lines (YAML block scalars).
    wrapped = f"({text}\n)"
    try:
        tree = ast.parse(wrapped, mode="eval")
    except SyntaxError as err:
        return _syntax_error(text, wrapped, err)
    except (ValueError, RecursionError, MemoryError):
        return ConditionError("condition is too deeply nested or not text", (0, len(text)))
    try:
        return _Converter(wrapped).expr(tree.body)
    except _Reject as rejected:
        return rejected.error
    except RecursionError:
        return ConditionError("condition is too deeply nested", (0, len(text)))


def _syntax_error(text: str, wrapped: str, err: SyntaxError) -> ConditionError:
    line = (err.lineno or 1) - 1
    lines = wrapped.split("\n")
    offset = sum(len(part) + 1 for part in lines[:line]) + max((err.offset or 1) - 1, 0) - 1
    offset = min(max(offset, 0), max(len(text) - 1, 0))
    message = (err.msg or "invalid syntax").replace("'('", "parenthesis")
    if "set_int_max_str_digits" in message:  # Python's advice to programs, not to authors
        message = "an integer literal of more than 4,300 digits"
    if message.startswith("invalid syntax"):
        message = "not a valid condition"
    return ConditionError(
        f"syntax error: {message}",
        (offset, offset + 1),
        help="conditions use names, events.NAME, literals, == != < <= > >= in, and/or/not",
    )


_SPLIT = "split it: a filter or branch case per part, or an attribute that holds the answer"


class _Converter:
    def __init__(self, wrapped: str) -> None:
        self.lines = wrapped.split("\n")
        self.line_starts = [0]
        for part in self.lines:
            self.line_starts.append(self.line_starts[-1] + len(part) + 1)
        self.tests = 0
        self.nesting = 0

    def test(self, span: Span) -> None:
        """Count one test; past MAX_TESTS, reject at this one."""
        self.tests += 1
        if self.tests > MAX_TESTS:
            raise _Reject(f"condition has more than {MAX_TESTS} tests", span, _SPLIT)

    def span(self, node: ast.AST) -> Span:
        return (
            self._offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            self._offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
        )

    def _offset(self, lineno: int | None, byte_col: int | None) -> int:
        # ast columns are UTF-8 byte offsets; -1 removes the added "(".
        line = self.lines[(lineno or 1) - 1]
        chars = len(line.encode("utf-8")[: byte_col or 0].decode("utf-8", errors="ignore"))
        return self.line_starts[(lineno or 1) - 1] + chars - 1

    def expr(self, node: ast.expr) -> Expr:
        span = self.span(node)
        if isinstance(node, ast.BoolOp) or (
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        ):
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise _Reject(f"condition nests and/or/not more than {MAX_NESTING} deep", span)
            try:
                return self.logical(node, span)
            finally:
                self.nesting -= 1
        self.test(span)
        if isinstance(node, ast.Compare):
            return self.compare(node, span)
        if isinstance(node, (ast.Name, ast.Attribute)):
            operand = self.operand(node)
            if isinstance(operand, Const):
                if isinstance(operand.value, bool):
                    return Literal(operand.value, span)
                raise _Reject("a constant is not a condition", span)
            return Truthy(operand, span)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return Literal(node.value, span)
        raise _Reject(f"{_describe(node)} is not allowed in a condition", span, _HELP)

    def logical(self, node: ast.BoolOp | ast.UnaryOp, span: Span) -> Expr:
        if isinstance(node, ast.UnaryOp):
            return Not(self.expr(node.operand), span)
        operands = tuple(self.expr(value) for value in node.values)
        return And(operands, span) if isinstance(node.op, ast.And) else Or(operands, span)

    def compare(self, node: ast.Compare, span: Span) -> Expr:
        parts: list[Expr] = []
        left = node.left
        for index, (op, right) in enumerate(zip(node.ops, node.comparators, strict=False)):
            part_span = (self.span(left)[0], self.span(right)[1])
            if index:
                self.test(part_span)
            if isinstance(op, (ast.In, ast.NotIn)):
                parts.append(
                    In(self.operand(left), self.values(right), isinstance(op, ast.NotIn), part_span)
                )
            elif type(op) in _AST_OPS:
                parts.append(
                    Compare(_AST_OPS[type(op)], self.operand(left), self.operand(right), part_span)
                )
            else:
                op_text = "is not" if isinstance(op, ast.IsNot) else "is"
                raise _Reject(
                    f"'{op_text}' is not allowed in a condition",
                    part_span,
                    "compare with == or != instead",
                )
            left = right
        return parts[0] if len(parts) == 1 else And(tuple(parts), span)

    def values(self, node: ast.expr) -> tuple[Const, ...]:
        if not isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            raise _Reject(
                "'in' needs a list of literals on its right, e.g. plan in ['a', 'b']",
                self.span(node),
            )
        if len(node.elts) > MAX_VALUES:
            raise _Reject(
                f"a list of {len(node.elts):,} values; lintkit reads at most {MAX_VALUES:,}",
                self.span(node.elts[MAX_VALUES]),
                "an attribute that says whether the value is in the list can replace it",
            )
        values = []
        for element in node.elts:
            operand = self.operand(element)
            if not isinstance(operand, Const):
                raise _Reject("a list in a condition holds only literals", operand.span)
            values.append(operand)
        return tuple(values)

    def operand(self, node: ast.expr) -> Operand:
        span = self.span(node)
        if isinstance(node, ast.Name):
            if node.id in _CONSTANT_NAMES:
                return Const(_CONSTANT_NAMES[node.id], span)
            if node.id == "events":
                raise _Reject("write events.NAME to test whether a person did NAME", span)
            return Attr(node.id, span)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "events":
                return Event(node.attr, span)
            raise _Reject(
                f"{_describe(node)} is not allowed; only events.NAME has a dot",
                span,
                "attributes are plain names such as plan or email",
            )
        if isinstance(node, ast.Constant) and (
            node.value is None or isinstance(node.value, (str, int, float, bool))
        ):
            return Const(node.value, span)
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, (int, float))
            and not isinstance(node.operand.value, bool)
        ):
            return Const(-node.operand.value, span)
        raise _Reject(f"{_describe(node)} is not allowed in a condition", span, _HELP)


_HELP = "conditions use names, events.NAME, literals, == != < <= > >= in, and/or/not"


def _describe(node: ast.AST) -> str:
    names = {
        ast.Call: "a function call",
        ast.Subscript: "indexing",
        ast.BinOp: "arithmetic",
        ast.Lambda: "a lambda",
        ast.IfExp: "an if-expression",
        ast.Attribute: "an attribute access",
        ast.Dict: "a dict",
        ast.List: "a list",
        ast.JoinedStr: "an f-string",
        ast.NamedExpr: "an assignment",
    }
    return names.get(type(node), f"'{type(node).__name__}'")


# -- type checking ----------------------------------------------------------------
@dataclass(frozen=True)
class AttributeType:
    """What a workflow declares about an attribute: kind and, for enums, values."""

    kind: str  # "enum" | "boolean" | "string" | "number"
    values: tuple[Scalar, ...] = ()


def check(expr: Expr, attributes: Mapping[str, AttributeType] | None) -> list[ConditionError]:
    """Unknown attributes, enum values that do not exist, and type mismatches.

    With ``attributes`` None (the workflow declares none), names are not checked.
    """
    errors: list[ConditionError] = []
    for node in walk(expr):
        if isinstance(node, (Compare, In, Truthy)):
            for operand in _operands(node):
                if (
                    isinstance(operand, Attr)
                    and attributes is not None
                    and operand.name not in attributes
                ):
                    errors.append(_unknown(operand, attributes))
        if attributes is None:
            continue
        if isinstance(node, Compare):
            errors.extend(_check_compare(node, attributes))
        elif isinstance(node, In):
            errors.extend(_check_in(node, attributes))
    unique = {(e.message, e.span): e for e in errors}  # a == b == c reads b twice
    return list(unique.values())


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _name(node: Compare) -> str:
    for operand in (node.left, node.right):
        if isinstance(operand, (Attr, Event)):
            return operand.name
    return "?"


def _operands(node: Compare | In | Truthy) -> Iterator[Operand]:
    if isinstance(node, Compare):
        yield node.left
        yield node.right
    elif isinstance(node, In):
        yield node.left
    else:
        yield node.operand


def _unknown(attr: Attr, attributes: Mapping[str, AttributeType]) -> ConditionError:
    close = similar(attr.name, attributes)
    hint = f"did you mean '{close[0]}'?" if close else "declare it under attributes:"
    return ConditionError(f"unknown attribute '{attr.name}'", attr.span, hint)


def _type_of(operand: Operand, attributes: Mapping[str, AttributeType]) -> AttributeType | None:
    if isinstance(operand, Attr):
        return attributes.get(operand.name)
    if isinstance(operand, Event):
        return AttributeType("boolean")
    return None


def _const_kind(value: Scalar) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


def _check_value(declared: AttributeType, subject: Operand, const: Const) -> ConditionError | None:
    kind = _const_kind(const.value)
    name = subject.name if isinstance(subject, (Attr, Event)) else "?"
    if kind == "null":
        return None  # comparing with null tests for a missing value
    if declared.kind == "enum":
        if const.value not in declared.values:
            texts = [str(v) for v in declared.values]
            close = similar(str(const.value), texts)
            hint = f"did you mean '{close[0]}'?" if close else f"values: {', '.join(texts)}"
            return ConditionError(f"'{name}' has no value {const.value!r}", const.span, hint)
        return None
    if declared.kind != kind:
        return ConditionError(
            f"'{name}' is {_article(declared.kind)}, compared with a {kind} {const.value!r}",
            const.span,
        )
    return None


def _check_compare(node: Compare, attributes: Mapping[str, AttributeType]) -> list[ConditionError]:
    left_type, right_type = _type_of(node.left, attributes), _type_of(node.right, attributes)
    if isinstance(node.left, Const) and isinstance(node.right, Const):
        return [ConditionError("compares two literals; the result never changes", node.span)]
    errors = []
    ordered = node.op not in ("==", "!=")
    for declared, other in ((left_type, node.right), (right_type, node.left)):
        if declared is None:
            continue
        if ordered and declared.kind in ("enum", "boolean"):
            errors.append(
                ConditionError(
                    f"'{node.op}' orders values, but '{_name(node)}' is {_article(declared.kind)}",
                    node.span,
                    "use == / != or in [...]",
                )
            )
            break
        if isinstance(other, Const):
            subject = node.left if declared is left_type else node.right
            error = _check_value(declared, subject, other)
            if error:
                errors.append(error)
    if left_type and right_type and not errors:
        kinds = {left_type.kind, right_type.kind}
        if len(kinds) > 1 and kinds != {"enum", "string"}:
            errors.append(
                ConditionError(
                    f"compares {_article(left_type.kind)} with {_article(right_type.kind)}",
                    node.span,
                )
            )
    return errors


def _check_in(node: In, attributes: Mapping[str, AttributeType]) -> list[ConditionError]:
    declared = _type_of(node.left, attributes)
    if declared is None:
        return []
    return [e for c in node.values if (e := _check_value(declared, node.left, c)) is not None]


# -- structure helpers ----------------------------------------------------------
def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr``, parents before children."""
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, (And, Or)):
            stack.extend(reversed(node.operands))


def attributes_read(expr: Expr) -> set[str]:
    return {
        operand.name
        for node in walk(expr)
        if isinstance(node, (Compare, In, Truthy))
        for operand in _operands(node)
        if isinstance(operand, Attr)
    }


def events_read(expr: Expr) -> set[str]:
    return {
        operand.name
        for node in walk(expr)
        if isinstance(node, (Compare, In, Truthy))
        for operand in _operands(node)
        if isinstance(operand, Event)
    }


def conjunction(*exprs: Expr | None) -> Expr:
    """``a and b and ...`` with None/true dropped and nested Ands flattened."""
    parts: list[Expr] = []
    for expr in exprs:
        if expr is None or expr == TRUE or (isinstance(expr, Literal) and expr.value):
            continue
        parts.extend(expr.operands if isinstance(expr, And) else (expr,))
    if not parts:
        return TRUE
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def negation(expr: Expr) -> Expr:
    """``not expr``, pushed inward where that stays exact (for readable output)."""
    if isinstance(expr, Literal):
        return Literal(not expr.value)
    if isinstance(expr, Not):
        return expr.operand
    if isinstance(expr, Compare) and expr.op in ("==", "!="):
        return Compare(_NEGATED[expr.op], expr.left, expr.right, expr.span)
    # `not (score > 50)` is not `score <= 50`: a missing score fails both
    # comparisons, so flipping an ordered one would strand that person.
    if isinstance(expr, In):
        return In(expr.left, expr.values, not expr.negated, expr.span)
    return Not(expr)


# -- evaluation -----------------------------------------------------------------
def evaluate(
    expr: Expr,
    attributes: Mapping[str, Any],
    events: frozenset[str] | set[str],
    opaque: Mapping[str, bool] | None = None,
) -> bool:
    """Truth of ``expr`` for one person. A missing attribute is None, never an error.

    ``opaque`` gives the person's value of each ``Opaque`` test (default false).
    """
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Opaque):
        return bool((opaque or {}).get(expr.key, False))
    if isinstance(expr, And):
        return all(evaluate(e, attributes, events, opaque) for e in expr.operands)
    if isinstance(expr, Or):
        return any(evaluate(e, attributes, events, opaque) for e in expr.operands)
    if isinstance(expr, Not):
        return not evaluate(expr.operand, attributes, events, opaque)
    if isinstance(expr, Truthy):
        return bool(_value(expr.operand, attributes, events))
    if isinstance(expr, In):
        value = _value(expr.left, attributes, events)
        found = any(_equal(value, c.value) for c in expr.values)
        return found != expr.negated
    left = _value(expr.left, attributes, events)
    right = _value(expr.right, attributes, events)
    if expr.op == "==":
        return _equal(left, right)
    if expr.op == "!=":
        return not _equal(left, right)
    try:
        return bool(
            {
                "<": lambda: left < right,
                "<=": lambda: left <= right,
                ">": lambda: left > right,
                ">=": lambda: left >= right,
            }[expr.op]()
        )
    except TypeError:  # a missing value or mixed types: the comparison is false
        return False


def _value(
    operand: Operand, attributes: Mapping[str, Any], events: frozenset[str] | set[str]
) -> Any:
    if isinstance(operand, Attr):
        return attributes.get(operand.name)
    if isinstance(operand, Event):
        return operand.name in events
    return operand.value


def _equal(a: Any, b: Any) -> bool:
    # 1 == True in Python; a condition must not confuse a number with a boolean.
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


# -- printing -------------------------------------------------------------------
def render(expr: Expr) -> str:
    """Readable text for an expression (used in messages and traces)."""
    if isinstance(expr, Literal):
        return "true" if expr.value else "false"
    if isinstance(expr, Opaque):
        return f"<{expr.key}>"
    if isinstance(expr, And):
        return " and ".join(_wrap(e, (Or,)) for e in expr.operands)
    if isinstance(expr, Or):
        return " or ".join(_wrap(e, (And,)) for e in expr.operands)
    if isinstance(expr, Not):
        return f"not {_wrap(expr.operand, (And, Or))}"
    if isinstance(expr, Truthy):
        return _operand_text(expr.operand)
    if isinstance(expr, In):
        values = ", ".join(_operand_text(v) for v in expr.values)
        return f"{_operand_text(expr.left)} {'not in' if expr.negated else 'in'} [{values}]"
    return f"{_operand_text(expr.left)} {expr.op} {_operand_text(expr.right)}"


def _wrap(expr: Expr, kinds: tuple[type, ...]) -> str:
    text = render(expr)
    return f"({text})" if isinstance(expr, kinds) else text


def _operand_text(operand: Operand) -> str:
    if isinstance(operand, Attr):
        return operand.name
    if isinstance(operand, Event):
        return f"events.{operand.name}"
    if isinstance(operand, Const) and isinstance(operand.value, bool):
        return "true" if operand.value else "false"
    if operand.value is None:
        return "null"
    return repr(operand.value)
