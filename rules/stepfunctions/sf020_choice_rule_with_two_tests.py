from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class ChoiceRuleWithTwoTests(ProblemRule):
    """
    ## What it does
    Reports a JSONPath choice rule with more than one test: two comparisons
    (`StringEquals` and `StringMatches`), or a comparison beside `And`, `Or` or
    `Not`, or two of those.

    ## Why is this bad?
    A rule is exactly one comparison or one `And`/`Or`/`Not`. Step Functions
    rejects the definition; and whether "both" or "either" was meant is not
    written anywhere.

    ## How to fix
    Combine the tests with `And` (or `Or`) of one rule each, or nest the
    comparison inside the `And`/`Or`/`Not`.
    """

    code = "SF020"
    name = "choice-rule-with-two-tests"
    summary = "a choice rule holds two comparisons, or a comparison and `And`/`Or`/`Not`"
    severity = Severity.ERROR
    problem_kind = "SF020"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Small order?",
              "States": {
                "Small order?": {
                  "Type": "Choice",
                  "Choices": [
                    {
                      "Variable": "$.total",
                      "NumericGreaterThan": 0,
                      "NumericLessThan": 100,
                      "Next": "Ship"
                    }
                  ],
                  "Default": "Review"
                },
                "Review": {"Type": "Pass", "Next": "Ship"},
                "Ship": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["10:11 this choice rule has two comparisons"],
        ),
        good(
            """
            {
              "StartAt": "Small order?",
              "States": {
                "Small order?": {
                  "Type": "Choice",
                  "Choices": [
                    {
                      "And": [
                        {"Variable": "$.total", "NumericGreaterThan": 0},
                        {"Variable": "$.total", "NumericLessThan": 100}
                      ],
                      "Next": "Ship"
                    }
                  ],
                  "Default": "Review"
                },
                "Review": {"Type": "Pass", "Next": "Ship"},
                "Ship": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
