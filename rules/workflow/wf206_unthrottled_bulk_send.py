from collections.abc import Iterator, Mapping
from typing import ClassVar

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person, template_text

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow.feasible import PathAnalysis, path_related, route_text
from lintkit.workflow.ir import Step, Trigger, Workflow
from lintkit.workflow.nested import Nested


class UnthrottledBulkSend(Rule):
    """
    ## What it does
    Reports each message without a `throttle` that people enrolled by a
    `bulk: true` trigger (a backfill, an import, a segment) can reach, with the
    shortest path from the start. Only paths a person entering through a bulk
    trigger can take count (conditions are tracked as in `filtered-out-reaches-message`).
    A delay in front is no mitigation: everyone enrolled at once leaves it at
    once; nor is a `wait` for an event (a backfilled segment has often done
    it already). Nor is a platform's per-person deduplication: it stops one person
    getting two sends, not ten thousand people getting one each in the same
    minute. Messages on the channels in `messages.internal-channels` are not
    counted.
    Messages inside a step's nested graphs (a Step Functions `Parallel` or
    `Map`) count as reached at that step; see `filtered-out-reaches-message`.

    ## Why is this bad?
    A throttle is the blast radius of a mistake. In the credits incident a
    misrouted message went to 410 people within one minute; with a throttle
    the first complaints would have arrived while most of the batch was still
    queued, and pausing the workflow would have saved the rest.

    ## How to fix
    Give the message a `throttle` (`{per_hour: 500}`, sized for what the
    team can watch), or enroll the backfill gradually. On PostHog, set the
    workflow's `email_sending_rate_limit` (it caps emails only); Step
    Functions has no send-rate setting, so cap the sending service (an SES
    sending quota) or the batch.
    """

    code = "WF206"
    name = "unthrottled-bulk-send"
    summary = "a bulk trigger reaches a message with no throttle"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    options = (INTERNAL_CHANNELS,)
    phrases: ClassVar[Mapping[str, str]] = {
        "bulk": "bulk: true",  # what makes a trigger enroll many people at once
        "throttle": "add `throttle: {per_hour: N}` to the message",  # caps a message's sends
        "throttle_channels": "*",  # the channels `throttle` caps, space-separated ("*": all)
    }
    examples = (
        bad(
            """
            lintkit: 1
            workflow: startup-credits-backfill
            triggers:
              - segment: legacy_startups
                bulk: true
            steps:
              hold:
                type: delay
                duration: 1h
                next: send_credits
              send_credits:
                type: message
                channel: email
                template: credits_granted
                next: done
              done:
                type: exit
            """,
            expect=["11:3 'send_credits' (template 'credits_granted') has no throttle"],
        ),
        good(
            """
            lintkit: 1
            workflow: startup-credits-backfill
            triggers:
              - segment: legacy_startups
                bulk: true
            steps:
              send_credits:
                type: message
                channel: email
                template: credits_granted
                throttle: {per_hour: 200}
                next: notify_team
              notify_team:
                type: message
                channel: slack
                template: backfill_progress
                next: done
              done:
                type: exit
            """,
            title="Throttled; the Slack note to the team is internal",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        bulk = [t for t in workflow.triggers if t.bulk]
        if not bulk:
            return
        is_message = reaches_person(self)
        nested = Nested(lambda s: is_message(s) and s.throttle is None)
        analysis = PathAnalysis.of(workflow)
        reach = analysis.search(analysis.from_start(analysis.entries(bulk)), nested)
        start = workflow.start.value if workflow.start else ""
        terms = workflow.terms
        bulk_by = self.phrase(workflow, "bulk")
        how = f" ({bulk_by})" if bulk_by else ""
        arrivals = {id(a.goal): a for a in reversed(nested.arrivals(workflow, reach.witnesses))}
        for graph in workflow.graphs():  # messages in nested graphs too (Parallel, Map)
            for step in graph.steps.values():
                arrival = arrivals.get(id(step))
                if arrival is None:
                    continue
                verb = "reach" if arrival.certain else "may reach"
                yield self.diagnostic(
                    step.location,
                    f"{template_text(step)}{arrival.inside} has no throttle, and"
                    f" {terms.people} enrolled in bulk by {_names(bulk)} {verb} it:"
                    f" {route_text(start, arrival.witness.edges)}{arrival.route()}; a mistake"
                    " here goes to the whole batch in the same minute",
                    related=[
                        *(Related(t.location, f"enrolls in bulk{how}") for t in bulk),
                        *path_related(workflow, arrival.witness.edges),
                        *arrival.related(),
                    ],
                    severity=Severity.WARNING,
                    help=self._fix(workflow, step),
                )

    def _fix(self, workflow: Workflow, step: Step) -> str:
        throttle = self.phrase(workflow, "throttle")
        channels = self.phrase(workflow, "throttle_channels").split()
        if throttle and (channels == ["*"] or step.channel in channels):
            return f"{throttle}, sized for what you can watch"
        # The format cannot cap this message's sends: cap the sender, or the batch.
        channel = f"{step.channel} " if step.channel else ""
        return (
            f"nothing in this workflow can cap its {channel}sends: cap them where they are sent"
            " (the provider's rate limit), or enroll the batch in smaller parts"
        )


def _names(triggers: list[Trigger]) -> str:
    return " and ".join(f"{t.kind} '{t.name}'" for t in triggers)
