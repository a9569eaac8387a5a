"""What happened to one person: the steps they visited, messages, how it ended."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from lintkit.core.durations import format_duration
from lintkit.core.types import Location


def seconds(value: float) -> float | int:
    """A logical time for JSON: whole seconds print as integers."""
    return int(value) if float(value).is_integer() else value


def clock(value: float) -> str:
    return format_duration(value) if value > 0 else "0s"


class Outcome(str, enum.Enum):
    EXIT = "exit"  # reached an exit step
    FILTERED = "filtered"  # a filter with no `otherwise` dropped them: they left
    TIMED_OUT = "timed-out"  # a wait with no `on_timeout` timed out: they left
    WAITING = "waiting"  # waits (no timeout) for an event that never comes
    STUCK = "stuck"  # a step with no way out for this person
    MISSING_STEP = "missing-step"  # an edge names a step that does not exist
    BUDGET = "budget"  # the step budget ran out (a loop, or a path longer than the budget)

    @property
    def finished(self) -> bool:
        """Whether the person left the workflow the way its author meant."""
        return self in (Outcome.EXIT, Outcome.FILTERED, Outcome.TIMED_OUT, Outcome.WAITING)


@dataclass(frozen=True)
class Visit:
    """One step visited; ``edge`` is the way out taken (None: the run ended here)."""

    index: int
    graph: str  # the id of the (sub)graph the step belongs to
    frame: int  # one walk through a graph; a subgraph walked twice has two frames
    step: str
    kind: str
    time: float
    location: Location
    edge: str | None = None
    edge_location: Location | None = None
    target: str | None = None
    excludes: bool = False  # the edge taken is a filtered-out edge
    excluded_by: int | None = None  # index of the visit that filtered this person out

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "step": self.step,
            "kind": self.kind,
            "graph": self.graph,
            "time": clock(self.time),
            "seconds": seconds(self.time),
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
        }
        if self.edge is not None:
            data["edge"] = self.edge
            data["to"] = self.target
            if self.excludes:
                data["filtered_out"] = True
        return data


@dataclass(frozen=True)
class Sent:
    visit: int  # index of the message step's visit
    step: str
    template: str | None
    channel: str | None
    time: float

    @property
    def key(self) -> str:
        """What "the same message" means: the template, else the step."""
        return self.template or f"step {self.step}"

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "template": self.template,
            "channel": self.channel,
            "time": clock(self.time),
            "seconds": seconds(self.time),
        }


@dataclass(frozen=True)
class Trace:
    visits: tuple[Visit, ...]
    messages: tuple[Sent, ...]
    outcome: Outcome
    end: str | None  # the exit reached, or the step where the run stopped
    end_graph: str
    time: float  # the logical clock when the run ended

    @property
    def steps(self) -> tuple[str, ...]:
        """The ids of the steps visited, in order (nested graphs' steps included)."""
        return tuple(visit.step for visit in self.visits)

    @property
    def templates(self) -> tuple[str, ...]:
        """What was sent, in order: each message's template (or "step ID")."""
        return tuple(sent.key for sent in self.messages)

    @property
    def filtered_out(self) -> bool:
        """Whether a filter dropped the person (took a filtered-out edge)."""
        return any(visit.excludes for visit in self.visits)

    def why_budget(self) -> str:
        """A loop when a step came back; otherwise the path is just longer than the budget."""
        seen = {(v.frame, v.step) for v in self.visits}
        if len(seen) < len(self.visits):
            return "a loop"
        return f"no step repeated in {len(self.visits):,} steps: a path longer than the budget"

    def describe_end(self) -> str:
        where = f"'{self.end}'"
        return {
            Outcome.EXIT: f"reached exit {where}",
            Outcome.FILTERED: f"filtered out at {where} (no `otherwise`: left)",
            Outcome.TIMED_OUT: f"timed out at {where} (no `on_timeout`: left)",
            Outcome.WAITING: f"still waiting at {where} (no timeout)",
            Outcome.STUCK: f"stuck at {where}: no way out",
            Outcome.MISSING_STEP: f"sent to {where}, which does not exist",
            Outcome.BUDGET: f"step budget exhausted (last at {where}): {self.why_budget()}",
        }[self.outcome]

    def to_json(self) -> dict[str, Any]:
        return {
            "steps": [visit.to_json() for visit in self.visits],
            "messages": [sent.to_json() for sent in self.messages],
            "outcome": {"kind": self.outcome.value, "step": self.end, "graph": self.end_graph},
        }
