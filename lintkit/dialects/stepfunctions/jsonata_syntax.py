"""JSONata expressions (``"{% ... %}"``) parsed with jsonata-python.

Delimiters, as Step Functions reads them: a string is an expression when its
first two characters are ``{%`` and its last two ``%}``; the blanks inside are
free (``{%10%}`` and ``{% $states.input%}`` are expressions, the second is in a
deployed AWS sample). A string that starts with ``{%`` and does not end with
``%}``, or the reverse, or that has blanks around the delimiters, is plain text
to the service: almost always a slip (see SF022).

The expression is parsed, not evaluated; the parser is imported on first use
(most machines have no JSONata).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def syntax_error(text: str) -> JsonataError | None:
    """The syntax error in the expression ``text`` (delimiters included); None if it parses."""
    from jsonata import jexception, jsonata  # lazy: 60 ms, and only for JSONata machines

    body = text[len(OPEN) : -len(CLOSE)]
    if not body.strip():
        return JsonataError("the expression between `{%` and `%}` is empty", len(OPEN))
    try:
        jsonata.Jsonata(body)
    except jexception.JException as error:
        where = error.location if isinstance(error.location, int) else 0
        where = max(0, min(where, len(body)))
        # the parser points just past the token it stopped at: point at that token
        if where == len(body) or (where > 0 and body[where - 1 : where].strip()):
            where = max(0, where - 1)
        while where > 0 and not body[where].strip():
            where -= 1
        return JsonataError(f"JSONata syntax error: {error}", len(OPEN) + where)
    except (RecursionError, ValueError, TypeError, IndexError):
        return None  # the parser gave up on its own; not a syntax verdict
    return None
