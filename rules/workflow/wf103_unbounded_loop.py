from collections.abc import Iterator, Mapping
from typing import ClassVar

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import graph
from lintkit.workflow.ir import Step, StepKind, Workflow

_BOUNDS = (StepKind.DELAY, StepKind.WAIT)


def _sent(message: Step, step: str) -> str:
    """What a message step sends: its template, or the step (a template is optional in the IR)."""
    return f"'{message.template}'" if message.template else f"the message of {step} '{message.id}'"


class UnboundedLoop(Rule):
    """
    ## What it does
    Reports a loop that sends a message and holds no delay or wait: nothing
    spaces out the sends, so a person who goes around it receives the message
    again and again, as fast as the engine runs. The loop is reported at its
    first step, with the messages it sends as related locations.

    A loop that holds a `delay` or a `wait` is bounded in rate; whether it can
    be left is `dead-end`'s question. A step with nested graphs (a Step
    Functions `Parallel` or `Map`) does, each time around, what they do: the
    messages and waits inside count.

    ## Why is this bad?
    A branch that loops back "to re-check" and a message inside the loop make a
    spam cannon: one person, thousands of identical emails, until a rate limit
    or a provider suspension stops it.

    ## How to fix
    Put a `delay` (or a `wait` with a timeout) inside the loop, or move the
    message out of it.
    """

    code = "WF103"
    name = "unbounded-loop"
    summary = "a cycle with a message and no delay or wait to bound it"
    scope = Scope.WORKFLOW
    severity = Severity.ERROR
    # what spaces out a loop's sends
    phrases: ClassVar[Mapping[str, str]] = {"pause": "a delay (or a wait with a timeout)"}
    examples = (
        bad(
            """
            lintkit: 1
            workflow: payment-retry
            attributes:
              paid: {type: boolean}
            steps:
              check:
                type: branch
                cases:
                  - when: "paid"
                    next: done
                default: remind
              remind:
                type: message
                channel: email
                template: payment_failed
                next: check
              done:
                type: exit
            """,
            expect=["6:3 check -> remind -> check loop with no delay or wait"],
        ),
        good(
            """
            lintkit: 1
            workflow: payment-retry
            attributes:
              paid: {type: boolean}
            steps:
              check:
                type: branch
                cases:
                  - when: "paid"
                    next: done
                default: remind
              remind:
                type: message
                channel: email
                template: payment_failed
                next: wait_a_day
              wait_a_day:
                type: delay
                duration: 1d
                next: check
              done:
                type: exit
            """
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        reached = graph.reachable_from_start(workflow)
        for component in graph.strongly_connected(workflow):
            if component[0] not in reached or not graph.is_cycle(workflow, component):
                continue
            steps = [workflow.steps[s] for s in component]
            # what nested graphs (Parallel, Map) do is done at their step, each time around
            pairs = [(s, n) for s in steps for n in _nested(s)]
            held = {id(n): s.id for s, n in pairs}  # a nested step -> the loop's step holding it
            inside = [n for _, n in pairs]
            if any(s.kind in _BOUNDS for s in (*steps, *inside)):
                continue
            messages = [s for s in (*steps, *inside) if s.kind is StepKind.MESSAGE]
            if not messages:
                continue
            noun = workflow.terms.step
            names = ", ".join(_sent(m, noun) for m in messages)
            yield self.diagnostic(
                steps[0].location,
                f"{workflow.terms.steps} {' -> '.join([*component, component[0]])} loop with no"
                f" delay or wait, sending {names} each time around",
                related=[
                    Related(
                        m.location,
                        f"sends {_sent(m, noun)} in the loop"
                        + (f" (inside '{held[id(m)]}')" if id(m) in held else ""),
                    )
                    for m in messages
                ],
                help=f"put {self.phrase(workflow, 'pause')} inside the loop",
            )


def _nested(step: Step) -> list[Step]:
    """The steps of ``step``'s nested graphs, at any depth, that their starts reach."""
    found: list[Step] = []
    for sub in step.subgraphs:
        reached = graph.reachable_from_start(sub)
        for inner in sub.steps.values():
            if inner.id in reached:
                found.extend((inner, *_nested(inner)))
    return found
