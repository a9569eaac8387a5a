from collections.abc import Iterator

from lintkit.core.suggest import did_you_mean, typo_fix
from lintkit.core.types import Diagnostic, Fix, Location, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.load_file import FileResult
from lintkit.workflow.ir import Workflow
from lintkit.workflow.references import REFERENCE, edge_of, missing_step


class UnknownStep(Rule):
    """
    ## What it does
    Reports a reference to a step that does not exist: a `next`, `otherwise`,
    `default`, `on_timeout` or branch case target, the `start` step, or a step
    named by an invariant (including an edge such as `still_eligible.otherwise`
    that the step does not have); in a PostHog workflow, either end of an edge
    (`from` or `to`) and the `abort_action`. It suggests the closest existing
    step. A file that breaks its schema (WF002) is still checked for
    references, so one pass shows both mistakes.

    ## Why is this bad?
    Depending on the engine, a person sent to a missing step errors out, is
    dropped, or the whole workflow fails to deploy. An invariant about a missing
    step checks nothing, so the protection it was written for is gone.

    ## How to fix
    Use the id of an existing step (the message suggests one), or add the step.
    """

    code = "WF004"
    name = "unknown-step"
    summary = "`next`/`otherwise`/... names a step that does not exist"
    scope = Scope.FILE
    severity = Severity.ERROR
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
                next: dnoe
              done:
                type: exit
            """,
            expect=["8:11 names step 'dnoe', which does not exist"],
        ),
        bad(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exti", "type": "continue"},
                {"from": "wiat", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=[
                "11:28 the `continue` edge of action 'wait' names action 'exti'",
                "12:14 an edge's `from` names action 'wiat'",
            ],
            title="A PostHog workflow with a misspelled `to` and a misspelled `from`",
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
                next: done
              done:
                type: exit
            """
        ),
    )

    def check_file(self, file: FileResult) -> Iterator[Diagnostic]:
        # A file too broken for IR: its dialect names the missing steps it saw.
        for problem in file.problems:
            if problem.kind == REFERENCE:
                yield self.diagnostic(
                    problem.location, problem.message, help=problem.help, fix=problem.fix
                )
        for workflow in file.workflows:
            for graph in workflow.graphs():
                yield from self._graph(graph)

    def _graph(self, workflow: Workflow) -> Iterator[Diagnostic]:
        steps = list(workflow.steps)
        terms = workflow.terms

        def missing(kind: str, name: str) -> str:
            return missing_step(terms, kind, name, steps)

        def fix(name: str, location: Location) -> Fix | None:
            return typo_fix(name, steps, location)

        start = workflow.start
        if start is not None and start.value not in workflow.steps:
            yield self.diagnostic(
                start.location,
                missing(terms.start, start.value),
                fix=fix(start.value, start.location),
            )
        for edge in workflow.edges:
            if edge.target not in workflow.steps:
                where = edge_of(terms, edge.label, edge.source)
                yield self.diagnostic(
                    edge.location,
                    missing(where, edge.target),
                    fix=fix(edge.target, edge.location),
                )
        for ref in workflow.step_refs:
            if ref.step.value not in workflow.steps:
                yield self.diagnostic(
                    ref.step.location,
                    missing(ref.what, ref.step.value),
                    fix=fix(ref.step.value, ref.step.location),
                )
        for invariant in workflow.invariants:
            for sym in (invariant.target, invariant.via):
                if sym.value not in workflow.steps:
                    yield self.diagnostic(
                        sym.location,
                        missing("the invariant", sym.value),
                        fix=fix(sym.value, sym.location),
                    )
            via = invariant.via.value
            if invariant.via_edge and via in workflow.steps:
                labels = [e.label for e in workflow.out_edges(via)]
                if invariant.via_edge not in labels:
                    yield self.diagnostic(
                        invariant.via.location,
                        f"{terms.step} '{via}' has no {terms.edge(invariant.via_edge)} edge"
                        f"{did_you_mean(invariant.via_edge, labels)}",
                        help=f"its edges: {', '.join(labels) or 'none'}",
                    )
