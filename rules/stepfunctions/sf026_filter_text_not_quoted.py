from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class FilterTextNotQuoted(ProblemRule):
    """
    ## What it does
    Reports a JSONPath filter that compares with an unquoted word
    (`$.lines[?(@.type == AMOUNT_PAID)]`), in a path field, a `"key.$"` value or
    a path inside an intrinsic function.

    ## Why is this bad?
    Step Functions reads paths with Jayway JsonPath, which takes a filter's value
    as a quoted text, a number, `true`, `false`, `null`, a path, a regex or JSON.
    An unquoted word is read as a number and fails, so the state fails
    (`States.Runtime`) each time it evaluates the path. The service does not
    parse filters when the machine is created (such definitions are deployed),
    hence a warning: nothing fails until the state runs.

    ## How to fix
    Quote the text: `[?(@.type == 'AMOUNT_PAID')]`.
    """

    code = "SF026"
    name = "filter-text-not-quoted"
    summary = "a JSONPath filter compares with an unquoted word: the state fails when it runs"
    severity = Severity.WARNING
    problem_kind = "SF026"
    # reported as SF010 invalid-path (an error) before it was a rule of its own
    aliases = ("SF010", "invalid-path")
    examples = (
        bad(
            """
            {
              "StartAt": "Total",
              "States": {
                "Total": {
                  "Type": "Pass",
                  "Parameters": {"paid.$": "$.lines[?(@.type == AMOUNT_PAID)].value"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:53 `paid.$` filters with an unquoted text: 'AMOUNT_PAID' is not a value"],
        ),
        good(
            """
            {
              "StartAt": "Total",
              "States": {
                "Total": {
                  "Type": "Pass",
                  "Parameters": {"paid.$": "$.lines[?(@.type == 'AMOUNT_PAID')].value"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
