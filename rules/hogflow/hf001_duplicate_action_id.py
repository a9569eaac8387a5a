from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DuplicateActionId(ProblemRule):
    """
    ## What it does
    Reports an action whose `id` an earlier action of the same workflow already
    has, and says where the first one is.

    ## Why is this bad?
    Edges name actions by id, so two actions with one id make every edge to that
    id ambiguous. PostHog's graph validation rejects the workflow when it is
    saved; lintkit builds the graph from the first definition and ignores the
    second.

    ## How to fix
    Give every action its own id, and point the edges meant for the second action
    at its new id.
    """

    code = "HF001"
    name = "duplicate-action-id"
    summary = "two actions of a PostHog workflow have the same id"
    severity = Severity.ERROR
    problem_kind = "HF001"
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
                {"id": "wait", "type": "delay", "config": {"delay_duration": "5d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["7:12 duplicate action id 'wait' (first defined at line 6)"],
        ),
        good(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait_2d", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "wait_5d", "type": "delay", "config": {"delay_duration": "5d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait_2d", "type": "continue"},
                {"from": "wait_2d", "to": "wait_5d", "type": "continue"},
                {"from": "wait_5d", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
