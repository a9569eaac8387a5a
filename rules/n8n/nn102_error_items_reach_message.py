from collections import deque
from collections.abc import Callable, Iterator

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow.feasible import route_text
from lintkit.workflow.ir import Edge, Step, StepKind, Workflow

_CHECKS = (StepKind.FILTER, StepKind.BRANCH)
LOOP = "n8n-nodes-base.splitInBatches"
# Nodes that fetch with what the item holds: an error item makes them fail, loudly.
_FETCHING = ("n8n-nodes-base.httpRequest", "n8n-nodes-base.executeWorkflow")


def _fails_loudly(step: Step) -> bool:
    """Whether an error item stops here: a node that handles its own errors, or a fetch
    (an HTTP request, a read, a sub-workflow) that needs what the failed item lacks."""
    extra = step.extra
    return bool(extra.get("onError") or extra.get("many")) or extra.get("type") in _FETCHING


class ErrorItemsReachMessage(Rule):
    """
    ## What it does
    Reports an n8n node whose On Error setting is "Continue" (`onError:
    continueRegularOutput`, or the older `continueOnFail: true`) when the items
    on its regular output can reach a node that messages a person (email, SMS,
    WhatsApp, Telegram, push) with no IF, Filter or Switch on the way that could
    tell a failed item from a good one. The finding sits on the setting and
    names the shortest such path. Team channels listed in
    `messages.internal-channels` (Slack and other team chats) do not count.

    A path stops at a node that would fail loudly on the error item: an HTTP
    request, a read or a sub-workflow (they need what the failed item lacks),
    or a node with its own On Error setting. An IF, Filter, Switch or Loop Over
    Items set to Continue is not reported: a routing node has no failed item
    of its own to pass on.

    ## Why is this bad?
    With "Continue", a node that fails does not stop the run: it puts an item
    holding only the error (`{"error": ...}`) on its regular output, beside the
    good ones. The nodes after it run on that item as if nothing happened, and
    the send at the end sends: an email with empty fields, a message built from
    an error text, to whoever the broken item names. It is a silent fallback,
    the kind of failure that is only noticed by the people who get the message.

    ## How to fix
    Set On Error to "Continue (using error output)" and connect the error
    output to what should happen to failures (a notification, a retry), or put
    an IF that checks `{{ $json.error }}` in front of the send.
    """

    code = "NN102"
    name = "error-items-reach-message"
    summary = "an n8n node's failures continue on its regular output into a send"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    options = (INTERNAL_CHANNELS,)
    examples = (
        bad(
            """
            {
              "nodes": [
                {"name": "Schedule", "type": "n8n-nodes-base.scheduleTrigger"},
                {"name": "Fetch invoice", "type": "n8n-nodes-base.httpRequest",
                 "onError": "continueRegularOutput"},
                {"name": "Send invoice", "type": "n8n-nodes-base.gmail",
                 "parameters": {"sendTo": "={{ $json.email }}", "subject": "Your invoice"}}
              ],
              "connections": {
                "Schedule": {"main": [[{"node": "Fetch invoice", "type": "main", "index": 0}]]},
                "Fetch invoice": {"main": [[{"node": "Send invoice", "type": "main", "index": 0}]]}
              }
            }
            """,
            path="invoices.json",
            expect=["5:17 failed items of 'Fetch invoice'"],
        ),
        good(
            """
            {
              "nodes": [
                {"name": "Schedule", "type": "n8n-nodes-base.scheduleTrigger"},
                {"name": "Fetch invoice", "type": "n8n-nodes-base.httpRequest",
                 "onError": "continueErrorOutput"},
                {"name": "Send invoice", "type": "n8n-nodes-base.gmail",
                 "parameters": {"sendTo": "={{ $json.email }}", "subject": "Your invoice"}},
                {"name": "Alert team", "type": "n8n-nodes-base.slack"}
              ],
              "connections": {
                "Schedule": {"main": [[{"node": "Fetch invoice", "type": "main", "index": 0}]]},
                "Fetch invoice": {"main": [
                  [{"node": "Send invoice", "type": "main", "index": 0}],
                  [{"node": "Alert team", "type": "main", "index": 0}]
                ]}
              }
            }
            """,
            path="invoices.json",
            title="Failures go down the error output",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        is_message = reaches_person(self)
        for step in workflow.steps.values():
            if step.extra.get("onError") != "continueRegularOutput" or step.extra.get("disabled"):
                continue
            if step.kind in _CHECKS or step.extra.get("type") == LOOP:
                continue  # a routing node that fails has no item of its own to pass on
            path = self._path(workflow, step.id, is_message)
            if path is None:
                continue
            target = workflow.steps[path[-1].target]
            setting = "onError" if "onError" in step.fields else "continueOnFail"
            yield self.diagnostic(
                step.at(setting),
                f"failed items of '{step.id}' (On Error: Continue) go on down its regular"
                f" output and reach '{target.id}', which sends on {target.channel}:"
                f" {route_text(step.id, path)}",
                related=[
                    Related(target.location, f"'{target.id}' sends on {target.channel}"),
                    *(Related(e.location, f"on to '{e.target}'") for e in path[:-1]),
                ],
                help="set On Error to 'Continue (using error output)' and connect the error"
                f" output, or check {{{{ $json.error }}}} with an IF before '{target.id}'",
            )

    @staticmethod
    def _path(
        workflow: Workflow, source: str, is_message: Callable[[Step], bool]
    ) -> list[Edge] | None:
        """The shortest path of regular outputs from ``source`` to a person's message
        that no IF, Filter or Switch interrupts."""
        queue: deque[tuple[str, list[Edge]]] = deque([(source, [])])
        seen = {source}
        while queue:
            name, path = queue.popleft()
            for edge in workflow.out_edges(name):
                if edge.label == "error" or edge.target in seen:
                    continue
                step = workflow.steps.get(edge.target)
                if step is None:
                    continue
                seen.add(edge.target)
                if is_message(step):
                    return [*path, edge]
                if step.kind not in _CHECKS and not _fails_loudly(step):
                    queue.append((edge.target, [*path, edge]))
        return None
