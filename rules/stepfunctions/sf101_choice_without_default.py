from collections.abc import Iterator

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.dialects.stepfunctions.coverage import Witness, uncovered
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow.ir import Workflow


class ChoiceWithoutDefault(Rule):
    """
    ## What it does
    Reports a Step Functions `Choice` state that has no `Default` while its
    rules do not cover every input, and names an input no rule matches. It
    stays silent when the rules provably cover everything, e.g.
    `BooleanEquals: true` and `BooleanEquals: false` on the same `Variable`,
    or `NumericLessThan: 10` and `NumericGreaterThanEquals: 10`. A value's kind
    is taken from how the rules compare it; a JSONata `Condition` counts only
    when it is a plain comparison.

    ## Why is this bad?
    When no rule matches and there is no `Default`, the execution fails with
    `States.NoChoiceMatched`. Nothing in the definition says that this is
    intended, so the failure shows up at run time, usually on the first input
    nobody thought of (a new status value, a missing field).

    ## How to fix
    Add `Default` naming the state for every other input. If the other inputs
    are a bug, send them to a `Fail` state with a clear `Error` and `Cause`, so
    the failure says what happened instead of `States.NoChoiceMatched`.
    """

    code = "SF101"
    name = "choice-without-default"
    summary = "a Step Functions Choice has no Default and its rules leave inputs unmatched"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    examples = (
        bad(
            """
            {
              "StartAt": "Check status",
              "States": {
                "Check status": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Done"},
                    {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Failed"}
                  ]
                },
                "Done": {"Type": "Succeed"},
                "Failed": {"Type": "Fail", "Error": "JobFailed"}
              }
            }
            """,
            path="job.asl.json",
            expect=["4:5 'Check status' has no `Default`"],
            title="A status other than SUCCEEDED or FAILED (RUNNING...) fails the execution",
        ),
        good(
            """
            {
              "StartAt": "Check status",
              "States": {
                "Check status": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Done"},
                    {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Failed"}
                  ],
                  "Default": "Unexpected status"
                },
                "Done": {"Type": "Succeed"},
                "Failed": {"Type": "Fail", "Error": "JobFailed"},
                "Unexpected status": {"Type": "Fail", "Error": "UnexpectedStatus"}
              }
            }
            """,
            path="job.asl.json",
        ),
        good(
            """
            {
              "StartAt": "Approved?",
              "States": {
                "Approved?": {
                  "Type": "Choice",
                  "Choices": [
                    {"Variable": "$.approved", "BooleanEquals": true, "Next": "Ship"},
                    {"Variable": "$.approved", "BooleanEquals": false, "Next": "Reject"}
                  ]
                },
                "Ship": {"Type": "Succeed"},
                "Reject": {"Type": "Fail", "Error": "Rejected"}
              }
            }
            """,
            path="approval.asl.json",
            title="Rules that cover every boolean need no Default",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        if workflow.dialect != "stepfunctions":
            return
        for step in workflow.steps.values():
            if step.extra.get("type") != "Choice" or step.extra.get("has_default"):
                continue
            exprs = [c.expr for c in step.conditions if c.expr is not None]
            witness = uncovered(exprs)
            if witness is None:
                continue  # the rules cover every input
            example = f" (e.g. when {witness.describe()})" if isinstance(witness, Witness) else ""
            count = len(step.conditions)
            related = [
                Related(edge.location, f"rule {edge.label} goes to '{edge.target}'")
                for edge in workflow.out_edges(step.id)
            ]
            yield self.diagnostic(
                step.location,
                f"Choice state '{step.id}' has no `Default`: when none of its {count}"
                f" rule{'s' if count != 1 else ''} matches{example}, the execution fails"
                " with States.NoChoiceMatched",
                related=related,
                help="add `Default: <state>` for every other input (a Fail state with a clear"
                " Error if those inputs are a bug)",
            )
