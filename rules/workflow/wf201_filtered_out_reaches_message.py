from collections.abc import Iterator, Mapping
from typing import ClassVar

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person

from lintkit.core.types import Applicability, Diagnostic, Edit, Fix, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.simulation import properties
from lintkit.workflow.feasible import PathAnalysis, path_related, path_text
from lintkit.workflow.graph import first_exit
from lintkit.workflow.ir import Edge, Workflow
from lintkit.workflow.nested import Arrival, Nested


class FilteredOutReachesMessage(Rule):
    """
    ## What it does
    Follows the people a filter drops (its `otherwise` edge) and reports when
    some of them can still reach a message before leaving the workflow, however
    indirect the route (delays, waits, branches, actions, updates, loops). The
    report sits on the `otherwise:` value and lists the shortest offending path,
    step by step; a `final: true` message (a cancellation, an irreversible
    notice) is named first. Severity: error, except a merely possible path to
    a message that is not final, which is a warning.

    Only paths some person can take are reported. The conditions met on the way
    (everything from the start to the filter, the negated `keep`, later branch
    cases, `update` steps) are tracked: over enum and boolean attributes,
    `events.*` and values compared with `==`/`!=`/`in` this is exact, so a
    later branch that re-checks the filter's condition silences the report, as
    does a filtered-out loop that only re-enters the filter. Where the route
    depends on a test lintkit cannot decide (an ordered comparison or the
    truthiness of a string or number attribute), the path is reported as
    *possible*, with warning severity unless the message is final. Attributes
    are taken as fixed while a person walks the workflow (only `update` steps
    change them), and a person who entered through an event trigger did that
    event. On very large workflows the analysis has a budget: past it, what is
    left is judged by plain graph reachability and reported as possible.
    Messages on the channels listed in
    `messages.internal-channels` (Slack, webhooks: they reach your team, not
    the person) are not counted.

    A step with nested graphs (a Step Functions `Parallel` runs each branch, a
    `Map` its item processor) sends what they send: a filtered-out person who
    enters it reaches the messages inside, and the path goes on into the nested
    graph, each step a related location. What the outer path knows about the
    person is not carried inside (a Map reads each item, not the person), so
    such a path is certain only when everyone who enters reaches the message
    and entering is certain (a Parallel; a Map's list may be empty); otherwise
    it is possible.

    ## Why is this bad?
    A filter exists to make people leave. In the credits incident, a fix added
    "skip people who don't belong here" and an editing slip pointed its
    `otherwise` at the campaign's last message: 410 people who were meant to be
    skipped were told, in the same minute, that their credits were cancelled.

    ## How to fix
    Point `otherwise` at an `exit` step. If both groups really should get a
    (different) message, use a `branch` with explicit cases instead of a
    filter. (On other formats the finding names their own edge: a Step
    Functions Choice's `Default`, a PostHog branch's `continue` edge.)
    """

    code = "WF201"
    name = "filtered-out-reaches-message"
    summary = "a path from a filter's filtered-out edge reaches a message"
    scope = Scope.WORKFLOW
    severity = Severity.ERROR
    options = (INTERNAL_CHANNELS,)
    phrases: ClassVar[Mapping[str, str]] = {
        # how to make the people on a filtered-out edge leave; a dialect may say it
        # for one edge label ("leave.skip": a skipped step's edge)
        "leave": "point {edge} at {exit}",
        "split": "a branch with explicit cases",  # sends two groups two ways
    }
    examples = (
        bad(
            """
            lintkit: 1
            workflow: startup-credits
            attributes:
              plan: {enum: [free, startup, yc]}
            triggers:
              - event: startup_plan_customer_added
            steps:
              wait_for_billing:
                type: delay
                duration: 12h
                next: still_eligible
              still_eligible:
                type: filter
                keep: "plan in ['startup', 'yc']"
                next: send_credits
                otherwise: send_cancelled
              send_credits:
                type: message
                channel: email
                template: credits_granted
                next: done
              send_cancelled:
                type: message
                channel: email
                template: credits_cancelled
                final: true
                next: done
              done:
                type: exit
            """,
            expect=["16:16 filtered out by 'still_eligible' (plan = 'free') reach"],
            title="The incident: the filtered-out edge points at the final message",
        ),
        bad(
            """
            lintkit: 1
            workflow: trial-nudge
            attributes:
              plan: {enum: [free, pro]}
            steps:
              on_free_plan:
                type: filter
                keep: "plan == 'free'"
                next: nudge
                otherwise: cool_down
              cool_down:
                type: delay
                duration: 1d
                next: nudge
              nudge:
                type: message
                channel: push
                template: upgrade_nudge
                next: done
              done:
                type: exit
            """,
            expect=["10:16 filtered out by 'on_free_plan' (plan = 'pro') reach"],
            title="Indirectly: through a delay that rejoins the kept path",
        ),
        good(
            """
            lintkit: 1
            workflow: startup-credits
            attributes:
              plan: {enum: [free, startup, yc]}
            triggers:
              - event: startup_plan_customer_added
            steps:
              still_eligible:
                type: filter
                keep: "plan in ['startup', 'yc']"
                next: send_credits
                otherwise: recheck
              recheck:
                type: branch
                cases:
                  - when: "plan == 'startup'"
                    next: send_credits
                default: done
              send_credits:
                type: message
                channel: email
                template: credits_granted
                next: done
              done:
                type: exit
            """,
            title="A later branch no filtered-out person can pass is not a path",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        nested = Nested(reaches_person(self))
        analysis = PathAnalysis.of(workflow)
        for edge in workflow.edges:
            if not edge.excludes or edge.target not in workflow.steps:
                continue
            before = analysis.reached.states_at(edge.source)
            if not before:
                continue  # nobody reaches the filter (unreachable-step's business)
            found = analysis.search(analysis.from_edge(edge, before), nested).witnesses
            if found:
                yield self._report(workflow, analysis, edge, nested.arrivals(workflow, found))

    def _report(
        self, workflow: Workflow, analysis: PathAnalysis, edge: Edge, found: list[Arrival]
    ) -> Diagnostic:
        best = min(found, key=lambda a: _rank(workflow, a))
        message = best.goal
        filter_step = workflow.steps[edge.source]
        terms = workflow.terms
        reached = sorted({a.goal.id for a in found})
        others = len(reached) - 1
        what = "the final message" if message.final else "message"
        more = f" (and {others} other message{'s' if others > 1 else ''})" if others else ""
        verb = "reach" if best.certain else "may reach"
        who = analysis.who(best.witness)
        template = f" (template '{message.template}')" if message.template else ""
        text = (
            f"{terms.people} filtered out by '{filter_step.id}'{f' ({who})' if who else ''}"
            f" {verb} {what} '{message.id}'{template}{best.inside}{more}:"
            f" {path_text(best.witness.edges)}{best.route()}"
        )
        if message.final:
            text += "; they would receive an irreversible message meant for others"
        if not best.certain:
            text += " (depends on conditions lintkit cannot decide statically)"
        keep = filter_step.conditions[0].text if filter_step.conditions else "?"
        base = edge.label.partition("[")[0]
        own = f"leave.{base}" if f"leave.{base}" in workflow.phrases.get(self.code, {}) else ""
        leave = self.phrase(workflow, own or "leave", edge=terms.edge(edge.label), exit=terms.exit)
        exit_step = first_exit(workflow)
        fix = None
        if exit_step is not None and not own:
            fix = Fix(
                f"point {terms.edge(edge.label)} at {terms.step} '{exit_step}'",
                (Edit.value(edge.location, exit_step, edge.target),),
                Applicability.UNSAFE,  # those people then get nothing: meant, or a message missing?
            )
        return self.diagnostic(
            edge.location,
            text,
            related=[
                Related(filter_step.at("keep"), f"'{filter_step.id}' keeps only: {keep}"),
                *path_related(workflow, best.witness.edges),
                *best.related(),
            ],
            severity=Severity.ERROR if message.final or best.certain else Severity.WARNING,
            help=f"{leave}; if both groups should get a message, use"
            f" {self.phrase(workflow, 'split')}",
            # what `check --deep` confirms with a simulated person
            subject=properties.filtered_out_message(
                workflow.id, filter_step.id, edge.label, message=reached
            ),
            fix=fix,
        )


def _rank(workflow: Workflow, arrival: Arrival) -> tuple[bool, bool, int, int]:
    """Final messages first, then certain paths, then the shortest, then file order."""
    length = arrival.witness.length + sum(h.witness.length + 1 for h in arrival.hops)
    last = arrival.witness.last
    end = last.target if last is not None else arrival.goal.id
    order = workflow.order.get(end, len(workflow.steps))
    return (not arrival.goal.final, not arrival.certain, length, order)
