"""A ``.json`` file -> a ``Document``, strictly JSON, with the position of every key and value.

``load_json`` is how lintkit reads a ``.json`` workflow, three ways, each taking
what the one before it cannot vouch for:

* ``read_on_demand``, for plainly written JSON (what JSON writers write): the data
  from ``json.loads`` at C speed, and positions worked out only for the
  containers a dialect asks about (``OnDemandDocument``). A dialect asks about
  a fraction of a workflow (n8n: the nodes, not their parameters), so most of
  the text is never looked at in Python.
* ``read_json`` reads any other JSON in one pass of a compiled pattern, an item a
  match (about three times faster than YAML events through ``parse._Builder``
  followed by ``json.loads``: bench/json_loading.py). It builds exactly the
  ``Document`` the YAML reader would (data, spans, key spans, styles, in the same
  order), and gives up on any file it cannot vouch for: invalid JSON, a limit
  reached, a duplicate key, characters YAML reads otherwise.
* Those go through ``parse.load_yaml`` and the strict-JSON checks as before, so
  every problem keeps its wording and position.

The first takes only text the second would read, and finds the same positions:
the document is the same whichever way it was read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from json.decoder import scanstring  # type: ignore[attr-defined]  # (not in typeshed)
from typing import Any

from lintkit.core.types import Location, Problem
from lintkit.documents.parse import Document, JsonPath, Limits, Span, load_yaml

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
    document = read_on_demand(path, text, limits) or read_json(path, text, limits)
    if document is not None:
        return [document], []
    documents, problems = load_yaml(path, text, limits, json=True)
    return documents, problems or _strict_json(path, text) or _bare_constants(documents)


# -- The usual way: the data from json.loads, positions on demand --------------------------

# What ``read_on_demand`` takes is text read_json reads, written as JSON writers
# write it. read_json wants a key, its colon and its value's start on one line,
# within ``_LONGEST_KEY`` characters. Here blanks are spaces, at most 6 before a
# key's colon and 1 after it, and a key is written in at most 242 characters
# with its quotes. Counted from the data first, taking each character as written
# in 2 (\n), 6 (\u00e9) if the text has a \u escape, or 12 (\ud83d\ude00) if it has
# an escaped surrogate; in the text when that is too many. The checks look at
# strings too: a string that looks like a loose key sends the file to read_json,
# which reads it right, only slower.
_LONGEST_KEY_WRITTEN = 242
_BREAK_BEFORE_COLON = re.compile(r"\n *:")
_BREAK_AFTER_COLON = re.compile(r": *\r?\n")
_BLANKS_AFTER_KEY = re.compile(r'" *:  ')


def read_on_demand(path: str, text: str, limits: Limits) -> OnDemandDocument | None:
    """The document ``read_json`` reads from ``text``, its positions found on demand;
    None when the text is not plainly written JSON (then read_json decides)."""
    if (
        _yaml_reads_otherwise(text)
        or "\t" in text
        or " " * 7 + ":" in text
        or _BREAK_BEFORE_COLON.search(text)
        or _BREAK_AFTER_COLON.search(text)
        or _BLANKS_AFTER_KEY.search(text)
    ):
        return None
    try:
        data = _PLAIN_JSON.decode(text)
    except (_NotPlain, ValueError, RecursionError):  # (JSONDecodeError is a ValueError)
        return None
    written = 6 if "\\u" in text else 2  # at most, for a character of a key
    if "\\ud" in text or "\\uD" in text:
        # An escaped surrogate: a pair is one character (written in 12), half of
        # one YAML refuses. json.dumps writes every key and string at C speed.
        if _SURROGATE.search(json.dumps(data, ensure_ascii=False)):
            return None
        written = 12
    longest = _longest_key_within(data, limits)
    if longest is None:
        return None
    if (
        longest > (_LONGEST_KEY_WRITTEN - 2) // written
        # A key may be written too long, counting each character as an escape: count
        # the keys as written (a slower look, for the few files with long keys).
        and _longest_key_written(text) > _LONGEST_KEY_WRITTEN
    ):
        return None
    return OnDemandDocument(path, text, data, limits)


def _longest_key_written(text: str) -> int:
    """How many characters the longest key of plain JSON ``text`` is written in, quotes
    included (the strings no colon follows match as "")."""
    return max(map(len, _WRITTEN_KEY.findall(text)), default=0)


class _NotPlain(Exception):
    """Something read_json may read otherwise, or not at all: it decides."""


def _plain_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _NotPlain  # a duplicate key: json.loads keeps the last one
    return found


def _plain_int(digits: str) -> int:
    if len(digits) > _LONGEST_INT:
        raise _NotPlain  # (read_json counts a minus sign as a digit)
    return int(digits)


def _not_json(constant: str) -> Any:
    raise _NotPlain  # NaN, Infinity: json.loads reads them, JSON has none


_PLAIN_JSON = json.JSONDecoder(
    object_pairs_hook=_plain_object, parse_int=_plain_int, parse_constant=_not_json
)
_SKIP = json.JSONDecoder()  # reads a container to find where it ends


def _longest_key_within(data: Any, limits: Limits) -> int | None:
    """How many characters the longest key has, if read_json's limits hold (it counts
    every key and value, and each one's depth; a container nested in ``max_depth``
    others is too deep); None if one does not."""
    # keys and values, their path items (the document's value so far), the longest key
    counts = [1, 1, 0]

    def within(container: Any, around: int) -> bool:  # around: the containers it is in
        if around >= limits.max_depth:
            return False
        children: Iterable[Any] = container
        count = len(container)
        if type(container) is dict:
            if container:
                counts[2] = max(counts[2], max(map(len, container)))
            children = container.values()
            count *= 2  # keys and values
        counts[0] += count
        counts[1] += count * (around + 2)
        for child in children:
            if (type(child) is dict or type(child) is list) and not within(child, around + 1):
                return False
        return True

    if (type(data) is dict or type(data) is list) and not within(data, 0):
        return None
    if counts[0] > limits.max_nodes or counts[1] > limits.max_path_items:
        return None
    return counts[2]


# A container's keys and values, a match each, from where the one before ends: blanks,
# its comma, blanks, then in a mapping a key and its colon (group 1; in a list, group 1
# is empty, where the value starts), and a scalar (group 2) or the bracket opening a
# container, which the json module skips whole.
_STRING_TOKEN = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_VALUE_TOKEN = rf"(?:({_STRING_TOKEN}|[-+.0-9eE]+|true|false|null)|[{{[])"
_MEMBER = re.compile(rf"[ \r\n]*,?[ \r\n]*({_STRING_TOKEN}) *: ?{_VALUE_TOKEN}")
_LIST_ITEM = re.compile(rf"[ \r\n]*,?[ \r\n]*(){_VALUE_TOKEN}")
_CLOSING = re.compile(r"[ \r\n]*([}\]])")
# Every string, from its opening quote (a value's, then not followed by a colon, is
# matched whole and so never searched inside); group 1: a key.
_POSSESSIVE_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_WRITTEN_KEY = re.compile(rf"{_POSSESSIVE_STRING}(?! *:)|({_POSSESSIVE_STRING})")
# Containers in fewer than this many others are read with the one they are in:
# workflows keep their steps there (n8n's nodes[3].name, Step Functions'
# States.Pay.Type), and dialects ask about them all; read then, a container is not
# first skipped whole and read later. (2 or 4 cost more on the n8n corpus.)
_READ_AHEAD = 3
# A container asked for later and written in at most this many characters is read
# with every container in it: a dialect that asks about one place in it (n8n: the
# node of each connection, Step Functions: a Choice rule) mostly asks about others,
# and each would be skipped whole, then read.
_READ_WHOLE = 512


class OnDemandDocument(Document):
    """A document whose positions are found in its text when asked for, a container at
    a time: the first time a path goes through a container, its keys and values are
    found one after another (a value that is a container skipped whole by the json
    module, at C speed) and entered in the tables ``Document.location`` reads.

    The tables end up as read_json's, as far as they are filled. Asked for whole
    (``spans``, ``key_spans``, ``styles``: to find suppression comments), they are
    read_json's own, read then.
    """

    def __init__(self, path: str, text: str, data: Any, limits: Limits) -> None:
        self.path = path
        self.data = data
        self._text = text
        self._limits = limits
        self._spans: dict[JsonPath, Span] = {}
        self._key_spans: dict[JsonPath, Span] = {}
        self._styles: dict[JsonPath, str] = {}
        # The containers whose keys and values are not looked for yet: where each starts
        # and ends.
        self._unread: dict[JsonPath, tuple[int, int, Any]] = {}
        start, end = len(text) - len(text.lstrip(" \r\n")), len(text.rstrip(" \r\n"))
        line_start = text.rfind("\n", 0, start) + 1
        self._read_as_json: Document | None = None
        self._enter((), start, end, text.count("\n", 0, start) + 1, line_start, data)
        self._read_into(())

    def _span(self, path: JsonPath, key: bool) -> Span | None:
        # Document._span, reading the path's container first.
        table = self._key_spans if key and path and not isinstance(path[-1], int) else self._spans
        span = table.get(path)
        if span is None and path and self._read_into(path[:-1]):
            span = table.get(path)
        return span

    def style(self, keypath: JsonPath) -> str:
        path = tuple(keypath)
        if path:
            self._read_into(path[:-1])
        return self._styles.get(path, "")

    @property
    def spans(self) -> dict[JsonPath, Span]:  # type: ignore[override]
        return self._whole().spans

    @property
    def key_spans(self) -> dict[JsonPath, Span]:  # type: ignore[override]
        return self._whole().key_spans

    @property
    def styles(self) -> dict[JsonPath, str]:  # type: ignore[override]
        return self._whole().styles

    def _whole(self) -> Document:
        if self._read_as_json is None:
            self._read_as_json = read_json(self.path, self._text, self._limits)
            assert self._read_as_json is not None  # read_on_demand takes what it reads
        return self._read_as_json

    def _read_into(self, at: JsonPath) -> bool:
        """Find the keys and values of the container at ``at`` if they are not found
        yet (and first those of the containers it is in); whether any may have been."""
        unread = self._unread.get(at)
        if unread is None:
            # Already read, not a container, or in one not read yet.
            if not at or at in self._spans or not self._read_into(at[:-1]):
                return False
            unread = self._unread.get(at)
            if unread is None:
                return True  # read with the one it is in (whole), or not a container
        line, column = self._spans[at][:2]
        offset, end, value = unread
        whole = end - offset <= _READ_WHOLE
        self._read(at, offset, value, line, offset - column + 1, whole)
        return True

    def _read(
        self, at: JsonPath, offset: int, value: Any, line: int, line_start: int, whole: bool
    ) -> tuple[int, int, int]:
        """Enter the keys and values of the container written from ``offset`` (on
        ``line``, which starts at ``line_start``), ``whole``: those of every container
        in it too; where it ends: the offset after its bracket, that line, and where
        that line starts."""
        self._unread.pop(at, None)
        text, spans, key_spans, styles = self._text, self._spans, self._key_spans, self._styles
        pos = offset + 1  # after its bracket
        in_mapping = type(value) is dict
        match_item = (_MEMBER if in_mapping else _LIST_ITEM).match
        for key in value if in_mapping else range(len(value)):
            match = match_item(text, pos)
            assert match is not None  # (plain JSON)
            first = match.start(1)  # of the key, or of the item
            breaks = text.count("\n", pos, first)
            if breaks:
                line += breaks
                line_start = text.rfind("\n", pos, first) + 1
            child = (*at, key)
            if in_mapping:
                column = first - line_start + 1
                key_spans[child] = (line, column, line, column + match.end(1) - first)
            start, pos = match.span(2)
            if start >= 0:  # a scalar: what _enter enters, without a call for each
                column = start - line_start + 1
                spans[child] = (line, column, line, column + pos - start)
                styles[child] = '"' if text[start] == '"' else ""
            elif whole or len(child) < _READ_AHEAD:
                start = match.end() - 1
                column = start - line_start + 1
                pos, end_line, line_start = self._read(
                    child, start, value[key], line, line_start, whole
                )
                spans[child] = (line, column, end_line, pos - line_start + 1)
                line = end_line
            else:  # a container left for later, skipped whole
                start = match.end() - 1
                pos = _SKIP.raw_decode(text, start)[1]
                line, line_start = self._enter(child, start, pos, line, line_start, value[key])
        closed = _CLOSING.match(text, pos)
        assert closed is not None  # (plain JSON)
        breaks = text.count("\n", pos, closed.start(1))
        if breaks:
            line += breaks
            line_start = text.rfind("\n", pos, closed.start(1)) + 1
        return closed.end(), line, line_start

    def _enter(
        self, at: JsonPath, start: int, end: int, line: int, line_start: int, value: Any
    ) -> tuple[int, int]:
        """Enter the span of the value written from ``start`` (on ``line``, which starts
        at ``line_start``) to ``end``; the line it ends on, and where that starts."""
        column = start - line_start + 1
        if type(value) is dict or type(value) is list:
            self._unread[at] = (start, end, value)
            breaks = self._text.count("\n", start, end)
            if breaks:
                line_start = self._text.rfind("\n", start, end) + 1
                self._spans[at] = (line, column, line + breaks, end - line_start + 1)
                return line + breaks, line_start
        else:
            self._styles[at] = '"' if type(value) is str else ""
        self._spans[at] = (line, column, line, column + end - start)
        return line, line_start


def read_json(path: str, text: str, limits: Limits) -> Document | None:
    """The document ``load_yaml(path, text, limits, json=True)`` reads from strict
    JSON ``text``, or None for any text it would not read the same way."""
    if _yaml_reads_otherwise(text):
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

    def place(value: Any, value_at: JsonPath) -> None:
        """``value``, read whole, into the open container (under the key read), or
        as the document."""
        if in_mapping:
            container[key] = value
            key_spans[value_at] = key_span
        elif container is None:
            doc.data = value
        else:
            container.append(value)

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
            place(finished, finished_at)
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
        place(scalar, child)
        styles[child] = style
        expect = _AFTER_VALUE
    return None  # not reached: the pattern matches the end


def _yaml_reads_otherwise(text: str) -> bool:
    return any(c in text for c in _YAML_DIFFERS) or (
        "\r" in text and _LONE_CR.search(text) is not None
    )


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
