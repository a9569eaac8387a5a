from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class NextOrEndNotAllowed(ProblemRule):
    """
    ## What it does
    Reports `Next` or `End` on a `Choice`, `Succeed` or `Fail` state.

    ## Why is this bad?
    A `Choice` picks the next state with its rules and `Default`; `Succeed` and
    `Fail` end the execution. None of them may have `Next` or `End`, and Step
    Functions rejects the definition. A `Next` on a `Choice` is usually a
    `Default` written the way other states write it.

    ## How to fix
    Remove the field; on a `Choice`, use `Default` for the state to go to when no
    rule matches.
    """

    code = "SF007"
    name = "next-or-end-not-allowed"
    summary = "a Choice, Succeed or Fail state has `Next` or `End`"
    severity = Severity.ERROR
    problem_kind = "SF007"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Paid?",
              "States": {
                "Paid?": {
                  "Type": "Choice",
                  "Choices": [{"Variable": "$.paid", "BooleanEquals": true, "Next": "Done"}],
                  "Next": "Remind"
                },
                "Remind": {"Type": "Pass", "Next": "Done"},
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["7:7 a Choice state cannot have `Next`"],
        ),
        good(
            """
            {
              "StartAt": "Paid?",
              "States": {
                "Paid?": {
                  "Type": "Choice",
                  "Choices": [{"Variable": "$.paid", "BooleanEquals": true, "Next": "Done"}],
                  "Default": "Remind"
                },
                "Remind": {"Type": "Pass", "Next": "Done"},
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
