"""The pre-screen: most Go files record, read and guard nothing.

A file none of whose calls can record telemetry, read a setting or be guarded by
`required-before` is read for what the project-wide rules need of every file -
functions, calls with their string arguments, types, imports, constants, struct
tags, eligibility tests - and the readers of calls are skipped
(``ModuleFacts.screened``).

Why no fact is lost: each emit, read and call bypass starts from a call that a
configured pattern matches (by its name as written or with imports resolved) or
that ``telemetry.recognise`` or ``secrets.reader_call`` knows by its name
(``telemetry.may_be_telemetry``, ``secrets.may_read``); a wrapper of the file that
reads (``secrets.wrapper_signature``) calls such a reader itself. The screen
asks exactly that of each distinct call name, which the index has found anyway.
Asking it of the text instead, as Python's screen does (``lintkit.code.python
.screen``), costs more here than the readers it would skip: a regex over every
byte of a Go file takes about as long as tree-sitter's parse of it.
``tests/test_go_prescreen.py`` holds the screened and the full extraction to the
same facts.
"""

from __future__ import annotations

from lintkit.code.go.index import GoIndex
from lintkit.code.go.secrets import may_read
from lintkit.code.go.telemetry import head_path, may_be_telemetry
from lintkit.code.settings import FactSettings


def readable(index: GoIndex, settings: FactSettings) -> bool:
    """Whether a call of the file may record, read or be guarded."""
    named = [settings.readers, *(pair.call for pair in settings.required_before)]
    for callee in {callee for _, callee, _ in index.calls}:
        if not callee:
            continue
        resolved = index.resolve(callee)
        if may_be_telemetry(callee, resolved, head_path(callee, index), settings):
            return True
        if may_read(callee, resolved):
            return True
        for patterns in named:
            if patterns.match(resolved) or patterns.match(callee):
                return True
    return False
