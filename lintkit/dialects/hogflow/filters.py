"""PostHog filters -> lintkit condition expressions.

Every condition in a PostHog workflow (the trigger, a step's "Conditions", a
branch condition, a wait, the conversion goal) is stored as HogFunction filters::

    {"properties": [{"key": "plan", "value": ["startup", "yc"],
                     "operator": "exact", "type": "person"}],
     "events": [{"id": "signed_up", "type": "events", "properties": [...]}],
     "actions": [{"id": 12, "type": "actions"}],
     "filter_test_accounts": true}

PostHog compiles them (posthog/cdp/filters.py) to: not-a-test-account AND every
property AND (any event OR any action). Filters with none of these match everyone.

What a filter reads depends on where it sits. In a trigger, a step's conditions
or a branch, ``events`` names the event that started the run (the attribute
``event``); in a wait or a conversion goal it is an event the person does later
(``events.NAME``). Person properties keep their key (``plan``, ``email``), so
they read like a native workflow's attributes; event properties are
``event.KEY``. Tests lintkit cannot see into (icontains, regex, dates, cohorts,
saved actions) become ``Opaque``: true for some people, false for others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lintkit.workflow import conditions as cond

# The keys PostHog uses for "this person is identified"; lintkit's name for it.
_IDENTIFIED_KEYS = ("$is_identified", "is_identified")
IDENTIFIED = "identified"
# Properties that only a person who can be messaged has.
_CONTACT_KEYS = ("email", "$email", "phone", "$phone", "phone_number")
_NEGATED_OPAQUE = {
    "not_icontains": "icontains",
    "not_regex": "regex",
    "not_between": "between",
}
_ORDERED = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "min": ">=", "max": "<="}


def is_evaluable(filters: Any) -> bool:
    """Whether filters test anything (PostHog skips an action only when they do)."""
    if not isinstance(filters, dict):
        return False
    return bool(
        filters.get("properties")
        or filters.get("events")
        or filters.get("actions")
        or filters.get("filter_test_accounts")
    )


def filters_expr(filters: Any, *, later_events: bool = False) -> cond.Expr:
    """The condition PostHog compiles ``filters`` to; TRUE when it tests nothing.

    ``later_events``: ``events`` are events the person does after entering (a
    wait, a conversion goal), not the event that started the run.
    """
    if not isinstance(filters, dict):
        return cond.TRUE
    parts: list[cond.Expr] = []
    if filters.get("filter_test_accounts"):
        parts.append(cond.Not(cond.Opaque("internal or test user")))
    parts.append(properties_expr(filters.get("properties")))
    alternatives = [
        _event_expr(e, later_events) for e in _list(filters.get("events")) if isinstance(e, dict)
    ]
    alternatives += [
        cond.Opaque(f"action {a.get('id')}")
        for a in _list(filters.get("actions"))
        if isinstance(a, dict)
    ]
    if alternatives:
        parts.append(alternatives[0] if len(alternatives) == 1 else cond.Or(tuple(alternatives)))
    return cond.conjunction(*parts)


def properties_expr(properties: Any) -> cond.Expr:
    """A list of property filters (all must hold) or an AND/OR group of them."""
    if isinstance(properties, dict):
        if properties.get("type") in ("AND", "OR") and "values" in properties:
            operands = tuple(properties_expr(v) for v in _list(properties["values"]))
            if properties["type"] == "AND":
                return cond.conjunction(*operands)
            return (
                cond.FALSE
                if not operands
                else operands[0]
                if len(operands) == 1
                else cond.Or(operands)
            )
        return property_expr(properties)
    return cond.conjunction(*(properties_expr(p) for p in _list(properties)))


def property_expr(prop: Mapping[str, Any]) -> cond.Expr:
    """One property filter: ``{key: plan, value: [yc], operator: exact, type: person}``."""
    kind = str(prop.get("type") or "event")
    key = str(prop.get("key", ""))
    operator = str(prop.get("operator") or "exact")
    value = prop.get("value")
    if kind in ("cohort", "static-cohort", "precalculated-cohort", "dynamic-cohort"):
        inside = cond.Opaque(f"in cohort {_text(value)}")
        negated = bool(prop.get("negation")) or operator == "not_in"
        return cond.Not(inside) if negated else inside
    name = _attribute(kind, key)
    if name is None:
        return _opaque(f"{kind} {key}", operator, value)
    attr = cond.Attr(name)
    if name == IDENTIFIED:
        value = _booleans(value)
    if operator in ("exact", "is_not"):
        values = value if isinstance(value, list) else [value]
        consts = tuple(cond.Const(_scalar(v)) for v in values)
        if len(consts) == 1:
            return cond.Compare("==" if operator == "exact" else "!=", attr, consts[0])
        return cond.In(attr, consts, negated=operator == "is_not")
    if operator == "is_set":
        return cond.Compare("!=", attr, cond.Const(None))
    if operator == "is_not_set":
        return cond.Compare("==", attr, cond.Const(None))
    if operator in _ORDERED:
        number = _number(value)
        if number is not None:
            return cond.Compare(_ORDERED[operator], attr, cond.Const(number))
    if operator in ("between", "not_between") and isinstance(value, list) and len(value) == 2:
        low, high = _number(value[0]), _number(value[1])
        if low is not None and high is not None:
            within = cond.And(
                (
                    cond.Compare(">=", attr, cond.Const(low)),
                    cond.Compare("<=", attr, cond.Const(high)),
                )
            )
            return within if operator == "between" else cond.Not(within)
    return _opaque(name, operator, value)


def requires_contact(filters: Any) -> bool:
    """Whether filters admit only identified people (an email, a phone, identified = true).

    Only top-level properties count: they must hold for everyone the filters admit.
    """
    if not isinstance(filters, dict):
        return False
    for prop in _list(filters.get("properties")):
        if not isinstance(prop, dict) or prop.get("type") not in ("person", "event"):
            continue
        key, operator = str(prop.get("key", "")), str(prop.get("operator") or "exact")
        if key in _IDENTIFIED_KEYS:
            if operator == "exact" and _booleans(prop.get("value")) in (True, [True]):
                return True
        elif key in _CONTACT_KEYS and operator not in (
            "is_not_set",
            "is_not",
            "not_icontains",
            "not_regex",
        ):
            return True
    return False


def event_names(filters: Any) -> list[tuple[int, str | None]]:
    """(index, event name) of each event entry; None for "all events"."""
    if not isinstance(filters, dict):
        return []
    return [
        (i, None if e.get("id") is None else str(e.get("id")))
        for i, e in enumerate(_list(filters.get("events")))
        if isinstance(e, dict)
    ]


# -- helpers ----------------------------------------------------------------------
def _event_expr(entry: Mapping[str, Any], later: bool) -> cond.Expr:
    name = entry.get("id")
    props = properties_expr(entry.get("properties"))
    if later:
        if name is None:
            return (
                cond.Opaque("any event")
                if props == cond.TRUE
                else cond.Opaque(f"any event with {cond.render(props)}")
            )
        did = cond.Truthy(cond.Event(str(name)))
        if props == cond.TRUE:
            return did
        return cond.conjunction(did, cond.Opaque(f"{name} with {cond.render(props)}"))
    if name is None:  # "All events"
        return props
    return cond.conjunction(cond.Compare("==", cond.Attr("event"), cond.Const(str(name))), props)


def _attribute(kind: str, key: str) -> str | None:
    if key in _IDENTIFIED_KEYS and kind in ("person", "event"):
        return IDENTIFIED
    if kind == "person":
        return key
    if kind == "event":
        return f"event.{key}"
    if kind == "event_metadata":
        return "event" if key == "event" else f"event.{key}"
    if kind == "group":
        return f"group.{key}"
    return None


def _opaque(subject: str, operator: str, value: Any) -> cond.Expr:
    base = _NEGATED_OPAQUE.get(operator)
    if base is None and operator.startswith("not_"):
        base = operator[4:]
    if base is not None:
        return cond.Not(cond.Opaque(f"{subject} {base} {_text(value)}"))
    return cond.Opaque(f"{subject} {operator} {_text(value)}")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _scalar(value: Any) -> cond.Scalar:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _number(value: Any) -> int | float | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return int(number) if number.is_integer() and "." not in value else number
    return None


def _booleans(value: Any) -> Any:
    """PostHog writes booleans as "true"/"false" in filters."""
    if isinstance(value, list):
        return [_booleans(v) for v in value]
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _list(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list) else ()
