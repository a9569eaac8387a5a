from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Option, Rule, Scope, bad, good
from lintkit.workflow.feasible import EMPTY, Knowledge, PathAnalysis, path_related, route_text
from lintkit.workflow.ir import Step, StepKind, Workflow
from lintkit.workflow.nested import Nested


class AnonymousReachesMessage(Rule):
    """
    ## What it does
    For workflows with an `anonymous: true` trigger, walks an anonymous profile
    through the workflow and reports each message that needs an address it
    can reach. What a message needs is its `requires` (by default `email` for
    the email channel and `phone` for sms); push, in-app, Slack and webhook
    messages need nothing.

    An anonymous profile is modelled as: the identity attribute (option
    `anonymous.identified-attribute`, default `identified`) is false; every
    address (`email`, `phone`, and whatever a message `requires`) is empty,
    which reads as both `null` and `''`; the events listed in
    `anonymous.identifying-events` were not done; everything else is unknown.
    So a guard is any filter `keep` or branch case on the way that such a
    profile fails: `identified`, `identified == true`, `email`, `email != ''`,
    `email != null`, `phone != ''`, `events.signed_up` when `signed_up` is an
    identifying event, or a `wait` for one. An `update` step that sets the
    required attribute also makes the path safe. Guards must hold on every
    path: one unguarded path is reported, with the path. The path analysis is exact over
    enum and boolean attributes and events; a path that depends on a test it
    cannot decide (say `score > 3`) is reported as possible, with warning
    severity.
    Messages inside a step's nested graphs (a Step Functions `Parallel` or
    `Map`) count as reached at that step; see `filtered-out-reaches-message`.

    ## Why is this bad?
    Anonymous profiles have no address: the send fails, errors pile up in the
    provider, or the step breaks the run for everyone behind it. Anonymous
    profiles had already broken the credits campaign's flows before its
    incident.

    ## How to fix
    Put a filter such as `keep: "identified"` (or `email != ''`) before the
    message, on every path to it, or stop enrolling anonymous profiles
    (`anonymous: false`, the default).
    """

    code = "WF203"
    name = "anonymous-reaches-message"
    summary = "a message needing an email/phone is reachable by anonymous profiles unchecked"
    scope = Scope.WORKFLOW
    severity = Severity.ERROR
    options = (
        Option(
            "anonymous.identified-attribute",
            "identified",
            "The boolean attribute that is true for identified people; anonymous"
            " profiles have it false.",
        ),
        Option(
            "anonymous.identifying-events",
            [],
            "Events only identified people do (e.g. signed_up, logged_in): an anonymous"
            " profile has done none, so a condition on one, or a `wait` for one,"
            " guards a message.",
            "list[string]",
        ),
    )
    phrases: ClassVar[Mapping[str, str]] = {
        "anonymous": "anonymous: true",  # what lets anonymous profiles in
        "no_anonymous": "drop `anonymous: true`",  # keeps them out ({address})
        "guard": "filter on `{identified}` or `{address} != ''`",  # checks an address
    }
    examples = (
        bad(
            """
            lintkit: 1
            workflow: credits-balance-low
            attributes:
              plan: {enum: [free, startup]}
              identified: {type: boolean}
              email: {type: string}
            triggers:
              - event: credits_balance_low
                anonymous: true
            steps:
              by_plan:
                type: branch
                cases:
                  - when: "plan == 'startup'"
                    next: known_only
                default: remind
              known_only:
                type: filter
                keep: "identified"
                next: remind
                otherwise: done
              remind:
                type: message
                channel: email
                template: credits_low
                next: done
              done:
                type: exit
            """,
            expect=["22:3 anonymous profiles reach message 'remind'"],
            title="Guarded on one path, not on the other (the default case)",
        ),
        good(
            """
            lintkit: 1
            workflow: credits-balance-low
            attributes:
              plan: {enum: [free, startup]}
              identified: {type: boolean}
              email: {type: string}
            triggers:
              - event: credits_balance_low
                anonymous: true
            steps:
              has_address:
                type: branch
                cases:
                  - when: "email != ''"
                    next: remind
                default: in_app_only
              in_app_only:
                type: message
                channel: in_app
                template: credits_low_banner
                next: done
              remind:
                type: message
                channel: email
                template: credits_low
                next: done
              done:
                type: exit
            """,
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        anonymous = [t for t in workflow.triggers if t.anonymous]
        if not anonymous:
            return
        analysis = PathAnalysis.of(workflow)
        groups: dict[tuple[str, ...], list[Step]] = {}
        for graph in workflow.graphs():  # messages in nested graphs too (Parallel, Map)
            for step in graph.steps.values():
                if step.kind is StepKind.MESSAGE and step.requires:
                    groups.setdefault(tuple(step.requires), []).append(step)
        addresses = sorted({"email", "phone", *(r for needs in groups for r in needs)})
        person = self._anonymous_person(addresses)
        entries = analysis.entries(anonymous, person)
        lets_in = self.phrase(workflow, "anonymous")
        identified = self.option("anonymous.identified-attribute")
        start = workflow.start.value if workflow.start else ""
        for requires, messages in groups.items():
            nested = Nested(_one_of(messages), facts=person, accept=_lacks(requires))
            found = analysis.search(
                analysis.from_start(entries), nested, accept=_lacks(requires)
            ).witnesses
            arrivals = {id(a.goal): a for a in reversed(nested.arrivals(workflow, found))}
            for step in messages:
                arrival = arrivals.get(id(step))
                if arrival is None:
                    continue
                needs = " and ".join(f"'{r}'" for r in requires)
                verb = "reach" if arrival.certain else "may reach"
                check = " or ".join([f"'{identified}'", *(repr(r) for r in requires)])
                route = route_text(start or step.id, arrival.witness.edges) + arrival.route()
                guard = self.phrase(workflow, "guard", identified=identified, address=requires[0])
                keep_out = self.phrase(workflow, "no_anonymous", address=requires[0])
                yield self.diagnostic(
                    step.location,
                    f"anonymous profiles {verb} message '{step.id}'{arrival.inside}"
                    f" ({step.channel}, needs {needs}) with no check of {check} on the way:"
                    f" {route}; they have no address to send to",
                    related=[
                        *(
                            Related(t.location, f"enrolls anonymous profiles ({lets_in})")
                            for t in anonymous
                        ),
                        *path_related(workflow, arrival.witness.edges),
                        *arrival.related(),
                    ],
                    severity=Severity.ERROR if arrival.certain else Severity.WARNING,
                    help=f"{guard} before the message on every path"
                    + (f", or {keep_out}" if keep_out else ""),
                )

    def _anonymous_person(self, addresses: list[str]) -> dict[str, list[Any]]:
        """Not identified, no address of any kind, no identifying event done."""
        facts: dict[str, list[Any]] = {name: [EMPTY] for name in addresses}
        facts[self.option("anonymous.identified-attribute")] = [False]
        for event in self.option("anonymous.identifying-events"):
            facts[f"events.{event}"] = [False]
        return facts


def _one_of(steps: list[Step]) -> Callable[[Step], bool]:
    wanted = {id(step) for step in steps}
    return lambda step: id(step) in wanted


def _lacks(requires: tuple[str, ...]) -> Callable[[Knowledge], bool]:
    """Whether some required attribute may still be empty (no update has set it)."""
    return lambda k: any(EMPTY in (k.allowed(("attr", name)) or ()) for name in requires)
