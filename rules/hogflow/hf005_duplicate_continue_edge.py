from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DuplicateContinueEdge(ProblemRule):
    """
    ## What it does
    Reports a second `continue` edge from one action, at the edge, and names
    where the first one goes.

    ## Why is this bad?
    PostHog's executor takes the **first** `continue` edge of an action in the order
    of `edges` and never looks at another. The second edge looks like a path people
    take to anyone reading the JSON, but nobody ever takes it: the step it leads to
    may be unreachable, or the author meant it to replace the first. lintkit follows
    the first, as PostHog does.

    ## How to fix
    Delete one of the two `continue` edges. To send people two ways, use a
    conditional branch with a condition for each group.
    """

    code = "HF005"
    name = "duplicate-continue-edge"
    summary = "an action has a second `continue` edge, which PostHog never follows"
    severity = Severity.ERROR
    problem_kind = "HF005"
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
                {"from": "trigger", "to": "exit", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["11:5 action 'trigger' has a second `continue` edge (to 'exit')"],
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
