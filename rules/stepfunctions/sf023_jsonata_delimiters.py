from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class JsonataDelimiters(ProblemRule):
    """
    ## What it does
    In a JSONata state, reports a string that looks meant as an expression but is
    not one to Step Functions: it starts with `{%` and does not end with `%}` (or
    the reverse), or has blanks before `{%` or after `%}`. A string is an
    expression when its first two characters are `{%` and its last two `%}`;
    blanks inside are free (`{%10%}` and `{% $states.input%}` are expressions).

    ## Why is this bad?
    Such a string is plain text: the state passes the characters `{% ...` on
    instead of the value of the expression, and nothing fails where the mistake
    is. It is a warning because the service accepts the definition.

    ## How to fix
    Write the whole value as `"{% <expression> %}"`, with nothing outside.
    """

    code = "SF023"
    name = "jsonata-delimiters"
    summary = "a string that looks like a JSONata expression but is plain text to Step Functions"
    severity = Severity.WARNING
    problem_kind = "SF023"
    examples = (
        bad(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "Output": {"name": "{% $states.input.name"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=[
                "7:26 this looks like a JSONata expression but is plain text to Step Functions"
            ],
        ),
        good(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "Output": {"name": "{% $states.input.name %}"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
