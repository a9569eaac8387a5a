"""``check --deep``: confirm static path findings with a simulated person.

A finding that carries a ``subject`` (see ``properties``) claims that some person
can break a property. For each workflow with such findings, a bounded seeded
search runs people through it; a finding whose claim a violation covers gets
that person and trace as its ``counterexample`` and says "confirmed"; the others
say "possible". The engine and this module never name a rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from lintkit.core.types import Diagnostic
from lintkit.project.view import Project
from lintkit.simulation import properties as props
from lintkit.workflow.ir import Workflow

DEEP_EXAMPLES = 300  # people per workflow: seconds, not minutes, in pre-commit


@dataclass(frozen=True)
class Deepen:
    """The engine's ``refine`` step for ``check --deep``."""

    seed: int = 0
    examples: int = DEEP_EXAMPLES

    def __call__(self, diagnostics: list[Diagnostic], project: Project) -> list[Diagnostic]:
        claims: dict[int, list[int]] = {}  # id(workflow) -> indexes of its findings
        workflows: dict[int, Workflow] = {}
        for index, diagnostic in enumerate(diagnostics):
            if diagnostic.subject is None:
                continue
            workflow = _owner(project, diagnostic)
            if workflow is None:
                continue
            workflows[id(workflow)] = workflow
            claims.setdefault(id(workflow), []).append(index)
        out = list(diagnostics)
        for key, indexes in claims.items():
            subjects = [diagnostics[i].subject or {} for i in indexes]
            found = self.search(workflows[key], subjects)
            for i, subject in zip(indexes, subjects, strict=True):
                out[i] = self.verdict(diagnostics[i], subject, found)
        return out

    def search(
        self, workflow: Workflow, subjects: list[Mapping[str, Any]]
    ) -> list[tuple[props.Subject, dict[str, Any]]]:
        # hypothesis is imported when a finding needs confirming, never by a plain check.
        from lintkit.simulation.search import search

        def wanted(found: Mapping[str, Any]) -> bool:
            return any(props.covers(subject, found) for subject in subjects)

        result = search(workflow, examples=self.examples, seed_value=self.seed, wanted=wanted)
        return [
            (example.violation.subject, {**example.to_json(), "seed": self.seed})
            for example in result.broken
        ]

    def verdict(
        self,
        diagnostic: Diagnostic,
        subject: Mapping[str, Any],
        found: list[tuple[props.Subject, dict[str, Any]]],
    ) -> Diagnostic:
        for violated, counterexample in found:
            if props.covers(subject, violated):
                return replace(
                    diagnostic,
                    message=f"{diagnostic.message} (confirmed: a simulated person walks it)",
                    counterexample=counterexample,
                )
        return replace(
            diagnostic,
            message=f"{diagnostic.message} (possible: none of {self.examples} simulated"
            " people did)",
        )


def _owner(project: Project, diagnostic: Diagnostic) -> Workflow | None:
    """The top-level workflow holding the graph a finding is about."""
    subject = diagnostic.subject or {}
    result = project.files.get(diagnostic.path)
    candidates = result.workflows if result is not None else list(project.workflows)
    for workflow in candidates:
        if any(graph.id == subject.get("graph") for graph in workflow.graphs()):
            return workflow
    return None
