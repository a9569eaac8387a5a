"""A ``.json`` file -> a ``Document``, strictly JSON, with the position of every key and value.

``load_json`` is how lintkit reads a ``.json`` workflow. Most files are plain
JSON, and ``read_json`` reads those in one pass of a compiled pattern, an item
a match (about three times faster than YAML events through ``parse._Builder``
followed by ``json.loads``: bench/json_loading.py). It builds
exactly the ``Document`` the YAML reader would (data, spans, key spans, styles,
in the same order), and gives up on any file it cannot vouch for: invalid JSON,
a limit reached, a duplicate key, characters YAML reads otherwise. Those go
through ``parse.load_yaml`` and the strict-JSON checks as before, so every
problem keeps its wording and position.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # (not in typeshed)
from typing import Any

from lintkit.core.types import Location, Problem
from lintkit.documents.parse import Document, JsonPath, Limits, load_yaml

# One match per item: the comma that ends the item before, line breaks, a key
# and its colon, and a value or the end of a container. The pattern matches at
# every position (its last alternatives take any other character and the end of
# the text), so ``finditer`` skips nothing and never searches. Tokens never span
# lines: JSON strings hold no raw line break.
_STRING_TEXT = r'"[^"\\\x00-\x1f]*(?:\\[^\n][^"\\\x00-\x1f]*)*"'
_ITEM = re.compile(
    rf"""[ \t\r]*(,)?                      # 1: a comma after the item before
    ((?:[ \t\r]*\n)+)?[ \t\r]*             # 2: line breaks (the last ends where this line starts)
    (?:({_STRING_TEXT})[ \t\r]*:[ \t\r]*)? # 3: a key and its colon
    (?:("([^"\\\x00-\x1f]*)")              # 4: a string without escapes (5: its text)
    |({_STRING_TEXT})                      # 6: a string with escapes (scanstring decodes it)
    |(-?(?:0|[1-9][0-9]*))(?![0-9.eE])     # 7: an integer
    |(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)(?![0-9.eE])  # 8: a float
    |(true|false|null)(?![A-Za-z0-9_])     # 9
    |([{{[])                               # 10: a mapping or list opens
    |([}}\]])                              # 11: one closes
    |(,)                                   # 12: a comma on a line of its own
    |([^ \t\r\n])                          # 13: anything else: not read here
    |(\Z)                                  # 14: the end
    )""",
    re.VERBOSE,
)
_PLAIN_STRING = 4
_STRING, _INT, _FLOAT, _WORD, _OPEN, _CLOSE, _COMMA, _OTHER, _END = range(6, 15)
_WORDS = {"true": True, "false": False, "null": None}
# What may come next: a value (the first in a list: or its end), a key (the
# first: or the mapping's end), or a comma or an end after a value.
_VALUE, _FIRST_VALUE, _KEY, _FIRST_KEY, _AFTER_VALUE = range(5)

# Text the YAML reader takes differently from JSON: line breaks YAML knows and
# JSON does not (a lone CR, NEL, LS, PS), a BOM inside the text, and what YAML
# refuses to read (U+FFFE, U+FFFF).
_YAML_DIFFERS = "\x85\u2028\u2029\ufeff\ufffe\uffff"  # (``in`` per character: 10x a regex)
_LONE_CR = re.compile("\r(?!\n)")
_SURROGATE = re.compile("[\ud800-\udfff]")  # an escape YAML rejects: half of a pair
# libyaml gives up on a mapping key over 1,024 characters (counted up to its
# colon); well under that in bytes of UTF-8.
_LONGEST_KEY = 250
_LONGEST_INT = 4300  # digits: Python's limit on reading an int


def load_json(path: str, text: str, limits: Limits) -> tuple[list[Document], list[Problem]]:
    """Parse ``text`` as JSON; a problem for anything JSON does not allow."""
    document = read_json(path, text, limits)
    if document is not None:
        return [document], []
    documents, problems = load_yaml(path, text, limits, json=True)
    return documents, problems or _strict_json(path, text) or _bare_constants(documents)


def read_json(path: str, text: str, limits: Limits) -> Document | None:
    """The document ``load_yaml(path, text, limits, json=True)`` reads from strict
    JSON ``text``, or None for any text it would not read the same way."""
    if any(c in text for c in _YAML_DIFFERS) or ("\r" in text and _LONE_CR.search(text)):
        return None
    doc = Document(path, None)
    spans, key_spans, styles = doc.spans, doc.key_spans, doc.styles
    max_nodes, max_path_items, max_depth = limits.max_nodes, limits.max_path_items, limits.max_depth
    line, line_start = 1, 0  # line_start: offset of the line's first character
    nodes = path_items = 0
    # The innermost open container, its path and where it starts; the frames of
    # those around it wait on ``stack``.
    stack: list[tuple[Any, JsonPath, bool, int, int, Any, Any]] = []
    container: Any = None
    at: JsonPath = ()
    in_mapping = False
    depth = start_line = start_column = 0
    key: Any = None  # in a mapping: the key read, awaiting its value
    key_span: Any = None
    expect = _VALUE
    for match in _ITEM.finditer(text):
        kind = match.lastindex or _OTHER  # (every alternative is a group)
        breaks_end = match.end(2)
        if breaks_end >= 0:
            line += text.count("\n", match.start(2), breaks_end)
            line_start = breaks_end
        if match.start(1) >= 0:  # a comma
            if expect != _AFTER_VALUE:
                return None
            expect = _KEY if in_mapping else _VALUE
        if kind == _COMMA:
            if expect != _AFTER_VALUE:
                return None
            expect = _KEY if in_mapping else _VALUE
            continue
        start, end = match.span(kind)
        key_start = match.start(3)
        if key_start >= 0:
            if expect != _KEY and expect != _FIRST_KEY:
                return None
            raw = match.group(3)
            key = raw[1:-1] if "\\" not in raw else _decoded(text, key_start, start)
            if key is None or key in container or start - key_start > _LONGEST_KEY:
                return None  # a duplicate: the YAML reader reports both places
            nodes += 1
            path_items += depth + 1
            column = key_start - line_start + 1
            key_span = (line, column, line, column + len(raw))
            expect = _VALUE
        elif expect == _KEY:
            return None
        column = start - line_start + 1
        if kind == _CLOSE:
            # After a value, or right after it opens: JSON has no trailing comma.
            if expect == _AFTER_VALUE:
                closes = "}" if in_mapping else "]"
            else:
                closes = "}" if expect == _FIRST_KEY else "]" if expect == _FIRST_VALUE else ""
            if text[start] != closes or container is None:
                return None
            spans[at] = (start_line, start_column, line, column + 1)
            finished, finished_at = container, at
            container, at, in_mapping, start_line, start_column, key, key_span = stack.pop()
            depth -= 1
            if in_mapping:
                container[key] = finished
                key_spans[finished_at] = key_span
            elif container is None:
                doc.data = finished
            else:
                container.append(finished)
            expect = _AFTER_VALUE
            continue
        if kind == _END:
            return doc if expect == _AFTER_VALUE and container is None else None
        if (expect != _VALUE and expect != _FIRST_VALUE) or (container is None and spans):
            return None  # a value where none may be (after the document's, too)
        # A value: where it goes.
        if in_mapping:
            child: JsonPath = (*at, key)
        elif container is None:
            child = ()
        else:
            child = (*at, len(container))
        nodes += 1
        path_items += depth + 1
        if nodes > max_nodes or path_items > max_path_items:
            return None
        if kind == _OPEN:
            if depth >= max_depth:
                return None
            stack.append((container, at, in_mapping, start_line, start_column, key, key_span))
            depth += 1
            in_mapping = text[start] == "{"
            container, expect = ({}, _FIRST_KEY) if in_mapping else ([], _FIRST_VALUE)
            at, start_line, start_column, key = child, line, column, None
            continue
        if kind == _PLAIN_STRING:
            scalar: Any = match.group(5)
            style = '"'
        elif kind == _STRING:
            scalar = _decoded(text, start, end)
            if scalar is None:
                return None
            style = '"'
        elif kind == _INT:
            digits = match.group(kind)
            if len(digits) > _LONGEST_INT:
                return None
            scalar, style = int(digits), ""
        elif kind == _FLOAT:
            scalar, style = float(match.group(kind)), ""
        elif kind == _WORD:
            scalar, style = _WORDS[match.group(kind)], ""
        else:
            return None
        spans[child] = (line, column, line, column + end - start)
        if in_mapping:
            container[key] = scalar
            key_spans[child] = key_span
        elif container is None:
            doc.data = scalar
        else:
            container.append(scalar)
        styles[child] = style
        expect = _AFTER_VALUE
    return None  # not reached: the pattern matches the end


def _decoded(text: str, quote: int, end: int) -> str | None:
    """The string written from ``quote`` to ``end``; None if YAML would not read it."""
    try:
        decoded = scanstring(text, quote + 1)[0]
    except ValueError:
        return None
    # Only an escape makes a surrogate (\\uD800 to \\uDFFF): look for one when there may be.
    if text.find("\\ud", quote, end) < 0 and text.find("\\uD", quote, end) < 0:
        return decoded
    return None if _SURROGATE.search(decoded) else decoded


def _strict_json(path: str, text: str) -> list[Problem]:
    """YAML reads more than JSON (trailing commas, comments, single quotes); JSON readers
    such as Step Functions reject those, so a .json file must be JSON too."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        before = text[: err.pos].rstrip()
        hint = " (a trailing comma before it?)" if before.endswith(",") else ""
        return [
            Problem(
                "syntax",
                f"not valid JSON: {err.msg}{hint}",
                Location(path, err.lineno, err.colno),
                help="JSON has no trailing commas, comments or single-quoted strings",
            )
        ]
    except (ValueError, RecursionError):
        return []  # too deep for the json module: the YAML reader's limits decided already
    return []


_NOT_JSON = {"NaN", "Infinity", "-Infinity"}


def _bare_constants(documents: list[Document]) -> list[Problem]:
    """Python's json module reads NaN and Infinity, which JSON has not (RFC 8259):
    report the first one, where it is written."""
    for doc in documents:
        for keypath, style in doc.styles.items():
            if style == "" and _value_at(doc.data, keypath) in _NOT_JSON:
                return [
                    Problem(
                        "syntax",
                        f"not valid JSON: {_value_at(doc.data, keypath)} is not a JSON value",
                        doc.location(keypath),
                        help='JSON numbers are finite; write null or a string ("NaN")',
                    )
                ]
    return []


def _value_at(data: Any, keypath: tuple[Any, ...]) -> Any:
    for key in keypath:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data
