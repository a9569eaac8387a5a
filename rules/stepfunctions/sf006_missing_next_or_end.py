from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class MissingNextOrEnd(ProblemRule):
    """
    ## What it does
    Reports a state other than `Choice`, `Succeed` and `Fail` that has neither
    `Next` nor `End: true` (or has `End: false` and no `Next`). A misspelled `Next`
    is reported by WF002 with a did-you-mean instead.

    ## Why is this bad?
    After the state runs, the execution has nowhere to go: Step Functions rejects
    the definition.

    ## How to fix
    Add `Next: <state>` to go on, or `End: true` to end the execution here.
    """

    code = "SF006"
    name = "missing-next-or-end"
    summary = "a state has neither `Next` nor `End: true`"
    severity = Severity.ERROR
    problem_kind = "SF006"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Save",
              "States": {
                "Save": {"Type": "Pass"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:5 state 'Save' has neither `Next` nor `End`"],
        ),
        good(
            """
            {
              "StartAt": "Save",
              "States": {
                "Save": {"Type": "Pass", "End": true}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
