"""Who enters a PostHog workflow, and how often.

The runtime trigger is the top-level ``trigger`` (PostHog copies the trigger
action's config there on save; a hand-written file may have only the action).
``trigger_masking`` de-duplicates firings per hash for ``ttl`` seconds (no
``ttl``: the masker's maximum, 3 years, i.e. once), or with a ``threshold`` lets
every Nth firing through; PostHog otherwise starts a run for every matching
event. The editor's "Frequency: One time" is a mask on ``{person.id}``, with a
``ttl`` of 30 minutes unless "indefinitely" is chosen.
"""

from __future__ import annotations

import re
from typing import Any

from lintkit.core.durations import duration_text
from lintkit.dialects.hogflow.filters import event_names, requires_contact
from lintkit.documents.parse import Document, JsonPath
from lintkit.workflow.ir import Trigger


class Entry:
    """The entry side of one HogFlow; ``trigger`` is the trigger action's position."""

    def __init__(self, doc: Document, trigger: int | None) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.trigger = trigger
        self.config, self.base = self._config()

    def _config(self) -> tuple[dict[str, Any] | None, JsonPath]:
        if isinstance(self.data.get("trigger"), dict):
            return self.data["trigger"], ("trigger",)
        if self.trigger is not None:
            config = self.data["actions"][self.trigger].get("config")
            if isinstance(config, dict):
                return config, ("actions", self.trigger, "config")
        return None, ()

    def masked_per_person(self) -> bool:
        masking = self.data.get("trigger_masking")
        return isinstance(masking, dict) and bool(
            re.search(r"person|distinct_id", str(masking.get("hash", "")))
        )

    def _masking(self) -> dict[str, Any]:
        masking = self.data.get("trigger_masking")
        return masking if isinstance(masking, dict) else {}

    def triggers(self) -> tuple[Trigger, ...]:
        config, base = self.config, self.base
        if config is None:
            return ()

        def at(*path: Any) -> Any:
            return self.doc.location((*base, *path))

        kind = config["type"]
        filters = config.get("filters")
        masked = self.masked_per_person()
        anonymous = not requires_contact(filters)
        if kind in ("event", "internal-event"):
            found = [
                Trigger(
                    "event",
                    name,
                    at("filters", "events", k, "id"),
                    anonymous=anonymous,
                    deduplicated=masked,
                )
                for k, name in event_names(filters)
            ]
            actions = filters.get("actions") if isinstance(filters, dict) else None
            for k, action in enumerate(actions or []):
                found.append(
                    Trigger(
                        "action",
                        str(action.get("id")),
                        at("filters", "actions", k),
                        anonymous=anonymous,
                        deduplicated=masked,
                    )
                )
            # No event or action filter: PostHog starts a run on every event.
            return tuple(found) or (
                Trigger("event", None, at("type"), anonymous=anonymous, deduplicated=masked),
            )
        # A batch or webhook has no event name; the trigger step's name says who it is.
        label = self._trigger_name() or config.get("template_id")
        if kind == "batch":
            return (Trigger("batch", label, at("type"), anonymous=anonymous, bulk=True),)
        if kind in ("data-warehouse-table", "data-warehouse-view"):
            # One run per synced row: an import enrolls its rows all at once.
            table = str(config.get("table_name"))
            return (
                Trigger(
                    kind, table, at("table_name"), anonymous=True, bulk=True, deduplicated=masked
                ),
            )
        # webhook, manual, tracking_pixel, schedule: no person need be attached.
        return (Trigger(kind, label, at("type"), anonymous=True),)

    def _trigger_name(self) -> str | None:
        if self.trigger is None:
            return None
        name = self.data["actions"][self.trigger].get("name")
        return str(name) if name else None

    def enrollment(self) -> str:
        """Every matching event starts a run, unless masking lets a person in only once."""
        masking = self._masking()
        if self.masked_per_person() and masking.get("ttl") is None and not masking.get("threshold"):
            return "once"
        return "every_time"

    def reentry_after(self) -> float | None:
        """How long a per-person mask keeps a person from entering again (its ``ttl``).

        Only for a mask on the person alone: a hash that also reads the date
        ("once per calendar day") lets them in again at midnight, and a
        ``threshold`` lets every Nth trigger through within the window.
        """
        masking = self._masking()
        ttl = masking.get("ttl")
        hash_ = str(masking.get("hash", ""))
        if (
            not self.masked_per_person()
            or masking.get("threshold")
            or not isinstance(ttl, (int, float))
            or isinstance(ttl, bool)
            or re.search(r"now\(|today|date", hash_, re.IGNORECASE)
        ):
            return None
        return float(ttl)

    def every_time(self) -> str:
        """What lets a person in at every trigger, as a finding says it."""
        masking = self._masking()
        if not masking:
            return "no `trigger_masking`"
        if not self.masked_per_person():
            return "its `trigger_masking` is not per person"
        if masking.get("threshold"):
            return f"its `trigger_masking` lets 1 trigger in {masking['threshold']} through"
        ttl = self.reentry_after()
        if ttl is None:
            return "its `trigger_masking` lets a person in again the next day"
        return f"its `trigger_masking` lets a person in again after {duration_text(ttl)}"
