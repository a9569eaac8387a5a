"""Text from files made safe to print: control characters escaped, Unicode kept.

A message or source line can hold anything a file holds: a newline followed by
``::error file=...::`` is an annotation to the GitHub Actions runner reading the
log, an ESC sequence rewrites the terminal, a bidirectional override reorders
what the reader sees. Every text output goes through ``printable``.
"""

from __future__ import annotations

import re

# C0, DEL, C1, line and paragraph separators, bidirectional controls.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (a tab stays)."""
    return _UNSAFE.sub(_escape, text)
