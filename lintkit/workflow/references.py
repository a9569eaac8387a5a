"""How a reference to a missing step is told: one wording for the rule that reads
the IR (WF004) and for a dialect that finds one in a file too broken for IR."""

from __future__ import annotations

from collections.abc import Iterable

from lintkit.core.suggest import did_you_mean
from lintkit.workflow.ir import Terms

# The kind of a load problem that names a missing step (reported by WF004).
REFERENCE = "reference"


def edge_of(terms: Terms, label: str, source: str) -> str:
    """`next` of step 'send': the edge as the file writes it, and its step."""
    return f"{terms.edge(label)} of {terms.step} '{source}'"


def missing_step(terms: Terms, where: str, name: str, steps: Iterable[str]) -> str:
    return (
        f"{where} names {terms.step} '{name}', which does not exist"
        f"{did_you_mean(name, list(steps))}"
    )
