from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DuplicateBranchEdge(ProblemRule):
    """
    ## What it does
    Reports a second `branch` edge with the same `index` from one action, at its
    `index`, and says where the first one goes.

    ## Why is this bad?
    Each branch of an action leads to exactly one next step. PostHog's graph
    validation rejects two edges for one branch; which one the author meant is
    anyone's guess. lintkit keeps the first.

    ## How to fix
    Delete one of the two edges, or give it the index of the branch it is meant
    for.
    """

    code = "HF008"
    name = "duplicate-branch-edge"
    summary = "two `branch` edges from one action have the same index"
    severity = Severity.ERROR
    problem_kind = "HF008"
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
                  "id": "on_pro",
                  "type": "conditional_branch",
                  "config": {"conditions": [
                    {"filters": {"properties": [
                      {"key": "plan", "type": "person", "value": ["pro"]}
                    ]}}
                  ]}
                },
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "on_pro", "type": "continue"},
                {"from": "on_pro", "to": "wait", "type": "branch", "index": 0},
                {"from": "on_pro", "to": "exit", "type": "branch", "index": 0},
                {"from": "on_pro", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["21:65 a second `branch` edge with index 0 from 'on_pro'"],
        ),
        good(
            """
            {
              "name": "Plan check",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {
                  "id": "on_pro",
                  "type": "conditional_branch",
                  "config": {"conditions": [
                    {"filters": {"properties": [
                      {"key": "plan", "type": "person", "value": ["pro"]}
                    ]}}
                  ]}
                },
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "on_pro", "type": "continue"},
                {"from": "on_pro", "to": "wait", "type": "branch", "index": 0},
                {"from": "on_pro", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
