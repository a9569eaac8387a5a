from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class MissingTrigger(ProblemRule):
    """
    ## What it does
    Reports a workflow whose `actions` hold no action of type `trigger`, at the
    `actions` key.

    ## Why is this bad?
    A PostHog run starts at the trigger action and follows its `continue` edge;
    without one nothing ever starts, and PostHog's graph validation rejects the
    workflow (it requires exactly one trigger). lintkit cannot tell where the
    workflow begins, so the path rules have nothing to walk.

    ## How to fix
    Add an action `{"id": ..., "type": "trigger", "config": {...}}` with the
    workflow's trigger as its config, and a `continue` edge from it to the first
    step.
    """

    code = "HF002"
    name = "missing-trigger"
    summary = "a PostHog workflow has no trigger action"
    severity = Severity.ERROR
    problem_kind = "HF002"
    aliases = ("WF002", "schema-violation")  # what reported it before it was a rule of its own
    examples = (
        bad(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["4:3 the workflow has no trigger action"],
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
