"""One PostHog workflow (HogFlow) -> lintkit's IR, with the executor's semantics.

What the PostHog executor does (nodejs/src/cdp/services/hogflows/), and how it
maps (docs/hogflow.md has the whole table):

* A run starts at the trigger action's ``continue`` edge; the trigger is not a step.
* An action whose own ``filters`` don't match the person is *skipped*: the person
  follows its ``continue`` edge without the action running. Such an action gets a
  synthetic filter step ``<id> (conditions)`` in front of it: ``next`` runs the
  action, ``skip`` is the continue edge taken without it.
* A conditional branch takes ``branch[i]`` of the first matching condition, else
  ``continue``. A random cohort branch takes ``branch[i]`` by percentage.
* ``wait_until_condition`` takes ``branch[0]`` when the condition matches and
  ``continue`` (label ``on_timeout``) after ``max_wait_duration``.
* An edge PostHog never follows (a second ``continue``, a branch index the action
  does not have) is a load problem, not an IR edge.

Which filtered-out edges are *excluding* (people on them were meant to leave, so
``filtered-out-reaches-message`` reports messages after them) is the policy in
``_excluding``; see docs/hogflow.md for why.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lintkit.core.durations import format_duration
from lintkit.core.types import Location, Problem
from lintkit.dialects.hogflow.entry import Entry
from lintkit.dialects.hogflow.filters import event_names, filters_expr, is_evaluable
from lintkit.documents.parse import Document, JsonPath
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import (
    CHANNEL_REQUIRES,
    Condition,
    Edge,
    Phrases,
    Step,
    StepKind,
    StepRef,
    Sym,
    Terms,
    Throttle,
    Workflow,
    pickled_by_name,
)

DIALECT = "hogflow"
GATE_SUFFIX = " (conditions)"
NATIVE_MESSAGES = {"function_email": "email", "function_sms": "sms", "function_push": "push"}
# Action types PostHog has that lintkit models only as "an action with branches".
GENERIC_TYPES = ("agent_task", "experiment_branch", "ai_decision", "llm")
# The executor caps each unit of a duration (nodejs/src/cdp/services/hogflows/actions/delay.ts).
_UNIT_MAX = {"d": 30, "h": 24, "m": 60, "s": 60}
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"^(\d*\.?\d+)([dhms])$")
# How the rules' findings say things in PostHog's words (the editor's and the JSON's).
TERMS = Terms(
    step="action",
    steps="actions",
    entry="the trigger's first action",
    exit="an exit action",
    start="the trigger's `continue` edge",
    next="`continue` edge",
    default="`continue` edge",
    edges={
        "continue": "the `continue` edge",
        "branch": "the `branch` edge with index {i}",
        "skip": "the `continue` edge",
        "on_timeout": "the timeout edge",
        "next": "the match of the conditions",
    },
)
# Pickled workflows name these rather than copy them.
pickled_by_name(TERMS, f"{__name__}:TERMS")
# The rules' own phrases in PostHog's words, by rule code. WF202's `every_time`
# depends on each workflow's `trigger_masking`: the builder adds it.
PHRASES: Phrases = {
    "WF101": {"link": "an edge (`continue` or `branch`)"},
    "WF102": {
        "add_next": "add a `continue` edge (to an exit action if the path is over)",
        "way_out": "a conditional branch or a wait's timeout",
    },
    "WF103": {"pause": "a delay (or a wait with a maximum wait time)"},
    "WF201": {
        "split": "a conditional branch with a condition for each group",
        # A skipped action sends people on along its own `continue` edge, the same
        # edge the people it ran for take: re-pointing it would move those too.
        "leave.skip": "move these conditions into a conditional branch in front of the"
        " action, with its `continue` edge to an exit action (a skipped action sends"
        " people on along its own `continue` edge)",
    },
    "WF202": {
        "once": "a `trigger_masking` on `{person.id}` with no `ttl` (Frequency: one time,"
        " indefinitely)",
        "reentry": "the `trigger_masking` `ttl`",
        "exclusive": "run '{workflow}' and '{other}' as one workflow triggered by both,"
        " with a `trigger_masking` on `{person.id}`",
        "skip_event": "",  # a step's conditions read the run's own event, not what the person did
    },
    "WF203": {
        "anonymous": "no trigger filter requires an identified person",
        "no_anonymous": "add a person filter such as `{address}` is set to the trigger",
        "guard": "check that `{address}` is set (a conditional branch, or the action's own"
        " conditions)",
    },
    "WF204": {"add_default": "a `continue` edge"},
    "WF206": {
        "bulk": "a batch trigger",
        "throttle": "set the workflow's `email_sending_rate_limit` (at most N emails a minute"
        " or an hour)",
        "throttle_channels": "email",
    },
}


@dataclass(frozen=True)
class Policy:
    """The dialect options, resolved."""

    final: re.Pattern[str]  # what makes a message final (name, description, subject)
    strict_skips: bool  # every filtered-out edge excludes, whatever it reaches
    channels: Mapping[str, str]  # `function` template_id -> channel ("" = not a message)


@dataclass
class _Pending:
    """An edge whose ``excludes`` waits for the policy (it needs the whole graph)."""

    source: str
    target: str
    label: str
    location: Location
    condition: cond.Expr | None = None
    filtered_out: bool = False  # a skip edge, or the else of a single-condition branch


@dataclass
class _Wiring:
    """The edges PostHog follows, by source: the first `continue`, branches by index."""

    continues: dict[str, tuple[str, int]] = field(default_factory=dict)
    branches: dict[str, dict[int, tuple[str, int]]] = field(default_factory=dict)


class FlowBuilder:
    """Builds the IR of one (schema-valid) HogFlow; wiring mistakes become problems
    whose kind is the code of the rule that reports them (HF0xx)."""

    def __init__(self, doc: Document, policy: Policy, fallback_id: str) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.policy = policy
        self.fallback_id = fallback_id
        self.problems: list[Problem] = []
        self.actions: list[dict[str, Any]] = self.data["actions"]
        self.index: dict[str, int] = {}  # action id -> position of its first definition
        self.gates: dict[str, str] = {}  # action id -> its conditions step
        self.trigger: int | None = None
        self.cached: dict[int, tuple[Condition, ...]] = {}  # branch conditions by action
        self.refs: list[StepRef] = []  # where the file names an action besides an edge's `to`

    # -- positions ----------------------------------------------------------------
    def loc(self, *path: Any, key: bool = False) -> Location:
        return self.doc.location(path, key=key)

    def problem(
        self, kind: str, message: str, *path: Any, key: bool = False, help: str = ""
    ) -> None:
        """``kind``: the code of the HF rule that reports it, or "condition" (WF003)."""
        self.problems.append(Problem(kind, message, self.loc(*path, key=key), help=help))

    # -- the workflow -----------------------------------------------------------------
    def build(self) -> Workflow:
        self._index_actions()
        wiring = self._wiring()
        steps: dict[str, Step] = {}
        pending: list[_Pending] = []
        for i, action in enumerate(self.actions):
            aid = action["id"]
            if self.index.get(aid) != i or action["type"] == "trigger":
                continue
            step = self._step(i, action)
            if aid in self.gates:
                steps[self.gates[aid]] = self._gate_step(i, action)
                pending.extend(self._gate_edges(i, action, wiring))
            steps[aid] = step
            pending.extend(self._edges(i, action, wiring))
        edges = self._resolve(pending, steps)
        entry = Entry(self.doc, self.trigger)
        return Workflow(
            id=self._workflow_id(),
            dialect=DIALECT,
            path=self.doc.path,
            location=self._workflow_location(),
            steps=steps,
            edges=edges,
            start=self._start(wiring),
            step_refs=tuple(self.refs),
            attributes=None,
            triggers=entry.triggers(),
            enrollment=entry.enrollment(),
            description=str(self.data.get("description") or self.data.get("name") or ""),
            terms=TERMS,
            phrases={**PHRASES, "WF202": {**PHRASES["WF202"], "every_time": entry.every_time()}},
            reentry_after=entry.reentry_after(),
        )

    def _workflow_id(self) -> str:
        for key in ("key", "name", "id"):
            if self.data.get(key):
                return str(self.data[key])
        return self.fallback_id

    def _workflow_location(self) -> Location:
        for key in ("key", "name", "id"):
            if self.data.get(key):
                return self.loc(key)
        return self.loc()

    def _index_actions(self) -> None:
        triggers = []
        for i, action in enumerate(self.actions):
            aid = action["id"]
            if aid in self.index:
                first = self.loc("actions", self.index[aid], "id")
                self.problem(
                    "HF001",
                    f"duplicate action id '{aid}' (first defined at line {first.line});"
                    " PostHog rejects the workflow",
                    "actions",
                    i,
                    "id",
                    help="give every action its own id",
                )
                continue
            self.index[aid] = i
            if action["type"] == "trigger":
                triggers.append(i)
            elif is_evaluable(action.get("filters")):
                gate = aid + GATE_SUFFIX
                while gate in self.index or gate in self.gates.values():
                    gate += "'"
                self.gates[aid] = gate
        if not triggers:
            self.problem(
                "HF002",
                "the workflow has no trigger action; PostHog requires exactly one",
                "actions",
                key=True,
            )
        for extra in triggers[1:]:
            self.problem(
                "HF003",
                "a second trigger action; PostHog requires exactly one",
                "actions",
                extra,
                "type",
            )
        self.trigger = triggers[0] if triggers else None

    def _node(self, target: str) -> str:
        """Where an edge to ``target`` leads in the IR: its conditions step if it has one."""
        return self.gates.get(target, target)

    # -- edges as PostHog follows them ---------------------------------------------------
    def _wiring(self) -> _Wiring:
        wiring = _Wiring()
        for j, edge in enumerate(self.data["edges"]):
            source, target = edge["from"], edge["to"]
            self._refer("an edge's `from`", source, "edges", j, "from")
            if source not in self.index:
                continue  # unknown-step reports it; PostHog never follows the edge
            action = self.actions[self.index[source]]
            if edge["type"] == "continue":
                if source in wiring.continues:
                    first = wiring.continues[source][0]
                    self.problem(
                        "HF005",
                        f"action '{source}' has a second `continue` edge (to '{target}');"
                        f" PostHog follows only the first one, to '{first}'",
                        "edges",
                        j,
                        help="delete one of the two `continue` edges",
                    )
                    continue
                wiring.continues[source] = (target, j)
                continue
            index = edge["index"]
            slots = _branch_slots(action)
            taken = wiring.branches.setdefault(source, {})
            if slots == 0:
                self.problem(
                    "HF006",
                    f"action '{source}' ({action['type']}) has no branches; PostHog rejects"
                    " a `branch` edge from it",
                    "edges",
                    j,
                    "type",
                    help="use a `continue` edge",
                )
            elif slots is not None and index >= slots:
                self.problem(
                    "HF007",
                    f"branch index {index} is out of range: '{source}' has {slots}"
                    f" branch{'es' if slots != 1 else ''} (index 0 to {slots - 1})",
                    "edges",
                    j,
                    "index",
                )
            elif index in taken:
                self.problem(
                    "HF008",
                    f"a second `branch` edge with index {index} from '{source}';"
                    f" PostHog rejects the workflow (the first goes to '{taken[index][0]}')",
                    "edges",
                    j,
                    "index",
                )
            else:
                taken[index] = (target, j)
        abort = self.data.get("abort_action")
        if abort:
            self._refer("abort_action", abort, "abort_action")
        return wiring

    def _refer(self, what: str, action_id: str, *path: Any) -> None:
        """A place that names an action, for unknown-step; a trigger is no step but exists."""
        known = self.index.get(action_id)
        if known is None or self.actions[known]["type"] != "trigger":
            self.refs.append(StepRef(what, Sym(action_id, self.loc(*path))))

    def _start(self, wiring: _Wiring) -> Sym | None:
        if self.trigger is None:
            return None
        trigger_id = self.actions[self.trigger]["id"]
        if trigger_id not in wiring.continues:
            self.problem(
                "HF004",
                f"the trigger '{trigger_id}' has no `continue` edge: the workflow does nothing",
                "actions",
                self.trigger,
                "id",
                help='add an edge {"from": trigger, "to": first step, "type": "continue"}',
            )
            return None
        target, j = wiring.continues[trigger_id]
        return Sym(self._node(target), self.loc("edges", j, "to"))

    def _target(self, target: str) -> str:
        """An edge back to the trigger continues where the trigger does."""
        if self.trigger is not None and target == self.actions[self.trigger]["id"]:
            return "\0trigger"
        return self._node(target)

    def _edges(self, i: int, action: dict[str, Any], wiring: _Wiring) -> list[_Pending]:
        aid, kind = action["id"], action["type"]
        config = action.get("config") or {}
        cont = wiring.continues.get(aid)
        branches = wiring.branches.get(aid, {})

        def edge(
            label: str,
            to: tuple[str, int],
            condition: cond.Expr | None = None,
            filtered_out: bool = False,
        ) -> _Pending:
            return _Pending(
                aid,
                self._target(to[0]),
                label,
                self.loc("edges", to[1], "to"),
                condition,
                filtered_out,
            )

        found: list[_Pending] = []
        if kind == "exit":
            return found  # a run ends at an exit; edges from it are never followed
        if kind == "conditional_branch":
            exprs = _exprs(self._branch_conditions(i, config))
            for k, expr in enumerate(exprs):
                guard = cond.conjunction(*(_not(e) for e in exprs[:k]), expr)
                if k in branches:
                    found.append(edge(f"branch[{k}]", branches[k], _always(guard)))
                else:
                    self.problem(
                        "HF009",
                        f"condition {k + 1} of '{aid}' has no `branch` edge (index {k}):"
                        " PostHog ends the run of everyone who matches it",
                        "actions",
                        i,
                        "config",
                        "conditions",
                        k,
                        help=f"add an edge from '{aid}' with type branch and index {k}",
                    )
            if cont:
                found.append(
                    edge(
                        "continue",
                        cont,
                        _always(cond.conjunction(*(_not(e) for e in exprs))),
                        filtered_out=len(exprs) == 1,
                    )
                )
            else:
                self.problem(
                    "HF011",
                    f"conditional branch '{aid}' has no `continue` edge: PostHog ends the run"
                    " of everyone who matches none of its conditions",
                    "actions",
                    i,
                    "id",
                    help="add a `continue` edge (to an exit action if they should leave)",
                )
        elif kind == "random_cohort_branch":
            cohorts = config.get("cohorts") or []
            if not cohorts:
                if cont:
                    found.append(edge("continue", cont))
                return found
            exprs = _exprs(self._cohort_conditions(i, action))
            for k in range(len(cohorts)):
                last = k == len(cohorts) - 1
                guard = cond.conjunction(*(_not(e) for e in exprs[:k]), None if last else exprs[k])
                if k in branches:
                    found.append(edge(f"branch[{k}]", branches[k], _always(guard)))
                else:
                    self.problem(
                        "HF009",
                        f"cohort {k + 1} of '{aid}' has no `branch` edge (index {k}):"
                        " PostHog ends the run of everyone drawn into it",
                        "actions",
                        i,
                        "config",
                        "cohorts",
                        k,
                        help=f"add an edge from '{aid}' with type branch and index {k}",
                    )
        elif kind in ("wait_until_condition", "wait_until_event"):
            met = self._wait_condition(config)
            met_edge, timeout_edge = branches.get(0), cont
            if kind == "wait_until_event":  # the prototype wired these the other way round
                met_edge, timeout_edge = cont, branches.get(0)
            met_label = "branch[0]" if kind == "wait_until_condition" else "continue"
            if met_edge:
                found.append(edge(met_label, met_edge, _always(met)))
            elif kind == "wait_until_condition":
                self.problem(
                    "HF010",
                    f"wait '{aid}' has no condition-met edge (a `branch` edge with index 0):"
                    " people only ever leave it on timeout; PostHog rejects the workflow",
                    "actions",
                    i,
                    "id",
                    help=f"add an edge from '{aid}' with type branch and index 0",
                )
            if timeout_edge:
                found.append(edge("on_timeout", timeout_edge, _not(met)))
        elif kind in GENERIC_TYPES and branches:
            outcomes = [cond.Opaque(f"{aid} outcome {k + 1}") for k in sorted(branches)]
            for n, k in enumerate(sorted(branches)):
                guard = cond.conjunction(*(_not(e) for e in outcomes[:n]), outcomes[n])
                found.append(edge(f"branch[{k}]", branches[k], guard))
            if cont:
                found.append(edge("continue", cont, cond.conjunction(*(_not(e) for e in outcomes))))
        elif cont:
            found.append(edge("continue", cont))
        return found

    # -- a step's own conditions (PostHog skips the step when they don't match) ----------
    def _gate_step(self, i: int, action: dict[str, Any]) -> Step:
        expr = filters_expr(action["filters"])
        self._bytecode_error(action["filters"], "actions", i, "filters")
        where = self.loc("actions", i, "filters")
        return Step(
            id=self.gates[action["id"]],
            kind=StepKind.FILTER,
            location=self.loc("actions", i, "filters", key=True),
            fields={
                "keep": where,
                "filters": where,
                "next": where,
                "name": self.loc("actions", i, "name"),
                "type": self.loc("actions", i, "type"),
            },
            description=f"conditions of {action.get('name') or action['id']}",
            conditions=(Condition(cond.render(expr), expr, where),),
        )

    def _gate_edges(self, i: int, action: dict[str, Any], wiring: _Wiring) -> list[_Pending]:
        aid = action["id"]
        keep = filters_expr(action["filters"])
        found = [_Pending(self.gates[aid], aid, "next", self.loc("actions", i, "filters"), keep)]
        cont = wiring.continues.get(aid)
        # A missing target is reported once, on the action's own `continue` edge.
        if cont and (cont[0] in self.index):
            found.append(
                _Pending(
                    self.gates[aid],
                    self._target(cont[0]),
                    "skip",
                    self.loc("edges", cont[1], "to"),
                    _not(keep),
                    True,
                )
            )
        return found

    # -- steps -------------------------------------------------------------------------
    def _step(self, i: int, action: dict[str, Any]) -> Step:
        base: JsonPath = ("actions", i)
        kind = action["type"]
        config = action.get("config") or {}
        fields = {key: self.loc(*base, key) for key in action}
        fields["channel"] = fields["type"]
        details: dict[str, Any] = {}
        channel = self._channel(action)
        if channel:
            step_kind = StepKind.MESSAGE
            details.update(self._message(i, action, channel, fields))
        elif kind == "delay":
            step_kind = StepKind.DELAY
            if "delay_duration" in config:
                details["duration"] = self._duration(
                    config["delay_duration"], *base, "config", "delay_duration"
                )
                fields["duration"] = self.loc(*base, "config", "delay_duration")
            elif "max_delay_duration" in config:  # a `delay_until` waits at most this long
                details["duration"] = self._duration(
                    config["max_delay_duration"], *base, "config", "max_delay_duration"
                )
                fields["duration"] = self.loc(*base, "config", "max_delay_duration")
        elif kind == "wait_until_time_window":
            step_kind = StepKind.DELAY
            # It waits for the next matching window: at most a day, or a week for set days.
            any_day, any_time = config["day"] == "any", config["time"] == "any"
            details["duration"] = 0.0 if any_day and any_time else 86400.0 if any_day else 604800.0
        elif kind in ("wait_until_condition", "wait_until_event"):
            step_kind = StepKind.WAIT
            details["duration"] = self._duration(
                config["max_wait_duration"], *base, "config", "max_wait_duration"
            )
            fields["timeout"] = fields["duration"] = self.loc(*base, "config", "max_wait_duration")
            events = [
                name
                for e in config.get("events") or []
                for _, name in event_names(e.get("filters"))
                if name
            ]
            details["event"] = events[0] if events else None
            if kind == "wait_until_condition":
                filters = (config.get("condition") or {}).get("filters")
                self._bytecode_error(filters, *base, "config", "condition", "filters")
        elif kind == "conditional_branch":
            step_kind = StepKind.BRANCH
            details["conditions"] = self._branch_conditions(i, config)
            fields["cases"] = self.loc(*base, "config", "conditions")
            if len(details["conditions"]) == 1:  # a filter: what it keeps
                fields["keep"] = details["conditions"][0].location
            if config.get("delay_duration"):  # not modelled, but PostHog caps it too
                self._duration(config["delay_duration"], *base, "config", "delay_duration")
        elif kind == "random_cohort_branch":
            step_kind = StepKind.BRANCH
            details["conditions"] = self._cohort_conditions(i, action)
            fields["cases"] = self.loc(*base, "config", "cohorts")
        elif kind == "exit":
            step_kind = StepKind.EXIT
        else:  # a destination that does not message the person, and newer action types
            step_kind = StepKind.ACTION
        return Step(
            id=action["id"],
            kind=step_kind,
            location=self.loc(*base, "id"),
            fields=fields,
            description=str(action.get("name") or ""),
            **details,
        )

    def _channel(self, action: dict[str, Any]) -> str:
        if action["type"] in NATIVE_MESSAGES:
            return NATIVE_MESSAGES[action["type"]]
        if action["type"] == "function":
            template = (action.get("config") or {}).get("template_id")
            return self.policy.channels.get(str(template), "")
        return ""

    def _message(
        self, i: int, action: dict[str, Any], channel: str, fields: dict[str, Location]
    ) -> dict[str, Any]:
        base: JsonPath = ("actions", i)
        inputs = (action.get("config") or {}).get("inputs") or {}
        subject, subject_path = _subject(inputs)
        template = subject or str(action.get("name") or action["id"])
        if subject_path:
            fields["template"] = self.loc(*base, "config", "inputs", *subject_path)
        elif action.get("name"):
            fields["template"] = self.loc(*base, "name")
        final = False
        for text, where in (
            (action.get("name"), (*base, "name")),
            (action.get("description"), (*base, "description")),
            (subject, (*base, "config", "inputs", *subject_path)),
        ):
            if isinstance(text, str) and text and self.policy.final.search(text):
                final = True
                fields["final"] = self.loc(*where)
                break
        throttle = None
        limit = self.data.get("email_sending_rate_limit")
        if channel == "email" and isinstance(limit, dict):
            # PostHog's email worker holds this flow's sends under the limit.
            throttle = Throttle(**{f"per_{limit['period']}": limit["count"]})
            fields["throttle"] = self.loc("email_sending_rate_limit")
        return {
            "channel": channel,
            "template": template,
            "throttle": throttle,
            "final": final,
            "requires": CHANNEL_REQUIRES.get(channel, ()),
        }

    def _branch_conditions(self, i: int, config: dict[str, Any]) -> tuple[Condition, ...]:
        if i in self.cached:  # the step and its edges both need them; report problems once
            return self.cached[i]
        found = []
        for k, case in enumerate(config.get("conditions") or []):
            filters = case.get("filters") if isinstance(case, dict) else None
            path = ("actions", i, "config", "conditions", k, "filters")
            expr = filters_expr(filters)
            if filters is not None:
                self._bytecode_error(filters, *path)
            where = self.loc(*path) if filters is not None else self.loc(*path[:-1])
            found.append(Condition(cond.render(expr), expr, where))
        self.cached[i] = tuple(found)
        return self.cached[i]

    def _cohort_conditions(self, i: int, action: dict[str, Any]) -> tuple[Condition, ...]:
        cohorts = (action.get("config") or {}).get("cohorts") or []
        found = []
        for k, cohort in enumerate(cohorts):
            expr = cond.Opaque(f"{action['id']}: random cohort {k + 1} ({cohort['percentage']}%)")
            found.append(
                Condition(cond.render(expr), expr, self.loc("actions", i, "config", "cohorts", k))
            )
        return tuple(found)

    def _wait_condition(self, config: dict[str, Any]) -> cond.Expr:
        """When a wait's person moves on before the timeout."""
        parts = []
        condition = config.get("condition") or {}
        if is_evaluable(condition.get("filters")):
            # checked against each event the person does while waiting
            parts.append(filters_expr(condition["filters"], later_events=True))
        for entry in config.get("events") or []:
            filters = entry.get("filters") if isinstance(entry, dict) else None
            if isinstance(filters, dict) and (filters.get("events") or filters.get("actions")):
                parts.append(filters_expr(filters, later_events=True))
        if not parts:
            return cond.FALSE
        return parts[0] if len(parts) == 1 else cond.Or(tuple(parts))

    def _duration(self, text: str, *path: Any) -> float:
        """Seconds the executor waits for ``text``, after its per-unit cap."""
        match = _DURATION.match(text)
        assert match is not None  # the schema checked the pattern
        amount, unit = float(match.group(1)), match.group(2)
        if amount > _UNIT_MAX[unit]:
            seconds = amount * _UNIT_SECONDS[unit]
            capped = f"{_UNIT_MAX[unit]}{unit}"
            suggestion = _single_unit(seconds)
            self.problem(
                "HF012",
                f"'{text}' waits only {capped}: PostHog caps a duration at 30d, 24h, 60m or 60s",
                *path,
                help=f"write '{suggestion}'"
                if suggestion
                else f"{format_duration(seconds)} is longer than 30d: use two steps",
            )
            amount = _UNIT_MAX[unit]
        return amount * _UNIT_SECONDS[unit]

    def _bytecode_error(self, filters: Any, *path: Any) -> None:
        if isinstance(filters, dict) and filters.get("bytecode_error"):
            self.problem(
                "condition",  # invalid-condition (WF003), as for every format
                f"PostHog could not compile these filters: {filters['bytecode_error']}",
                *path,
                "bytecode_error",
                help="fix the filter in PostHog; until then it matches nobody",
            )

    # -- which filtered-out edges exclude people ------------------------------------------
    def _resolve(self, pending: list[_Pending], steps: dict[str, Step]) -> tuple[Edge, ...]:
        start = self._start_target()
        for p in pending:
            if p.target == "\0trigger":
                p.target = start or self.actions[self.trigger or 0]["id"]
        successors: dict[str, list[str]] = {}
        for p in pending:
            successors.setdefault(p.source, []).append(p.target)
        return tuple(
            Edge(
                p.source,
                p.target,
                p.label,
                p.location,
                p.condition,
                excludes=p.filtered_out and self._excluding(p.target, steps, successors),
            )
            for p in pending
        )

    def _start_target(self) -> str | None:
        if self.trigger is None:
            return None
        trigger_id = self.actions[self.trigger]["id"]
        for edge in self.data["edges"]:
            if edge["from"] == trigger_id and edge["type"] == "continue":
                return self._node(edge["to"])
        return None

    def _excluding(
        self, target: str, steps: Mapping[str, Step], successors: Mapping[str, list[str]]
    ) -> bool:
        """Were the people on a filtered-out edge to ``target`` meant to leave?

        In PostHog a skipped step leads on to the next one by design, so reaching an
        ordinary message is presumed intended. Reaching a final message is not: that
        is the credits incident. Reaching no message at all is harmless either way.
        """
        if self.policy.strict_skips:
            return True
        seen: set[str] = set()
        queue = deque([target])
        messages = False
        while queue:
            step_id = queue.popleft()
            if step_id in seen or step_id not in steps:
                continue
            seen.add(step_id)
            step = steps[step_id]
            if step.kind is StepKind.MESSAGE:
                if step.final:
                    return True
                messages = True
            queue.extend(successors.get(step_id, ()))
        return not messages


# -- helpers ----------------------------------------------------------------------------
def _branch_slots(action: dict[str, Any]) -> int | None:
    """How many `branch` edges an action can have (None: lintkit does not know)."""
    config = action.get("config") or {}
    kind = action["type"]
    if kind == "conditional_branch":
        return len(config.get("conditions") or [])
    if kind == "random_cohort_branch":
        return len(config.get("cohorts") or [])
    if kind in ("wait_until_condition", "wait_until_event", "agent_task"):
        return 1
    if kind in GENERIC_TYPES:
        return None
    return 0


def _subject(inputs: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """An email's subject line and where it is, as PostHog's email inputs hold it."""
    email = inputs.get("email")
    if isinstance(email, dict) and isinstance(email.get("value"), dict):
        subject = email["value"].get("subject")
        if isinstance(subject, str) and subject:
            return subject, ("email", "value", "subject")
    subject_input = inputs.get("subject")
    if isinstance(subject_input, dict) and isinstance(subject_input.get("value"), str):
        return subject_input["value"], ("subject", "value")
    return "", ()


def _single_unit(seconds: float) -> str:
    """``seconds`` as one PostHog duration within its unit's cap, e.g. '2d' or '1.5h'."""
    for unit in ("d", "h", "m", "s"):
        amount = seconds / _UNIT_SECONDS[unit]
        if 1 <= amount <= _UNIT_MAX[unit] and round(amount, 2) == amount:
            return f"{amount:g}{unit}"
    return ""


def _exprs(conditions: tuple[Condition, ...]) -> list[cond.Expr]:
    return [c.expr if c.expr is not None else cond.Opaque(c.text) for c in conditions]


def _not(expr: cond.Expr) -> cond.Expr:
    return cond.negation(expr)


def _always(expr: cond.Expr) -> cond.Expr | None:
    return None if expr == cond.TRUE else expr
