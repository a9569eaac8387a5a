from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class InvalidPath(ProblemRule):
    """
    ## What it does
    Reports a JSONPath field that takes a path (`InputPath`, `OutputPath`,
    `ResultPath`, `ItemsPath`, `SecondsPath`, `TimestampPath`... a choice rule's
    `Variable`, the value of a `...Path` comparison such as `StringEqualsPath`)
    whose value does not start with `$`.

    ## Why is this bad?
    Paths start with `$` (the state's input), `$$` (the context object) or
    `$name` (a variable); anything else is rejected by Step Functions. A bare
    `status` was usually meant as `$.status`; a text in a `...Path` comparison was
    meant for the comparison without `Path`.

    ## How to fix
    Write the path: `$.status` to read the field `status` of the input. To compare
    with a text itself, use the comparison without the `Path` suffix.
    """

    code = "SF010"
    name = "invalid-path"
    summary = "a field that takes a path has a value that does not start with `$`"
    severity = Severity.ERROR
    problem_kind = "SF010"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Lookup",
              "States": {
                "Lookup": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "lookup", "Payload.$": "$"},
                  "ResultPath": "customer",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["8:21 `ResultPath` must be a path starting with `$`, not 'customer'"],
        ),
        good(
            """
            {
              "StartAt": "Lookup",
              "States": {
                "Lookup": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "lookup", "Payload.$": "$"},
                  "ResultPath": "$.customer",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
