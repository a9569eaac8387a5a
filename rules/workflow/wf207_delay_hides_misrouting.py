from collections.abc import Iterator

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person, template_text

from lintkit.core.durations import duration_text, parse_duration
from lintkit.core.types import Diagnostic, Severity
from lintkit.plugins.rule import Option, Rule, Scope, bad, good
from lintkit.workflow.feasible import PathAnalysis, path_related, path_text
from lintkit.workflow.ir import Edge, Step, StepKind, Workflow
from lintkit.workflow.nested import Arrival, Nested


class DelayHidesMisrouting(Rule):
    """
    ## What it does
    Reports a `delay` longer than `monitoring.max-delay` (default 6h) that
    some person can pass and then reach a message, and likewise a `wait`
    whose `timeout` is longer, for the people who time out. The report sits on
    the duration and names the nearest message behind it, with the path. Only
    paths a person can take count (see `filtered-out-reaches-message`);
    messages on the channels in `messages.internal-channels` are not counted.
    Messages inside a step's nested graphs (a Step Functions `Parallel` or
    `Map`) count as reached at that step; see `filtered-out-reaches-message`.
    A wait's arrival edge is not followed: people leave it one by one as they
    do the event, which is no hidden spike.

    Off by default: long delays are often the point of a lifecycle campaign.
    Turn it on (`select = ["WF207"]` or `extend-select`) where send-volume
    monitoring is what would catch a misrouted message.

    ## Why is this bad?
    In the credits incident every message sat behind a 12-hour delay. The
    misrouted "credits cancelled" sends went out among the correctly delayed
    ones, so nothing looked unusual on the send-volume graphs for 12 hours:
    the mistake was merged in the morning and seen the next day.

    ## How to fix
    Shorten the delay, or watch what comes out of it: a throttle on the
    message, a canary enrollment, or an alert on the message's volume. If the
    delay is intended, leave this rule off for the workflow
    (`per-file-ignores`).
    """

    code = "WF207"
    name = "delay-hides-misrouting"
    summary = "a long delay precedes a message, hiding a misrouted send from volume monitoring"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    default_enabled = False
    options = (
        Option(
            "monitoring.max-delay",
            "6h",
            "A delay (or wait timeout) longer than this in front of a message is reported.",
            "duration",
        ),
        INTERNAL_CHANNELS,
    )
    examples = (
        bad(
            """
            lintkit: 1
            workflow: startup-credits
            triggers:
              - event: startup_plan_customer_added
            steps:
              wait_for_billing:
                type: delay
                duration: 12h
                next: send_credits
              send_credits:
                type: message
                channel: email
                template: credits_granted
                throttle: {per_hour: 200}
                next: done
              done:
                type: exit
            """,
            expect=["8:15 'wait_for_billing' holds people 12h before message"],
        ),
        good(
            """
            lintkit: 1
            workflow: startup-credits
            triggers:
              - event: startup_plan_customer_added
            steps:
              wait_for_billing:
                type: delay
                duration: 12h
                next: send_credits
              send_credits:
                type: message
                channel: email
                template: credits_granted
                throttle: {per_hour: 200}
                next: done
              done:
                type: exit
            """,
            config="""
            [monitoring]
            max-delay = "1d"
            """,
            title="Under a raised threshold",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        limit = parse_duration(self.option("monitoring.max-delay"))
        nested = Nested(reaches_person(self))
        analysis = PathAnalysis.of(workflow)
        for step in workflow.steps.values():
            if step.duration is None or step.duration <= limit:
                continue
            edges = _released(workflow, step)
            before = analysis.reached.states_at(step.id)
            if not edges or not before:
                continue
            sources = [s for edge in edges for s in analysis.from_edge(edge, before)]
            found = analysis.search(sources, nested).witnesses
            if not found:
                continue
            arrivals = nested.arrivals(workflow, found)
            best = min(arrivals, key=lambda a: _rank(workflow, a))
            others = len({a.goal.id for a in arrivals}) - 1
            yield self._report(workflow, step, best, others, limit)

    def _report(
        self, workflow: Workflow, step: Step, arrival: Arrival, others: int, limit: float
    ) -> Diagnostic:
        message = arrival.goal
        held = duration_text(step.duration or 0)
        terms = workflow.terms
        what = terms.delay if step.kind is StepKind.DELAY else "wait (timeout)"
        more = f" (and {others} other message{'s' if others > 1 else ''})" if others else ""
        return self.diagnostic(
            step.at("duration" if step.kind is StepKind.DELAY else "timeout"),
            f"{what} '{step.id}' holds {terms.people} {held} before"
            f" {template_text(message)}{arrival.inside}{more}:"
            f" {path_text(arrival.witness.edges)}{arrival.route()}; a misrouted"
            f" send would surface {held} after the change, hidden among the correctly delayed"
            f" sends (threshold {duration_text(limit)})",
            related=[*path_related(workflow, arrival.witness.edges), *arrival.related()],
            help="shorten the delay, or watch what comes out of it (a throttle, a canary,"
            " an alert on the message's volume)",
        )


def _released(workflow: Workflow, step: Step) -> list[Edge]:
    """The edges people take when the time runs out."""
    if step.kind is StepKind.DELAY:
        return list(workflow.out_edges(step.id))
    if step.kind is StepKind.WAIT:
        return [e for e in workflow.out_edges(step.id) if e.label == "on_timeout"]
    return []


def _rank(workflow: Workflow, arrival: Arrival) -> tuple[bool, int, int]:
    """Certain paths first, then the shortest, then file order."""
    length = arrival.witness.length + sum(h.witness.length + 1 for h in arrival.hops)
    last = arrival.witness.last
    end = last.target if last is not None else arrival.goal.id
    order = workflow.order.get(end, len(workflow.steps))
    return (not arrival.certain, length, order)
