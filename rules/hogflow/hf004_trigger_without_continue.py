from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class TriggerWithoutContinue(ProblemRule):
    """
    ## What it does
    Reports a trigger action with no `continue` edge, at its `id`.

    ## Why is this bad?
    A PostHog run starts by following the trigger's `continue` edge; the trigger
    itself does nothing. Without that edge every run ends as soon as it starts:
    the workflow enrolls people and never sends, waits or branches.

    ## How to fix
    Add an edge `{"from": <trigger id>, "to": <first step>, "type": "continue"}`.
    """

    code = "HF004"
    name = "trigger-without-continue"
    summary = "the trigger action has no `continue` edge, so the workflow does nothing"
    severity = Severity.ERROR
    problem_kind = "HF004"
    aliases = ("WF002", "schema-violation")  # what reported it before it was a rule of its own
    examples = (
        bad(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["5:12 the trigger 'trigger' has no `continue` edge"],
        ),
        good(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
