from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class StatesAllNotLast(ProblemRule):
    """
    ## What it does
    Reports `States.ALL` in a retrier (`Retry`) or catcher (`Catch`) that has
    others after it.

    ## Why is this bad?
    Retriers and catchers are tried in order, and `States.ALL` matches every
    error: the ones after it can never match. Step Functions rejects the
    definition.

    ## How to fix
    Move the retrier or catcher with `States.ALL` to the end of `Retry` or
    `Catch`.
    """

    code = "SF014"
    name = "states-all-not-last"
    summary = "`States.ALL` is in a retrier or catcher that is not the last one"
    severity = Severity.ERROR
    problem_kind = "SF014"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Charge",
              "States": {
                "Charge": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
                  "Retry": [
                    {"ErrorEquals": ["States.ALL"], "MaxAttempts": 2},
                    {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5}
                  ],
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["9:26 `States.ALL` must be in the last retrier"],
        ),
        good(
            """
            {
              "StartAt": "Charge",
              "States": {
                "Charge": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
                  "Retry": [
                    {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5},
                    {"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}
                  ],
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
