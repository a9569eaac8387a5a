"""A file's text with its line starts: 1-based (line, column) <-> character offsets."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from lintkit.documents.parse import bom_codec


class NotFixable(ValueError):
    """A change that cannot be placed in this file (the message says why)."""


@dataclass
class Source:
    """``text`` as lintkit's parsers saw it (decoded; a BOM removed)."""

    path: str
    text: str
    bom: bool = False
    starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.starts = [0]
        at = self.text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = self.text.find("\n", at + 1)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> Source:
        """UTF-8 text (with or without a BOM); other encodings are not fixed."""
        codec = bom_codec(data)
        if codec not in ("", "utf-8-sig"):
            raise NotFixable(f"{path}: a {codec} file; lintkit fixes UTF-8 files only")
        try:
            return cls(path, data.decode(codec or "utf-8"), bom=bool(codec))
        except UnicodeDecodeError:
            raise NotFixable(f"{path}: not UTF-8; not fixed") from None

    def encode(self, text: str) -> bytes:
        return text.encode("utf-8-sig" if self.bom else "utf-8")

    @property
    def newline(self) -> str:
        """The file's line break, for the lines a fix adds."""
        first = self.text[: self.starts[1]] if len(self.starts) > 1 else ""
        return "\r\n" if first.endswith("\r\n") else "\n"

    def offset(self, line: int, column: int) -> int:
        if not 1 <= line <= len(self.starts):
            raise NotFixable(f"{self.path}: no line {line}")
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        if not 1 <= column <= end - start + 2:  # one past the end: the line break
            raise NotFixable(f"{self.path}:{line}: no column {column}")
        return start + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        """Line ``line`` without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def lines(self) -> int:
        return len(self.starts)
