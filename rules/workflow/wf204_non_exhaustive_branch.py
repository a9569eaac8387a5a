from collections.abc import Callable, Iterator, Mapping
from typing import ClassVar

from lintkit.core.types import AddKey, Applicability, Diagnostic, Fix, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import conditions as cond
from lintkit.workflow.feasible import Knowledge, PathAnalysis, Value, Var
from lintkit.workflow.graph import first_exit
from lintkit.workflow.ir import NATIVE_TERMS, Step, StepKind, Workflow


class NonExhaustiveBranch(Rule):
    """
    ## What it does
    Reports a `branch` with no `default` whose cases, over enum or boolean
    attributes, leave values uncovered, and lists them. Cases are read with
    their full meaning (`==`, `!=`, `in`, `not in`, `and`, `or`, `not`, in
    order), and so is everything known about the people who arrive: a filter
    earlier on that keeps `plan in ['startup', 'yc']` makes a branch over
    those two plans complete.

    Only attributes the workflow declares with `enum:` values or
    `type: boolean` are checked. A branch whose gaps depend on string or
    number tests (`score > 3`) is not reported: whether those cover every
    person cannot be decided statically (a missing value fails every
    comparison).

    ## Why is this bad?
    A person who matches no case and finds no `default` silently leaves the
    workflow. In the retention incident, a plan gate excluded `team_legacy`
    and `team_basic`, the cohort with the most churn: they never saw the
    retention offer, and nothing said so.

    ## How to fix
    Add cases for the missing values, or a `default:` (an exit step, if
    leaving is what those people should do: then it is on the page).
    """

    code = "WF204"
    name = "non-exhaustive-branch"
    summary = "a branch over an enum attribute leaves values uncovered with no default"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    phrases: ClassVar[Mapping[str, str]] = {"add_default": "a `default:`"}
    examples = (
        bad(
            """
            lintkit: 1
            workflow: retention
            attributes:
              plan: {enum: [free, startup, yc, team_legacy, team_basic]}
            steps:
              offer_by_plan:
                type: branch
                cases:
                  - when: "plan in ['startup', 'yc']"
                    next: offer
                  - when: "plan == 'free'"
                    next: done
              offer:
                type: message
                channel: in_app
                template: retention_offer
                next: done
              done:
                type: exit
            """,
            expect=["6:3 no case covers plan in ['team_legacy', 'team_basic']"],
            title="The legacy team plans are not covered",
        ),
        good(
            """
            lintkit: 1
            workflow: retention
            attributes:
              plan: {enum: [free, startup, yc, team_legacy, team_basic]}
            steps:
              paying:
                type: filter
                keep: "plan != 'free'"
                next: offer_by_plan
                otherwise: done
              offer_by_plan:
                type: branch
                cases:
                  - when: "plan in ['startup', 'yc']"
                    next: offer
                  - when: "plan not in ['startup', 'yc']"
                    next: team_offer
              offer:
                type: message
                channel: in_app
                template: retention_offer
                next: done
              team_offer:
                type: message
                channel: in_app
                template: retention_offer_team
                next: done
              done:
                type: exit
            """,
            title="Every value that can arrive is covered",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        analysis = PathAnalysis.of(workflow)
        for step in workflow.steps.values():
            if step.kind is not StepKind.BRANCH:
                continue
            if any(e.label == "default" for e in workflow.out_edges(step.id)):
                continue
            cases = [c.expr for c in step.conditions]
            if not cases or any(e is None for e in cases):
                continue  # a case that does not parse is invalid-condition's business
            exprs = [e for e in cases if e is not None]
            read = set().union(*(cond.attributes_read(e) for e in exprs))
            if not any(analysis.is_finite(name) for name in read):
                continue
            events = set().union(*(cond.events_read(e) for e in exprs))
            arriving = analysis.reached.states_at(step.id) or [Knowledge()]
            uncovered = [
                cube
                for k in arriving
                for cube in analysis.restrict(k, cond.Or(tuple(exprs)), holds=False)
                if cube.certain
            ]
            if not uncovered:
                continue
            yield self._report(workflow, step, analysis, uncovered, _reads(read, events))

    def _report(
        self,
        workflow: Workflow,
        step: Step,
        analysis: PathAnalysis,
        uncovered: list[Knowledge],
        in_cases: Callable[[Var], bool],
    ) -> Diagnostic:
        terms = workflow.terms
        add_default = self.phrase(workflow, "add_default")
        return self.diagnostic(
            step.location,
            f"branch '{step.id}' has no {terms.default} and no case covers"
            f" {_gaps(analysis, uncovered, in_cases)}: those {terms.people} leave the workflow"
            " here, silently",
            related=[
                Related(case.location, f"case {i + 1}: {case.text}")
                for i, case in enumerate(step.conditions)
            ],
            help=f"add cases for them, or {add_default} ({terms.exit} if they should leave)",
            fix=_default_to_exit(workflow, step),
        )


def _gaps(analysis: PathAnalysis, cubes: list[Knowledge], keep: Callable[[Var], bool]) -> str:
    """The uncovered people, described over the variables the cases read."""
    shown = [tuple(c for c in cube.constraints if keep(c[0])) for cube in cubes]
    variables = {c[0] for constraints in shown for c in constraints}
    if len(variables) == 1 and all(len(c) == 1 for c in shown):
        var = next(iter(variables))
        values: set[Value] = set().union(*(c[0][1] for c in shown))
        return analysis.describe_var(var, values)
    texts = list(dict.fromkeys(analysis.describe(Knowledge(c)) for c in shown))
    if "anyone" in texts:
        return "every person who arrives"
    return "; ".join(texts[:4]) + ("; ..." if len(texts) > 4 else "")


def _reads(attributes: set[str], events: set[str]) -> Callable[[Var], bool]:
    """Whether a variable is one the cases read."""
    return lambda var: (
        (var[0] == "attr" and var[1] in attributes) or (var[0] == "event" and var[1] in events)
    )


def _default_to_exit(workflow: Workflow, step: Step) -> Fix | None:
    """`default: <an exit step>` (the native format's key) after the branch's cases."""
    exit_step = first_exit(workflow)
    cases = step.fields.get("cases")
    if exit_step is None or cases is None or workflow.terms.default != NATIVE_TERMS.default:
        return None
    return Fix(
        f"add `default: {exit_step}` to branch '{step.id}'",
        (AddKey(cases, "default", exit_step),),
        Applicability.UNSAFE,  # is leaving what those people should do, or is a case missing?
    )
