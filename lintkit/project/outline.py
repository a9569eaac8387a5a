"""What project-wide rules read of every file, small enough to load for thousands.

A pre-commit run checks one or two changed files, but the cross-file rules
(XR101-XR103, WF202) look at every workflow and module of the project. Loading
every unchanged file's whole result from the cache (workflow graphs, every fact
of a module) cost most of such a run. So each file also has an outline: the
triggers, funnels, handler and message steps of its workflows, and what the
project index needs of a module (names, imports, constants, function headers,
emit sites). The cache stores it beside the full result and a run loads only
outlines; ``lintkit.project.loading.Results`` loads a full result when a rule asks for
that file (the graph of a workflow WF202 must analyse, the calls of a handler
XR102 follows). Named tuples: unpickled about twice as fast as dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from lintkit.code.model import (
    EligibleBranch,
    EmitSite,
    Function,
    ModuleFacts,
    SecretRead,
    last_segment,
)
from lintkit.core.types import Location
from lintkit.documents.suppressions import Suppression
from lintkit.project.load_file import FileResult
from lintkit.workflow.ir import StepKind, Sym, Terms, Trigger, Workflow


class StepOutline(NamedTuple):
    """A step that names a handler or sends a message, nested graphs included."""

    graph: str  # the id of the graph holding it (the workflow's own, or a nested one)
    id: str
    kind: StepKind
    location: Location
    fields: Mapping[str, Location]  # where its template, final, handler, channel are
    channel: str | None = None
    template: str | None = None
    final: bool = False
    handler: Sym | None = None
    emits: tuple[Sym, ...] = ()

    def at(self, name: str) -> Location:
        """Where field ``name`` is written; the step itself when it is not (as Step.at)."""
        return self.fields.get(name, self.location)


class WorkflowOutline(NamedTuple):
    id: str
    dialect: str
    path: str
    location: Location
    position: int  # among the workflows of its file
    triggers: tuple[Trigger, ...]
    enrollment: str
    exclusive_with: tuple[Sym, ...]
    funnel: tuple[Sym, ...]
    terms: Terms
    reentry_after: float | None
    steps: tuple[StepOutline, ...]  # the handler and message steps, in graph order


class ModuleOutline(NamedTuple):
    """The project index's view of a module: the ``ModuleFacts`` fields it reads for
    every module. A function's calls stay in the full facts."""

    path: str
    module: str
    functions: tuple[Function, ...]
    classes: tuple[str, ...]
    imports: tuple[tuple[str, str], ...]
    constants: tuple[tuple[str, tuple[str, ...]], ...]
    emits: tuple[EmitSite, ...]
    names: tuple[str, ...]
    star_imports: tuple[str, ...]
    bases: tuple[tuple[str, tuple[str, ...]], ...]
    # the last part of every callee a call passes a string to: which modules may
    # call an emit wrapper with an event's name (their calls are then read)
    string_callees: frozenset[str]
    # the last part of every callee: which modules may call a function (CD101 asks
    # who calls the function holding an eligible branch)
    callees: frozenset[str] = frozenset()
    # CD101 and the secret rules read these of every module on every run: kept here,
    # a warm run does not unpickle every module's full facts for them (a few each).
    eligible_branches: tuple[EligibleBranch, ...] = ()
    secret_reads: tuple[SecretRead, ...] = ()

    @property
    def eligible(self) -> bool:
        return bool(self.eligible_branches)

    @property
    def reads(self) -> bool:
        return bool(self.secret_reads)

    def function(self, qualname: str) -> Function | None:
        return next((f for f in self.functions if f.qualname == qualname), None)


class FileOutline(NamedTuple):
    path: str
    dialect: str | None
    workflows: tuple[WorkflowOutline, ...] = ()
    module: ModuleOutline | None = None
    suppressions: tuple[Suppression, ...] = ()
    problem_kinds: frozenset[str] = frozenset()  # "syntax", "schema"... of its problems
    events: tuple[Sym, ...] = ()  # events it declares (PostHog's eventDefinition)


_KEPT_FIELDS = ("template", "final", "handler", "channel")


def outline_of(result: FileResult) -> FileOutline:
    return FileOutline(
        path=result.path,
        dialect=result.dialect,
        workflows=tuple(_workflow(w, i) for i, w in enumerate(result.workflows)),
        module=module_outline(result.module) if isinstance(result.module, ModuleFacts) else None,
        suppressions=tuple(result.suppressions),
        problem_kinds=frozenset(p.kind for p in result.problems),
        events=tuple(result.events),
    )


def _workflow(workflow: Workflow, index: int) -> WorkflowOutline:
    steps = tuple(
        StepOutline(
            graph=graph.id,
            id=step.id,
            kind=step.kind,
            location=step.location,
            fields={k: v for k, v in step.fields.items() if k in _KEPT_FIELDS},
            channel=step.channel,
            template=step.template,
            final=step.final,
            handler=step.handler,
            emits=step.emits,
        )
        for graph in workflow.graphs()
        for step in graph.steps.values()
        if step.handler is not None or step.kind is StepKind.MESSAGE
    )
    return WorkflowOutline(
        id=workflow.id,
        dialect=workflow.dialect,
        path=workflow.path,
        location=workflow.location,
        position=index,
        triggers=workflow.triggers,
        enrollment=workflow.enrollment,
        exclusive_with=workflow.exclusive_with,
        funnel=workflow.funnel,
        terms=workflow.terms,
        reentry_after=workflow.reentry_after,
        steps=steps,
    )


def module_outline(facts: ModuleFacts) -> ModuleOutline:
    return ModuleOutline(
        path=facts.path,
        module=facts.module,
        functions=facts.functions,
        classes=facts.classes,
        imports=facts.imports,
        constants=facts.constants,
        emits=facts.emits,
        names=facts.names,
        star_imports=facts.star_imports,
        bases=facts.bases,
        string_callees=frozenset(last_segment(c.callee) for c in facts.calls if c.strings),
        callees=frozenset(last_segment(c.callee) for c in facts.calls),
        eligible_branches=facts.eligible_branches,
        secret_reads=facts.secret_reads,
    )
