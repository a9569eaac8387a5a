from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class ConnectionsFromUnknownNode(ProblemRule):
    """
    ## What it does
    Reports a key of `connections` that names no node of the workflow, at the
    key. (A connection *to* a node that does not exist is `unknown-step`'s.)

    ## Why is this bad?
    n8n follows the connections of the nodes it runs; connections listed under a
    name no node has are never followed. This usually happens when a node was
    renamed or deleted outside n8n's editor: the nodes that were wired after it
    no longer run, and nothing says so.

    ## How to fix
    Move the connections under the node's current name, or delete them.
    """

    code = "NN003"
    name = "connections-from-unknown-node"
    summary = "an n8n workflow lists connections from a node it does not have"
    severity = Severity.ERROR
    problem_kind = "NN003"
    examples = (
        bad(
            """
            {
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook"},
                {"name": "Check plan", "type": "n8n-nodes-base.if"},
                {"name": "Send", "type": "n8n-nodes-base.gmail"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Check plan", "type": "main", "index": 0}]]},
                "IF": {"main": [[{"node": "Send", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="welcome.json",
            expect=["9:5 connections from 'IF'"],
        ),
        good(
            """
            {
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook"},
                {"name": "Check plan", "type": "n8n-nodes-base.if"},
                {"name": "Send", "type": "n8n-nodes-base.gmail"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Check plan", "type": "main", "index": 0}]]},
                "Check plan": {"main": [[{"node": "Send", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="welcome.json",
        ),
    )
