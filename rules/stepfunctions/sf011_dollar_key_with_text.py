from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DollarKeyWithText(ProblemRule):
    """
    ## What it does
    Reports a key ending in `.$` in `Parameters`, `ResultSelector` or
    `ItemSelector` (JSONPath) whose value is neither a path (`$.field`,
    `$$.Execution.Id`, `$variable`) nor an intrinsic function
    (`States.Format(...)`).

    ## Why is this bad?
    The `.$` suffix tells Step Functions to evaluate the value; a plain text
    cannot be evaluated and the definition is rejected. Usually the suffix was
    added by mistake, or the `$.` of the path was forgotten.

    ## How to fix
    To pass the text as it is, drop `.$` from the key; to read a field, write its
    path (`$.field`).
    """

    code = "SF011"
    name = "dollar-key-with-text"
    summary = "a payload key ending in `.$` has a plain text, not a path or an intrinsic function"
    severity = Severity.ERROR
    problem_kind = "SF011"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "Parameters": {"greeting.$": "hello", "name.$": "$.name"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:36 `greeting.$` takes a path"],
        ),
        good(
            """
            {
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "Parameters": {"greeting": "hello", "name.$": "$.name"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
