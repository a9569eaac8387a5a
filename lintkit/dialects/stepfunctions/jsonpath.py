"""JSONPath as Step Functions reads it: paths, reference paths and their filters.

Step Functions evaluates JSONPath with Jayway JsonPath (Java). No Python
library parses that dialect (python-jsonpath, jsonpath-ng and jsonpath-rfc9535
follow RFC 9535 or Goessner, which differ on exactly what matters here:
``$.detail-type``, ``$.[0]``, word operators such as ``in``/``subsetof``), so
this is a small parser of its own, written from the Step Functions
documentation and Jayway's grammar:

- a **path** starts with ``$`` (the input), ``$$`` (the context object) or
  ``$name`` (a variable) and goes on with ``.name``, ``..name``, ``.*``,
  ``['name', ...]``, ``[0, 1]``, ``[1:3]``, ``[*]`` and filters ``[?(...)]``;
  a trailing function (``.length()``) is accepted;
- a **reference path** names a single node: only ``.name``, ``['name']`` and
  ``[0]`` (no ``*``, ``..``, slices, unions, filters or functions);
- a filter compares ``@``/``$`` paths with literals: numbers, quoted strings,
  ``true``, ``false``, ``null``, ``/regex/``, JSON arrays and objects. An
  unquoted word (``@.lang==es``) is not a literal: Jayway reads it as a number
  and fails.

Where it differs from Jayway: a name in dot notation may hold any character
but ``.``, ``[``, ``(``, ``)``, blanks and quotes (Jayway stops at fewer); JSON
literals in filters are checked for balanced brackets only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_NAME = re.compile(r"[^.\[\]()\s'\"]+")
_FILTER_NAME = re.compile(r"[^.\[\]()\s'\"&|!=<>~]+")  # a name inside a filter ends at an operator
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"-?\d+")
_SLICE = re.compile(r"(-?\d+)?:(-?\d+)?(:\d+)?")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_BARE_WORD = re.compile(r"[^\s)&|!=<>~]+")
_FUNCTIONS = frozenset(
    ("min", "max", "avg", "stddev", "length", "sum", "keys", "concat", "append", "first", "last")
)
_WORD_OPERATORS = ("in", "nin", "subsetof", "anyof", "noneof", "size", "empty", "contains")
_SYMBOL_OPERATORS = ("==", "!=", "<=", ">=", "=~", "<", ">")


@dataclass(frozen=True)
class PathError:
    """Why a path is not one, and at which character of it."""

    message: str
    offset: int
    # the service takes the definition, and the state fails when it reads the path
    at_run_time: bool = False


class _Parser:
    def __init__(self, text: str, *, reference: bool) -> None:
        self.text = text
        self.pos = 0
        self.reference = reference
        self.name = _NAME

    def fail(self, message: str, offset: int | None = None) -> PathError:
        return PathError(message, self.pos if offset is None else offset)

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def path(self) -> PathError | None:
        """The whole text is one path; None when it is."""
        error = self.root()
        if error is None:
            error = self.segments(stop="")
        if error is None and self.pos < len(self.text):
            error = self.fail(f"unexpected {self.text[self.pos]!r}")
        return error

    def root(self) -> PathError | None:
        if self.peek() != "$":
            return self.fail("a path starts with `$`")
        self.pos += 1
        if self.peek() == "$":
            self.pos += 1
        elif self.peek() not in ("", ".", "["):
            name = _VARIABLE.match(self.text, self.pos)
            if name is None:
                return self.fail("after `$` comes `.`, `[`, `$` or a variable name")
            self.pos = name.end()
        return None

    def segments(self, stop: str) -> PathError | None:
        while self.pos < len(self.text) and self.peek() not in stop:
            start = self.pos
            if self.peek(2) == "..":
                if self.reference:
                    return self.fail("`..` (deep scan) is not allowed in a reference path")
                self.pos += 2
                error = self.member()
            elif self.peek() == ".":  # a member after one dot or two reads alike
                self.pos += 1
                error = self.member()
            elif self.peek() == "[":
                error = self.bracket()
            else:
                return None  # the caller decides whether more text is allowed
            if error is not None:
                return error
            if self.pos == start:
                return self.fail(f"unexpected {self.text[self.pos]!r}")
        return None

    def member(self) -> PathError | None:
        if self.peek() == "[":
            return self.bracket()
        if self.peek() == "*":
            if self.reference:
                return self.fail("`*` is not allowed in a reference path")
            self.pos += 1
            return None
        name = self.name.match(self.text, self.pos)
        if name is None:
            return self.fail("a name is missing after `.`")
        self.pos = name.end()
        if self.peek() == "(":
            return self.function(name.group(), name.start())
        return None

    def function(self, name: str, start: int) -> PathError | None:
        if self.reference:
            return self.fail(f"functions such as `{name}()` are not allowed in a reference path")
        if name not in _FUNCTIONS:
            return self.fail(f"`{name}()` is not a JSONPath function", start)
        close = self.text.find(")", self.pos)
        if close < 0:
            return self.fail("`(` is not closed")
        self.pos = close + 1
        return None

    def bracket(self) -> PathError | None:
        open_at = self.pos
        self.pos += 1
        inner = self.text[self.pos :]
        if inner.startswith("?"):
            if self.reference:
                return self.fail("a filter `[?(...)]` is not allowed in a reference path", open_at)
            self.pos += 1
            if self.peek() != "(":
                return self.fail("a filter is written `[?(...)]`")
            error = _Filter(self).expression()
            if error is not None:
                return error
        elif inner[:1] in ("'", '"'):
            error = self.names()
            if error is not None:
                return error
        elif inner.startswith("*"):
            if self.reference:
                return self.fail("`[*]` is not allowed in a reference path", open_at)
            self.pos += 1
        else:
            error = self.indexes(open_at)
            if error is not None:
                return error
        if self.peek() != "]":
            return self.fail("`[` is not closed with `]`", open_at)
        self.pos += 1
        return None

    def names(self) -> PathError | None:
        count = 0
        while True:
            quote = self.peek()
            end = _closing_quote(self.text, self.pos)
            if end < 0:
                return self.fail(f"the name in quotes is not closed with {quote}")
            self.pos = end + 1
            count += 1
            self.blanks()
            if self.peek() != ",":
                break
            if self.reference:
                return self.fail("a list of names is not allowed in a reference path")
            self.pos += 1
            self.blanks()
            if self.peek() not in ("'", '"'):
                return self.fail("a quoted name is expected after `,`")
        return None

    def indexes(self, open_at: int) -> PathError | None:
        piece = _SLICE.match(self.text, self.pos)
        if piece is not None and ":" in piece.group():
            if self.reference:
                return self.fail("a slice `[a:b]` is not allowed in a reference path", open_at)
            self.pos = piece.end()
            return None
        index = _INDEX.match(self.text, self.pos)
        if index is None:
            return self.fail("`[` takes an index, a quoted name, `*` or a filter `?(...)`")
        self.pos = index.end()
        while self.peek() == ",":
            if self.reference:
                return self.fail("a list of indexes is not allowed in a reference path")
            self.pos += 1
            self.blanks()
            index = _INDEX.match(self.text, self.pos)
            if index is None:
                return self.fail("an index is expected after `,`")
            self.pos = index.end()
        return None

    def blanks(self) -> None:
        while self.peek() == " ":
            self.pos += 1


class _Filter:
    """``?(...)``: comparisons of paths and literals joined by ``&&``/``||``, ``!``."""

    def __init__(self, outer: _Parser) -> None:
        self.p = outer

    def expression(self) -> PathError | None:
        p = self.p
        open_at = p.pos
        p.pos += 1  # (
        error = self.disjunction()
        if error is not None:
            return error
        p.blanks()
        if p.peek() != ")":
            return p.fail("the filter `?(` is not closed with `)`", open_at)
        p.pos += 1
        return None

    def disjunction(self) -> PathError | None:
        while True:
            error = self.term()
            if error is not None:
                return error
            self.p.blanks()
            if self.p.peek(2) in ("&&", "||"):
                self.p.pos += 2
                continue
            return None

    def term(self) -> PathError | None:
        p = self.p
        p.blanks()
        while p.peek() == "!":
            p.pos += 1
            p.blanks()
        if p.peek() == "(":
            open_at = p.pos
            p.pos += 1
            error = self.disjunction()
            if error is not None:
                return error
            p.blanks()
            if p.peek() != ")":
                return p.fail("`(` is not closed with `)`", open_at)
            p.pos += 1
            return None
        error = self.value()
        if error is not None:
            return error
        p.blanks()
        if p.peek() in (")", "&", "|", ""):
            return None  # an existence test: [?(@.name)]
        operator = self.operator()
        if operator is None:
            return p.fail("a comparison operator (`==`, `<`, `in`...) is expected")
        return self.value()

    def operator(self) -> str | None:
        p = self.p
        for op in _SYMBOL_OPERATORS:
            if p.peek(len(op)) == op:
                p.pos += len(op)
                return op
        for op in _WORD_OPERATORS:
            if p.peek(len(op)) == op and not p.peek(len(op) + 1)[len(op) :].isalnum():
                p.pos += len(op)
                return op
        return None

    def value(self) -> PathError | None:
        p = self.p
        p.blanks()
        char = p.peek()
        start = p.pos
        if char in ("@", "$"):
            p.pos += 1
            if char == "$" and p.peek() == "$":
                p.pos += 1
            outer = p.reference, p.name
            p.reference, p.name = False, _FILTER_NAME  # a filter's own paths are full paths
            error = p.segments(stop=") &|!=<>~")
            p.reference, p.name = outer
            return error
        if char in ("'", '"'):
            end = _closing_quote(p.text, p.pos)
            if end < 0:
                return p.fail(f"the text in quotes is not closed with {char}")
            p.pos = end + 1
            return None
        if char == "/":
            end = p.text.find("/", p.pos + 1)
            if end < 0:
                return p.fail("the pattern `/.../` is not closed")
            p.pos = end + 1
            if p.peek() == "i":
                p.pos += 1
            return None
        if char in ("[", "{"):
            return self.json_literal()
        number = _NUMBER.match(p.text, p.pos)
        if number is not None:
            p.pos = number.end()
            return None
        for keyword in ("true", "false", "null"):
            if p.peek(len(keyword)) == keyword:
                p.pos += len(keyword)
                return None
        word = _BARE_WORD.match(p.text, p.pos)
        if word is not None:
            return replace(
                p.fail(
                    f"{word.group()!r} is not a value: quote text ('{word.group()}'), or write"
                    " a number, true, false, null or a path (@.field)",
                    start,
                ),
                at_run_time=True,
            )
        return p.fail("a value is missing")

    def json_literal(self) -> PathError | None:
        p = self.p
        depth = 0
        start = p.pos
        while p.pos < len(p.text):
            char = p.text[p.pos]
            if char in ("'", '"'):
                end = _closing_quote(p.text, p.pos)
                if end < 0:
                    break
                p.pos = end
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    p.pos += 1
                    return None
            p.pos += 1
        return p.fail("the list or object in the filter is not closed", start)


def _closing_quote(text: str, start: int) -> int:
    """Index of the quote closing the one at ``start`` (backslash escapes skipped)."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return -1


def path_error(text: str) -> PathError | None:
    """Why ``text`` is not a Step Functions path (``$.a[?(@.b > 1)]``); None if it is one."""
    return _Parser(text, reference=False).path()


def reference_path_error(text: str) -> PathError | None:
    """Why ``text`` is not a reference path (one node: ``$.a['b'][0]``); None if it is one."""
    return _Parser(text, reference=True).path()


def is_variable(text: str) -> bool:
    """``$name`` or ``$name.field``: a workflow variable, not the input or the context."""
    return len(text) > 1 and text[0] == "$" and text[1] not in ".[$"
