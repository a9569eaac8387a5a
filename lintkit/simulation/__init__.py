"""Running people through a workflow's IR: the interpreter, invariants, search.

Only ``persons`` and ``search`` need hypothesis; they import it themselves. The
names below load on first use: every check imports ``simulation.properties``
(the workflow rules share its path properties) and must not pay for the
interpreter.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "DEFAULT_BUDGET": "lintkit.simulation.interpreter",
    "run": "lintkit.simulation.interpreter",
    "Person": "lintkit.simulation.person",
    "Outcome": "lintkit.simulation.trace",
    "Trace": "lintkit.simulation.trace",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'lintkit.simulation' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
