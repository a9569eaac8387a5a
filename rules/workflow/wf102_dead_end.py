from collections.abc import Iterator, Mapping
from typing import ClassVar

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import graph
from lintkit.workflow.ir import StepKind, Workflow


class DeadEnd(Rule):
    """
    ## What it does
    Reports places where people get stuck: a step that is not an exit and has
    no way out (a message or delay without `next`), and a loop from which no
    exit can be reached. Each is reported once, at the step (for a loop, its
    first step in the file, with the others as related locations). Steps the
    start cannot reach are left to `unreachable-step`, and a `next` that names
    a missing step to `unknown-step`.

    A `wait` with a `timeout` and no `on_timeout` lets timed-out people leave
    the workflow; that is not a dead end.

    ## Why is this bad?
    A person stuck in a workflow never reaches its exit: they are never
    re-enrolled, exit metrics under-count, and with `enrollment: once` they can
    never receive this workflow again. A loop with no exit keeps them (and
    whatever the loop sends them) forever.

    ## How to fix
    Give the step a `next` (an `exit` step if the path is over), or give the
    loop a branch or `on_timeout` that leads to an exit.
    """

    code = "WF102"
    name = "dead-end"
    summary = "a non-exit step with no way out, or from which no exit can be reached"
    scope = Scope.WORKFLOW
    severity = Severity.ERROR
    phrases: ClassVar[Mapping[str, str]] = {
        "add_next": "add `next:` (an exit step if the path is over)",
        "way_out": "a branch or on_timeout",  # what lets people leave a loop
        "trapped": "people who enter stay forever",  # in a loop with no way out
    }
    examples = (
        bad(
            """
            lintkit: 1
            workflow: welcome
            steps:
              wait:
                type: delay
                duration: 1d
                next: send
              send:
                type: message
                channel: email
                template: welcome
            """,
            expect=["8:3 step 'send' is a dead end"],
            title="The message has no `next`",
        ),
        bad(
            """
            lintkit: 1
            workflow: nudges
            steps:
              nudge:
                type: message
                channel: push
                template: come_back
                next: pause
              pause:
                type: delay
                duration: 7d
                next: nudge
            """,
            expect=["4:3 nudge -> pause -> nudge loop with no way to an exit"],
            title="A loop with no exit",
        ),
        good(
            """
            lintkit: 1
            workflow: nudges
            steps:
              nudge:
                type: message
                channel: push
                template: come_back
                next: wait_for_visit
              wait_for_visit:
                type: wait
                event: app_opened
                timeout: 7d
                next: done
                on_timeout: nudge
              done:
                type: exit
            """
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        reached = graph.reachable_from_start(workflow)
        # A missing target (WF004) might be an exit: don't cascade from it.
        outs = {
            step.id
            for step in workflow.steps.values()
            if step.kind is StepKind.EXIT
            or any(e.target not in workflow.steps for e in workflow.out_edges(step.id))
            or (
                step.kind is StepKind.WAIT
                and step.duration is not None
                and not any(e.label == "on_timeout" for e in workflow.out_edges(step.id))
            )
        }
        escapes = graph.can_reach(workflow, outs)
        stuck = reached - escapes
        if not stuck:
            return
        terms = workflow.terms
        for component in graph.strongly_connected(workflow):
            if component[0] not in stuck:
                continue
            leaves = {t for s in component for t in graph.successors(workflow, s)} - set(component)
            if leaves:  # it leads on to other stuck steps; report those instead
                continue
            first = workflow.steps[component[0]]
            if graph.is_cycle(workflow, component):
                path = " -> ".join([*component, component[0]])
                yield self.diagnostic(
                    first.location,
                    f"{terms.steps} {path} loop with no way to an exit:"
                    f" {self.phrase(workflow, 'trapped')}",
                    related=[
                        Related(workflow.steps[s].location, f"'{s}' is in the loop")
                        for s in component[1:]
                    ],
                    help=f"add {self.phrase(workflow, 'way_out')} that leads to {terms.exit}",
                )
            else:
                yield self.diagnostic(
                    first.location,
                    f"{terms.step} '{first.id}' is a dead end: it has no {terms.next}, so"
                    f" {terms.people} stop here without reaching an exit",
                    help=self.phrase(workflow, "add_next"),
                )
