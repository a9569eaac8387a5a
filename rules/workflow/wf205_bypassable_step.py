from collections.abc import Iterator

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.simulation import properties
from lintkit.workflow.feasible import (
    PathAnalysis,
    Source,
    Witness,
    path_related,
    path_text,
    route_text,
)
from lintkit.workflow.ir import Invariant, Workflow


class BypassableStep(Rule):
    """
    ## What it does
    Checks the workflow's own `invariants` and reports a counter-path for each
    one that fails:

    - `every_path_to: T` / `passes_through: V`: some person reaches `T`
      from the start without passing through `V` first;
    - `never_reaches: T` / `from: V` (or `from: V.otherwise`, or any other
      edge label of `V`): some person who arrives at `V` (or takes that edge)
      goes on to reach `T`.

    Only paths a person can take are counter-paths: conditions are tracked
    from the start (exactly over enum and boolean attributes, `events.*` and
    `==`/`!=`/`in` tests; `update` steps included), so a route blocked by
    contradicting conditions does not count. A counter-path that depends on a
    test lintkit cannot decide (an ordered comparison on a number, say) is
    reported as possible, with warning severity. An invariant whose `from`
    step no person reaches holds trivially. Steps or edges that do not exist
    are `unknown-step`'s to report.

    ## Why is this bad?
    In the retention incident, 82% of cancellations never passed the
    retention step: a billing-portal path and a webhook handler cancelled
    directly. The team believed every cancel saw the offer; an invariant
    states that belief, and this rule checks it on every change.

    ## How to fix
    Route the counter-path through the required step (or away from the
    forbidden one). If the path is legitimate, the invariant is wrong: narrow
    it.
    """

    code = "WF205"
    name = "bypassable-step"
    summary = "a declared invariant fails: a path skips the step (or reaches a forbidden one)"
    scope = Scope.WORKFLOW
    severity = Severity.ERROR
    examples = (
        bad(
            """
            lintkit: 1
            workflow: cancellation
            attributes:
              source: {enum: [app, billing_portal, webhook]}
            triggers:
              - event: cancel_requested
            steps:
              by_source:
                type: branch
                cases:
                  - when: "source == 'app'"
                    next: retention_offer
                default: cancel
              retention_offer:
                type: message
                channel: in_app
                template: retention_offer
                next: cancel
              cancel:
                type: action
                next: done
              done:
                type: exit
            invariants:
              - every_path_to: cancel
                passes_through: retention_offer
            """,
            expect=["25:5 reach 'cancel' without passing through 'retention_offer'"],
            title="The billing portal and webhook cancel without the retention offer",
        ),
        good(
            """
            lintkit: 1
            workflow: cancellation
            attributes:
              source: {enum: [app, billing_portal]}
            triggers:
              - event: cancel_requested
            steps:
              from_app:
                type: filter
                keep: "source == 'app'"
                next: by_source
                otherwise: done
              by_source:
                type: branch
                cases:
                  - when: "source == 'billing_portal'"
                    next: cancel
                default: retention_offer
              retention_offer:
                type: message
                channel: in_app
                template: retention_offer
                next: cancel
              cancel:
                type: action
                next: done
              done:
                type: exit
            invariants:
              - every_path_to: cancel
                passes_through: retention_offer
            """,
            title="The direct route exists in the graph, but nobody can take it",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        for invariant in workflow.invariants:
            target, via = invariant.target.value, invariant.via.value
            if target not in workflow.steps or via not in workflow.steps:
                continue
            if invariant.kind == "passes_through":
                found = self._bypass(workflow, invariant)
            else:
                found = self._forbidden(workflow, invariant)
            if found is not None:
                yield found

    def _bypass(self, workflow: Workflow, invariant: Invariant) -> Diagnostic | None:
        target, via = invariant.target.value, invariant.via.value
        if target == via:
            return None
        analysis = PathAnalysis.of(workflow)
        reach = analysis.search(
            analysis.from_start(), lambda s: s.id == target, avoid=lambda s: s.id == via
        )
        witness = reach.witnesses.get(target)
        if witness is None:
            return None
        start = workflow.start.value if workflow.start else target
        verb = "reach" if witness.certain else "may reach"
        return self._report(
            workflow,
            invariant,
            witness,
            f"{_people(workflow, analysis.who(witness))} {verb} '{target}' without passing through"
            f" '{via}':"
            f" {route_text(start, witness.edges)}",
        )

    def _forbidden(self, workflow: Workflow, invariant: Invariant) -> Diagnostic | None:
        target, via = invariant.target.value, invariant.via.value
        analysis = PathAnalysis.of(workflow)
        before = analysis.reached.states_at(via)
        if not before:
            return None  # nobody gets to `from`: the invariant holds
        if invariant.via_edge:
            sources = [
                source
                for edge in workflow.out_edges(via)
                if edge.label == invariant.via_edge
                for source in analysis.from_edge(edge, before)
            ]
            origin = f"{via}.{invariant.via_edge}"
        elif via != target:
            sources = [Source(via, k) for k in before]
            origin = via
        else:
            return None
        witness = analysis.search(sources, lambda s: s.id == target).witnesses.get(target)
        if witness is None:
            return None
        verb = "reach" if witness.certain else "may reach"
        route = path_text(witness.edges) if invariant.via_edge else route_text(via, witness.edges)
        return self._report(
            workflow,
            invariant,
            witness,
            f"{_people(workflow, analysis.who(witness))} {verb} '{target}' from '{origin}',"
            f" which the invariant forbids: {route}",
        )

    def _report(
        self, workflow: Workflow, invariant: Invariant, witness: Witness, text: str
    ) -> Diagnostic:
        if not witness.certain:
            text += " (depends on conditions lintkit cannot decide statically)"
        return self.diagnostic(
            invariant.location,
            text,
            related=[
                *path_related(workflow, witness.edges),
                Related(
                    workflow.steps[invariant.target.value].location,
                    f"'{invariant.target.value}' is reached here",
                ),
            ],
            severity=Severity.ERROR if witness.certain else Severity.WARNING,
            help=f"route this path through the required {workflow.terms.step} (or away from the"
            " forbidden one); if the path is legitimate, narrow the invariant",
            # what `check --deep` confirms with a simulated person
            subject=properties.invariant(workflow.id, workflow.invariants.index(invariant)),
        )


def _people(workflow: Workflow, who: str) -> str:
    people = workflow.terms.people
    return f"{people} with {who}" if who else people
