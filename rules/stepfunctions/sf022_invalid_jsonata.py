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
    (the JSONata 2.0 grammar that Step Functions implements). Also reports an
    expression that reads the top level of the input, which Step Functions does
    not provide: a field name that does not follow a variable (`{% firstName %}`,
    `{% $sum(price) %}`), `$` or `$$`. After a path's first step (in its
    predicates, sort terms and `.{...}` constructors) names are relative, and fine.

    ## Why is this bad?
    Step Functions rejects a definition whose expression does not parse
    (`INVALID_JSONATA_EXPRESSION`) or reads the top level
    (`UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'firstName' at the top level is
    not supported`).

    ## How to fix
    Correct the expression (docs.jsonata.org). In Step Functions the input is
    `$states.input`, a task's result `$states.result`, and variables are `$name`.
    JSONPath filters are written as JSONata predicates:
    `$states.input.items[price < 10]`.
    """

    code = "SF022"
    name = "invalid-jsonata"
    summary = "a JSONata expression `{% ... %}` that does not parse or reads the top level"
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
        bad(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "Output": {"greeting": "{% 'Hello ' & firstName %}"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["7:45 the field name 'firstName' reads the top level"],
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
