"""A fix's changes -> edits at exact positions in one file's text.

An ``Edit`` is already one; a scalar edit gets the quoting of the scalar it
replaces. ``AddKey``/``AddItem`` find the mapping or list in the parsed document
(documents.parse: the spans of every key and value) and add a line after the
given sibling (or the last item), indented as it, in a block collection, or
``, item`` in a flow one (JSON included). ``DropComment`` takes the comment to the
end of its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from lintkit.core.types import AddItem, AddKey, Change, DropComment, Edit, Fix, Location
from lintkit.documents.parse import Document, JsonPath
from lintkit.fixes.text import NotFixable, Source

_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*")
_NUMBER = re.compile(r"[-+]?[0-9_.]+(e[-+]?[0-9]+)?|0[xob][0-9a-f_]+")
# Plain scalars the YAML core schema reads as something else than a string.
_NOT_TEXT = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def is_json(path: str) -> bool:
    return path.endswith(".json")


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same string."""
    lower = value.lower()
    if _PLAIN.fullmatch(value) and lower not in _NOT_TEXT and not _NUMBER.fullmatch(lower):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _value_text(value: str | tuple[str, ...], json_file: bool) -> str:
    one = (lambda v: json.dumps(v, ensure_ascii=False)) if json_file else yaml_text
    if isinstance(value, tuple):
        return "[" + ", ".join(one(v) for v in value) + "]"
    return one(value)


def resolve(fix: Fix, source: Source, documents: Callable[[], list[Document]]) -> tuple[Edit, ...]:
    """The edits of ``fix`` in ``source`` (raises NotFixable when one cannot be placed)."""
    return tuple(_resolve(change, source, documents) for change in fix.changes)


def _resolve(change: Change, source: Source, documents: Callable[[], list[Document]]) -> Edit:
    if change.path != source.path:
        raise NotFixable(f"a change to {change.path} in {source.path}")
    if isinstance(change, Edit):
        source.offset(change.line, change.column), source.offset(change.end_line, change.end_column)
        return _quoted(change, source) if change.scalar else change
    if isinstance(change, DropComment):
        return _drop_comment(change, source)
    anchor = change.sibling if isinstance(change, AddKey) else change.item
    document, keypath = _find(documents(), anchor)
    if isinstance(change, AddKey):
        return _add_key(change, source, document, keypath)
    return _add_item(change, source, document, keypath)


def _quoted(edit: Edit, source: Source) -> Edit:
    value = edit.content
    written = source.text[source.offset(*edit.start) : source.offset(*edit.end)]
    if edit.was is not None and _unquoted(written) != edit.was:
        raise NotFixable(
            f"{edit.path}:{edit.line}:{edit.column}: {edit.was!r} is not written there"
        )
    first = written[:1]
    if is_json(source.path) or first == '"':
        text = json.dumps(value, ensure_ascii=False)
    elif first == "'":
        text = "'" + value.replace("'", "''") + "'"
    else:
        text = yaml_text(value)
    return Edit(edit.path, edit.line, edit.column, edit.end_line, edit.end_column, text)


def _unquoted(written: str) -> str:
    if written[:1] == '"' and written[-1:] == '"' and len(written) > 1:
        try:
            return str(json.loads(written))
        except ValueError:
            return written
    if written[:1] == "'" and written[-1:] == "'" and len(written) > 1:
        return written[1:-1].replace("''", "'")
    return written


def _find(documents: list[Document], location: Location) -> tuple[Document, JsonPath]:
    span = tuple(location[1:])
    for document in documents:
        for table in (document.spans, document.key_spans):
            for keypath, found in table.items():
                if found == span and keypath:
                    return document, keypath
    raise NotFixable(f"{location}: no key or value is written exactly there")


def _children(document: Document, parent: JsonPath) -> list[JsonPath]:
    depth = len(parent) + 1
    return [p for p in document.spans if len(p) == depth and p[:-1] == parent]


def _after(source: Source, end: tuple[int, int]) -> tuple[int, str]:
    """Where a new line goes after a value ending at ``end``: (the line it starts,
    a line break to put first when the file has no last one)."""
    line, column = end
    if column == 1 or not source.line_text(line)[: column - 1].strip():
        return line, ""  # the value ended where the next thing's line starts
    if line < source.lines:
        return line + 1, ""
    return line, source.newline  # the last line, with no line break after it


def _new_line(source: Source, end: tuple[int, int], text: str) -> Edit:
    line, lead = _after(source, end)
    if lead:
        column = len(source.line_text(line)) + 1
        return Edit.insert(source.path, line, column, lead + text)
    return Edit.insert(source.path, line, 1, text + source.newline)


def _flow(source: Source, document: Document, parent: JsonPath, opener: str) -> bool:
    span = document.spans.get(parent)
    return span is not None and source.text[source.offset(*span[:2]) :][:1] == opener


def _add_key(change: AddKey, source: Source, document: Document, keypath: JsonPath) -> Edit:
    parent = keypath[:-1]
    container = _at(document.data, parent)
    if not isinstance(container, dict) or not container:
        raise NotFixable(f"{change.sibling}: not in a mapping")
    if change.key in container:
        raise NotFixable(f"{change.sibling}: the mapping has `{change.key}` already")
    json_file = is_json(source.path)
    key = json.dumps(change.key) if json_file else yaml_text(change.key)
    entry = f"{key}: {_value_text(change.value, json_file)}"
    last = keypath  # the new key goes right after the sibling's value
    end = document.spans[last][2:]
    indent = " " * (document.key_spans[last][1] - 1)
    if _flow(source, document, parent, "{"):
        if document.key_spans[last][0] == document.spans[parent][0]:
            return Edit.insert(source.path, *end, f", {entry}")
        return Edit.insert(source.path, *end, f",{source.newline}{indent}{entry}")
    return _new_line(source, end, indent + entry)


def _add_item(change: AddItem, source: Source, document: Document, keypath: JsonPath) -> Edit:
    parent = keypath[:-1]
    if not isinstance(_at(document.data, parent), list):
        raise NotFixable(f"{change.item}: not in a list")
    last = max(_children(document, parent), key=lambda p: document.spans[p][2:])
    line, column, end_line, end_column = document.spans[last]
    json_file = is_json(source.path)
    value = json.dumps(change.value) if json_file else yaml_text(change.value)
    if _flow(source, document, parent, "["):
        if line == document.spans[parent][0]:
            return Edit.insert(source.path, end_line, end_column, f", {value}")
        indent = " " * (column - 1)
        return Edit.insert(source.path, end_line, end_column, f",{source.newline}{indent}{value}")
    dash = source.line_text(line)[: column - 1]
    if not re.fullmatch(r" *- +", dash):
        raise NotFixable(f"{change.item}: a list item not on its own `- ` line")
    return _new_line(source, (end_line, end_column), dash + value)


def _at(data: object, keypath: JsonPath) -> object:
    for key in keypath:
        data = data[key]  # type: ignore[index]
    return data


def _drop_comment(change: DropComment, source: Source) -> Edit:
    text = source.line_text(change.line)
    at = source.offset(change.line, change.column) - source.starts[change.line - 1]
    if not text[at:].startswith("#"):
        raise NotFixable(f"{change.path}:{change.line}:{change.column}: no comment there")
    before = text[:at].rstrip()
    if before:
        return Edit(change.path, change.line, len(before) + 1, change.line, len(text) + 1, "")
    if change.line < source.lines:
        return Edit(change.path, change.line, 1, change.line + 1, 1, "")
    return Edit(change.path, change.line, 1, change.line, len(text) + 1, "")
