from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class ConditionalBranchWithoutContinue(ProblemRule):
    """
    ## What it does
    Reports a conditional branch with no `continue` edge, at its `id`.

    ## Why is this bad?
    A conditional branch sends each person along the `branch` edge of the first
    condition they match, and everyone who matches none along its `continue`
    edge. Without one, PostHog ends the run of those people right there: they
    silently leave the workflow, without reaching an exit or any message after
    the branch.

    ## How to fix
    Add a `continue` edge from the branch: to an exit action if the people who
    match no condition should leave, else to the step they should go on to.
    """

    code = "HF011"
    name = "conditional-branch-without-continue"
    summary = "a conditional branch has no `continue` edge for the people who match no condition"
    severity = Severity.ERROR
    problem_kind = "HF011"
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
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["7:13 conditional branch 'on_pro' has no `continue` edge"],
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
