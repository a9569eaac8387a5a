"""JSONata expressions (``"{% ... %}"``) parsed with jsonata-python.

Delimiters, as Step Functions reads them: a string is an expression when its
first two characters are ``{%`` and its last two ``%}``; the blanks inside are
free (``{%10%}`` and ``{% $states.input%}`` are expressions, the second is in a
deployed AWS sample). A string that starts with ``{%`` and does not end with
``%}``, or the reverse, or that has blanks around the delimiters, is plain text
to the service: almost always a slip (see SF022).

The expression is parsed, not evaluated; the parser is imported on first use
(most machines have no JSONata). Step Functions also refuses, when the machine is
created, an expression that reads the top level of an input it does not have: a
field name not reached from a variable (`{% phone %}`, `{% $sum(price) %}`:
"Reference to 'phone' at the top level is not supported"), `$` or `$$`. Inside a
path's later steps, predicates and constructors such names are relative, and fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OPEN, CLOSE = "{%", "%}"


@dataclass(frozen=True)
class JsonataError:
    message: str
    offset: int  # in the whole string, delimiters included


def is_expression(text: str) -> bool:
    return len(text) >= 4 and text.startswith(OPEN) and text.endswith(CLOSE)


def delimiter_problem(text: str) -> str | None:
    """Why a string that looks meant as an expression is plain text; None if it is not."""
    if is_expression(text):
        return None
    stripped = text.strip()
    if is_expression(stripped):
        return "it has blanks outside `{% ... %}`"
    if stripped.startswith(OPEN):
        return "it starts with `{%` and does not end with `%}`"
    if stripped.endswith(CLOSE) and "{%" not in stripped:
        return "it ends with `%}` and does not start with `{%`"
    return None


def expression_error(text: str) -> JsonataError | None:
    """Why Step Functions refuses the expression ``text`` (delimiters included): a
    syntax error or a reference to the top level; None if it takes it."""
    from jsonata import jexception, jsonata  # lazy: 60 ms, and only for JSONata machines

    body = text[len(OPEN) : -len(CLOSE)]
    if not body.strip():
        return JsonataError("the expression between `{%` and `%}` is empty", len(OPEN))
    try:
        tree = jsonata.Jsonata(body).ast
    except jexception.JException as error:
        where = error.location if isinstance(error.location, int) else 0
        where = max(0, min(where, len(body)))
        # the parser points just past the token it stopped at: point at that token
        if where == len(body) or (where > 0 and body[where - 1 : where].strip()):
            where = max(0, where - 1)
        while where > 0 and not body[where].strip():
            where -= 1
        return JsonataError(f"JSONata syntax error: {error}", len(OPEN) + where)
    except Exception:  # the parser gave up on its own (RecursionError; re.error on a
        # regex Python does not read, `/\p{L}/`, which the service may): no verdict
        return None
    found = _top_level_reference(tree, body)
    if found is None:
        return None
    name, where = found
    return JsonataError(
        f"{name} reads the top level, which Step Functions does not support: a state reads"
        " its input as $states.input, and variables by their $name",
        len(OPEN) + where,
    )


def _top_level_reference(tree: Any, body: str) -> tuple[str, int] | None:
    """The first field name, `$` or `$$` evaluated against the top level, and its offset.

    A path's first step is evaluated where the path is; its later steps and every
    stage, predicate or constructor on a step are evaluated on what it selected.
    """
    pending: list[tuple[Any, bool]] = [(tree, True)]
    while pending:
        node, top = pending.pop()
        kind = getattr(node, "type", None)
        if kind is None:
            continue
        if top and kind == "name":
            value = str(node.value)
            return f"the field name '{value}'", _start(node, len(value), body)
        if top and kind == "variable" and node.value in ("", "$"):
            sign = "$" + str(node.value)
            return f"`{sign}`", _start(node, len(sign), body)
        if kind == "path":
            steps = node.steps or []
            pending.extend((step, False) for step in reversed(steps[1:]))
            if steps:
                pending.append((steps[0], top))
        children = [
            child
            for attr in _CHILDREN
            for child in _as_list(getattr(node, attr, None))
            if hasattr(child, "type")
        ]
        # what qualifies a step (its stages, predicate, group) reads what it selected
        qualifiers = [
            child
            for attr in ("stages", "predicate", "group", "expr")
            for child in _as_list(getattr(node, attr, None))
            if hasattr(child, "type")
        ]
        inner = top and kind not in ("filter", "sort", "transform")
        pending.extend((child, inner) for child in reversed(children))
        pending.extend((child, False) for child in reversed(qualifiers))
    return None


# Sub-expressions evaluated where their node is (a path's steps are taken above).
_CHILDREN = (
    "lhs",
    "rhs",
    "expression",
    "expressions",
    "procedure",
    "arguments",
    "body",
    "condition",
    "then",
    "else_",
    "else",
    "lhs_object",
    "terms",
    "pattern",
    "update",
    "delete",
)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        flat: list[Any] = []
        for item in value:
            flat.extend(item if isinstance(item, (list, tuple)) else [item])
        return flat
    return [value]


def _start(node: Any, length: int, body: str) -> int:
    """Where a token starts: the parser keeps where it ends."""
    end = getattr(node, "position", None)
    if not isinstance(end, int):
        return 0
    return max(0, min(end - length, len(body)))
