"""A fast test that a workflow has the shapes of ``schemas/n8n.json``.

The JSON Schema says what is wrong and where; walking it costs ~20 ms on a
workflow of a hundred nodes, most of the time lintkit spends on one. This test
costs a fraction of that and is tried first: only a workflow it rejects is
validated against the schema for the messages.
"""

from __future__ import annotations

from typing import Any

_FLAGS = ("disabled", "alwaysOutputData", "executeOnce", "continueOnFail")
_ON_ERROR = ("stopWorkflow", "continueRegularOutput", "continueErrorOutput")


def plainly_valid(data: Any) -> bool:
    """True when ``data`` certainly passes the n8n schema (False: ask the schema)."""
    if not isinstance(data, dict):
        return False
    nodes, connections = data.get("nodes"), data.get("connections")
    if not isinstance(nodes, list) or not isinstance(connections, dict):
        return False
    if "name" in data and not isinstance(data["name"], str):
        return False
    if "active" in data and not isinstance(data["active"], bool):
        return False
    if "settings" in data and not (data["settings"] is None or isinstance(data["settings"], dict)):
        return False
    return all(_node(n) for n in nodes) and all(_outputs(o) for o in connections.values())


def _node(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    name, kind = node.get("name"), node.get("type")
    if not (isinstance(name, str) and name and isinstance(kind, str) and kind):
        return False
    version = node.get("typeVersion", 1)
    if isinstance(version, bool) or not isinstance(version, int | float):
        return False
    if not isinstance(node.get("parameters", {}), dict):
        return False
    if any(key in node and not isinstance(node[key], bool) for key in _FLAGS):
        return False
    return "onError" not in node or node["onError"] in _ON_ERROR


def _outputs(outputs: Any) -> bool:
    if not isinstance(outputs, dict):
        return False
    for wired in outputs.values():
        if not isinstance(wired, list):
            return False
        for targets in wired:
            if targets is None:
                continue
            if not isinstance(targets, list):
                return False
            for target in targets:
                if not isinstance(target, dict) or not isinstance(target.get("node"), str):
                    return False
                if "type" in target and not isinstance(target["type"], str):
                    return False
                index = target.get("index", 0)
                if isinstance(index, bool) or not isinstance(index, int) or index < 0:
                    return False
    return True
