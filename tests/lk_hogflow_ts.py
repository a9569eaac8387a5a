"""HogFlow JSON -> the `hogFlow({...})` TypeScript file that defines the same workflow
(PostHog's `@posthog/definitions`), for the fixtures in tests/testdata/*/hogflow_*.ts.

The SDK takes `key` and the camelCase `exitCondition` / `triggerMasking`, and sends
actions and edges as written. Fields only the server sets (`id`, `version`,
timestamps) are left out, and the top-level `trigger` when it repeats the trigger
action's config (PostHog copies it there on save). A workflow without a `key`
gets its `name` as key, so the workflow keeps the id lintkit names it by.
"""

from __future__ import annotations

import json
import re
from typing import Any

CAMEL = {"exit_condition": "exitCondition", "trigger_masking": "triggerMasking"}
SERVER_ONLY = {"id", "team_id", "version", "created_at", "updated_at", "created_by"}
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
WIDTH = 80


def to_typescript(flow: dict[str, Any], source: str) -> str:
    top: dict[str, Any] = {"key": flow.get("key") or flow.get("name")}
    trigger_config = next(
        (a.get("config") for a in flow.get("actions", []) if a.get("type") == "trigger"), None
    )
    for key, value in flow.items():
        if key in SERVER_ONLY or key == "key":
            continue
        if key == "trigger" and value == trigger_config:
            continue
        top[CAMEL.get(key, key)] = value
    return (
        f"// {source} as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).\n"
        'import { hogFlow } from "@posthog/definitions";\n\n'
        f"export default hogFlow({_value(top, 0)});\n"
    )


def _value(value: Any, depth: int) -> str:
    """Prettier's way, roughly: a value on one line when it fits, else one item a line."""
    inline = _inline(value)
    if not isinstance(value, (dict, list)) or not value or len(inline) + 2 * depth <= WIDTH:
        return inline
    pad, close = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        items = [f"{pad}{_key(k)}: {_value(v, depth + 1)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{close}}}"
    items = [f"{pad}{_value(v, depth + 1)}," for v in value]
    return "[\n" + "\n".join(items) + f"\n{close}]"


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)}: {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _key(key: str) -> str:
    return key if _IDENTIFIER.fullmatch(key) else json.dumps(key, ensure_ascii=False)


if __name__ == "__main__":  # rewrite the fixtures: python tests/lk_hogflow_ts.py
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("testdata/*/hogflow_*.json")):
        try:
            flow = json.loads(path.read_text())
        except json.JSONDecodeError:
            continue
        if isinstance(flow, dict) and "actions" in flow:
            path.with_suffix(".ts").write_text(to_typescript(flow, path.name))
