from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class StateNameTooLong(ProblemRule):
    """
    ## What it does
    Reports a state name longer than 80 characters.

    ## Why is this bad?
    Step Functions limits state names to 80 characters and rejects a definition
    with a longer one, usually only at deploy time.

    ## How to fix
    Shorten the name (and the `Next`, `Default` or `StartAt` that names it); say
    the rest in the state's `Comment`.
    """

    code = "SF003"
    name = "state-name-too-long"
    summary = "a state name is longer than the 80 characters Step Functions allows"
    severity = Severity.ERROR
    problem_kind = "SF003"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Check that the customer has accepted the latest terms and conditions before it ships",
              "States": {
                "Check that the customer has accepted the latest terms and conditions before it ships": {
                  "Type": "Pass",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:5 state name is 84 characters long"],
        ),
        good(
            """
            {
              "StartAt": "Check accepted terms",
              "States": {
                "Check accepted terms": {
                  "Type": "Pass",
                  "Comment": "The customer must have accepted the latest terms before we ship",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
