from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class BranchIndexOutOfRange(ProblemRule):
    """
    ## What it does
    Reports a `branch` edge whose `index` is not one of its action's branches: a
    conditional branch has one per condition, a random cohort branch one per
    cohort, a wait one (index 0, the condition met). It says which indexes exist.

    ## Why is this bad?
    Branch *i* of a conditional branch is taken by the people who match condition
    *i*; there is no condition behind an index past the last one, so nobody ever
    takes the edge, and PostHog's graph validation rejects it: for example an edge
    left behind when a condition was deleted, or an index counted from 1.

    ## How to fix
    Use the index of the condition or cohort it is meant for (counted from 0), or
    add that condition; delete the edge if its condition is gone.
    """

    code = "HF007"
    name = "branch-index-out-of-range"
    summary = "a `branch` edge's index is past its action's last branch"
    severity = Severity.ERROR
    problem_kind = "HF007"
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
                {"from": "on_pro", "to": "exit", "type": "branch", "index": 1},
                {"from": "on_pro", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["21:65 branch index 1 is out of range: 'on_pro' has 1 branch"],
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
