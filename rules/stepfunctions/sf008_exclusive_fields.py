from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class ExclusiveFields(ProblemRule):
    """
    ## What it does
    Reports a state with both fields of a pair it may have only one of: a value
    and the path to read it from (`TimeoutSeconds` and `TimeoutSecondsPath`,
    `HeartbeatSeconds`/`HeartbeatSecondsPath`, `Error`/`ErrorPath`,
    `Cause`/`CausePath`, `MaxConcurrency`/`MaxConcurrencyPath`,
    `ToleratedFailureCount`/`ToleratedFailureCountPath`,
    `ToleratedFailurePercentage`/`ToleratedFailurePercentagePath`,
    `Items`/`ItemsPath`), or a `Map` with both `ItemSelector` and its older name
    `Parameters`.

    ## Why is this bad?
    Step Functions rejects the definition: it cannot tell which of the two should
    win.

    ## How to fix
    Keep the value or the path, not both; in a `Map`, keep `ItemSelector`.
    """

    code = "SF008"
    name = "exclusive-fields"
    summary = "a state has both a field and the field that reads it from the input"
    severity = Severity.ERROR
    problem_kind = "SF008"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Resize",
              "States": {
                "Resize": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "resize", "Payload.$": "$"},
                  "TimeoutSeconds": 60,
                  "TimeoutSecondsPath": "$.timeout",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["9:7 state 'Resize' has both `TimeoutSeconds` and `TimeoutSecondsPath`"],
        ),
        good(
            """
            {
              "StartAt": "Resize",
              "States": {
                "Resize": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "resize", "Payload.$": "$"},
                  "TimeoutSecondsPath": "$.timeout",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
