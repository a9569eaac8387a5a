"""Small PostHog workflows (HogFlow JSON) for tests: a trigger on `signed_up`, actions, edges."""

from __future__ import annotations

import json
from typing import Any


def hogflow(actions: list[dict[str, Any]], edges: list[tuple[Any, ...]], **top: Any) -> str:
    """JSON text; ``edges`` are (from, to) `continue` edges or (from, to, index) `branch` edges."""
    trigger = top.pop("trigger", None) or {
        "type": "event",
        "filters": {"events": [{"id": "signed_up", "type": "events"}]},
    }
    flow = {
        "name": top.pop("name", "Onboarding"),
        "trigger": trigger,
        "exit_condition": "exit_only_at_end",
        **top,
        "actions": [
            {"id": "trigger_node", "name": "Trigger", "type": "trigger", "config": trigger},
            *actions,
            {"id": "exit_node", "name": "Exit", "type": "exit", "config": {}},
        ],
        "edges": [
            {"from": e[0], "to": e[1], "type": "continue"}
            if len(e) == 2
            else {"from": e[0], "to": e[1], "type": "branch", "index": e[2]}
            for e in edges
        ],
    }
    return json.dumps(flow, indent=2)


def email(aid: str, subject: str, filters: Any = None) -> dict[str, Any]:
    return {
        "id": aid,
        "name": subject,
        "type": "function_email",
        "filters": filters,
        "config": {
            "template_id": "template-email",
            "inputs": {"email": {"value": {"subject": subject}}},
        },
    }


def sms(aid: str, name: str) -> dict[str, Any]:
    return {
        "id": aid,
        "name": name,
        "type": "function_sms",
        "config": {"template_id": "template-twilio", "inputs": {}},
    }


def delay(aid: str, duration: str) -> dict[str, Any]:
    return {"id": aid, "name": aid, "type": "delay", "config": {"delay_duration": duration}}


def on_plan(*plans: str) -> dict[str, Any]:
    return {"properties": [{"key": "plan", "type": "person", "operator": "exact", "value": plans}]}


def mask(
    ttl: int | None, threshold: int | None = None, hash: str = "{person.id}"
) -> dict[str, Any]:
    """A `trigger_masking` (the editor's Frequency: one time per ``ttl`` seconds)."""
    return {"hash": hash, "ttl": ttl, "threshold": threshold}
