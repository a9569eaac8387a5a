"""n8n conditions (IF, Filter, Switch rules) -> lintkit's condition language.

Two shapes exist (n8n-io/n8n packages/nodes-base/nodes/If/V1 and V2):

* v1 (IF typeVersion 1, Switch up to 2): ``conditions: {string: [...], number: [...],
  boolean: [...], dateTime: [...]}``, each ``{value1, operation, value2}``, joined by
  ``combineOperation`` (``all``, the default, or ``any``);
* v2 (IF 2+, Filter 2+, Switch 3+): ``conditions: {conditions: [{leftValue,
  rightValue, operator: {type, operation}}], combinator: "and" | "or"}``.

A value written as an expression that only reads a field of the item
(``={{ $json.plan }}``, ``={{ $json["plan"] }}``, ``={{ $('Lookup').item.json.plan }}``)
becomes an attribute named by that path; an equality against a literal becomes
``==``/``!=``, a number comparison an ordered one, a boolean test a comparison with
true/false. Everything else (regex, contains, dates, computed expressions,
case-insensitive equality) is an opaque test keyed by its text, so the same test in
two nodes is the same unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lintkit.workflow import conditions as cond

_FIELD = r"""(?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\])"""
_ITEM = re.compile(
    r"""^=\s*\{\{\s*(?P<path>(?:\$json|\$\(\s*(?:"[^"\\]*"|'[^'\\]*')\s*\)\.item\.json"""
    r"""|\$node\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\]\.json)""" + _FIELD + r"""*)\s*\}\}\s*$"""
)
_PART = re.compile(_FIELD)

# operation -> (what is tested, whether the operation asserts it)
_PRESENCE = {
    "exists": ("set", True),
    "notExists": ("set", False),
    "empty": ("empty", True),
    "notEmpty": ("empty", False),
}
_ORDERED_V2 = {"gt": ">", "lt": "<", "gte": ">=", "lte": "<="}
_V1_NUMBER = {
    "smaller": "<",
    "smallerEqual": "<=",
    "larger": ">",
    "largerEqual": ">=",
    "equal": "==",
    "notEqual": "!=",
}


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one (a parameter left out or mistyped)."""
    return value if isinstance(value, Mapping) else {}


def field(value: Any) -> str | None:
    """``$json.plan`` for ``={{ $json["plan"] }}``; None for anything else."""
    if not isinstance(value, str):
        return None
    match = _ITEM.match(value)
    if match is None:
        return None
    path = match.group("path")
    head_end = path.index("json") + 4
    head, rest = path[:head_end], path[head_end:]
    parts = []
    for part in _PART.findall(rest):
        part = part.strip(".[] ")
        parts.append(part.strip("\"'"))
    head = re.sub(r"\s+", "", head).replace('"', "'")
    return ".".join([head, *parts])


def literal(value: Any) -> cond.Const | None:
    """A constant operand: a JSON scalar, or a string that is no expression."""
    if isinstance(value, bool) or value is None:
        return cond.Const(value)
    if isinstance(value, int | float):
        return cond.Const(value)
    if isinstance(value, str) and not value.startswith("="):
        return cond.Const(value)
    if isinstance(value, str) and "{{" not in value:
        return cond.Const(value[1:])  # "=text": an expression with nothing to evaluate
    return None


def _opaque(node: str, *parts: Any) -> cond.Opaque:
    text = " ".join(str(p) for p in parts if p not in (None, ""))
    return cond.Opaque(f"{node}: {text}" if text else node)


def _compare(op: str, left: Any, right: Any, kind: str) -> cond.Expr | None:
    """``left op right`` when left reads a field and right is a literal of ``kind``."""
    name = field(left)
    value = literal(right)
    if name is None or value is None:
        return None
    if kind == "number" and isinstance(value.value, str):
        try:
            value = cond.Const(float(value.value) if "." in value.value else int(value.value))
        except ValueError:
            return None
    if kind == "string" and not isinstance(value.value, str):
        value = cond.Const(str(value.value))
    return cond.Compare(op, cond.Attr(name), value)


# -- v2: {conditions: [...], combinator} ----------------------------------------------
def v2(node: str, spec: Any) -> cond.Expr:
    if not isinstance(spec, Mapping):
        return _opaque(node, "conditions")
    options = mapping(spec.get("options"))
    case_sensitive = options.get("caseSensitive", True) is not False
    items = spec.get("conditions")
    if not isinstance(items, list) or not items:
        return _opaque(node, "no conditions")
    parts = [_v2_one(node, c, case_sensitive) for c in items]
    if spec.get("combinator", "and") == "or":
        return parts[0] if len(parts) == 1 else cond.Or(tuple(parts))
    return cond.conjunction(*parts)


def _v2_one(node: str, c: Any, case_sensitive: bool) -> cond.Expr:
    if not isinstance(c, Mapping):
        return _opaque(node, c)
    operator = mapping(c.get("operator"))
    kind = str(operator.get("type", "string"))
    op = str(operator.get("operation", "equals"))
    left, right = c.get("leftValue"), c.get("rightValue")
    found: cond.Expr | None = None
    if op in _PRESENCE:  # one unknown per value tested, whichever way it is asked
        what, asserted = _PRESENCE[op]
        fixed = literal(left)
        if fixed is not None:  # a constant: set unless null, empty if ""
            holds = fixed.value not in (None, "") if what == "set" else fixed.value in (None, "")
            return cond.Literal(holds == asserted)
        test = cond.Opaque(f"{left} is {what}")
        return test if asserted else cond.negation(test)
    if kind == "boolean" and op in ("true", "false") and literal(left) is not None:
        value = literal(left)
        truth = value is not None and value.value in (True, "true", "True")
        return cond.Literal(truth == (op == "true"))
    constant = _constant(op, left, right)
    if constant is not None:
        return constant
    if op in ("equals", "notEquals") and (kind != "string" or case_sensitive):
        found = _compare("==" if op == "equals" else "!=", left, right, kind)
    elif kind == "number" and op in _ORDERED_V2:
        found = _compare(_ORDERED_V2[op], left, right, "number")
    elif kind == "boolean" and op in ("true", "false"):
        name = field(left)
        if name is not None:
            found = cond.Compare("==", cond.Attr(name), cond.Const(op == "true"))
    return found or _opaque(node, left, kind, op, right)


def _constant(op: str, left: Any, right: Any) -> cond.Expr | None:
    """Equality of two literals (an unfilled rule: "" equals ""), decided."""
    a, b = literal(left), literal(right)
    if a is None or b is None or op not in ("equals", "notEquals"):
        return None
    return cond.Literal((a.value == b.value) == (op == "equals"))


# -- v1: {string: [...], number: [...], boolean: [...]}, combineOperation ---------------
def v1(node: str, spec: Any, combine: Any) -> cond.Expr:
    if not isinstance(spec, Mapping):
        return _opaque(node, "conditions")
    parts: list[cond.Expr] = []
    for kind, items in spec.items():
        if not isinstance(items, list):
            continue
        parts.extend(_v1_one(node, str(kind), c) for c in items)
    if not parts:
        return _opaque(node, "no conditions")
    if combine == "any":
        return parts[0] if len(parts) == 1 else cond.Or(tuple(parts))
    return cond.conjunction(*parts)


def _v1_one(node: str, kind: str, c: Any) -> cond.Expr:
    if not isinstance(c, Mapping):
        return _opaque(node, c)
    left = c.get("value1")
    default_op = "smaller" if kind == "number" else "equal"
    op = str(c.get("operation", default_op))
    right = c.get("value2", False if kind == "boolean" else "" if kind == "string" else 0)
    found: cond.Expr | None = None
    if kind == "string" and op in ("equal", "notEqual"):
        found = _compare("==" if op == "equal" else "!=", left, right, "string")
    elif kind == "number" and op in _V1_NUMBER:
        found = _compare(_V1_NUMBER[op], left, right, "number")
    elif kind == "boolean" and op in ("equal", "notEqual"):
        found = _compare("==" if op == "equal" else "!=", left, right, "boolean")
    return found or _opaque(node, left, kind, op, right)


def node_condition(node: Mapping[str, Any]) -> cond.Expr:
    """What an IF or Filter node keeps."""
    name = str(node.get("name"))
    params = node.get("parameters") or {}
    spec = params.get("conditions")
    if isinstance(spec, Mapping) and "conditions" in spec and isinstance(spec["conditions"], list):
        return v2(name, spec)
    return v1(name, spec if spec is not None else {}, params.get("combineOperation", "all"))
