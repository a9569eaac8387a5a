"""YAML/JSON text -> plain data with the exact position of every key and value.

Why events and not ruamel's round-trip loader: the C parser's event stream gives
the same line/column marks for ~1/30 of the cost (see docs/performance.md), and
building the tree ourselves is where hostile input is stopped:

* nesting depth is bounded *while* parsing (libyaml's composer recurses in C and
  segfaults near 100,000 levels; its scanner is quadratic in depth);
* alias expansion is charged against a node budget (billion laughs);
* duplicate keys are reported with both locations instead of silently merged.

Mapping keys are kept as their source text (``on:`` stays ``"on"``); scalars use
the YAML core schema (null, bool, int, float, str). Other tags (timestamps,
``!Ref``...) keep their text or content, so the data is always JSON-shaped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lintkit.core.types import Location, Problem, Related

JsonPath = tuple[Any, ...]
Span = tuple[int, int, int, int]  # line, column, end_line, end_column (1-based)

_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,4299})")
_CORE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}


@dataclass(frozen=True)
class Limits:
    """Bounds on one document, checked while it is built (before any memory is spent on it).

    ``max_nodes`` counts every key, value and container (an alias counts what it
    repeats); ``max_path_items`` their depths too, since each keeps its path from
    the root: a deep document costs that much more.
    """

    max_depth: int = 200
    max_nodes: int = 100_000
    max_path_items: int = 2_000_000


@dataclass
class Document:
    """One YAML document: its data and a source map keyed by JSON path."""

    path: str
    data: Any
    spans: dict[JsonPath, Span] = field(default_factory=dict, repr=False)
    key_spans: dict[JsonPath, Span] = field(default_factory=dict, repr=False)
    styles: dict[JsonPath, str] = field(default_factory=dict, repr=False)

    def location(self, keypath: JsonPath, *, key: bool = False) -> Location:
        """Where the value (or, with ``key``, the key) at ``keypath`` is written.

        Paths under an alias or merge resolve to the nearest recorded ancestor.
        """
        path = tuple(keypath)
        while True:
            span = self._span(path, key)
            if span is not None:
                return Location(self.path, *span)
            if not path:
                return Location.file_start(self.path)
            path = path[:-1]
            key = True  # the key of the closest ancestor names the place best

    def member_locations(self, keypath: JsonPath) -> MemberLocations:
        """Where each value of the mapping at ``keypath`` is written, by key: what
        ``location`` gives for each, in one call (a dialect asks for every field)."""
        path = tuple(keypath)
        mapping = self.data
        for part in path:
            mapping = mapping[part]
        found = {}
        for key in mapping:
            child = (*path, key)
            span = self._span(child, False)
            if span is None:  # under an alias or merge: where ``location`` finds it
                at = self.location(child)
                span = (at.line, at.column, at.end_line, at.end_column)
            found[key] = span
        return MemberLocations(self.path, found)

    def _span(self, path: JsonPath, key: bool) -> Span | None:
        """Where ``path`` (its key, with ``key``) is written, if recorded."""
        # A list item has no key: its value is where it is written.
        table = self.key_spans if key and path and not isinstance(path[-1], int) else self.spans
        return table.get(path)

    def style(self, keypath: JsonPath) -> str:
        """Scalar style at ``keypath``: '' plain, "'" or '"' quoted, '|' or '>' block."""
        return self.styles.get(tuple(keypath), "")

    def scalar_spans(self) -> Iterator[Span]:
        for keypath in self.styles:
            span = self.spans.get(keypath)
            if span is not None:
                yield span


class MemberLocations(Mapping[Any, Location]):
    """``Document.member_locations``: a mapping's keys -> where their values are
    written, kept as spans, each made a Location when asked for.

    A step keeps one for its fields, and rules ask about few of them. Kept as
    Locations, every one is made at load and pickled through a Python call
    (``Location.__reduce__``) when results go to the cache or back from a worker:
    on 1,994 n8n workflows 200,000 fields, 0.46 s of the 0.83 s their results take
    to pickle. Spans are tuples of numbers, which pickle in C.
    """

    __slots__ = ("_path", "_spans")

    def __init__(self, path: str, spans: dict[Any, Span]) -> None:
        self._path = path
        self._spans = spans

    def __getitem__(self, key: Any) -> Location:
        return Location(self._path, *self._spans[key])

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def __iter__(self) -> Iterator[Any]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __repr__(self) -> str:
        return f"MemberLocations({self._path!r}, {self._spans!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MemberLocations, (self._path, self._spans))


class Within(Document):
    """One part of a file (a workflow in a list or an API page): its data, with
    positions looked up in the whole file."""

    def __init__(self, doc: Document, prefix: JsonPath) -> None:
        data = doc.data
        for part in prefix:
            data = data[part]
        super().__init__(doc.path, data)
        self.whole = doc
        self.prefix = prefix

    def location(self, keypath: JsonPath, *, key: bool = False) -> Location:
        return self.whole.location((*self.prefix, *keypath), key=key)

    def member_locations(self, keypath: JsonPath) -> MemberLocations:
        return self.whole.member_locations((*self.prefix, *keypath))

    def style(self, keypath: JsonPath) -> str:
        return self.whole.style((*self.prefix, *keypath))


_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_codec(data: bytes) -> str:
    """The codec a byte-order mark names ("" without one)."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), "")


def head_text(data: bytes, size: int) -> str:
    """About the first ``size`` bytes as text, for a cheap look (undecodable bytes replaced)."""
    return data[:size].decode(bom_codec(data) or "utf-8", errors="replace")


def decode(path: str, data: bytes, default: str = "utf-8") -> tuple[str | None, Problem | None]:
    """Bytes -> text (in the codec a BOM names, else ``default``), or a problem
    saying exactly where decoding failed."""
    codec = bom_codec(data)
    if not codec:
        codec = default
        nul = data.find(b"\0")
        if nul >= 0:
            loc = _byte_location(path, data, nul)
            return None, Problem(
                "syntax",
                f"binary content (NUL byte at {loc.line}:{loc.column}); not a text file",
                loc,
                help="remove the file or rename it so it is not taken for a workflow",
            )
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as err:
        loc = _byte_location(path, data, err.start)
        bad = data[err.start : err.start + 1].hex()
        return None, Problem(
            "syntax",
            f"not valid {codec.upper().replace('-SIG', '')}: byte 0x{bad} cannot be decoded",
            loc,
            help="save the file as UTF-8",
        )


def _byte_location(path: str, data: bytes, offset: int) -> Location:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(path, data.count(b"\n", 0, offset) + 1, column)


def load_yaml(
    path: str, text: str, limits: Limits = Limits(), *, json: bool = False
) -> tuple[list[Document], list[Problem]]:
    """Parse every document in ``text``. A problem stops only the document it is in."""
    if json:
        # JSON forbids raw tabs inside strings, so outside them a tab is plain
        # whitespace; libyaml rejects tabs in some of those places.
        text = text.replace("\t", " ")
        text, widened = _yaml_escapes(text)
        if widened:
            documents, problems = load_yaml(path, text, limits)
            return _narrowed(documents, problems, widened)
    builder = _Builder(path, limits)
    try:
        for event in _yaml().parse(text):
            builder.feed(event)
    except _Stop as stop:
        return builder.documents, [stop.problem]
    except Exception as err:  # ruamel's MarkedYAMLError family, ReaderError...
        problem = _parser_problem(path, text, err)
        if _LIBYAML_ONLY in problem.message and len(text) <= _PURE_RETRY_CHARS:
            return _pure_reading(path, text, limits) or (builder.documents, [problem])
        return builder.documents, [problem]
    return builder.documents, []


# libyaml refuses a ':' inside a plain scalar in a flow collection
# (`{FunctionName: arn:aws:lambda:...}`, `[!Ref AWS::StackName]`), which YAML 1.2
# and ruamel's own parser allow. That parser reads such a file instead; it is
# some 30 times slower, hence only for this error and for files of workflow size.
_LIBYAML_ONLY = "found unexpected ':'"
_PURE_RETRY_CHARS = 128 * 1024


def _pure_reading(
    path: str, text: str, limits: Limits
) -> tuple[list[Document], list[Problem]] | None:
    """``text`` read by ruamel's Python parser; None if it refuses it too."""
    from ruamel.yaml import YAML

    builder = _Builder(path, limits)
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            builder.feed(event)
    except _Stop as stop:
        return builder.documents, [stop.problem]
    except Exception:
        return None
    return builder.documents, []


# What JSON allows in a string and YAML does not: a surrogate pair written as two
# escapes (YAML wants one \U escape), and raw DEL and C1 control characters.
_JSON_ONLY = re.compile(
    r"\\\\|\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|[\x7f-\x84\x86-\x9f]"
)
Widened = dict[int, list[tuple[int, int]]]  # line -> (column after the change, columns added)


def _yaml_escapes(text: str) -> tuple[str, Widened]:
    """JSON ``text`` as YAML reads it with the same values, and where columns moved."""
    if not _JSON_ONLY.search(text):
        return text, {}
    widened: Widened = {}
    out: list[str] = []
    last = 0
    line = 1
    for match in _JSON_ONLY.finditer(text):
        found = match.group(0)
        if found == "\\\\":
            continue  # an escaped backslash: what follows it is no escape
        if match.group(1):
            high, low = int(match.group(1), 16), int(match.group(2), 16)
            written = f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"
        else:
            written = f"\\x{ord(found):02X}"
        line += text.count("\n", last, match.start())
        changes = widened.setdefault(line, [])
        column = match.start() - text.rfind("\n", 0, match.start()) + sum(a for _, a in changes)
        changes.append((column + len(written), len(written) - len(found)))
        out.append(text[last : match.start()])
        out.append(written)
        last = match.end()
    out.append(text[last:])
    return "".join(out), widened


def _narrowed(
    documents: list[Document], problems: list[Problem], widened: Widened
) -> tuple[list[Document], list[Problem]]:
    """Positions in the rewritten text moved back to the file's own columns."""

    def column(line: int, col: int) -> int:
        return col - sum(added for after, added in widened.get(line, ()) if after <= col)

    def span(s: Span) -> Span:
        return (s[0], column(s[0], s[1]), s[2], column(s[2], s[3]))

    for doc in documents:
        doc.spans = {k: span(v) for k, v in doc.spans.items()}
        doc.key_spans = {k: span(v) for k, v in doc.key_spans.items()}
    moved = [
        replace(p, location=Location(p.location.path, *span(p.location[1:])))
        if p.location.line
        else p
        for p in problems
    ]
    return documents, moved


_YAML: Any = None


def _yaml() -> Any:
    global _YAML
    if _YAML is None:
        # ruamel.yaml is imported on the first parse (here and below): `lintkit
        # --version`, `explain` and `rules` never load it.
        from ruamel.yaml import YAML

        _YAML = YAML(typ="safe")  # the C parser when ruamel.yaml.clib is installed
    return _YAML


def c_parser_available() -> bool:
    from ruamel.yaml.main import CParser

    return CParser is not None


def _parser_problem(path: str, text: str, err: Exception) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None)
    context = getattr(err, "context", None)
    if mark is None and hasattr(err, "position"):  # ReaderError: a bad character
        character = getattr(err, "character", "")
        code = ord(character) if isinstance(character, str) and character else character
        message = f"control character #x{code:04x} is not allowed in YAML"
        offset = int(getattr(err, "position", 0))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Problem("syntax", message, Location(path, line, column))
    if problem is None or mark is None:
        return Problem("syntax", f"cannot parse: {err}", Location.file_start(path))
    message = str(problem)
    if _char_at(text, mark.line, mark.column) == "\t":
        message = "tab character where YAML expects indentation or a value; indent with spaces"
    elif context and "while" in str(context):
        message += f" ({str(context).strip()})"
    related: tuple[Related, ...] = ()
    context_mark = getattr(err, "context_mark", None)
    if context_mark is not None and context_mark is not mark:
        related = (
            Related(
                Location(path, context_mark.line + 1, context_mark.column + 1),
                str(context or "started here"),
            ),
        )
    loc = Location(path, mark.line + 1, mark.column + 1)
    return Problem("syntax", message, loc, related)


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based parser mark, '' when out of range."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    index = start + column
    return text[index] if index < len(text) else ""


def _may_resolve(value: str) -> bool:
    """Whether a plain scalar may be something other than a string (null, bool, number)."""
    table = _yaml().resolver.versioned_resolver
    return None in table or (value[:1] in table if value else "" in table)


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass
class _Frame:
    container: Any  # dict or list
    path: JsonPath
    start: tuple[int, int]
    size_at_start: int
    key: str | None = None  # mapping: the key awaiting its value
    key_span: Span | None = None
    merge_pending: bool = False
    merges: list[tuple[dict[str, Any], Span]] = field(default_factory=list)
    anchor: str | None = None


class _Builder:
    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.documents: list[Document] = []
        self.doc: Document | None = None
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.path_items = 0
        self.aliased = 0  # nodes that aliases repeated

    # -- event dispatch ------------------------------------------------------
    def feed(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "DocumentStartEvent":
            self.doc = Document(self.path, None)
            self.anchors = {}
        elif kind == "DocumentEndEvent":
            assert self.doc is not None
            self.documents.append(self.doc)
            self.doc = None
        elif kind == "ScalarEvent":
            self._scalar(event)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            self._start(event, {} if kind == "MappingStartEvent" else [])
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            self._end(event)
        elif kind == "AliasEvent":
            self._alias(event)

    def _span(self, event: Any) -> Span:
        s, e = event.start_mark, event.end_mark
        return (s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        self.path_items += n * (len(self.stack) + 1)
        if type(event).__name__ == "AliasEvent":
            self.aliased += n
        if self.nodes > self.limits.max_nodes:
            if self.aliased * 2 > self.nodes:
                message = (
                    f"document expands to more than {self.limits.max_nodes:,} nodes"
                    " through its aliases (an alias bomb?); not loaded"
                )
                help = "remove the repeated aliases (*name) that multiply the document"
            else:
                message = (
                    f"document has more than {self.limits.max_nodes:,} keys, values and lists;"
                    " not loaded"
                )
                help = "a workflow never needs this many: split the file"
            raise _Stop(
                Problem("syntax", message, Location(self.path, *self._span(event)), help=help)
            )
        if self.path_items > self.limits.max_path_items:
            raise _Stop(
                Problem(
                    "syntax",
                    f"document is too large for its depth ({self.nodes:,} nodes,"
                    f" {len(self.stack)} levels deep here); not loaded",
                    Location(self.path, *self._span(event)),
                    help="a workflow never needs this: flatten or split the file",
                )
            )

    # -- nodes ---------------------------------------------------------------
    def _scalar(self, event: Any) -> None:
        self._count(1, event)
        span = self._span(event)
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            frame = self.stack[-1]
            frame.key, frame.key_span = event.value, span
            frame.merge_pending = event.value == "<<" and event.style in ("", None)
            return
        value = self._construct(event)
        path = self._place(value, span, event)
        assert self.doc is not None
        self.doc.styles[path] = event.style or ""
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)

    def _construct(self, event: Any) -> Any:
        explicit = None if event.tag is None else str(event.tag)
        if event.style not in ("", None) or explicit not in (None, "!"):
            if explicit in _CORE_TAGS:  # an explicit core tag such as !!int
                return self._core(explicit, event)
            return event.value
        if _DECIMAL.fullmatch(event.value):
            return int(event.value)  # what the resolver and constructor make of it, faster
        if not _may_resolve(event.value):
            return event.value  # a plain string: no resolver pattern starts with its character
        from ruamel.yaml.nodes import ScalarNode

        tag = str(_yaml().resolver.resolve(ScalarNode, event.value, event.implicit))
        return self._core(tag, event) if tag in _CORE_TAGS else event.value

    def _core(self, tag: str, event: Any) -> Any:
        from ruamel.yaml.nodes import ScalarNode

        value = event.value
        try:
            return _yaml().constructor.construct_object(ScalarNode(tag, value), deep=True)
        except ValueError as err:
            if "int_max_str_digits" not in str(err):
                return value
            # Python's own limit on reading an integer (a ValueError that talks to programmers).
            digits = sum(c.isdigit() for c in value)
            raise _Stop(
                Problem(
                    "syntax",
                    f"an integer of {digits:,} digits; lintkit reads at most 4,300",
                    Location(self.path, *self._span(event)),
                    help="quote it if it is meant as text",
                )
            ) from None
        except Exception:
            return value

    def _start(self, event: Any, container: Any) -> None:
        self._count(1, event)
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            raise _Stop(
                Problem(
                    "syntax",
                    "a mapping or list used as a mapping key is not supported",
                    Location(self.path, *self._span(event)),
                )
            )
        if len(self.stack) >= self.limits.max_depth:
            raise _Stop(
                Problem(
                    "syntax",
                    f"nesting deeper than {self.limits.max_depth} levels; not loaded",
                    Location(self.path, *self._span(event)),
                    help="a workflow never needs this depth: flatten the structure",
                )
            )
        span = self._span(event)
        self.stack.append(
            _Frame(container, self._child_path(), span[:2], self.nodes, anchor=event.anchor)
        )

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        container = frame.container
        if isinstance(container, dict) and frame.merges:
            for merged, span in frame.merges:
                for key, value in merged.items():
                    if key not in container:
                        container[key] = value
                        assert self.doc is not None
                        self.doc.key_spans.setdefault((*frame.path, key), span)
        end = event.end_mark
        span = (*frame.start, end.line + 1, end.column + 1)
        if frame.anchor:
            self.anchors[frame.anchor] = (container, self.nodes - frame.size_at_start)
        self._place(container, span, event, path=frame.path)

    def _alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise _Stop(
                Problem(
                    "syntax",
                    f"alias *{event.anchor} refers to no anchor &{event.anchor} before it",
                    Location(self.path, *self._span(event)),
                )
            )
        value, size = self.anchors[event.anchor]
        self._count(size, event)
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            raise _Stop(
                Problem(
                    "syntax",
                    "an alias used as a mapping key is not supported",
                    Location(self.path, *self._span(event)),
                )
            )
        self._place(value, self._span(event), event)

    # -- placing a finished value in its parent --------------------------------
    def _child_path(self) -> JsonPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, dict):
            return (*frame.path, frame.key)
        return (*frame.path, len(frame.container))

    def _place(self, value: Any, span: Span, event: Any, path: JsonPath | None = None) -> JsonPath:
        assert self.doc is not None
        if path is None:
            path = self._child_path()
        if not self.stack:
            self.doc.data = value
            self.doc.spans[()] = span
            return ()
        frame = self.stack[-1]
        self.doc.spans[path] = span
        if isinstance(frame.container, list):
            frame.container.append(value)
            return path
        key = frame.key
        assert key is not None and frame.key_span is not None
        if frame.merge_pending:
            for merged in value if isinstance(value, list) else [value]:
                if isinstance(merged, dict):
                    frame.merges.append((merged, span))
            del self.doc.spans[path]
        else:
            if key in frame.container:
                first = self.doc.key_spans[path]
                raise _Stop(
                    Problem(
                        "syntax",
                        f"duplicate key '{key}' (first defined at line {first[0]});"
                        " YAML keeps only one of them",
                        Location(self.path, *frame.key_span),
                        (Related(Location(self.path, *first), f"first '{key}'"),),
                        help="remove or rename one of the two keys",
                    )
                )
            frame.container[key] = value
            self.doc.key_spans[path] = frame.key_span
        frame.key, frame.key_span, frame.merge_pending = None, None, False
        return path
