from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class MissingBranchEdge(ProblemRule):
    """
    ## What it does
    Reports a condition of a conditional branch, or a cohort of a random cohort
    branch, that has no `branch` edge with its index, at the condition or cohort.

    ## Why is this bad?
    People who match condition *i* (or are drawn into cohort *i*) leave along the
    `branch` edge with index *i*. When there is none, PostHog ends their run
    there: they silently drop out of the workflow, without an exit and without
    the messages that follow. It happens when a condition is added in an export
    but not wired, or an edge is deleted.

    ## How to fix
    Add an edge `{"from": <branch id>, "to": <next step>, "type": "branch",
    "index": i}`, to an exit action if those people should leave.
    """

    code = "HF009"
    name = "missing-branch-edge"
    summary = "a condition or cohort of a branch has no `branch` edge"
    severity = Severity.ERROR
    problem_kind = "HF009"
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
                  "id": "which_plan",
                  "type": "conditional_branch",
                  "config": {"conditions": [
                    {"filters": {"properties": [
                      {"key": "plan", "type": "person", "value": ["pro"]}
                    ]}},
                    {"filters": {"properties": [
                      {"key": "plan", "type": "person", "value": ["team"]}
                    ]}}
                  ]}
                },
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "which_plan", "type": "continue"},
                {"from": "which_plan", "to": "wait", "type": "branch", "index": 0},
                {"from": "which_plan", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["13:9 condition 2 of 'which_plan' has no `branch` edge (index 1)"],
        ),
        bad(
            """
            {
              "name": "Plan check",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {
                  "id": "ab_test",
                  "type": "random_cohort_branch",
                  "config": {"cohorts": [{"percentage": 50}, {"percentage": 50}]}
                },
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "ab_test", "type": "continue"},
                {"from": "ab_test", "to": "wait", "type": "branch", "index": 0},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["9:50 cohort 2 of 'ab_test' has no `branch` edge (index 1)"],
            title="A random cohort branch whose second cohort is not wired",
        ),
        good(
            """
            {
              "name": "Plan check",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {
                  "id": "which_plan",
                  "type": "conditional_branch",
                  "config": {"conditions": [
                    {"filters": {"properties": [
                      {"key": "plan", "type": "person", "value": ["pro"]}
                    ]}},
                    {"filters": {"properties": [
                      {"key": "plan", "type": "person", "value": ["team"]}
                    ]}}
                  ]}
                },
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "which_plan", "type": "continue"},
                {"from": "which_plan", "to": "wait", "type": "branch", "index": 0},
                {"from": "which_plan", "to": "exit", "type": "branch", "index": 1},
                {"from": "which_plan", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
