from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DuplicateNodeName(ProblemRule):
    """
    ## What it does
    Reports a node whose `name` an earlier node of the same n8n workflow already
    has, at the second one, and says where the first is.

    ## Why is this bad?
    `connections` names nodes by their name, so every connection to or from
    that name is ambiguous. n8n's editor never gives two nodes one name; a file
    with two was edited by hand or merged badly, and n8n keeps only one of them.
    lintkit builds the graph from the first and ignores the second.

    ## How to fix
    Rename one of the nodes and point the connections meant for it at the new
    name.
    """

    code = "NN002"
    name = "duplicate-node-name"
    summary = "two nodes of an n8n workflow have the same name"
    severity = Severity.ERROR
    problem_kind = "NN002"
    examples = (
        bad(
            """
            {
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook"},
                {"name": "Send", "type": "n8n-nodes-base.gmail"},
                {"name": "Send", "type": "n8n-nodes-base.slack"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Send", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="welcome.json",
            expect=["5:14 a second node named 'Send'"],
        ),
        good(
            """
            {
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook"},
                {"name": "Send", "type": "n8n-nodes-base.gmail"},
                {"name": "Notify team", "type": "n8n-nodes-base.slack"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Send", "type": "main", "index": 0}]]},
                "Send": {"main": [[{"node": "Notify team", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="welcome.json",
        ),
    )
