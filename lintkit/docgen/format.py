"""docs/format.md: the native workflow format, rendered from its JSON Schema.

The schema that validates every file is the one source: its ``description``s,
``required`` lists, ``enum``s, ``default``s and patterns become the reference.
Each ``$defs`` entry gets a section with a stable anchor (its name); an object
defined inline (a message's ``throttle``, a branch's ``cases``) shows as dotted
keys of its parent's table.
"""

from __future__ import annotations

import json
from typing import Any

Node = dict[str, Any]


def _ref_name(node: Node) -> str | None:
    ref = node.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else None


def _literal(value: Any) -> str:
    return f"`{json.dumps(value)}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


class FormatReference:
    def __init__(self, schema: Node) -> None:
        self.schema = schema
        self.defs: dict[str, Node] = schema.get("$defs", {})

    # -- pieces -----------------------------------------------------------------
    def type_of(self, node: Node) -> str:
        name = _ref_name(node)
        if name:
            return f"[{name}](#{name})"
        if "const" in node:
            return _literal(node["const"])
        if "enum" in node:
            return "one of " + ", ".join(_literal(v) for v in node["enum"])
        kind = node.get("type")
        if kind == "array":
            return "list of " + self.type_of(node.get("items", {}))
        if kind == "object" and isinstance(node.get("additionalProperties"), dict):
            keys = self.type_of(node["propertyNames"]) if "propertyNames" in node else "string"
            return f"mapping of {keys} to {self.type_of(node['additionalProperties'])}"
        if isinstance(kind, list):
            return " or ".join(kind)
        return str(kind or "any value")

    def description(self, node: Node) -> str:
        """The node's own description, else the one of the definition it names."""
        text = node.get("description", "")
        name = _ref_name(node)
        if not text and name:
            text = self.defs[name].get("description", "")
        if "default" in node:
            text += f" Default: {_literal(node['default'])}."
        if node.get("minimum") is not None:
            text += f" At least {node['minimum']}."
        return text.strip()

    def rows(self, node: Node, prefix: str = "") -> list[str]:
        """Table rows for an object's keys, inline objects as dotted keys."""
        required = set(node.get("required", ()))
        out = []
        for key, child in node.get("properties", {}).items():
            if child is True:  # e.g. a step's `type`, described by its section
                continue
            name = f"{prefix}{key}"
            out.append(
                f"| `{name}` | {_cell(self.type_of(child))} | {'yes' if key in required else ''}"
                f" | {_cell(self.description(child))} |"
            )
            if child.get("type") == "object" and "properties" in child:
                out += self.rows(child, f"{name}.")
            items = child.get("items", {})
            if child.get("type") == "array" and "properties" in items:
                out += self.rows(items, f"{name}[].")
        return out

    def table(self, node: Node, extra: list[str] | None = None) -> list[str]:
        rows = (extra or []) + self.rows(node)
        if not rows:
            return ["No keys but `type`.", ""]
        return ["| Key | Type | Required | Description |", "|---|---|---|---|", *rows, ""]

    def rules_of(self, node: Node) -> list[str]:
        """What the table cannot say: one-of key sets, keys that need others."""
        notes = []
        choices = [list(option.get("required", ())) for option in node.get("oneOf", ())]
        if choices and all(choices):
            sets = "; or ".join(" with ".join(f"`{k}`" for k in keys) for keys in choices)
            notes.append(f"Exactly one of: {sets}.")
        for key, needs in node.get("dependentRequired", {}).items():
            notes.append(f"`{key}` requires {', '.join(f'`{n}`' for n in needs)}.")
        if node.get("additionalProperties") is False:
            notes.append("Other keys are errors (WF002).")
        return [" ".join(notes), ""] if notes else []

    # -- sections ---------------------------------------------------------------
    def step_types(self, step: Node) -> list[tuple[str, str]]:
        """(type value, definition name) for each `if type == X then $ref` branch."""
        found = []
        for branch in step.get("allOf", ()):
            value = branch.get("if", {}).get("properties", {}).get("type", {}).get("const")
            name = _ref_name(branch.get("then", {}))
            if value is not None and name:
                found.append((value, name))
        return found

    def object_defs(self) -> list[str]:
        """Definitions with keys, in the order the schema first refers to them."""
        order: list[str] = []

        def visit(node: Any) -> None:
            if isinstance(node, dict):
                name = _ref_name(node)
                if name and name not in order:
                    order.append(name)
                    visit(self.defs.get(name))
                for value in node.values():
                    visit(value)
            elif isinstance(node, list):
                for value in node:
                    visit(value)

        visit({k: v for k, v in self.schema.items() if k != "$defs"})
        return [n for n in order if "properties" in self.defs[n] or "allOf" in self.defs[n]]

    def render(self) -> str:
        s = self.schema
        lines = [
            "# Native format reference",
            "",
            "<!-- Generated by `python -m lintkit.docgen docs` from"
            " lintkit/schemas/native-v1.json. Do not edit. -->",
            "",
            f"{s.get('description', '')} A file in this format has a top-level"
            " `lintkit: 1` key; YAML or JSON alike.",
            "",
            "This page is generated from the JSON Schema (draft 2020-12) that validates"
            f" every file before any rule runs: [`{s['$id']}`]({s['$id']}) (see"
            " [Editors](editors.md) to get completion and checking while typing). A file that"
            " breaks it is reported as [WF002](rules/WF002.md) at the offending key.",
            "",
            "## Top level {#top-level}",
            "",
            *self.table(s),
            *self.rules_of(s),
        ]
        step_defs = {name for step in self.defs.values() for _, name in self.step_types(step)}
        for name in self.object_defs():
            if name in step_defs:
                continue
            node = self.defs[name]
            lines += [f"## `{name}` {{#{name}}}", ""]
            if node.get("description"):
                lines += [node["description"], ""]
            types = self.step_types(node)
            if types:
                lines += self._steps(node, types)
                continue
            lines += [*self.table(node), *self.rules_of(node)]
        lines += self._value_types()
        return "\n".join(lines)

    def _steps(self, node: Node, types: list[tuple[str, str]]) -> list[str]:
        kinds = ", ".join(f"[`{value}`](#{name})" for value, name in types)
        lines = [
            f"Every step has a `type`: {kinds}. The other keys depend on the type.",
            "",
        ]
        for value, name in types:
            spec = self.defs[name]
            type_row = f"| `type` | {_literal(value)} | yes | {_cell(self.description(spec))} |"
            lines += [f"### `{value}` {{#{name}}}", ""]
            lines += [*self.table(spec, [type_row]), *self.rules_of(spec)]
        return lines

    def _value_types(self) -> list[str]:
        lines = ["## Value types {#value-types}", ""]
        for name, node in self.defs.items():
            if "properties" in node or "allOf" in node:
                continue
            lines += [f"### `{name}` {{#{name}}}", ""]
            text = self.description(node)
            kind = self.type_of({k: v for k, v in node.items() if k != "description"})
            detail = f"A {kind}"
            if node.get("pattern"):
                detail += f" matching `{node['pattern']}`"
            if node.get("minLength"):
                detail += ", not empty"
            lines += [f"{text} {detail}.".strip(), ""]
        return lines


def render_format(schema: Node) -> str:
    return FormatReference(schema).render()
