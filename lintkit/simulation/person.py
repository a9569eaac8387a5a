"""One simulated person: what conditions can read about them, and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lintkit.core.durations import format_duration


@dataclass(frozen=True)
class Person:
    """Attribute values, events done, events still to come, identity, opaque tests.

    ``attributes`` leaves out the ones the person has no value for. ``events``
    were done before enrollment; ``arrivals`` are (logical seconds after
    enrollment, event) pairs that happen while the person is in the workflow.
    ``opaque`` holds the person's outcome of each test lintkit cannot see into
    (missing keys are false). An ``anonymous`` profile has no value for the
    attributes a message requires (email, phone).
    """

    attributes: Mapping[str, Any] = field(default_factory=dict)
    events: frozenset[str] = frozenset()
    arrivals: tuple[tuple[float, str], ...] = ()
    anonymous: bool = False
    opaque: Mapping[str, bool] = field(default_factory=dict)

    def events_at(self, now: float) -> frozenset[str]:
        """Events done by logical time ``now`` (an arrival at ``now`` counts)."""
        if not self.arrivals:
            return self.events
        return self.events | {event for at, event in self.arrivals if at <= now}

    def to_json(self) -> dict[str, Any]:
        return {
            "attributes": {name: self.attributes[name] for name in sorted(self.attributes)},
            "events": sorted(self.events),
            "arrivals": [
                {"event": event, "at": format_duration(at), "seconds": at}
                for at, event in sorted(self.arrivals)
            ],
            "anonymous": self.anonymous,
            "opaque": {key: self.opaque[key] for key in sorted(self.opaque)},
        }
