from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class InvalidIntrinsicFunction(ProblemRule):
    """
    ## What it does
    Reports an intrinsic function (`States.Format(...)`, `States.MathAdd(...)`...)
    in a JSONPath state that Step Functions cannot run: a name that is not one of
    the `States.*` functions, the wrong number of arguments, a literal argument
    of the wrong type (`States.MathAdd(1, '-1')`: a text where a number goes;
    `States.ArrayLength('a')`: a text where an array goes), an unknown
    `States.Hash` algorithm, `States.JsonMerge` with a deep merge (`true`), more
    than 10 nested functions, a call that is not closed, or a backslash in a
    quoted text before anything but `'`, `{`, `}` and `\\`; and, in a Fail state's
    `ErrorPath` or `CausePath`, a function that does not return a text (only
    `States.Format`, `States.JsonToString`, `States.ArrayGetItem`,
    `States.Base64Encode`, `States.Base64Decode`, `States.Hash` and `States.UUID`
    are allowed there). Arguments read from a path are known only when the machine
    runs and are not checked.

    ## Why is this bad?
    Step Functions rejects the definition, or the state fails with
    `States.IntrinsicFailure` when it runs.

    ## How to fix
    Use a function of the list in the Step Functions guide (Intrinsic functions),
    with its arguments: texts in single quotes, numbers unquoted.
    """

    code = "SF021"
    name = "invalid-intrinsic-function"
    summary = (
        "an intrinsic function with an unknown name, a wrong arity or a wrong literal argument"
    )
    severity = Severity.ERROR
    problem_kind = "SF021"
    examples = (
        bad(
            """
            {
              "StartAt": "Count",
              "States": {
                "Count": {
                  "Type": "Pass",
                  "Parameters": {"next.$": "States.MathAdd($.count, '1')"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:57 argument 2 of States.MathAdd must be a number, not '1'"],
        ),
        bad(
            r"""
            {
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "Parameters": {"text.$": "States.Format('say \\\"hi\\\" to {}', $.name)"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=['6:52 `\\"` is no escape: in a quoted text a backslash escapes only'],
        ),
        good(
            """
            {
              "StartAt": "Count",
              "States": {
                "Count": {
                  "Type": "Pass",
                  "Parameters": {"next.$": "States.MathAdd($.count, 1)"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
