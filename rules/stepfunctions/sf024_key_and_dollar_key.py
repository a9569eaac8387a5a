from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class KeyAndDollarKey(ProblemRule):
    """
    ## What it does
    Reports a payload template (`Parameters`, `ResultSelector`, `ItemSelector`,
    `Credentials`, `Assign` of a JSONPath state) that has both `"key"` and
    `"key.$"` in the same object.

    ## Why is this bad?
    Both set the field `key` of the result, one with a fixed value and one with
    the value at a path: Step Functions rejects the definition. It is usually a
    leftover: the fixed value was turned into a path and the old entry stayed.

    ## How to fix
    Keep one: `"key.$"` to read the value from a path, `"key"` for a fixed value.
    """

    code = "SF024"
    name = "key-and-dollar-key"
    summary = "a payload template sets `key` and `key.$` in the same object"
    severity = Severity.ERROR
    problem_kind = "SF024"
    examples = (
        bad(
            """
            {
              "StartAt": "Notify",
              "States": {
                "Notify": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::sns:publish",
                  "Parameters": {
                    "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
                    "Message": "Order received",
                    "Message.$": "$.summary"
                  },
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["10:9 `Message` and `Message.$` both set the field `Message`"],
        ),
        good(
            """
            {
              "StartAt": "Notify",
              "States": {
                "Notify": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::sns:publish",
                  "Parameters": {
                    "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
                    "Message.$": "$.summary"
                  },
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
