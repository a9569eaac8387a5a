from collections.abc import Iterator, Mapping
from typing import ClassVar

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import graph
from lintkit.workflow.ir import Workflow


class UnreachableStep(Rule):
    """
    ## What it does
    Finds steps that no path from the start reaches. This is real reachability
    from `start` (the first step by default), not "some step points at it": a
    loop of steps that point at each other but that nothing enters is
    unreachable too. Each unreachable region is reported once, at its entry
    step, with the other steps it holds as related locations.

    ## Why is this bad?
    An unreachable step is usually an editing slip: a `next` was re-pointed and
    the step it used to lead to is now orphaned, so the message or check in it
    silently never happens. When the step was meant to be deleted, it misleads
    the next person who reads the workflow. It is a warning, except on a Step
    Functions state machine, where it is an error: the service rejects a
    definition with an unreachable state (`MISSING_TRANSITION_TARGET`).

    ## How to fix
    Point a `next` (or a branch case) at the step, or delete it.
    """

    code = "WF101"
    name = "unreachable-step"
    summary = "no path from the start reaches the step"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    phrases: ClassVar[Mapping[str, str]] = {
        "link": "a `next` or a branch case"
    }  # what can point at a step
    examples = (
        bad(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:
                type: message
                channel: email
                template: welcome
                next: done
              reminder:
                type: message
                channel: email
                template: welcome_reminder
                next: wait
              wait:
                type: delay
                duration: 2d
                next: reminder
              done:
                type: exit
            """,
            expect=["9:3 step 'reminder' is unreachable"],
            title="An orphan loop: reminder and wait point at each other, nothing enters",
        ),
        good(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:
                type: message
                channel: email
                template: welcome
                next: wait
              wait:
                type: delay
                duration: 2d
                next: reminder
              reminder:
                type: message
                channel: email
                template: welcome_reminder
                next: done
              done:
                type: exit
            """
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        if workflow.start is None or workflow.start.value not in workflow.steps:
            return  # WF004 reports the missing start; everything would be "unreachable"
        reached = graph.reachable_from_start(workflow)
        orphans = [s for s in workflow.steps if s not in reached]
        if not orphans:
            return
        start = workflow.start.value
        terms = workflow.terms
        accounted: set[str] = set()
        # Entry regions: strongly connected groups no other orphan leads into.
        components = graph.strongly_connected(workflow)
        component_of = {step: i for i, comp in enumerate(components) for step in comp}
        for step_id in orphans:
            if step_id in accounted:
                continue
            own = component_of[step_id]
            entered = any(
                e.source in workflow.steps
                and e.source not in reached
                and component_of[e.source] != own
                for member in components[own]
                for e in workflow.in_edges(member)
            )
            if entered:
                continue
            region = graph.reachable(workflow, components[own]) - reached
            accounted |= region
            step = workflow.steps[step_id]
            others = [s for s in workflow.steps if s in region and s != step_id]
            message = (
                f"{terms.step} '{step_id}' is unreachable: no path from {terms.entry}"
                f" '{start}' leads to it"
            )
            if others:
                noun = terms.steps if len(others) > 1 else terms.step
                count = f"{len(others)} more {noun} {'are' if len(others) > 1 else 'is'}"
                message += f"; {count} unreachable only through it"
            yield self.diagnostic(
                step.location,
                message,
                related=[
                    Related(workflow.steps[s].location, f"'{s}' is unreachable through it")
                    for s in others
                ],
                help=f"point {self.phrase(workflow, 'link')} at '{step_id}', or delete it",
                severity=Severity.ERROR if workflow.rejects_unreachable else None,
            )
