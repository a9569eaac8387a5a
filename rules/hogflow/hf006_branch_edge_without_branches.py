from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class BranchEdgeWithoutBranches(ProblemRule):
    """
    ## What it does
    Reports a `branch` edge from an action that has no branches (a delay, a
    message, an exit...), at the edge's `type`.

    ## Why is this bad?
    Only conditional and random cohort branches, waits, and the agent and
    experiment actions take `branch` edges; every other action goes on along its
    `continue` edge.
    PostHog's graph validation rejects a `branch` edge from any other action, and
    the executor would never follow it: the path it draws does not exist.

    ## How to fix
    Make it a `continue` edge (an action has one), or start it from the branch
    action it was meant for.
    """

    code = "HF006"
    name = "branch-edge-without-branches"
    summary = "a `branch` edge from an action that has no branches"
    severity = Severity.ERROR
    problem_kind = "HF006"
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
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "branch", "index": 0}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["12:44 action 'wait' (delay) has no branches"],
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
