"""The pre-screen: most Go files record, read and guard nothing.

A file whose text contains none of the names the telemetry, secret and
`required-before` readers start from is read for what the project-wide rules
need of every file - functions, calls with their string arguments, types,
imports, constants, struct tags - and those readers are skipped
(``ModuleFacts.screened``).

Why no fact is lost: each emit starts from a call that a configured
``telemetry.calls`` pattern matches or that ``telemetry.recognise`` knows by its
names (``telemetry.may_record``); each read from a call of a configured
``secrets.readers`` pattern or of a reader ``secrets.reader_call`` knows by its
names (``secrets.may_read``); each call bypass from a call a `required-before`
pattern matches. Those names are written in the file (an import's path too), so
the screen asks for them in the text (``lintkit.code.screen`` for the configured
patterns). Struct tags and eligibility tests are read in every file: a tag is
screened by its struct's own text, and an eligibility pattern is a regex over
names that no text search can stand for. ``tests/test_go_prescreen.py`` holds
the screened and the full extraction to the same facts.
"""

from __future__ import annotations

from functools import lru_cache

from lintkit.code.go.secrets import may_read
from lintkit.code.go.telemetry import may_record
from lintkit.code.screen import Screen, configured_calls
from lintkit.code.settings import FactSettings


@lru_cache(maxsize=16)
def screen(settings: FactSettings) -> Screen | None:
    """A test "may this text record, read or guard anything?"; None: always."""
    configured = configured_calls(settings)
    if configured is None:
        return None
    return lambda text: configured(text) or may_record(text) or may_read(text)
