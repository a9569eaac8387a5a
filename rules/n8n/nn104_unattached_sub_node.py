from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class UnattachedSubNode(ProblemRule):
    """
    ## What it does
    Reports an AI sub-node (a model, tool, memory, embeddings model, output
    parser, retriever, text splitter, document loader or reranker) that is
    connected to no agent or chain, at its name. A sub-node is known by its
    connections (only `ai_*` ones) or, when it has none, by its type
    (`@n8n/n8n-nodes-langchain.toolCalculator`, `lmChatOpenAi`, a node's tool
    variant such as `n8n-nodes-base.googleCalendarTool`). A disabled one is left
    alone.

    ## Why is this bad?
    A sub-node runs only when the agent or chain it is connected to calls it;
    unconnected, it never runs. Such a node is usually a slip: a tool meant for the
    agent that the agent does not have, a model swapped for another and left
    behind. It is not on the items' path, so `unreachable-step` does not report it.

    ## How to fix
    Connect it to the agent or chain that should use it (its Chat Model, Memory or
    Tool input), or delete it.
    """

    code = "NN104"
    name = "unattached-sub-node"
    summary = "an n8n AI sub-node (model, tool, memory...) connected to no agent or chain"
    severity = Severity.WARNING
    problem_kind = "NN104"
    examples = (
        bad(
            """
            {
              "nodes": [
                {"name": "Chat", "type": "@n8n/n8n-nodes-langchain.chatTrigger"},
                {"name": "Agent", "type": "@n8n/n8n-nodes-langchain.agent"},
                {"name": "Model", "type": "@n8n/n8n-nodes-langchain.lmChatOpenAi"},
                {"name": "Calculator", "type": "@n8n/n8n-nodes-langchain.toolCalculator"}
              ],
              "connections": {
                "Chat": {"main": [[{"node": "Agent", "type": "main", "index": 0}]]},
                "Model": {
                  "ai_languageModel": [[{"node": "Agent", "type": "ai_languageModel", "index": 0}]]
                }
              }
            }
            """,
            path="assistant.json",
            expect=["6:14 'Calculator' (a tool) is connected to no agent or chain"],
        ),
        good(
            """
            {
              "nodes": [
                {"name": "Chat", "type": "@n8n/n8n-nodes-langchain.chatTrigger"},
                {"name": "Agent", "type": "@n8n/n8n-nodes-langchain.agent"},
                {"name": "Model", "type": "@n8n/n8n-nodes-langchain.lmChatOpenAi"},
                {"name": "Calculator", "type": "@n8n/n8n-nodes-langchain.toolCalculator"}
              ],
              "connections": {
                "Chat": {"main": [[{"node": "Agent", "type": "main", "index": 0}]]},
                "Model": {
                  "ai_languageModel": [[{"node": "Agent", "type": "ai_languageModel", "index": 0}]]
                },
                "Calculator": {"ai_tool": [[{"node": "Agent", "type": "ai_tool", "index": 0}]]}
              }
            }
            """,
            path="assistant.json",
        ),
    )
