"""A yes/no answer to "does jsonschema accept this document?", without jsonschema.

Almost every document lintkit reads is valid, and jsonschema is slow for that
answer: importing it costs about 0.2 s (more than the rest of a warm run), and
it evolves a validator object at every level of the document (about half of a
cold run over the 176 Step Functions definitions of the corpus). So each
shipped schema is also turned into plain Python closures that answer only
"valid?". ``lintkit.documents.schema.validate`` asks them first, and jsonschema
runs (and is imported) only for a document they do not vouch for, to give its
errors their messages and places.

The closures cover exactly the keywords the shipped schemas use, with
jsonschema's Draft 2020-12 semantics (its type checker, its ``equal`` that keeps
``True`` apart from ``1``). A schema with any other keyword gets no pre-check:
``compiled`` returns None and every document goes to jsonschema, never a wrong
"valid". ``tests/test_schema_precheck.py`` holds the two to the same answer on
every test workflow and on mutations of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from numbers import Number
from typing import Any

Check = Callable[[Any], bool]

# Keywords that assert nothing.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
    | {"deprecated"}
)
# The keyword lintkit.documents.schema.compile_schema turns an if/const/then
# chain into (defined here, where both modules can read it).
DISPATCH = "x-lintkit-dispatch"


class _Unsupported(Exception):
    """A keyword (or form of one) this module does not mirror."""


def compiled(schema: Mapping[str, Any] | bool) -> Check | None:
    """The validity check of ``schema`` (as ``compile_schema`` left it), or None."""
    defs = schema.get("$defs", {}) if isinstance(schema, Mapping) else {}
    by_ref: dict[str, Check] = {}

    def ref(target: str) -> Check:
        # Compiled on first use, so a recursive schema refers to itself lazily.
        def check(instance: Any) -> bool:
            if target not in by_ref:
                by_ref[target] = build(defs[target])
            return by_ref[target](instance)

        if target not in defs:
            raise _Unsupported(f"$ref to #/$defs/{target}")
        return check

    def build(node: Any) -> Check:
        if node is True or node == {}:
            return _always
        if node is False:
            return _never
        if not isinstance(node, dict):
            raise _Unsupported(f"schema {node!r}")
        checks = [
            check
            for key, value in node.items()
            if (check := _keyword(key, value, node, build, ref)) is not None
        ]
        if len(checks) == 1:
            return checks[0]
        return lambda instance: all(check(instance) for check in checks)

    try:
        return build(schema)
    except _Unsupported:
        return None


def _keyword(
    key: str,
    value: Any,
    node: Mapping[str, Any],
    build: Callable[[Any], Check],
    ref: Callable[[str], Check],
) -> Check | None:
    if key in _ANNOTATIONS or key in ("then", "else"):  # then/else: read with "if"
        return None
    if key == "type":
        return _type(value)
    if key == "$ref":
        if not (isinstance(value, str) and value.startswith("#/$defs/")):
            raise _Unsupported(f"$ref {value!r}")
        return ref(value.removeprefix("#/$defs/"))
    if key in _OBJECT_KEYWORDS:
        if key == "additionalProperties" and "patternProperties" in node:
            raise _Unsupported("patternProperties")
        return _on(dict, _OBJECT_KEYWORDS[key](value, node, build))
    if key in _ARRAY_KEYWORDS:
        if key == "items" and "prefixItems" in node:
            raise _Unsupported("prefixItems")
        return _on(list, _ARRAY_KEYWORDS[key](value, build))
    if key == "pattern":
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or search(instance) is not None
    if key == "minLength":
        return lambda instance: not isinstance(instance, str) or len(instance) >= value
    if key in ("minimum", "maximum"):
        low = key == "minimum"
        return lambda instance: (
            not _is_number(instance) or (instance >= value if low else instance <= value)
        )
    if key == "enum":
        return _enum(value)
    if key == "const":
        return lambda instance: _equal(instance, value)
    if key in ("allOf", "anyOf", "oneOf"):
        subs = [build(sub) for sub in value]
        if key == "allOf":
            return lambda instance: all(sub(instance) for sub in subs)
        if key == "anyOf":
            return lambda instance: any(sub(instance) for sub in subs)
        return lambda instance: sum(1 for sub in subs if sub(instance)) == 1
    if key == "if":
        condition = build(value)
        then = build(node.get("then", True))
        otherwise = build(node.get("else", True))
        return lambda instance: then(instance) if condition(instance) else otherwise(instance)
    if key == DISPATCH:
        field = value["key"]
        cases = {name: build(sub) for name, sub in value["cases"].items()}

        def dispatch(instance: dict[str, Any]) -> bool:
            case = instance.get(field)
            return not (isinstance(case, str) and case in cases) or cases[case](instance)

        return _on(dict, dispatch)
    raise _Unsupported(key)


def _on(kind: type, check: Check) -> Check:
    """A keyword that asserts something only of objects (or arrays)."""
    return lambda instance: not isinstance(instance, kind) or check(instance)


def _properties(value: Mapping[str, Any], node: Any, build: Callable[[Any], Check]) -> Check:
    checks = {name: build(sub) for name, sub in value.items()}
    return lambda instance: all(
        check(instance[name]) for name, check in checks.items() if name in instance
    )


def _additional(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    known = frozenset(node.get("properties", {}))
    if value is False:
        return lambda instance: known.issuperset(instance)
    check = build(value)
    return lambda instance: all(check(instance[key]) for key in instance if key not in known)


def _required(value: Sequence[str], node: Any, build: Any) -> Check:
    return lambda instance: all(name in instance for name in value)


def _dependent_required(value: Mapping[str, Sequence[str]], node: Any, build: Any) -> Check:
    return lambda instance: all(
        all(need in instance for need in needs) for key, needs in value.items() if key in instance
    )


def _property_names(value: Any, node: Any, build: Callable[[Any], Check]) -> Check:
    check = build(value)
    return lambda instance: all(check(key) for key in instance)


_OBJECT_KEYWORDS: dict[str, Callable[..., Check]] = {
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "dependentRequired": _dependent_required,
    "propertyNames": _property_names,
    "minProperties": lambda value, node, build: lambda instance: len(instance) >= value,
    "maxProperties": lambda value, node, build: lambda instance: len(instance) <= value,
}


def _items(value: Any, build: Callable[[Any], Check]) -> Check:
    check = build(value)
    return lambda instance: all(check(item) for item in instance)


def _unique(value: Any, build: Any) -> Check:
    if value is not True:
        return _always

    def unique(instance: list[Any]) -> bool:
        if len(instance) > 200:  # jsonschema sorts; the pairwise test below would be slow
            raise _Undecided
        return not any(
            _equal(one, two) for i, one in enumerate(instance) for two in instance[i + 1 :]
        )

    return unique


_ARRAY_KEYWORDS: dict[str, Callable[..., Check]] = {
    "items": _items,
    "uniqueItems": _unique,
    "minItems": lambda value, build: lambda instance: len(instance) >= value,
    "maxItems": lambda value, build: lambda instance: len(instance) <= value,
}


class _Undecided(Exception):
    """This document is left to jsonschema (see ``vouches``)."""


def vouches(check: Check, instance: Any) -> bool:
    """True only if ``check`` finds ``instance`` valid (and can decide)."""
    try:
        return check(instance)
    except (_Undecided, RecursionError):
        return False


# -- jsonschema's Draft 2020-12 type checker and equality --------------------


def _is_number(instance: Any) -> bool:
    return isinstance(instance, Number) and not isinstance(instance, bool)


def _is_integer(instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda instance: isinstance(instance, dict),
    "array": lambda instance: isinstance(instance, list),
    "string": lambda instance: isinstance(instance, str),
    "boolean": lambda instance: isinstance(instance, bool),
    "null": lambda instance: instance is None,
    "number": _is_number,
    "integer": _is_integer,
}


def _type(value: Any) -> Check:
    names = [value] if isinstance(value, str) else list(value)
    if not all(name in _TYPES for name in names):
        raise _Unsupported(f"type {value!r}")
    checks = [_TYPES[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    return lambda instance: any(check(instance) for check in checks)


def _enum(values: Sequence[Any]) -> Check:
    if all(isinstance(value, str) for value in values):
        names = frozenset(values)
        # a string equals only a string (see _equal)
        return lambda instance: isinstance(instance, str) and instance in names
    return lambda instance: any(_equal(instance, value) for value in values)


def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and _equal(value, two[key]) for key, value in one.items()
        )
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # one is not two, and True is not 1
    return bool(one == two)


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False
