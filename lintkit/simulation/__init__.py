"""Running people through a workflow's IR: the interpreter, invariants, search.

Only ``persons`` and ``search`` need hypothesis; they import it themselves, so
importing this package (or the interpreter) stays cheap.
"""

from lintkit.simulation.interpreter import DEFAULT_BUDGET, run
from lintkit.simulation.person import Person
from lintkit.simulation.trace import Outcome, Trace

__all__ = ["DEFAULT_BUDGET", "Outcome", "Person", "Trace", "run"]
