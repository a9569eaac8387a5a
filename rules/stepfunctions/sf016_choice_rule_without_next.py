from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class ChoiceRuleWithoutNext(ProblemRule):
    """
    ## What it does
    Reports a rule in a `Choice` state's `Choices` that has no `Next`.

    ## Why is this bad?
    `Next` is the state to go to when the rule matches; without it the rule
    leads nowhere, and Step Functions rejects the definition.

    ## How to fix
    Add `Next: <state>` to the rule.
    """

    code = "SF016"
    name = "choice-rule-without-next"
    summary = "a top-level choice rule has no `Next`"
    severity = Severity.ERROR
    problem_kind = "SF016"
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
                  "Choices": [{"Variable": "$.paid", "BooleanEquals": true}],
                  "Default": "Remind"
                },
                "Remind": {"Type": "Pass", "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:19 this choice rule has no `Next`"],
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
