from collections.abc import Iterator

from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow import conditions as cond
from lintkit.workflow.feasible import Knowledge, PathAnalysis
from lintkit.workflow.ir import StepKind, Workflow

SWITCH = "n8n-nodes-base.switch"
_OUTSIDE = ("n8n-nodes-base.httpRequest",)
# Triggers whose data another workflow (often a tool node of the same file) chose.
_INSIDE = ("n8n-nodes-base.executeWorkflowTrigger", "n8n-nodes-base.errorTrigger")


class SwitchWithoutFallback(Rule):
    """
    ## What it does
    Reports an n8n Switch node in Rules mode whose Fallback Output is None (the
    default) while it routes data as it came in from outside, and its rules do
    not provably match every item. "From outside" is a trigger's payload (a
    webhook or form submission, an app event, a chat message) or an HTTP
    response, read right after it (`$json`) or by name
    (`$('Webhook').item.json.body.type`): values nobody in the workflow chose.
    A Switch over values the workflow set itself (a settings node, an AI
    classifier with fixed categories, an earlier Code node, the input a tool
    node passes to an Execute Workflow Trigger) is not reported: whether those
    can fall outside the rules is not on the page.

    Rules that compare a field with literals are read exactly (equals, not
    equals), as is a test and its opposite (exists and does not exist, is
    empty and is not empty); any other test (contains, regex, dates, numbers)
    might not match, so a Switch of such rules is reported unless they cover
    every item whatever those tests say. A Switch in Expression mode, or whose
    Fallback Output is Extra Output or an existing output (even unconnected),
    is not checked: there, dropping is on the page.

    ## Why is this bad?
    With no fallback, n8n drops an item that matches no rule: no error, no
    output, nothing in the execution log but a shorter list. A new value (a
    new plan, a new message type, a capitalised status) silently stops being
    handled, the way a plan gate once left the legacy plans without the
    retention offer.

    ## How to fix
    Set Options > Fallback Output to Extra Output and connect it (to a
    notification, or a No Operation node if dropping them is intended: then it
    is on the page), or add rules for the missing values.
    """

    code = "NN101"
    name = "switch-without-fallback"
    summary = "an n8n Switch has no fallback output and its rules may match no item"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    examples = (
        bad(
            """
            {
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook"},
                {"name": "Route by plan", "type": "n8n-nodes-base.switch", "typeVersion": 3,
                 "parameters": {"rules": {"values": [
                   {"conditions": {"conditions": [{"leftValue": "={{ $json.plan }}",
                     "rightValue": "free",
                     "operator": {"type": "string", "operation": "equals"}}]}},
                   {"conditions": {"conditions": [{"leftValue": "={{ $json.plan }}",
                     "rightValue": "pro",
                     "operator": {"type": "string", "operation": "equals"}}]}}
                 ]}}},
                {"name": "Free offer", "type": "n8n-nodes-base.noOp"},
                {"name": "Pro offer", "type": "n8n-nodes-base.noOp"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Route by plan", "type": "main", "index": 0}]]},
                "Route by plan": {"main": [
                  [{"node": "Free offer", "type": "main", "index": 0}],
                  [{"node": "Pro offer", "type": "main", "index": 0}]
                ]}
              }
            }
            """,
            path="offers.json",
            expect=["4:14 Switch 'Route by plan' has no fallback output"],
        ),
        good(
            """
            {
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook"},
                {"name": "Route by plan", "type": "n8n-nodes-base.switch", "typeVersion": 3,
                 "parameters": {"rules": {"values": [
                   {"conditions": {"conditions": [{"leftValue": "={{ $json.plan }}",
                     "rightValue": "free", "operator": {"type": "string", "operation": "equals"}}]}}
                 ]}, "options": {"fallbackOutput": "extra"}}},
                {"name": "Free offer", "type": "n8n-nodes-base.noOp"},
                {"name": "Others", "type": "n8n-nodes-base.noOp"}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Route by plan", "type": "main", "index": 0}]]},
                "Route by plan": {"main": [
                  [{"node": "Free offer", "type": "main", "index": 0}],
                  [{"node": "Others", "type": "main", "index": 0}]
                ]}
              }
            }
            """,
            path="offers.json",
            title="A fallback output",
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        analysis: PathAnalysis | None = None
        for step in workflow.steps.values():
            extra = step.extra
            if step.kind is not StepKind.BRANCH or extra.get("type") != SWITCH:
                continue
            if extra.get("fallback") != "none" or extra.get("mode", "rules") != "rules":
                continue
            exprs = [c.expr for c in step.conditions if c.expr is not None]
            if not exprs or not _from_outside(workflow, step.id):
                continue
            analysis = analysis or PathAnalysis.of(workflow)
            arriving = analysis.reached.states_at(step.id)
            if not arriving:
                continue  # nothing reaches it (unreachable-step's business)
            unmatched = [
                cube
                for k in arriving
                for cube in analysis.restrict(k, cond.Or(tuple(exprs)), holds=False)
            ]
            if not unmatched:
                continue
            yield self._report(workflow, step.id, analysis, unmatched, len(exprs))

    def _report(
        self, workflow: Workflow, name: str, analysis: PathAnalysis, cubes: list[Knowledge], n: int
    ) -> Diagnostic:
        step = workflow.steps[name]
        who = _who(analysis, cubes)
        rules = f"{n} rule{'s' if n != 1 else ''}"
        return self.diagnostic(
            step.location,
            f"Switch '{name}' has no fallback output: n8n drops the items that match none"
            f" of its {rules}{f' ({who})' if who else ''}, silently",
            related=[
                Related(case.location, f"rule {i + 1}: {case.text}")
                for i, case in enumerate(step.conditions)
            ],
            help="set Options > Fallback Output to Extra Output and connect it (to a No"
            " Operation node if dropping them is intended), or add rules for the other values",
        )


def _from_outside(workflow: Workflow, name: str) -> bool:
    """Whether the Switch tests data as it came in: a trigger's payload (a webhook, a
    form, an app event, a sub-workflow's caller) or an HTTP response, read directly
    (`$json` right after it) or by name (`$('Webhook').item.json...`)."""
    reads = workflow.steps[name].extra.get("reads") or ()
    sources = {r for r in reads if r}
    if "" in reads:
        sources |= {e.source for e in workflow.in_edges(name) if e.source in workflow.steps}
    steps = [workflow.steps.get(s) for s in sources]
    return bool(steps) and all(
        s is not None
        and s.extra.get("type") not in _INSIDE
        and (s.extra.get("trigger") or s.extra.get("type") in _OUTSIDE)
        for s in steps
    )


def _who(analysis: PathAnalysis, cubes: list[Knowledge]) -> str:
    """The unmatched items, when the rules read fields exactly; "" when only guessed."""
    exact = [cube for cube in cubes if cube.certain]
    if not exact:
        return ""
    texts = list(dict.fromkeys(analysis.describe(cube) for cube in exact))
    if "anyone" in texts:
        return ""
    return "; ".join(texts[:3]) + ("; ..." if len(texts) > 3 else "")
