"""JSON Schema validation whose errors a person understands, at the right place.

One problem per mistake: an object with two unknown keys gives two problems,
each at its key. Messages read ``steps.send.channel: 'mail' is not one of
email, sms, ... (did you mean 'email'?)``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from lintkit.core.durations import written_duration
from lintkit.core.suggest import did_you_mean, likeliest, typo_fix
from lintkit.core.types import Fix, Location, Problem
from lintkit.documents.parse import Document, JsonPath
from lintkit.documents.schema_precheck import DISPATCH, Check, compiled, vouches

# Readable meanings of the patterns the shipped schemas use.
_PATTERN_MEANING = {
    "^([0-9]+(\\.[0-9]+)?[smhdw])+$": "a duration like 30m, 12h, 2d or 1w",
    "^[A-Za-z_][A-Za-z0-9_]*$": "a name of letters, digits and _ (not starting with a digit)",
    "^[A-Za-z0-9][A-Za-z0-9_.-]*$": "an id of letters, digits, _ . and -",
    "^[0-9]*\\.?[0-9]+[dhms]$": "a PostHog duration like 30m, 12h or 2d",
    # stepfunctions-asl.json: a number or an expression; an expression
    "^\\s*(?:\\{%[\\s\\S]*%\\}|\\$\\{[^}]+\\})\\s*$": (
        'a number (nor a JSONata expression "{% ... %}" or a ${placeholder})'
    ),
    "^\\s*(\\{%[\\s\\S]*%\\}|\\$\\{[^}]+\\})\\s*$": (
        'a JSONata expression "{% ... %}" or a ${placeholder}'
    ),
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in ``lintkit/schemas`` (e.g. ``native-v1.json``)."""
    text = resources.files("lintkit.schemas").joinpath(name).read_text(encoding="utf-8")
    return dict(json.loads(text))


@cache
def validator(name: str) -> Any:
    # jsonschema (slow to import) only when a native workflow is validated.
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    fast = extend(Draft202012Validator, {DISPATCH: _dispatch})
    return fast(compile_schema(load_schema(name)))


# -- a faster, equivalent form of the shipped schemas ---------------------------
# jsonschema evaluates every `if` of an `allOf: [{if: type == X, then: ...}]`
# for every step; a lookup by the discriminating value does the same check
# once (measured: 4x faster on workflow files, see bench/yaml_loading.py), under
# the keyword DISPATCH.
_ANNOTATIONS = {"description", "title", "default", "examples", "deprecated"}


def compile_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Inline local ``$ref``s and turn if/const/then chains into one dispatch."""
    defs = schema.get("$defs", {})

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if isinstance(ref, str) and ref.startswith("#/$defs/") and set(siblings) <= _ANNOTATIONS:
            target = ref.removeprefix("#/$defs/")
            if target not in seen:  # recursive schemas keep their $ref
                return {**walk(defs[target], (*seen, target)), **siblings}
        out = {key: walk(value, seen) for key, value in node.items() if key != "$defs"}
        dispatch = _as_dispatch(out.get("allOf"))
        if dispatch is not None:
            del out["allOf"]
            out[DISPATCH] = dispatch
        return out

    compiled = walk(schema, ())
    compiled["$defs"] = defs  # what kept its $ref still resolves
    return dict(compiled)


def _as_dispatch(all_of: Any) -> dict[str, Any] | None:
    """{"key": K, "cases": {V: then}} when every item is `if K == V (required) then`."""
    if not isinstance(all_of, list) or not all_of:
        return None
    key, cases = None, {}
    for item in all_of:
        if not isinstance(item, dict) or set(item) != {"if", "then"}:
            return None
        condition = dict(item["if"])
        if condition.get("type") == "object":
            del condition["type"]  # the dispatch looks only into objects
        props = condition.get("properties", {})
        if set(condition) != {"required", "properties"} or len(props) != 1:
            return None
        ((name, test),) = props.items()
        if condition["required"] != [name] or set(test) != {"const"} or key not in (None, name):
            return None
        if not isinstance(test["const"], str):
            return None
        key = name
        cases[test["const"]] = item["then"]
    return {"key": key, "cases": cases}


def _dispatch(validator: Any, spec: dict[str, Any], instance: Any, schema: Any) -> Any:
    if isinstance(instance, dict):
        value = instance.get(spec["key"])
        if isinstance(value, str) and value in spec["cases"]:
            yield from validator.descend(instance, spec["cases"][value])


@cache
def _precheck(name: str) -> Check | None:
    return compiled(compile_schema(load_schema(name)))


def validate(doc: Document, schema_name: str, data: Any = None) -> list[Problem]:
    """The schema's problems with ``doc`` (or with ``data``, a copy of its data
    that leaves out what a dialect reports itself: the paths stay the document's)."""
    data = doc.data if data is None else data
    precheck = _precheck(schema_name)
    if precheck is not None and vouches(precheck, data):
        return []  # valid: jsonschema is needed only for the messages of errors
    problems: list[Problem] = []
    for error in validator(schema_name).iter_errors(data):
        problems.extend(_problems(doc, error))
    unique = {(p.location, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.location.line, p.location.column, p.message))


def dotted(path: JsonPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _problems(doc: Document, error: Any) -> list[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    where = dotted(path)
    kind = error.validator
    value = error.validator_value
    instance = error.instance

    def at_value(message: str, help: str = "", fix: Fix | None = None) -> list[Problem]:
        return [Problem("schema", f"{where}: {message}", doc.location(path), help=help, fix=fix)]

    if kind == "additionalProperties" and isinstance(instance, dict):
        known = list(error.schema.get("properties", {}))
        absent = [k for k in known if k not in instance]  # renaming to a present key: a duplicate
        return [
            Problem(
                "schema",
                f"{where}: unknown key '{key}'{did_you_mean(str(key), known)}",
                doc.location((*path, key), key=True),
                help=f"allowed keys: {', '.join(k for k in known if k != 'type')}" if known else "",
                fix=_rename(str(key), known, absent, doc.location((*path, key), key=True)),
            )
            for key in instance
            if key not in error.schema.get("properties", {})
        ]
    if kind == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        return [
            Problem(
                "schema",
                f"{where}: missing required key '{key}'",
                doc.location(path, key=True),
            )
            for key in missing
        ]
    if kind == "enum":
        options = ", ".join(str(v) for v in value)
        hint = did_you_mean(str(instance), [str(v) for v in value])
        fix = None
        if isinstance(instance, str) and all(isinstance(v, str) for v in value):
            fix = typo_fix(instance, value, doc.location(path))
        return at_value(f"{instance!r} is not one of {options}{hint}", fix=fix)
    if kind == "const":
        if path == ("lintkit",):
            return at_value(
                f"format version {instance!r} is not supported; this lintkit reads version {value}"
            )
        return at_value(f"must be {value!r}, not {instance!r}")
    if kind == "type":
        expected = " or ".join(value) if isinstance(value, list) else value
        return at_value(f"expected {_article(expected)}, got {_json_type(instance)} {instance!r}")
    if kind == "pattern":
        meaning = _PATTERN_MEANING.get(value, f"a text matching {value}")
        if "propertyNames" in error.schema_path:  # a key, not a value, is wrong
            return [
                Problem(
                    "schema",
                    f"{where}: key {instance!r} is not {meaning}",
                    doc.location((*path, instance), key=True),
                )
            ]
        fix = _duration_fix(value, instance, doc, path)
        return at_value(f"{instance!r} is not {meaning}", fix=fix)
    if kind in ("minItems", "minProperties", "minLength"):
        return at_value("must not be empty" if value == 1 else f"needs at least {value} entries")
    if kind == "uniqueItems":
        return at_value("has duplicate entries")
    if kind == "minimum":
        return at_value(f"must be at least {value}, not {instance!r}")
    if kind == "dependentRequired":
        return [
            Problem(
                "schema",
                f"{where}: '{key}' needs {', '.join(repr(n) for n in needs)} as well",
                doc.location((*path, key), key=True),
            )
            for key, needs in value.items()
            if isinstance(instance, dict)
            and key in instance
            and any(n not in instance for n in needs)
        ]
    if kind in ("oneOf", "anyOf") and all(
        set(sub) == {"required"} for sub in value if isinstance(sub, dict)
    ):
        groups = [sub["required"] for sub in value]
        present = [
            g for g in groups if isinstance(instance, dict) and all(k in instance for k in g)
        ]
        if present:
            names = " and ".join(f"'{'/'.join(g)}'" for g in present)
            return [
                Problem(
                    "schema",
                    f"{where}: has {names}; use only one",
                    doc.location(path, key=True),
                )
            ]
        choices = " or ".join("+".join(g) for g in groups)
        return [Problem("schema", f"{where}: needs {choices}", doc.location(path, key=True))]
    if error.context:  # other combinators: report the most specific inner error
        best = min(error.context, key=lambda e: (-len(e.absolute_path), str(e.message)))
        return _problems(doc, best)
    return at_value(str(error.message))


def _rename(key: str, known: list[str], absent: list[str], location: Location) -> Fix | None:
    """Rename a misspelt key to the key it most likely means, if that key is not there yet."""
    best = likeliest(key, known)
    if best is None or best not in absent:
        return None
    return typo_fix(key, absent, location, suggestion=best)


def _duration_fix(pattern: str, instance: Any, doc: Document, path: JsonPath) -> Fix | None:
    """`12 hours` where a duration like `12h` is meant."""
    if _PATTERN_MEANING.get(pattern, "").startswith("a duration") and isinstance(instance, str):
        written = written_duration(instance)
        if written is not None:
            return Fix.value(doc.location(path), instance, written)
    return None


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping"
