from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class NestedRuleWithNext(ProblemRule):
    """
    ## What it does
    Reports `Next` on a choice rule nested inside `And`, `Or` or `Not`.

    ## Why is this bad?
    Only a top-level rule of `Choices` leads somewhere; a nested rule is part of
    its test. Step Functions rejects the definition. It usually means the `Next`
    was meant for the enclosing rule, or that the rule was meant to be a
    top-level rule of its own.

    ## How to fix
    Move `Next` to the enclosing top-level rule.
    """

    code = "SF017"
    name = "nested-rule-with-next"
    summary = "a rule inside `And`, `Or` or `Not` has `Next`"
    severity = Severity.ERROR
    problem_kind = "SF017"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Big order?",
              "States": {
                "Big order?": {
                  "Type": "Choice",
                  "Choices": [
                    {
                      "And": [
                        {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"},
                        {"Variable": "$.country", "StringEquals": "FR"}
                      ],
                      "Next": "Review"
                    }
                  ],
                  "Default": "Ship"
                },
                "Review": {"Type": "Pass", "Next": "Ship"},
                "Ship": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["9:64 a rule inside And/Or/Not cannot have `Next`"],
        ),
        good(
            """
            {
              "StartAt": "Big order?",
              "States": {
                "Big order?": {
                  "Type": "Choice",
                  "Choices": [
                    {
                      "And": [
                        {"Variable": "$.total", "NumericGreaterThan": 100},
                        {"Variable": "$.country", "StringEquals": "FR"}
                      ],
                      "Next": "Review"
                    }
                  ],
                  "Default": "Ship"
                },
                "Review": {"Type": "Pass", "Next": "Ship"},
                "Ship": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
