"""Node positions, computed only for the nodes a fact asks about.

libcst's ``PositionProvider`` renders the whole module once to give every
node a line and column; its ``ByteSpanPositionProvider`` does the same walk
for byte offsets only, at about 40% of the cost. The facts keep locations for
a few nodes a module (calls, emit sites, branches), so this turns a byte
offset into libcst's line and column (characters, 1-based lines, 0-based
columns) when a node's position is read. The one difference from
``PositionProvider``: on a line with a form feed, libcst restarts the column
after it; here it counts as a character, as in CPython's ``ast`` (which the
pre-screened modules' facts come from) and in editors.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from typing import Any

from libcst.metadata import CodePosition, CodeRange

_LINE_END = re.compile(rb"\r\n|\r|\n")


class Positions(Mapping[Any, CodeRange]):
    """Node -> CodeRange, as ``PositionProvider`` gives it."""

    def __init__(self, spans: Mapping[Any, Any], text: str, encoding: str) -> None:
        self.spans = spans  # node -> CodeSpan(start, length), in bytes of `encoding`
        self.encoding = encoding
        self.data = text.encode(encoding, errors="surrogateescape")
        self.starts = [0, *(m.end() for m in _LINE_END.finditer(self.data))]

    def __getitem__(self, node: Any) -> CodeRange:
        span = self.spans[node]
        return CodeRange(self._position(span.start), self._position(span.start + span.length))

    def _position(self, offset: int) -> CodePosition:
        line = bisect_right(self.starts, offset)
        start = self.starts[line - 1]
        text = self.data[start:offset].decode(self.encoding, errors="surrogateescape")
        return CodePosition(line, len(text))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)
