from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class NextAndEnd(ProblemRule):
    """
    ## What it does
    Reports a state that has both `Next` and `End: true`.

    ## Why is this bad?
    A state either goes on to its `Next` state or ends the execution; it cannot do
    both, and Step Functions rejects the definition. lintkit does not guess which
    was meant, so the structural rules wait until this is fixed.

    ## How to fix
    Remove `End` to go on to the `Next` state, or remove `Next` to end the
    execution here.
    """

    code = "SF005"
    name = "next-and-end"
    summary = "a state has both `Next` and `End: true`"
    severity = Severity.ERROR
    problem_kind = "SF005"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Save",
              "States": {
                "Save": {"Type": "Pass", "Next": "Done", "End": true},
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:46 state 'Save' has both `Next` and `End: true`"],
        ),
        good(
            """
            {
              "StartAt": "Save",
              "States": {
                "Save": {"Type": "Pass", "Next": "Done"},
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
