"""``# lintkit: ignore[CODE, name] -- reason`` comments, in YAML and Python alike
(``// lintkit: ...`` in Go and TypeScript, found by their parser).

A comment on its own line covers the line below it; a comment after code covers
its own line. Codes may be rule codes or names. Finding the comments does not
need a round-trip YAML parse: a ``#`` starts a comment unless it sits inside a
scalar, and the document's scalar spans say where those are. In Python, the
tokenizer says which ``#`` are comments.
"""

from __future__ import annotations

import io
import re
import tokenize
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from lintkit.documents.parse import Span

# The reason is taken whole and stripped after: a lazy ``.*?`` before ``\s*$`` costs
# time quadratic in a run of spaces inside it.
_DIRECTIVE = re.compile(
    r"(?:#|//)\s*lintkit:\s*ignore(?P<codes>\[[^\]]*\])?(?:\s*--\s*(?P<reason>.*))?$"
)


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int  # where the comment is
    column: int
    codes: tuple[str, ...]  # as written: codes or names
    reason: str
    covers: tuple[int, ...]  # lines it applies to
    end_column: int = 0  # just past the comment's last character


@dataclass
class SuppressionUse:
    """A suppression and what it suppressed in this run (codes, as rule codes)."""

    suppression: Suppression
    used: set[str] = field(default_factory=set)


def _parse(path: str, line: int, column: int, text: str, own_line: bool) -> Suppression | None:
    match = _DIRECTIVE.search(text)
    if not match:
        return None
    raw = (match.group("codes") or "[]")[1:-1]
    codes = tuple(c.strip() for c in raw.split(",") if c.strip())
    covers = (line, line + 1) if own_line else (line,)
    reason = (match.group("reason") or "").strip()
    start = column + match.start()
    return Suppression(path, line, start, codes, reason, covers, start + len(match.group(0)))


def find_in_yaml(path: str, text: str, scalar_spans: Iterable[Span]) -> list[Suppression]:
    if "lintkit:" not in text or "ignore" not in text:
        return []
    spans = sorted(scalar_spans)
    starts = [span[:2] for span in spans]
    found = []
    for number, line_text in enumerate(text.splitlines(), start=1):
        start = 0
        while (hash_at := line_text.find("#", start)) >= 0:
            start = hash_at + 1
            if hash_at and not line_text[hash_at - 1].isspace():
                continue  # YAML: a comment's '#' follows whitespace
            if _inside(spans, starts, number, hash_at + 1):
                continue
            own_line = not line_text[:hash_at].strip()
            suppression = _parse(path, number, hash_at + 1, line_text[hash_at:], own_line)
            if suppression:
                found.append(suppression)
            break
    return found


def _inside(spans: list[Span], starts: list[tuple[int, int]], line: int, column: int) -> bool:
    """Whether (line, column) is inside a scalar; ``spans`` sorted, ``starts`` their starts.

    Scalars do not overlap, so only the last one starting at or before it can hold it.
    """
    at = bisect_right(starts, (line, column)) - 1
    return at >= 0 and (line, column) < spans[at][2:]


def find_in_python(path: str, text: str) -> list[Suppression]:
    if "lintkit:" not in text:
        return []
    found = []
    lines = text.splitlines()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and "lintkit:" in token.string:
                row, col = token.start
                own_line = not lines[row - 1][:col].strip()
                suppression = _parse(path, row, col + 1, token.string, own_line)
                if suppression:
                    found.append(suppression)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # a file that does not tokenize gets PY001; its comments found so far stand
    return found


def find_in_comments(
    path: str, comments: Iterable[tuple[int, int, str, bool]]
) -> list[Suppression]:
    """Suppressions among comments a parser found (Go, TypeScript: ``// lintkit: ...``),
    each given as (line, column, its text, whether it is alone on its line)."""
    found = []
    for line, column, text, own_line in comments:
        suppression = _parse(path, line, column, text, own_line)
        if suppression:
            found.append(suppression)
    return found
