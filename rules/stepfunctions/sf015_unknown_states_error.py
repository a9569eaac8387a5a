from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class UnknownStatesError(ProblemRule):
    """
    ## What it does
    Reports a `States.*` name in `ErrorEquals` that is close to, but not, one of
    the errors Step Functions raises (`States.Timeout`, `States.TaskFailed`...),
    and says which one was probably meant. A name that a `Fail` state of the
    same state machine raises is not reported.

    ## Why is this bad?
    Step Functions accepts the definition, but no error ever has that name: the
    retrier never retries, the catcher never catches, and the failure it was
    written for ends the execution. Nothing shows this until that failure
    happens.

    ## How to fix
    Use the error's exact name; the `States.*` errors are listed in the Step
    Functions error-handling guide.
    """

    code = "SF015"
    name = "unknown-states-error"
    summary = "a retrier or catcher names a `States.` error that Step Functions never raises"
    severity = Severity.ERROR
    problem_kind = "SF015"
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
                  "Retry": [{"ErrorEquals": ["States.Timout"], "MaxAttempts": 3}],
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["8:34 (did you mean 'States.Timeout'?)"],
            title="A misspelled States.Timeout: the retrier never fires",
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
                  "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 3}],
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
