"""The pre-screen: most modules call nothing the code rules look for.

libcst costs ~20 ms a module (parse, then a position pass that re-renders the
whole tree); CPython's ``ast`` costs ~2 ms and lintkit runs it anyway for
syntax errors. A module whose text contains none of the names that every
interesting fact needs gets its facts from that ``ast`` tree instead
(``lintkit.code.python.light``): functions and their calls, classes, imports and
constants, which is all the rules and the project index can find in it.

Why no finding is lost: each fact of the full extraction starts from a call
whose dotted name (as written, or through an import) matches a configured
pattern - a telemetry call, a secret reader, a guarded call - or from a name
the eligibility pattern (or its negation) matches. Every literal part of such
a pattern therefore appears in the module's text. So the screen asks for one
literal part of each pattern (the longest; synthetic parts such as
``__getitem__``, which stands for ``os.environ[...]``, are skipped), and runs
the eligibility patterns over the text and over each dotted name in it. A
pattern with no literal part (``*``) turns the screen off. One fact starts
elsewhere: a call of a function imported from another module, which may be a
reader of the project (``SecretRead.via``), whose first argument names a
secret; so a quoted word that ``secrets.names`` matches needs the full
extraction too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lintkit.code.python.options import PRESCREEN
from lintkit.code.settings import NEGATED, FactSettings

_RUN = re.compile(r"[A-Za-z0-9_]+")
_CHAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_QUOTED = re.compile(r"""['"]([A-Za-z0-9_.\-]{2,100})['"]""")

Screen = Callable[[str], bool]


def _token(pattern: str) -> str | None:
    runs = [r for r in _RUN.findall(pattern) if not (r.startswith("__") and r.endswith("__"))]
    return max(runs, key=len) if runs else None


@lru_cache(maxsize=16)
def screen(settings: FactSettings) -> Screen | None:
    """A test "does this text need the full extraction?"; None: always."""
    if not settings.language_option(PRESCREEN):
        return None
    patterns = [
        *settings.telemetry.patterns,
        *settings.readers.patterns,
        *(p for pair in settings.required_before for p in pair.call.patterns),
    ]
    found = [_token(p) for p in patterns]
    tokens = [t for t in found if t is not None]
    if len(tokens) < len(found):
        return None
    names = re.compile("|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True)))
    eligible = settings.eligibility if settings.eligibility.pattern else None

    secret = settings.secret_names

    def interesting(text: str) -> bool:
        if tokens and names.search(text):
            return True
        if secret.pattern and any(secret.search(w) for w in _QUOTED.findall(text)):
            return True
        if eligible is None:
            return False
        if eligible.search(text) or NEGATED.search(text):
            return True
        return any(eligible.search(c) or NEGATED.search(c) for c in set(_CHAIN.findall(text)))

    return interesting
