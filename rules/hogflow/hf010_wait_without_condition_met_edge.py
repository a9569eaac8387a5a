from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class WaitWithoutConditionMetEdge(ProblemRule):
    """
    ## What it does
    Reports a `wait_until_condition` action with no `branch` edge with index 0
    (where people go when the condition is met), at its `id`.

    ## Why is this bad?
    A wait sends people along `branch` 0 as soon as they match its condition, and
    along its `continue` edge when `max_wait_duration` runs out. Without the
    branch edge nobody ever leaves on the condition: everyone waits the full time
    and takes the timeout path, which defeats the wait. PostHog's API rejects
    such a workflow when it is saved.

    ## How to fix
    Add an edge `{"from": <wait id>, "to": <next step>, "type": "branch",
    "index": 0}` for the people who meet the condition.
    """

    code = "HF010"
    name = "wait-without-condition-met-edge"
    summary = "a wait has no `branch` edge for people who meet its condition"
    severity = Severity.ERROR
    problem_kind = "HF010"
    aliases = ("WF002", "schema-violation")  # what reported it before it was a rule of its own
    examples = (
        bad(
            """
            {
              "name": "Plan check",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {
                  "id": "wait_for_upgrade",
                  "type": "wait_until_condition",
                  "config": {
                    "condition": {"filters": {"events": [{"id": "upgraded"}]}},
                    "max_wait_duration": "3d"
                  }
                },
                {"id": "nudge", "type": "delay", "config": {"delay_duration": "1d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait_for_upgrade", "type": "continue"},
                {"from": "wait_for_upgrade", "to": "nudge", "type": "continue"},
                {"from": "nudge", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["7:13 wait 'wait_for_upgrade' has no condition-met edge"],
        ),
        good(
            """
            {
              "name": "Plan check",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {
                  "id": "wait_for_upgrade",
                  "type": "wait_until_condition",
                  "config": {
                    "condition": {"filters": {"events": [{"id": "upgraded"}]}},
                    "max_wait_duration": "3d"
                  }
                },
                {"id": "nudge", "type": "delay", "config": {"delay_duration": "1d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait_for_upgrade", "type": "continue"},
                {"from": "wait_for_upgrade", "to": "exit", "type": "branch", "index": 0},
                {"from": "wait_for_upgrade", "to": "nudge", "type": "continue"},
                {"from": "nudge", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
