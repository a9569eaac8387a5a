from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class InvalidJsonata(ProblemRule):
    """
    ## What it does
    Parses every JSONata expression (`"{% ... %}"`) of a JSONata state
    (`Arguments`, `Output`, `Assign`, `Condition`, `Items`, `TimeoutSeconds`...)
    and reports a syntax error at the character where the parser stopped:
    `{% 420. %}`, `{% 10 + * 2 %}`, a missing `)`, JSONPath written inside the
    delimiters (`{% $.items[?(@.price < 10)] %}`). The parser is jsonata-python
    (the JSONata 2.0 grammar that Step Functions implements).

    ## Why is this bad?
    Step Functions rejects a definition whose expression does not parse.

    ## How to fix
    Correct the expression (docs.jsonata.org). In Step Functions the input is
    `$states.input`, a task's result `$states.result`, and variables are `$name`.
    JSONPath filters are written as JSONata predicates: `items[price < 10]`.
    """

    code = "SF022"
    name = "invalid-jsonata"
    summary = "a JSONata expression `{% ... %}` that does not parse"
    severity = Severity.ERROR
    problem_kind = "SF022"
    examples = (
        bad(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Total",
              "States": {
                "Total": {
                  "Type": "Pass",
                  "Output": {"total": "{% $sum($states.input.prices %}"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["7:55 JSONata syntax error: Expected ) before end of expression"],
        ),
        good(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Total",
              "States": {
                "Total": {
                  "Type": "Pass",
                  "Output": {"total": "{% $sum($states.input.prices) %}"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
