from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class StatesAllNotAlone(ProblemRule):
    """
    ## What it does
    Reports `States.ALL` in an `ErrorEquals` that lists other errors too.

    ## Why is this bad?
    `States.ALL` matches every error, so the others add nothing; Step Functions
    requires it to appear alone and rejects the definition. It usually means the
    other errors were meant to be handled differently.

    ## How to fix
    Move the other errors to a retrier or catcher of their own, before the one
    with `States.ALL`.
    """

    code = "SF013"
    name = "states-all-not-alone"
    summary = "`States.ALL` is listed with other errors in one `ErrorEquals`"
    severity = Severity.ERROR
    problem_kind = "SF013"
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
                  "Catch": [{"ErrorEquals": ["States.Timeout", "States.ALL"], "Next": "Refund"}],
                  "End": true
                },
                "Refund": {"Type": "Pass", "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["8:52 `States.ALL` must be alone in `ErrorEquals`"],
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
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refund"}],
                  "End": true
                },
                "Refund": {"Type": "Pass", "End": true}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
