from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class IncompleteComparison(ProblemRule):
    """
    ## What it does
    Reports a JSONPath choice rule that names a `Variable` but no comparison
    (`StringEquals`, `NumericGreaterThan`, `IsPresent`...), or a comparison with
    no `Variable` to compare.

    ## Why is this bad?
    A comparison needs both: the path of the value it tests and the test. Step
    Functions rejects a rule with only one of them.

    ## How to fix
    Add the missing half: a comparison such as `StringEquals`,
    `NumericGreaterThan`, `BooleanEquals` or `IsPresent`, or
    `Variable: $.<field>`.
    """

    code = "SF019"
    name = "incomplete-comparison"
    summary = (
        "a choice rule has a `Variable` without a comparison, or a comparison without a `Variable`"
    )
    severity = Severity.ERROR
    problem_kind = "SF019"
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
                  "Choices": [{"Variable": "$.paid", "Next": "Done"}],
                  "Default": "Remind"
                },
                "Remind": {"Type": "Pass", "Next": "Done"},
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:20 names a `Variable` but no comparison"],
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
