"""The properties simulation checks, named as data a static finding can carry.

A *subject* is a small JSON-able mapping: ``{"property": ..., "graph": ...}`` plus
what pins it down. A simulated violation carries the full subject; a static
finding (``Diagnostic.subject``) carries the part it knows, and ``check --deep``
confirms it with any violation whose subject contains it. So the engine and the
simulator never name a rule, and a rule never runs the simulator.

==========================  ====================================================
property                    other keys
==========================  ====================================================
``filtered-out-message``    ``step`` (the filter), ``edge`` (its filtered-out
                            label), ``message`` (the message step reached; a
                            claim may give a list: any of them)
``invariant``               ``index`` (in ``Workflow.invariants``), ``kind``
                            (passes_through | never_reaches), ``target``
``duplicate-message``       ``template`` (or "step ID" without a template)
``reaches-exit``            ``outcome`` (stuck | missing-step | budget), ``step``
==========================  ====================================================

``graph`` is the id of the (sub)graph the property is about (``Workflow.id``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FILTERED_OUT_MESSAGE = "filtered-out-message"
INVARIANT = "invariant"
DUPLICATE_MESSAGE = "duplicate-message"
REACHES_EXIT = "reaches-exit"

ORDER = (FILTERED_OUT_MESSAGE, INVARIANT, DUPLICATE_MESSAGE, REACHES_EXIT)  # how to list them

Subject = tuple[tuple[str, Any], ...]  # sorted items: hashable, comparable


def subject(property: str, graph: str, **keys: Any) -> dict[str, Any]:
    """A subject as a plain dict (what a rule puts on ``Diagnostic.subject``)."""
    return {"property": property, "graph": graph, **keys}


def filtered_out_message(
    graph: str, filter_step: str, edge: str, message: str | list[str] | None = None
) -> dict[str, Any]:
    """A list of messages claims "some of these" (a finding lists every one reached)."""
    found = subject(FILTERED_OUT_MESSAGE, graph, step=filter_step, edge=edge)
    if message is not None:
        found["message"] = message
    return found


def invariant(graph: str, index: int) -> dict[str, Any]:
    return subject(INVARIANT, graph, index=index)


def frozen(data: Mapping[str, Any]) -> Subject:
    return tuple(sorted(data.items()))


def covers(claim: Mapping[str, Any], found: Subject | Mapping[str, Any]) -> bool:
    """Whether a violation's subject ``found`` is an instance of ``claim``.

    A list in the claim means "any of these" (a finding about several messages).
    """
    items = dict(found)
    return all(
        key in items and (items[key] in value if isinstance(value, list) else items[key] == value)
        for key, value in claim.items()
    )
