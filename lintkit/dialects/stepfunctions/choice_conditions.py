"""Choice rules (JSONPath comparisons and JSONata ``Condition`` strings) -> IR conditions.

Operands are ``Attr`` named by the path as written (``$.order.status``,
``$$.Execution.Input.x``, ``$states.input.plan``, ``$myVariable``), so a
simulator can draw values for them and rules can compare two conditions.

What a plain comparison cannot say exactly becomes an ``Opaque`` test with a
canonical key, so the same test written twice is the same free boolean:

* ``StringMatches`` (a wildcard pattern), ``IsString``/``IsNumeric``/
  ``IsBoolean``/``IsTimestamp`` (type tests), ``Timestamp*`` comparisons
  (instants, not strings: ``...Z`` and ``+00:00`` are equal);
* a JSONata condition beyond paths, literals, ``= != < <= > >=``, ``and``,
  ``or``, ``$not()`` and ``$exists()``.

Approximations (documented in docs/stepfunctions.md): a missing field and a
``null`` field are both "no value" (``IsPresent: true`` is ``x != null``;
``IsNull: true`` is ``x == null``).
"""

from __future__ import annotations

import re
from typing import Any

from lintkit.workflow import conditions as cond

# operator name (without the Path suffix) -> comparison
_ORDER = {
    "Equals": "==",
    "LessThan": "<",
    "GreaterThan": ">",
    "LessThanEquals": "<=",
    "GreaterThanEquals": ">=",
}
_KINDS = ("String", "Numeric", "Boolean", "Timestamp")
_TYPE_TESTS = ("IsString", "IsNumeric", "IsBoolean", "IsTimestamp")

COMPARISONS: tuple[str, ...] = (
    *(
        f"{kind}{name}{suffix}"
        for kind in _KINDS
        for name in (("Equals",) if kind == "Boolean" else tuple(_ORDER))
        for suffix in ("", "Path")
    ),
    "IsNull",
    "IsPresent",
    *_TYPE_TESTS,
    "StringMatches",
)
BOOLEANS = ("And", "Or", "Not")


def rule_expr(rule: Any) -> cond.Expr:
    """The IR condition of one Choice rule (top-level or nested)."""
    if not isinstance(rule, dict):
        return cond.Opaque(f"rule {rule!r}")
    if "Condition" in rule:
        return jsonata_expr(rule["Condition"])
    if isinstance(rule.get("And"), list) and rule["And"]:
        return cond.And(tuple(rule_expr(r) for r in rule["And"]))
    if isinstance(rule.get("Or"), list) and rule["Or"]:
        return cond.Or(tuple(rule_expr(r) for r in rule["Or"]))
    if isinstance(rule.get("Not"), dict):
        return cond.negation(rule_expr(rule["Not"]))
    variable = rule.get("Variable")
    operator = next((op for op in COMPARISONS if op in rule), None)
    if not isinstance(variable, str) or operator is None:
        return cond.Opaque(f"rule {sorted(rule)}")  # the validity checks report why
    return comparison(variable, operator, rule[operator])


def comparison(variable: str, operator: str, value: Any) -> cond.Expr:
    subject = cond.Attr(variable)
    if operator in ("IsPresent", "IsNull"):
        present = (operator == "IsPresent") == (value is True)
        return cond.Compare("!=" if present else "==", subject, cond.Const(None))
    if operator in _TYPE_TESTS:
        test = cond.Opaque(f"{operator}({variable})")
        return test if value is True else cond.Not(test)
    if operator == "StringMatches":
        literal = _without_wildcards(value)
        if literal is not None:  # no `*`: the pattern matches only itself
            return cond.Compare("==", subject, cond.Const(literal))
        return cond.Opaque(f"{variable} matches {value!r}")
    by_path = operator.endswith("Path")
    base = operator[: -len("Path")] if by_path else operator
    kind = next(k for k in _KINDS if base.startswith(k))
    op = _ORDER[base[len(kind) :]]
    other: cond.Operand = (
        cond.Attr(value)
        if by_path and isinstance(value, str)
        else cond.Const(
            value if isinstance(value, (str, int, float, bool)) or value is None else repr(value)
        )
    )
    if kind == "Timestamp":
        return _timestamp(variable, op, other)
    return cond.Compare(op, subject, other)


def _without_wildcards(pattern: Any) -> str | None:
    """The text a ``StringMatches`` pattern stands for when it has no unescaped ``*``."""
    if not isinstance(pattern, str):
        return None
    text, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            text.append(pattern[i + 1])
            i += 2
            continue
        if char == "*":
            return None
        text.append(char)
        i += 1
    return "".join(text)


def _timestamp(variable: str, op: str, other: cond.Operand) -> cond.Expr:
    """Instants as opaque tests, with >= and > as negations of < and <= (exhaustive pairs)."""
    text = other.name if isinstance(other, cond.Attr) else repr(getattr(other, "value", other))
    flipped = {">=": "<", ">": "<="}
    if op in flipped:
        return cond.Not(cond.Opaque(f"{variable} {flipped[op]} {text} (timestamp)"))
    return cond.Opaque(f"{variable} {op} {text} (timestamp)")


# -- JSONata conditions -----------------------------------------------------------
_WRAPPED = re.compile(r"^\s*\{%(?P<body>[\s\S]*)%\}\s*$")
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<call>\$(?:not|exists)\s*\()
      | (?P<path>\$[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`))*|\$\$?)
      | (?P<op><=|>=|!=|=|<|>|\(|\)|,)
      | (?P<word>and\b|or\b|true\b|false\b|null\b)
    )""",
    re.VERBOSE,
)
_COMPARE = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class _NotSimple(Exception):
    pass


def jsonata_expr(condition: Any) -> cond.Expr:
    """A ``Condition``: mapped when it is a simple comparison, else ``Opaque``."""
    if isinstance(condition, bool):
        return cond.Literal(condition)
    if not isinstance(condition, str):
        return cond.Opaque(f"Condition {condition!r}")
    match = _WRAPPED.match(condition)
    body = match.group("body") if match else condition
    key = " ".join(body.split())
    try:
        tokens = _tokens(body)
        parser = _Parser(tokens)
        expr = parser.disjunction()
        if parser.i != len(tokens):
            raise _NotSimple
        return expr
    except _NotSimple:
        return cond.Opaque(key)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, i = [], 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        match = _TOKEN.match(text, i)
        if not match or match.end() == i:
            raise _NotSimple
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        i = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (value is not None and token[1] != value):
            raise _NotSimple
        self.i += 1
        return token

    def disjunction(self) -> cond.Expr:
        parts = [self.conjunction()]
        while self.peek() == ("word", "or"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else cond.Or(tuple(parts))

    def conjunction(self) -> cond.Expr:
        parts = [self.comparison()]
        while self.peek() == ("word", "and"):
            self.take()
            parts.append(self.comparison())
        return parts[0] if len(parts) == 1 else cond.And(tuple(parts))

    def comparison(self) -> cond.Expr:
        kind, value = self.peek()
        if kind == "call":
            self.take()
            if value.startswith("$not"):
                inner = self.disjunction()
                self.take(")")
                return cond.negation(inner)
            subject = self.operand()
            self.take(")")
            return cond.Compare("!=", subject, cond.Const(None))
        if value == "(":
            self.take()
            inner = self.disjunction()
            self.take(")")
            return inner
        left = self.operand()
        kind, value = self.peek()
        if kind == "op" and value in _COMPARE:
            self.take()
            right = self.operand()
            if isinstance(left, cond.Const) and isinstance(right, cond.Const):
                raise _NotSimple
            return cond.Compare(_COMPARE[value], left, right)
        if isinstance(left, cond.Const):
            if isinstance(left.value, bool):
                return cond.Literal(left.value)
            raise _NotSimple
        return cond.Truthy(left)

    def operand(self) -> cond.Operand:
        kind, value = self.take()
        if kind == "path" and value not in ("$", "$$"):
            return cond.Attr(value)
        if kind == "number":
            number = float(value)
            return cond.Const(int(number) if number.is_integer() and "." not in value else number)
        if kind == "string":
            return cond.Const(_unquote(value))
        if kind == "word" and value in ("true", "false", "null"):
            return cond.Const({"true": True, "false": False, "null": None}[value])
        raise _NotSimple


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
