"""A finding's fingerprint: stable when lines move, different when the finding is.

The rule, the file, the text the finding points at (its span, on its first line,
spaces collapsed) and its message with every line number taken out ("first
defined at line 12" and "flow.yaml:12:5" name lines that move with the file).
Two identical findings in one file share a fingerprint; a baseline counts them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lintkit.core.reading import read_inside
from lintkit.core.types import Diagnostic

_LINES = re.compile(r"(?:line|lines) \d+(?:-\d+)?|:\d+(?::\d+)?\b")


class Texts:
    """The lines of the project's files, read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._lines:
            try:
                data, _ = read_inside(self.root, path)
                self._lines[path] = data.decode("utf-8-sig", errors="replace").splitlines()
            except OSError:
                self._lines[path] = []
        return self._lines[path]

    def flagged(self, d: Diagnostic) -> str:
        """The text the finding points at (on its first line)."""
        loc = d.location
        lines = self.lines(loc.path)
        if not 0 < loc.line <= len(lines):
            return ""
        line = lines[loc.line - 1]
        end = loc.end_column - 1 if loc.end_line == loc.line else len(line)
        return " ".join(line[loc.column - 1 : end].split())


def fingerprint(d: Diagnostic, texts: Texts) -> str:
    message = _LINES.sub("", d.message)
    raw = "\0".join((d.code, d.path, texts.flagged(d), message))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]
