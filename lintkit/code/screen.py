"""What the code extractors' pre-screens share (Python's ``python/screen.py``, Go's
``go/screen.py``): the configured call patterns, as words a text must contain.

A call matches a pattern (``lintkit.code.settings.NamePatterns``) only if its
dotted name, as written or with imports resolved, contains every literal part
of the pattern; both come from the file's text (an import's path is written in
it). So a file whose text contains no pattern's longest literal part has no
call any pattern matches. Synthetic parts such as ``__getitem__``, which stands
for ``os.environ[...]``, are skipped; a pattern with no literal part (``*``)
matches anything, and then no text can be screened.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lintkit.code.settings import FactSettings

Screen = Callable[[str], bool]

_RUN = re.compile(r"[A-Za-z0-9_]+")


def _word(pattern: str) -> str | None:
    runs = [r for r in _RUN.findall(pattern) if not (r.startswith("__") and r.endswith("__"))]
    return max(runs, key=len) if runs else None


def configured_calls(settings: FactSettings) -> Screen | None:
    """A test "may a call in this text match a configured pattern?" (telemetry
    calls, secret readers, the guarded calls of `required-before`); None when a
    pattern has no literal part."""
    patterns = [
        *settings.telemetry.patterns,
        *settings.readers.patterns,
        *(p for pair in settings.required_before for p in pair.call.patterns),
    ]
    found = {_word(p) for p in patterns}
    if None in found:
        return None
    words = sorted((w for w in found if w is not None), key=len, reverse=True)
    if not words:
        return lambda _text: False
    names = re.compile("|".join(re.escape(w) for w in words))
    return lambda text: names.search(text) is not None
