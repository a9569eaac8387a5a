"""The line and column of a character inside a string value, from the parser's span.

A path or a JSONata expression is one string value; its mistake is at a
character of it. The parser gives where the value is written; this maps an
offset in the decoded text to the column in the file when the value is written
on one line and its written length matches its text (a double-quoted JSON
string whose escapes are the usual ones, or a plain scalar). Otherwise the
value's own start is the best place there is.
"""

from __future__ import annotations

import json

from lintkit.core.types import Location
from lintkit.documents.parse import Document, JsonPath


def location_in_string(doc: Document, path: JsonPath, text: str, offset: int) -> Location:
    """Where character ``offset`` of the string ``text`` at ``path`` is written."""
    where = doc.location(path)
    if where.end_line != where.line:
        return where
    written = where.end_column - where.column
    style = doc.style(path)
    if style == '"':
        encoded = json.dumps(text, ensure_ascii=False)
        if len(encoded) != written:
            return where
        column = where.column + len(json.dumps(text[:offset], ensure_ascii=False)) - 1
    elif style == "" and len(text) == written:
        column = where.column + offset
    else:
        return where
    return Location(where.path, where.line, column, where.line, column + 1)
