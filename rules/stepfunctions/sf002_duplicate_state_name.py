from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DuplicateStateName(ProblemRule):
    """
    ## What it does
    Reports a state whose name is already used elsewhere in the state machine,
    including inside `Parallel` branches and `Map` item processors, and points at
    the first one.

    ## Why is this bad?
    State names must be unique in the whole state machine, nested graphs included:
    Step Functions rejects a definition where two states share a name. Within one
    `States` object, JSON keeps only one of two equal keys, so the other state
    silently disappears.

    ## How to fix
    Rename one of the two states, and the `Next`, `Default` or `StartAt` that names
    it.
    """

    code = "SF002"
    name = "duplicate-state-name"
    summary = "two states have the same name"
    severity = Severity.ERROR
    problem_kind = "SF002"
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
                    {"StartAt": "Notify", "States": {"Notify": {"Type": "Pass", "End": true}}},
                    {
                      "StartAt": "Notify",
                      "States": {
                        "Notify": {"Type": "Pass", "End": true}
                      }
                    }
                  ],
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["11:13 state name 'Notify' is already used at line 7"],
            title="The same name in two branches of a Parallel",
        ),
        good(
            """
            {
              "StartAt": "Fan out",
              "States": {
                "Fan out": {
                  "Type": "Parallel",
                  "Branches": [
                    {"StartAt": "By email", "States": {"By email": {"Type": "Pass", "End": true}}},
                    {"StartAt": "By SMS", "States": {"By SMS": {"Type": "Pass", "End": true}}}
                  ],
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
