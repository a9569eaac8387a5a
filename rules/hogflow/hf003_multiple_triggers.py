from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class MultipleTriggers(ProblemRule):
    """
    ## What it does
    Reports every trigger action after the first one of a workflow, at its
    `type`.

    ## Why is this bad?
    PostHog's graph validation requires exactly one trigger action and rejects a
    workflow with two. Nothing ever runs the edges from the second one, and
    lintkit starts the workflow at the first trigger only.

    ## How to fix
    Delete the extra trigger action and its edges. To start one workflow on more
    events, list them all in the one trigger's `filters.events`.
    """

    code = "HF003"
    name = "multiple-triggers"
    summary = "a PostHog workflow has more than one trigger action"
    severity = Severity.ERROR
    problem_kind = "HF003"
    aliases = ("WF002", "schema-violation")  # what reported it before it was a rule of its own
    examples = (
        bad(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "trigger_2", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "exit", "type": "continue"},
                {"from": "trigger_2", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["6:33 a second trigger action"],
        ),
        good(
            """
            {
              "name": "Welcome",
              "trigger": {
                "type": "event",
                "filters": {"events": [{"id": "signed_up"}, {"id": "invited"}]}
              },
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
