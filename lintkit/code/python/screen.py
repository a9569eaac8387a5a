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
literal part of each pattern (``lintkit.code.screen``, which a pattern with no
literal part, ``*``, turns off), and runs the eligibility patterns over the
text and over each dotted name in it. One fact starts elsewhere: a call of a
function imported from another module, which may be a reader of the project
(``SecretRead.via``), whose first argument names a secret; so a quoted word
that ``secrets.names`` matches needs the full extraction too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lintkit.code.python.options import PRESCREEN
from lintkit.code.screen import Screen, configured_calls
from lintkit.code.settings import NEGATED, FactSettings

_CHAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_QUOTED = re.compile(r"""['"]([A-Za-z0-9_.\-]{2,100})['"]""")


@lru_cache(maxsize=16)
def screen(settings: FactSettings) -> Screen | None:
    """A test "does this text need the full extraction?"; None: always."""
    if not settings.language_option(PRESCREEN):
        return None
    configured = configured_calls(settings)
    if configured is None:
        return None
    eligible = settings.eligibility if settings.eligibility.pattern else None

    secret = settings.secret_names

    def interesting(text: str) -> bool:
        if configured(text):
            return True
        if secret.pattern and any(secret.search(w) for w in _QUOTED.findall(text)):
            return True
        if eligible is None:
            return False
        if eligible.search(text) or NEGATED.search(text):
            return True
        return any(eligible.search(c) or NEGATED.search(c) for c in set(_CHAIN.findall(text)))

    return interesting
