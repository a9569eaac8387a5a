from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class InvalidN8nWorkflow(ProblemRule):
    """
    ## What it does
    Reports an n8n workflow whose shape n8n cannot read: `nodes` that is not a
    list of nodes with a `name` and a `type`, `connections` that is not a mapping
    of node names to outputs (`main: [[{"node": ..., "index": 0}]]`), an
    `onError` that is not one of n8n's three modes, a setting of the wrong type.
    The finding sits on the value, with the path to it. Each workflow of an
    export (a list, or the public API's `{"data": [...]}`) is checked on its own.

    lintkit builds no graph from a workflow with such a problem, so the other
    rules stay silent on it until it is fixed.

    ## Why is this bad?
    n8n refuses to import the file, or imports it and drops the part it cannot
    read: a connection that is not a list is not followed, a node without a type
    does not run.

    ## How to fix
    Export the workflow again from n8n, or correct the value as the message
    says (the shapes are in lintkit's `n8n.json` schema).
    """

    code = "NN001"
    name = "invalid-n8n-workflow"
    summary = "an n8n workflow's nodes or connections do not have the shape n8n reads"
    severity = Severity.ERROR
    problem_kind = "NN001"
    examples = (
        bad(
            """
            {
              "name": "Welcome",
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook", "parameters": {}},
                {"name": "Send", "type": "n8n-nodes-base.gmail", "onError": "ignore"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Send", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="welcome.json",
            expect=["5:65 nodes[1].onError"],
        ),
        good(
            """
            {
              "name": "Welcome",
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook", "parameters": {}},
                {"name": "Send", "type": "n8n-nodes-base.gmail", "onError": "continueErrorOutput"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Send", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="welcome.json",
        ),
    )
