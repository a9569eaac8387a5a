"""Path globs as config files use them: ``**`` spans directories, ``*`` does not.

A pattern without ``/`` matches a file or directory name at any depth; one with
``/`` is anchored at the project root. Either way, matching a directory matches
everything inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def _translate(pattern: str) -> str:
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append(f"[{body}]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return f"{prefix}{''.join(out)}(?:/.*)?"


@lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a set of globs: discovery tests every path against all of them."""
    return re.compile("|".join(f"(?:{_translate(p)})" for p in patterns) or "(?!)")


def matches(path: str, patterns: Iterable[str]) -> bool:
    """Whether a root-relative "/"-separated path matches any of the globs."""
    return _compile(tuple(patterns)).fullmatch(path) is not None
