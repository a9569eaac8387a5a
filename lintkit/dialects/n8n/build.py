"""One n8n workflow -> lintkit's IR, with n8n's execution semantics.

The mapping (docs/n8n.md has the sources):

* A node is a step named by its ``name``. Trigger nodes are steps too; the run
  starts at the trigger (several triggers: a synthetic ``(triggers)`` step leads
  to each; a disabled trigger is a start too, so the nodes behind it count as
  switched off, not unreachable, but it is no trigger). Sticky notes and AI
  sub-nodes (models, memories, tools: nodes wired only by ``ai_*`` connections,
  or of such a type and wired to nothing) are not on the item path and are left
  out.
* ``connections[source].main[i]`` lists the nodes output ``i`` feeds. An output
  nothing is wired to ends the run of its items: an edge to a synthetic exit
  ``(end)``.
* IF and Filter are filters: the ``true`` (kept) output holds the items that match
  the conditions, the ``false`` output (a Filter's discarded items) the others.
  Which ``false`` outputs are filtered-out paths is ``Policy``'s question
  (``_excluding``). A filter with ``alwaysOutputData`` sends one empty item down
  its ``true`` output when no item matched: an ``empty`` edge (not a filtered-out
  path: workflows use it on purpose to go on when nothing matched).
* Switch is a branch: output ``i`` for rule ``i`` (first match, unless "send data to
  all matching outputs"), and a ``fallback`` output (an extra one, or an existing
  output) or none, when unmatched items are dropped.
* A disabled node passes the items of its first input to its first output and does
  nothing else: it is an action with one unconditional edge (a disabled IF does not
  filter, a disabled Gmail node sends nothing).
* ``onError: continueErrorOutput`` adds an ``error`` output after the regular ones;
  ``continueRegularOutput`` (and the older ``continueOnFail``) sends error items down
  the regular output, recorded in the step's ``extra``.
* Loop Over Items (``splitInBatches``) runs its ``loop`` output once per batch; an
  item goes around once and then leaves by ``done``. A connection back into it from
  its loop goes to a ``(next batch)`` step that leads where ``done`` does.
* Wait is a delay (a time interval, a point in time) or a wait (for a webhook call or
  a form); Execute Workflow is an opaque action; messaging nodes (``nodes.py``) are
  messages with their channel.
"""

from __future__ import annotations

import fnmatch
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import lintkit.dialects.n8n.nodes as types
from lintkit.core.types import Location, Problem
from lintkit.dialects.n8n.conditions import mapping, node_condition, v1, v2
from lintkit.dialects.n8n.terms import PHRASES, TERMS
from lintkit.documents.parse import Document
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import Condition, Edge, Step, StepKind, Sym, Trigger, Workflow

DIALECT = "n8n"
END = "(end)"
START = "(triggers)"
NEXT_BATCH = " (next batch)"
_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


@dataclass(frozen=True)
class Policy:
    """The dialect options, resolved."""

    final: re.Pattern[str]  # a message whose name matches is final (irreversible, alarming)
    strict_filters: bool  # every IF `false` output is a filtered-out path
    filtered_out: tuple[str, ...] = ()  # IF/Filter node name globs whose `false` output is


@dataclass
class _Pending:
    source: str
    target: str
    label: str
    location: Location
    condition: cond.Expr | None = None
    filtered_out: bool = False  # an IF's `false` output: excluding if the policy says so
    excludes: bool = False  # filtered out whatever the policy says
    index: int = 0  # the target's input


@dataclass
class _Node:
    index: int
    data: dict[str, Any]
    outputs: list[list[tuple[str, int, Location]]] = field(default_factory=list)


class Builder:
    """Builds the IR of one schema-valid n8n workflow; what is wrong with the wiring
    becomes problems whose kind is the code of the rule that reports it (NN0xx)."""

    def __init__(self, doc: Document, policy: Policy, fallback_id: str) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.policy = policy
        self.fallback_id = fallback_id
        self.problems: list[Problem] = []
        self.nodes: dict[str, _Node] = {}

    def loc(self, *path: Any, key: bool = False) -> Location:
        return self.doc.location(path, key=key)

    # -- the workflow -----------------------------------------------------------------
    def build(self) -> Workflow:
        self._index()
        self._connect()
        steps: dict[str, Step] = {}
        pending: list[_Pending] = []
        triggers: list[Trigger] = []
        starts: list[str] = []
        for name, node in self.nodes.items():
            step, edges = self._node(name, node)
            steps[name] = step
            pending.extend(edges)
            trigger = self._trigger(name, node)
            if trigger is not None:
                triggers.append(trigger)
            if types.is_trigger(node.data["type"]):
                # A disabled trigger starts nothing, but what follows it is switched off
                # on purpose (often an alternative trigger), not unreachable by mistake.
                starts.append(name)
        self._loops(steps, pending)
        self._rounds(steps, pending, starts)
        if any(p.target == END for p in pending):
            steps[END] = Step(END, StepKind.EXIT, self.loc("nodes", key=True))
        start = None
        if len(starts) == 1:
            start = steps[starts[0]].location
            start_sym = starts[0]
        elif starts:
            steps = {START: Step(START, StepKind.ACTION, self.loc("nodes", key=True)), **steps}
            pending[:0] = [
                _Pending(START, s, f"trigger[{i}]", steps[s].location) for i, s in enumerate(starts)
            ]
            start, start_sym = steps[START].location, START
        return Workflow(
            id=self._workflow_id(),
            dialect=DIALECT,
            path=self.doc.path,
            location=self.loc("name") if self.data.get("name") else self.loc("nodes", key=True),
            steps=steps,
            edges=self._resolve(pending, steps),
            start=Sym(start_sym, start) if start is not None else None,
            attributes=None,
            triggers=tuple(triggers),
            # n8n runs once per trigger event and keeps no person: nothing is enrolled
            enrollment="once",
            description=str(self.data.get("name") or ""),
            terms=TERMS,
            phrases=PHRASES,
        )

    def _workflow_id(self) -> str:
        name = self.data.get("name")
        return str(name) if isinstance(name, str) and name else self.fallback_id

    def _index(self) -> None:
        connections = self.data["connections"]
        fed = {  # nodes some main output feeds
            target["node"]
            for outs in connections.values()
            for wired in (outs.get("main") or [])
            for target in (wired or [])
        }
        for i, node in enumerate(self.data["nodes"]):
            name, kind = node["name"], node["type"]
            if kind == types.STICKY:
                continue
            if name in self.nodes:
                first = self.loc("nodes", self.nodes[name].index, "name")
                self.problems.append(
                    Problem(
                        "NN002",
                        f"a second node named '{name}' (the first is at line {first.line}):"
                        " connections name nodes, so n8n cannot tell the two apart",
                        self.loc("nodes", i, "name"),
                        help="rename one of them (n8n's editor gives a copy a new name)",
                    )
                )
                continue
            outs = connections.get(name)
            wired = isinstance(outs, Mapping) and bool(outs)
            on_item_path = name in fed or (wired and "main" in outs)
            if not on_item_path and (wired or types.is_sub_node(kind)):
                # an AI sub-node: a model, memory or tool its root node calls
                self._attached(i, node, outs if wired else {})
                continue
            self.nodes[name] = _Node(i, node)

    def _attached(self, index: int, node: Mapping[str, Any], outs: Mapping[str, Any]) -> None:
        """NN104: a sub-node connected to no root node (unless it is switched off)."""
        if node.get("disabled") is True or any(
            target for lists in outs.values() for wired in (lists or []) for target in (wired or [])
        ):
            return
        word = types.sub_node_word(node["type"], set(outs))
        self.problems.append(
            Problem(
                "NN104",
                f"'{node['name']}' ({word}) is connected to no agent or chain: it never runs",
                self.loc("nodes", index, "name"),
                help="connect it to the agent or chain that should use it, or delete it",
            )
        )

    def _connect(self) -> None:
        names = {n["name"] for n in self.data["nodes"]}
        for source, outs in self.data["connections"].items():
            if source not in names:
                self.problems.append(
                    Problem(
                        "NN003",
                        f"connections from '{source}', a node this workflow does not have:"
                        " n8n never follows them",
                        self.loc("connections", source, key=True),
                        help="delete them, or rename the node they were meant for back to"
                        f" '{source}'",
                    )
                )
                continue
            node = self.nodes.get(source)
            main = outs.get("main")
            if node is None or not isinstance(main, list):
                continue
            for i, targets in enumerate(main):
                wired = []
                for j, target in enumerate(targets or []):
                    index = target.get("index", 0)
                    wired.append(
                        (
                            target["node"],
                            index,
                            self.loc("connections", source, "main", i, j, "node"),
                        )
                    )
                node.outputs.append(wired)

    # -- one node ----------------------------------------------------------------------
    def _node(self, name: str, node: _Node) -> tuple[Step, list[_Pending]]:
        data = node.data
        kind = data["type"]
        where = self.loc("nodes", node.index, "name")
        fields = self.doc.member_locations(("nodes", node.index))
        extra: dict[str, Any] = {"type": kind}
        for key in ("alwaysOutputData", "executeOnce"):
            if data.get(key) is True:
                extra[key] = True
        on_error = data.get("onError") or (
            "continueRegularOutput" if data.get("continueOnFail") else None
        )
        if on_error:
            extra["onError"] = on_error
        base = dict(id=name, location=where, fields=fields, description=kind, extra=extra)
        if data.get("disabled") is True:
            extra["disabled"] = True
            return Step(kind=StepKind.ACTION, **base), self._passthrough(name, node)
        if kind in (types.IF, types.FILTER):
            return self._filter(name, node, base)
        if kind == types.SWITCH:
            return self._switch(name, node, base)
        edges = self._plain(name, node, self._regular_outputs(node))
        channel = types.message_channel(data)
        if channel is not None and types.waits_for_reply(data):
            extra["channel"] = channel.channel  # asks an approver: no message to the person
            return Step(kind=StepKind.WAIT, event="reply", **base), edges
        if channel is not None:
            return Step(kind=StepKind.MESSAGE, **self._message(node, channel, base)), edges
        if kind == types.WAIT:
            step_kind, details = self._wait(node)
            return Step(kind=step_kind, **base, **details), edges
        if types.is_trigger(kind):
            extra["trigger"] = True
        if types.returns_many(data):
            extra["many"] = True
            # n8n runs no node after one that outputs no items: a read that finds
            # nothing ends the run (how a paging loop stops)
            edges.append(
                _Pending(
                    name, END, "no items", where, condition=cond.Opaque(f"{name} finds nothing")
                )
            )
        if types.collapses(data):
            extra["collapses"] = True
        return Step(kind=StepKind.ACTION, **base), edges

    def _regular_outputs(self, node: _Node) -> int:
        data = node.data
        kind = data["type"]
        if kind == types.LOOP and _version(data) >= 3:
            return 2
        if kind == "n8n-nodes-base.compareDatasets":
            return 4
        return max(1, len(node.outputs) - (data.get("onError") == "continueErrorOutput"))

    def _out(self, name: str, node: _Node, i: int, label: str, **kw: Any) -> list[_Pending]:
        """Edges of output ``i``; an output nothing is wired to ends its items' run."""
        wired = node.outputs[i] if i < len(node.outputs) else []
        if not wired:
            return [_Pending(name, END, label, self.loc("nodes", node.index, "name"), **kw)]
        return [_Pending(name, target, label, at, index=index, **kw) for target, index, at in wired]

    def _passthrough(self, name: str, node: _Node) -> list[_Pending]:
        return self._out(name, node, 0, "output[0]")

    def _plain(self, name: str, node: _Node, regular: int) -> list[_Pending]:
        data = node.data
        labels = [f"output[{i}]" for i in range(regular)]
        if data["type"] == types.LOOP and regular == 2:
            labels = ["done", "loop"]
        found = []
        for i, label in enumerate(labels):
            found.extend(self._out(name, node, i, label))
        if data.get("onError") == "continueErrorOutput":
            fails = cond.Opaque(f"{name} fails")
            found.extend(self._out(name, node, regular, "error", condition=fails))
        return found

    def _filter(self, name: str, node: _Node, base: dict[str, Any]) -> tuple[Step, list[_Pending]]:
        data = node.data
        keep = node_condition(data)
        at = self.loc("nodes", node.index, "parameters", "conditions")
        base["fields"] = {**base["fields"], "keep": at}
        step = Step(
            kind=StepKind.FILTER,
            conditions=(Condition(cond.render(keep), keep, at),),
            **base,
        )
        kept, dropped = ("true", "false") if data["type"] == types.IF else ("kept", "discarded")
        edges = self._out(name, node, 0, kept, condition=_always(keep))
        if data["type"] == types.IF:
            edges += self._out(
                name, node, 1, dropped, condition=cond.negation(keep), filtered_out=True
            )
        else:
            edges.append(
                _Pending(name, END, dropped, at, condition=cond.negation(keep), excludes=True)
            )
        if data.get("alwaysOutputData") is True and node.outputs and node.outputs[0]:
            nothing = cond.Opaque(f"no item passes {name}")
            edges += [
                replace(e, label="empty", condition=nothing)
                for e in self._out(name, node, 0, "empty")
            ]
        if data.get("onError") == "continueErrorOutput":
            edges += self._out(
                name,
                node,
                2 if data["type"] == types.IF else 1,
                "error",
                condition=cond.Opaque(f"{name} fails"),
            )
        return step, edges

    def _switch(self, name: str, node: _Node, base: dict[str, Any]) -> tuple[Step, list[_Pending]]:
        data = node.data
        params = data.get("parameters") or {}
        version = _version(data)
        rules, outputs, at = self._switch_rules(name, node, params, version)
        options = mapping(params.get("options"))
        fallback: Any = (
            options.get("fallbackOutput", "none")
            if version >= 3
            else params.get("fallbackOutput", -1)
        )
        if fallback == -1:
            fallback = "none"
        every = options.get("allMatchingOutputs") is True
        extra = {
            **base["extra"],
            "fallback": fallback,
            "mode": params.get("mode", "rules"),
            "reads": _reads(params, version),
        }
        conditions = tuple(Condition(cond.render(e), e, loc) for e, loc in rules)
        fields = {**base["fields"], "cases": at}
        if "options" in params and isinstance(options, Mapping) and "fallbackOutput" in options:
            fields["default"] = self.loc(
                "nodes", node.index, "parameters", "options", "fallbackOutput"
            )
        elif "fallbackOutput" in params:
            fields["default"] = self.loc("nodes", node.index, "parameters", "fallbackOutput")
        step = Step(
            kind=StepKind.BRANCH,
            conditions=conditions,
            **{**base, "extra": extra, "fields": fields},
        )
        exprs = [e for e, _ in rules]
        edges: list[_Pending] = []
        for k, (expr, _) in enumerate(rules):
            guard = (
                expr if every else cond.conjunction(*(cond.negation(e) for e in exprs[:k]), expr)
            )
            edges += self._out(
                name, node, outputs[k], f"output[{outputs[k]}]", condition=_always(guard)
            )
        unmatched = cond.conjunction(*(cond.negation(e) for e in exprs)) if exprs else None
        if fallback == "extra":
            edges += self._out(name, node, len(rules), "fallback", condition=unmatched)
        elif isinstance(fallback, int) and not isinstance(fallback, bool) and fallback >= 0:
            edges += self._out(name, node, fallback, "fallback", condition=unmatched)
        elif exprs:
            edges.append(_Pending(name, END, "unmatched", at, condition=unmatched))
        return step, edges

    def _switch_rules(
        self, name: str, node: _Node, params: Mapping[str, Any], version: float
    ) -> tuple[list[tuple[cond.Expr, Location]], list[int], Location]:
        """Each rule's condition and where it is, the output it feeds, where the rules are."""
        base = ("nodes", node.index, "parameters")
        found: list[tuple[cond.Expr, Location]] = []
        outputs: list[int] = []
        if params.get("mode", "rules") == "expression":
            count = params.get("numberOutputs" if version >= 3 else "outputsAmount", 4)
            count = count if isinstance(count, int) else len(node.outputs)
            at = self.loc(*base, "output") if "output" in params else self.loc(*base[:2], "name")
            for k in range(count):
                found.append((cond.Opaque(f"{name} output index is {k}"), at))
                outputs.append(k)
            return found, outputs, at
        rules = mapping(params.get("rules"))
        at = self.loc(*base, "rules") if "rules" in params else self.loc(*base[:2], "name")
        if version >= 3:
            for k, rule in enumerate(rules.get("values") or []):
                spec = rule.get("conditions") if isinstance(rule, Mapping) else None
                found.append((v2(f"{name} rule {k}", spec), self.loc(*base, "rules", "values", k)))
                outputs.append(k)
            return found, outputs, at
        kind = params.get("dataType", "number")
        for k, rule in enumerate(rules.get("rules") or []):
            if not isinstance(rule, Mapping):
                continue
            spec = {kind: [{"value1": params.get("value1"), **rule}]}
            found.append(
                (v1(f"{name} rule {k}", spec, "all"), self.loc(*base, "rules", "rules", k))
            )
            # v1 routes a rule to its `output`; v2 to the output of the rule's own index
            output = rule.get("output", 0) if version < 2 else k
            outputs.append(output if isinstance(output, int) else k)
        return found, outputs, at

    def _message(self, node: _Node, channel: types.Channel, base: dict[str, Any]) -> dict[str, Any]:
        data = node.data
        params = data.get("parameters") or {}
        fields = dict(base["fields"])
        subject = params.get("subject")
        final = False
        for text, where in (
            (data["name"], ("nodes", node.index, "name")),
            (subject, ("nodes", node.index, "parameters", "subject")),
        ):
            if isinstance(text, str) and self.policy.final.search(text):
                final = True
                fields["final"] = self.loc(*where)
                break
        recipient = next((params[p] for p in channel.recipient if p in params), None)
        extra = dict(base["extra"])
        if isinstance(recipient, str) and recipient.startswith("="):
            extra["recipient"] = recipient  # an expression: whom it names depends on the item
        return {
            **base,
            "fields": fields,
            "extra": extra,
            "channel": channel.channel,
            "final": final,
        }

    def _wait(self, node: _Node) -> tuple[StepKind, dict[str, Any]]:
        params = node.data.get("parameters") or {}
        resume = params.get("resume", "timeInterval")
        if resume in ("webhook", "form"):
            limit = params.get("limitWaitTime") is True
            return StepKind.WAIT, {"event": resume, "duration": None if not limit else 0.0}
        if resume == "timeInterval":
            amount = params.get("amount", 1)
            unit = params.get("unit", "hours")
            if isinstance(amount, int | float) and unit in _UNITS:
                return StepKind.DELAY, {"duration": float(amount) * _UNITS[unit]}
        return StepKind.DELAY, {"duration": None}

    def _trigger(self, name: str, node: _Node) -> Trigger | None:
        data = node.data
        kind = data["type"]
        if not types.is_trigger(kind) or data.get("disabled") is True:
            return None
        where = self.loc("nodes", node.index, "type")
        if kind in types.MANUAL_TRIGGERS:
            return Trigger("manual", name, where)
        if kind in types.SCHEDULES:
            return Trigger("schedule", name, where)
        if kind in types.INTERNAL_TRIGGERS:
            return Trigger("workflow", name, where)
        return Trigger("app", name, where)  # a webhook or an app event: no person's event

    # -- Loop Over Items ------------------------------------------------------------------
    def _loops(self, steps: dict[str, Step], pending: list[_Pending]) -> None:
        """Connections back into a Loop Over Items from its own loop go to its ``(next
        batch)`` step, which leads where ``done`` does: an item goes around once."""
        out: dict[str, list[_Pending]] = {}
        for p in pending:
            out.setdefault(p.source, []).append(p)
        for name, step in list(steps.items()):
            if step.extra.get("type") != types.LOOP or step.extra.get("disabled"):
                continue
            loop = [p.target for p in out.get(name, []) if p.label in ("loop", "output[0]")]
            inside = _reach(out, loop, avoid=name)  # what the loop runs, not what follows it
            back = [p for p in pending if p.target == name and p.source in inside]
            if not back:
                continue
            again = name + NEXT_BATCH
            steps[again] = Step(again, StepKind.ACTION, step.location, description="next batch")
            for p in back:
                p.target = again
            done = [p for p in out.get(name, []) if p.label == "done"]
            pending.extend(replace(p, source=again) for p in done)
            if not done:
                pending.append(_Pending(again, END, "done", step.location))

    def _rounds(self, steps: dict[str, Step], pending: list[_Pending], starts: list[str]) -> None:
        """A connection back to an earlier node, on a loop that fetches data (a read, an
        HTTP request, a sub-workflow), starts a new round with new items: it ends the
        items that took it (``next round``) instead of taking them around again. A loop
        that fetches nothing keeps its cycle: the same items go round."""
        out: dict[str, list[_Pending]] = {}
        for p in pending:
            out.setdefault(p.source, []).append(p)
        back: list[_Pending] = []
        state: dict[str, int] = {}  # 1: on the depth-first stack, 2: done
        for start in starts:
            if start in state:
                continue
            stack = [(start, iter(out.get(start, [])))]
            state[start] = 1
            while stack:
                name, edges = stack[-1]
                edge = next(edges, None)
                if edge is None:
                    state[name] = 2
                    stack.pop()
                elif state.get(edge.target) == 1:
                    back.append(edge)
                elif edge.target not in state and edge.target in steps:
                    state[edge.target] = 1
                    stack.append((edge.target, iter(out.get(edge.target, []))))
        for edge in back:
            loop = _reach(out, [edge.target]) & _reached_by(pending, edge.source)
            if any(_fetches(steps[n]) for n in loop if n in steps):
                edge.target, edge.label = END, "next round"

    # -- which `false` outputs are filtered-out paths --------------------------------------
    def _resolve(self, pending: list[_Pending], steps: Mapping[str, Step]) -> tuple[Edge, ...]:
        out: dict[str, list[_Pending]] = {}
        for p in pending:
            out.setdefault(p.source, []).append(p)
        found = []
        for p in pending:
            excludes = p.excludes or (p.filtered_out and self._excluding(p, out, steps))
            found.append(Edge(p.source, p.target, p.label, p.location, p.condition, excludes))
        return tuple(found)

    def _excluding(
        self, edge: _Pending, out: Mapping[str, list[_Pending]], steps: Mapping[str, Step]
    ) -> bool:
        """Were the items on an IF's ``false`` output meant to stop?

        An unconnected ``false`` output says so. A connected one is an "else" branch,
        usually on purpose; it is a filtered-out path when the options say so, when
        it leads to exactly the nodes the ``true`` output leads to (the IF decides
        nothing: an editing slip), or when it reaches a final message.
        """
        if edge.target == END or self.policy.strict_filters:
            return True
        if any(fnmatch.fnmatchcase(edge.source, glob) for glob in self.policy.filtered_out):
            return True
        kept = {(p.target, p.index) for p in out.get(edge.source, []) if p.label == "true"}
        dropped = {(p.target, p.index) for p in out.get(edge.source, []) if p.label == "false"}
        if kept == dropped:
            return True
        for name in _reach(out, [edge.target]):
            step = steps.get(name)
            if step is not None and step.kind is StepKind.MESSAGE and step.final:
                return True
        return False


def _reach(out: Mapping[str, list[_Pending]], sources: list[str], avoid: str = "") -> set[str]:
    """The nodes reachable from ``sources`` (included), not going through ``avoid``."""
    seen: set[str] = {avoid} if avoid else set()
    queue = deque(sources)
    while queue:
        name = queue.popleft()
        if name in seen:
            continue
        seen.add(name)
        queue.extend(p.target for p in out.get(name, []))
    return seen - {avoid}


_NODE_REFERENCE = re.compile(
    r"""\$\(\s*(?:'([^']*)'|"([^"]*)")\s*\)|\$node\[\s*(?:'([^']*)'|"([^"]*)")\s*\]"""
)


def _reads(params: Mapping[str, Any], version: float) -> tuple[str, ...]:
    """Whose data a Switch's rules test: node names, and "" for the incoming item."""
    rules = mapping(params.get("rules"))
    if version >= 3:
        values = [
            c.get("leftValue")
            for rule in rules.get("values") or []
            for c in mapping(mapping(rule).get("conditions")).get("conditions") or []
            if isinstance(c, Mapping)
        ]
    else:
        values = [params.get("value1")]
    found: set[str] = set()
    for value in values:
        text = value if isinstance(value, str) else ""
        if "$json" in text or "$input" in text:
            found.add("")
        for match in _NODE_REFERENCE.finditer(text):
            found.add(next(g for g in match.groups() if g is not None))
    return tuple(sorted(found))


def _reached_by(pending: list[_Pending], target: str) -> set[str]:
    """The nodes from which ``target`` can be reached (itself included)."""
    into: dict[str, list[str]] = {}
    for p in pending:
        into.setdefault(p.target, []).append(p.source)
    seen: set[str] = set()
    queue = deque([target])
    while queue:
        name = queue.popleft()
        if name not in seen:
            seen.add(name)
            queue.extend(into.get(name, ()))
    return seen


def _fetches(step: Step) -> bool:
    """Whether a node brings in new items (a read, an HTTP request, a sub-workflow)."""
    return bool(step.extra.get("many")) or step.extra.get("type") in types.FETCHING


def _version(node: Mapping[str, Any]) -> float:
    version = node.get("typeVersion", 1)
    return float(version) if isinstance(version, int | float) else 1.0


def _always(expr: cond.Expr) -> cond.Expr | None:
    return None if expr == cond.TRUE else expr
