"""How deep a module nests and how big it is, measured before libcst reads it.

libcst's native parser recurses once per level of nesting and overflows the C
stack at a few thousand levels (the process dies: no output, no other file
reported); long chains (``a[0][0]...``, ``a + b + ...``, ``elif`` after
``elif``) are nested in its tree too and cost it time that grows faster than
their length. CPython stops brackets at 200 levels and indentation at 100, but
reads deep operator chains, and a file it rejects is still handed to libcst
(it may be valid for a newer Python). Memory grows with the number of tokens:
libcst keeps about 1-3 KB a token, CPython's ``ast`` 0.2-0.7 KB.

The scan is a tokenizer's view of the text: strings and comments are skipped,
and each open bracket, operator, trailer, keyword operator or string since the
last comma of its bracket adds a level, as does each ``elif`` of a chain and
each indented block. The sum is an upper bound of the depth of libcst's tree
(``a < b < c`` is flat there but counted), so the limit is well above real code
(encoding tables of 256 concatenated strings measure 257; the only deeper
modules among 13,400 installed ones are sympy's generated polynomials, which
libcst reads in 13-30 s or not at all) and well below where libcst crashes
(thousands of levels).

Depth under the limit still costs libcst time: reading a chain costs about the
square of its depth, so a file of many chains just under MAX_DEPTH would take
minutes. The scan adds up each token's depth (``work``) and stops at MAX_WORK:
3,000,000 is twice the most of 17,000 installed modules (a 345 KB sympy test
file, 1.5 million; libcst reads 150 lines of ``a[0]...`` 140 deep, 4.4 million,
in about 6 s).

``estimate_tokens`` is the cheap bound taken before CPython's parser: counting
a few characters costs ~1% of a parse, and a module of ``x=1`` lines has about
two tokens per character counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 300
MAX_TOKENS = 150_000  # libcst keeps up to ~3 KB a token: ~450 MB
MAX_WORK = 3_000_000  # every token's depth, added up: libcst's time (see above)
MAX_COUNTED = 150_000  # up to ~600,000 tokens for CPython's ast: ~450 MB
_COUNTED = ("\n", ",", ";", "=", "(", "[", ".", "+", "-", "*", "/", "%", "|", "&", "<", ">", ":")
_COUNTED_WORDS = (" and ", " or ", " if ", " in ", " is ", " not ")

_TOKEN = re.compile(
    r"""
    (?P<string>(?i:[rbuf]{0,2})(?:'''(?:\\.|[^\\])*?(?:'''|\Z)|\"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
        |'(?:\\.|[^\\'\r\n])*'?|"(?:\\.|[^\\"\r\n])*"?))
    |(?P<comment>\#[^\r\n]*)
    |(?P<newline>(?:\r\n?|\n)(?P<indent>[ \t\f]*))
    |(?P<continuation>\\(?:\r\n?|\n))
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<separator>[,;])
    |(?P<word>[^\W\d]\w*)
    |(?P<number>\d[\w.]*)
    |(?P<neutral>=(?!=)|:=?|->)
    |(?P<operator>\*\*=?|//=?|>>=?|<<=?|[-+*/%@&|^~<>=!]=?|\.)
    """,
    re.VERBOSE | re.DOTALL,
)
_KEYWORD_OPERATORS = frozenset(
    {"and", "or", "not", "if", "else", "lambda", "await", "in", "is", "for", "yield", "from"}
)
_CONTINUING = frozenset({"elif", "else", "except", "finally"})


@dataclass(frozen=True)
class Excess:
    """Where a module first goes past a limit, and which."""

    line: int
    column: int
    message: str


def measure(text: str) -> Excess | None:
    """The first place ``text`` nests deeper than MAX_DEPTH or exceeds MAX_TOKENS or
    MAX_WORK; None if never."""
    line, line_start = 1, 0
    brackets: list[int] = []  # per open bracket: the chain of its segment outside
    base = chain = 0
    blocks: list[list[int]] = [[0, 0]]  # per indented block: [indentation, elif chain]
    indent: int | None = 0  # the pending logical line's indentation
    tokens = work = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        tokens += 1
        if tokens > MAX_TOKENS:
            return Excess(
                line,
                match.start() - line_start + 1,
                f"more than {MAX_TOKENS:,} tokens: too large for lintkit's Python parser",
            )
        if kind == "newline" or kind == "continuation":
            line, line_start = line + 1, match.end() - len(match.group("indent") or "")
            if kind == "newline" and not brackets:
                chain, indent = 0, len(match.group("indent").expandtabs(8))
            continue
        if kind == "comment":
            continue
        if indent is not None:  # the first token of a logical line
            base = _enter_line(blocks, indent, match.group() if kind == "word" else "")
            indent = None
        if kind == "string":
            newlines = match.group().count("\n")
            if newlines:
                line += newlines
                line_start = match.start() + match.group().rfind("\n") + 1
            chain += 1
        elif kind == "open":
            brackets.append(chain)
            base += chain + 1
            chain = 0
        elif kind == "close":
            if brackets:
                outer = brackets.pop()
                base -= outer + 1
                chain = outer + 1
        elif kind == "separator":
            chain = 0
        elif kind == "operator" or (kind == "word" and match.group() in _KEYWORD_OPERATORS):
            chain += 1
        if base + chain > MAX_DEPTH:
            return Excess(
                line,
                match.start() - line_start + 1,
                f"nested more than {MAX_DEPTH} levels deep (brackets, operators, elif chains):"
                " too deep for lintkit's Python parser",
            )
        work += base + chain
        if work > MAX_WORK:
            return Excess(
                line,
                match.start() - line_start + 1,
                "nested deeply too often for lintkit's Python parser: the depth of every"
                f" token up to here adds up to more than {MAX_WORK:,}",
            )
    return None


def estimate_tokens(text: str) -> int:
    """A cheap count that grows with the number of tokens (about a half of it at least)."""
    return sum(text.count(c) for c in _COUNTED) + sum(text.count(w) for w in _COUNTED_WORDS)


def _enter_line(blocks: list[list[int]], indent: int, word: str) -> int:
    """Update the block stack for a statement at ``indent``; its depth."""
    while len(blocks) > 1 and blocks[-1][0] > indent:
        blocks.pop()
    if blocks[-1][0] < indent:
        blocks.append([indent, 0])
    top = blocks[-1]
    if word == "elif":
        top[1] += 1
    elif word not in _CONTINUING:
        top[1] = 0
    return len(blocks) - 1 + sum(chain for _, chain in blocks)
