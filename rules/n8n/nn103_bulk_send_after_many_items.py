import re
from collections import deque
from collections.abc import Callable, Iterator

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import graph
from lintkit.workflow.feasible import route_text
from lintkit.workflow.ir import Edge, Step, StepKind, Workflow

_PACED = (StepKind.DELAY, StepKind.WAIT)
# `$('Node').item` and `$node["Node"]`: the item of that node paired with this one
_REFERENCE = re.compile(
    r"""\$\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*\.item\b|\$node\[\s*(?:'([^']*)'|"([^"]*)")\s*\]"""
)


def _per_item(step: Step, downstream: set[str]) -> bool:
    """Whether a send's recipient comes from each item of the read: it reads the current
    item (`$json`), or the paired item of a node at or after the read
    (`$('Read rows').item.json.email`). A recipient from a node before it (a trigger, a
    settings node) or from a node's first item (`.first()`) is one recipient."""
    recipient = step.extra.get("recipient")
    if not isinstance(recipient, str):
        return False
    if "$json" in recipient:
        return True
    names = {next(g for g in m.groups() if g is not None) for m in _REFERENCE.finditer(recipient)}
    return any(name in downstream for name in names)


class BulkSendAfterManyItems(Rule):
    """
    ## What it does
    Reports an n8n messaging node that sends to a recipient taken from each item
    (`sendTo`, `toEmail`, `chatId`, `to`... an expression reading `$json`, or a
    node at or after the read) and runs after a node that returns many items: a
    spreadsheet or table read (Google Sheets, Airtable, a database query), a
    "get many" or search operation, a feed. It is reported when nothing on the
    way batches or paces the items: no Loop Over Items, Wait, Limit, Aggregate
    or Summarize node, no Code node running once for all items, no node set to
    Execute Once. The finding sits on the messaging node and names the read and
    the path.

    A read limited to 10 items or fewer is a lookup; a recipient taken from a
    node before the read (the trigger's sender, a settings node) or from a
    node's first item (`.first()`) is one person, not a bulk send. A Split Out
    is no read: lintkit cannot tell a list of people from the parts of one long
    reply.
    Messages to team channels (`messages.internal-channels`) do not count.

    ## Why is this bad?
    n8n runs a node once per item. A read of 5,000 rows followed by a Gmail node
    is 5,000 emails in one burst: over the provider's rate limit (the rest of
    the run fails halfway), into spam filters, and with no chance to stop it
    once a wrong filter or a test sheet is noticed. A backfill reaching a
    message with no throttle is how a misrouted campaign reaches everyone at
    once.

    ## How to fix
    Put a Loop Over Items node (a batch size such as 50) in front of the send,
    with a Wait node in the loop; or limit the items (Limit node) while testing.
    """

    code = "NN103"
    name = "bulk-send-after-many-items"
    summary = "an n8n send runs once per item of a many-item read with no batching or wait"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    options = (INTERNAL_CHANNELS,)
    examples = (
        bad(
            """
            {
              "nodes": [
                {"name": "Every Monday", "type": "n8n-nodes-base.scheduleTrigger"},
                {"name": "Read customers", "type": "n8n-nodes-base.googleSheets",
                 "parameters": {"operation": "read"}},
                {"name": "Send newsletter", "type": "n8n-nodes-base.gmail",
                 "parameters": {"sendTo": "={{ $json.email }}", "subject": "News"}}
              ],
              "connections": {
                "Every Monday": {"main": [[{"node": "Read customers"}]]},
                "Read customers": {"main": [[{"node": "Send newsletter"}]]}
              }
            }
            """,
            path="newsletter.json",
            expect=[
                "6:14 'Send newsletter' sends one email message per item 'Read customers' returns"
            ],
        ),
        good(
            """
            {
              "nodes": [
                {"name": "Every Monday", "type": "n8n-nodes-base.scheduleTrigger"},
                {"name": "Read customers", "type": "n8n-nodes-base.googleSheets",
                 "parameters": {"operation": "read"}},
                {"name": "Batches of 50", "type": "n8n-nodes-base.splitInBatches",
                 "typeVersion": 3, "parameters": {"batchSize": 50}},
                {"name": "Send newsletter", "type": "n8n-nodes-base.gmail",
                 "parameters": {"sendTo": "={{ $json.email }}", "subject": "News"}},
                {"name": "Pause", "type": "n8n-nodes-base.wait",
                 "parameters": {"amount": 1, "unit": "minutes"}}
              ],
              "connections": {
                "Every Monday": {"main": [[{"node": "Read customers"}]]},
                "Read customers": {"main": [[{"node": "Batches of 50"}]]},
                "Batches of 50": {"main": [[], [{"node": "Send newsletter"}]]},
                "Send newsletter": {"main": [[{"node": "Pause", "type": "main", "index": 0}]]},
                "Pause": {"main": [[{"node": "Batches of 50", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="newsletter.json",
            title="Batches with a wait in the loop",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        is_message = reaches_person(self)
        reached = graph.reachable_from_start(workflow)
        reported: set[str] = set()
        for step in workflow.steps.values():
            if not step.extra.get("many") or step.extra.get("collapses") or step.id not in reached:
                continue
            for path in self._sends(workflow, step.id, is_message):
                target = workflow.steps[path[-1].target]
                if target.id in reported:
                    continue
                reported.add(target.id)
                yield self.diagnostic(
                    target.location,
                    f"'{target.id}' sends one {target.channel} message per item '{step.id}'"
                    f" returns ({step.extra.get('type', '').rpartition('.')[2]}), with no"
                    f" batching or wait on the way: {route_text(step.id, path)}",
                    related=[Related(step.location, f"'{step.id}' returns many items")],
                    help=f"put a Loop Over Items node (batch size such as 50) in front of"
                    f" '{target.id}' with a Wait node in the loop",
                )

    @staticmethod
    def _sends(
        workflow: Workflow, source: str, is_message: Callable[[Step], bool]
    ) -> Iterator[list[Edge]]:
        """Shortest paths from ``source`` to per-item sends that nothing batches or paces."""
        downstream = graph.reachable(workflow, [source])
        queue: deque[tuple[str, list[Edge]]] = deque([(source, [])])
        seen = {source}
        while queue:
            name, path = queue.popleft()
            for edge in workflow.out_edges(name):
                step = workflow.steps.get(edge.target)
                if step is None or edge.target in seen or edge.label == "error":
                    continue
                seen.add(edge.target)
                if step.kind in _PACED or step.extra.get("collapses"):
                    continue
                if step.extra.get("executeOnce"):
                    continue
                if is_message(step) and _per_item(step, downstream):
                    yield [*path, edge]
                queue.append((edge.target, [*path, edge]))
