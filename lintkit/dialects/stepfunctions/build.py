"""A checked ASL document -> lintkit's graph IR.

=========== ======================================================================
ASL         IR
=========== ======================================================================
Task        ``message`` when its action sends to a person (see ``resources``),
            else ``action``; ``Catch`` entries are ``catch[i]`` edges
Pass        ``action``
Choice      ``branch``: rule i is edge ``choices[i]`` (taken when no earlier rule
            matched and this one does), ``Default`` is edge ``default``
Wait        ``delay`` (``duration`` from a literal ``Seconds``)
Succeed     ``exit``
Fail        ``exit``
Parallel    ``action`` with one nested graph per branch (``subgraphs``)
Map         ``action`` with the item processor as its nested graph
End: true   edge ``end`` to a synthetic ``exit`` step named ``(end)``, so "ends
            the execution" reads the same to every rule as reaching an exit
=========== ======================================================================

``Retry`` is not an edge: a retry runs the same state again, at most
``MaxAttempts`` times with a back-off, so it neither reaches new states nor
loops without bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any

from lintkit.dialects.stepfunctions.choice_conditions import rule_expr
from lintkit.dialects.stepfunctions.resources import (
    DEFAULT_MESSAGE_ACTIONS,
    delivery,
    matches_any,
    parse_resource,
)
from lintkit.documents.parse import Document, JsonPath
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import (
    Condition,
    Edge,
    Phrases,
    Step,
    StepKind,
    Sym,
    Terms,
    Workflow,
    pickled_by_name,
)

DIALECT = "stepfunctions"
# How the rules' findings say things in ASL.
TERMS = Terms(
    step="state",
    steps="states",
    people="executions",
    entry="the start state",
    exit="a Succeed or Fail state",
    delay="Wait state",
    start="`StartAt`",
    next="`Next` or `End`",
    default="`Default`",
    edges={
        "next": "`Next`",
        "default": "`Default`",
        "choices": "`Choices[{i}].Next`",
        "catch": "`Catch[{i}].Next`",
        "end": "`End`",
    },
)
# The rules' own phrases as ASL says them, by rule code. A machine has no triggers,
# so who enters and how often (enrollment, exclusivity, anonymous profiles, bulk
# enrollment) is decided by whoever calls StartExecution: those phrases are empty.
PHRASES: Phrases = {
    "WF101": {"link": "a `Next`, a Choice rule or a `Default`"},
    "WF102": {
        "add_next": "add `Next` (or `End: true` if the execution is over)",
        "way_out": "a Choice rule or a `Catch`",
        "trapped": "executions that enter never end",
    },
    "WF103": {"pause": "a Wait state"},
    "WF201": {"split": "a Choice with a rule for each group"},
    "WF202": {"every_time": "", "once": "", "exclusive": "", "skip_event": ""},
    "WF203": {
        "anonymous": "",
        "no_anonymous": "",
        "guard": "check `$.{address}` with a Choice (`IsPresent`)",
    },
    "WF204": {"add_default": "a `Default`"},
    # Step Functions has no send-rate setting on a Task: the cap is the sending
    # service's (an SES sending quota) or a Map's MaxConcurrency over the recipients.
    "WF206": {"bulk": "", "throttle": ""},
}
# Pickled workflows name these rather than copy them.
pickled_by_name(TERMS, f"{__name__}:TERMS")
pickled_by_name(PHRASES, f"{__name__}:PHRASES")
END_STEP = "(end)"
_KINDS = {
    "Pass": StepKind.ACTION,
    "Choice": StepKind.BRANCH,
    "Wait": StepKind.DELAY,
    "Succeed": StepKind.EXIT,
    "Fail": StepKind.EXIT,
    "Parallel": StepKind.ACTION,
    "Map": StepKind.ACTION,
}


def workflow_id(path: str) -> str:
    """``flows/orders.asl.json`` -> ``flows/orders``: unique in the project."""
    name = PurePosixPath(path)
    stem = name.name
    for suffix in (".json", ".yaml", ".yml", ".asl"):
        stem = stem.removesuffix(suffix)
    return str(name.with_name(stem))


class Builder:
    def __init__(self, doc: Document, settings: Mapping[str, Any]) -> None:
        self.doc = doc
        self.message_actions: Sequence[str] = settings.get(
            "stepfunctions.message-actions", DEFAULT_MESSAGE_ACTIONS
        )
        self.message_states: Sequence[str] = settings.get("stepfunctions.message-states", ())
        # "State glob.edge glob"; a pattern with no dot names every edge of the Choice
        self.filtered_out = [
            [*p.rsplit(".", 1), "*"][:2] for p in settings.get("stepfunctions.filtered-out", ())
        ]

    def loc(self, path: JsonPath, *, key: bool = False) -> Any:
        return self.doc.location(path, key=key)

    def machine(self) -> Workflow:
        data = self.doc.data
        comment = data.get("Comment")
        return self.graph(
            (), data, workflow_id(self.doc.path), comment if isinstance(comment, str) else ""
        )

    def graph(self, base: JsonPath, data: dict[str, Any], wid: str, description: str) -> Workflow:
        states = {name: spec for name, spec in data["States"].items() if isinstance(spec, dict)}
        steps: dict[str, Step] = {}
        edges: list[Edge] = []
        ends: list[JsonPath] = []
        for name, spec in states.items():
            path = (*base, "States", name)
            step = self.step(path, name, spec, wid)
            steps[name] = step
            edges.extend(self.edges(path, step, spec))
            if spec.get("End") is True and spec.get("Type") not in ("Choice", "Succeed", "Fail"):
                ends.append(path)
        if ends:
            end_id = END_STEP
            while end_id in steps:
                end_id += "'"
            first = self.loc((*ends[0], "End"))
            steps[end_id] = Step(end_id, StepKind.EXIT, first)
            edges.extend(Edge(path[-1], end_id, "end", self.loc((*path, "End"))) for path in ends)
        return Workflow(
            id=wid,
            dialect=DIALECT,
            path=self.doc.path,
            location=self.loc((*base, "StartAt"), key=True),
            steps=steps,
            edges=tuple(edges),
            start=Sym(data["StartAt"], self.loc((*base, "StartAt"))),
            description=description,
            terms=TERMS,
            phrases=PHRASES,
            rejects_unreachable=True,  # "MISSING_TRANSITION_TARGET: State X is not reachable"
        )

    # -- states --------------------------------------------------------------------
    def step(self, path: JsonPath, name: str, spec: dict[str, Any], wid: str) -> Step:
        kind_name = spec["Type"]
        details: dict[str, Any] = {}
        kind = _KINDS.get(kind_name, StepKind.ACTION)
        if kind_name == "Task":
            kind = self.task(name, spec, details)
        elif kind_name == "Choice":
            details["conditions"] = tuple(
                self.condition((*path, "Choices", i), rule)
                for i, rule in enumerate(spec.get("Choices", []))
            )
        elif kind_name == "Wait":
            seconds = spec.get("Seconds")
            if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
                details["duration"] = float(seconds)
        elif kind_name == "Parallel":
            details["subgraphs"] = tuple(
                self.graph(
                    (*path, "Branches", i), branch, f"{wid}/{name}/Branches[{i}]", _comment(branch)
                )
                for i, branch in enumerate(spec["Branches"])
            )
        elif kind_name == "Map":
            key = "ItemProcessor" if "ItemProcessor" in spec else "Iterator"
            processor = spec[key]
            details["subgraphs"] = (
                self.graph((*path, key), processor, f"{wid}/{name}/{key}", _comment(processor)),
            )
            details["subgraphs_optional"] = True  # no items: the processor never runs
        return Step(
            id=name,
            kind=kind,
            location=self.loc(path, key=True),
            fields=self.doc.member_locations(path),
            description=spec["Comment"] if isinstance(spec.get("Comment"), str) else "",
            **details,
        )

    def task(self, name: str, spec: dict[str, Any], details: dict[str, Any]) -> StepKind:
        action = parse_resource(spec.get("Resource"))
        by_action = bool(action.name) and matches_any(action.name, self.message_actions)
        if not (by_action or matches_any(name, self.message_states)):
            return StepKind.ACTION
        payload = spec.get("Parameters", spec.get("Arguments"))
        sent = delivery(action, payload)
        details.update(channel=sent.channel, template=sent.template)
        return StepKind.MESSAGE

    def condition(self, path: JsonPath, rule: Any) -> Condition:
        expr = rule_expr(rule)
        return Condition(cond.render(expr), expr, self.loc(path))

    # -- edges ---------------------------------------------------------------------
    def edges(self, path: JsonPath, step: Step, spec: dict[str, Any]) -> list[Edge]:
        found: list[Edge] = []
        name = step.id

        choice = spec["Type"] == "Choice"

        def edge(label: str, target: str, where: JsonPath, guard: cond.Expr | None) -> Edge:
            excludes = choice and self.excludes(name, label)
            return Edge(name, target, label, self.loc(where), guard, excludes)

        if spec["Type"] == "Choice":
            earlier: list[cond.Expr] = []  # the negations of the rules before this one
            for i, rule in enumerate(spec.get("Choices", [])):
                this = step.conditions[i].expr
                assert this is not None
                if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                    guard = cond.conjunction(*earlier, this)
                    found.append(
                        edge(f"choices[{i}]", rule["Next"], (*path, "Choices", i, "Next"), guard)
                    )
                earlier.append(cond.negation(this))
            if isinstance(spec.get("Default"), str):
                guard = cond.conjunction(*earlier)
                found.append(edge("default", spec["Default"], (*path, "Default"), guard))
            return found
        if spec["Type"] in ("Succeed", "Fail"):
            return found
        failures: list[cond.Expr] = []
        for i, catcher in enumerate(spec.get("Catch") or []):
            if not isinstance(catcher, dict) or not isinstance(catcher.get("Next"), str):
                continue
            errors = catcher.get("ErrorEquals")
            names = "|".join(str(e) for e in errors) if isinstance(errors, list) else "?"
            caught = cond.Opaque(f"{name} fails with {names}")
            guard = cond.conjunction(*(cond.negation(e) for e in failures), caught)
            found.append(edge(f"catch[{i}]", catcher["Next"], (*path, "Catch", i, "Next"), guard))
            failures.append(caught)
        if isinstance(spec.get("Next"), str):
            succeeded = (
                cond.conjunction(*(cond.negation(e) for e in failures)) if failures else None
            )
            found.insert(0, edge("next", spec["Next"], (*path, "Next"), succeeded))
        return found

    def excludes(self, state: str, label: str) -> bool:
        """Whether ``stepfunctions.filtered-out`` names this Choice edge (``State.label`` globs)."""
        return any(
            fnmatchcase(state, _glob(state_glob)) and fnmatchcase(label, _glob(label_glob))
            for state_glob, label_glob in self.filtered_out
        )


def _glob(pattern: str) -> str:
    """Only * and ? are wildcards: brackets are literal (labels are like choices[1])."""
    return "".join({"[": "[[]", "]": "[]]"}.get(c, c) for c in pattern)


def _comment(data: dict[str, Any]) -> str:
    comment = data.get("Comment")
    return comment if isinstance(comment, str) else ""
