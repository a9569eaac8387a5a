from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class TransitionAcrossBranch(ProblemRule):
    """
    ## What it does
    Reports a `Next`, `Default`, choice rule or catcher inside a `Parallel` branch
    or a `Map` item processor that names a state outside it, or one outside that
    names a state inside it.

    ## Why is this bad?
    A branch or an item processor is a state machine of its own: its transitions
    can only name its own states. Step Functions rejects the definition. The
    intent (leave the branch, go on somewhere) is what the `Parallel` or `Map`
    state's own `Next` is for.

    ## How to fix
    End the branch (`End: true`) and go on from the `Parallel` or `Map` state's
    `Next`; to react to a failure inside, add a `Catch` on the `Parallel` or `Map`
    state.
    """

    code = "SF004"
    name = "transition-across-branch"
    summary = "a transition leaves or enters a Parallel branch or a Map item processor"
    severity = Severity.ERROR
    problem_kind = "SF004"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Fan out",
              "States": {
                "Fan out": {
                  "Type": "Parallel",
                  "Branches": [
                    {
                      "StartAt": "Charge",
                      "States": {
                        "Charge": {"Type": "Pass", "Next": "Done"}
                      }
                    }
                  ],
                  "Next": "Done"
                },
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["10:48 'Done' is not a state of branch 0 of Parallel state 'Fan out'"],
        ),
        good(
            """
            {
              "StartAt": "Fan out",
              "States": {
                "Fan out": {
                  "Type": "Parallel",
                  "Branches": [
                    {
                      "StartAt": "Charge",
                      "States": {
                        "Charge": {"Type": "Pass", "End": true}
                      }
                    }
                  ],
                  "Next": "Done"
                },
                "Done": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
