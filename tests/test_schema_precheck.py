"""The schema pre-check says "valid" exactly when jsonschema does.

``lintkit.documents.schema.validate`` skips jsonschema for a document the
pre-check vouches for, so a pre-check more lenient than jsonschema would hide a
schema error and a stricter one would only cost time. Both are compared on every
workflow file shipped with the tests and the examples, against every shipped
schema, and on random mutations of the valid ones.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lintkit.documents.parse import load_yaml
from lintkit.documents.schema import compile_schema, load_schema, validator
from lintkit.documents.schema_precheck import compiled, vouches

ROOT = Path(__file__).parent.parent
SCHEMAS = ["hogflow.json", "n8n.json", "native-v1.json", "stepfunctions-asl.json"]


def _documents() -> list[tuple[str, Any]]:
    found = []
    for folder in (ROOT / "tests", ROOT / "examples"):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".json", ".yaml", ".yml") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            documents, _ = load_yaml(str(path), text, json=path.suffix == ".json")
            found += [(str(path.relative_to(ROOT)), doc.data) for doc in documents]
    return found


DOCUMENTS = _documents()


def _answers(schema: str, data: Any) -> tuple[bool, bool]:
    precheck = compiled(compile_schema(load_schema(schema)))
    assert precheck is not None, f"{schema} uses a keyword the pre-check does not mirror"
    return vouches(precheck, data), validator(schema).is_valid(data)


def test_there_is_something_to_compare() -> None:
    assert len(DOCUMENTS) > 100
    for schema in SCHEMAS:  # each schema has valid and invalid documents among them
        answers = {_answers(schema, data)[1] for _, data in DOCUMENTS}
        assert answers == {True, False}, schema


@pytest.mark.parametrize("schema", SCHEMAS)
def test_same_answer_on_every_shipped_document(schema: str) -> None:
    differ = [name for name, data in DOCUMENTS if len(set(_answers(schema, data))) != 1]
    assert differ == []


# -- mutations of the valid documents ------------------------------------------

VALID = [
    (schema, data)
    for schema in SCHEMAS
    for _, data in DOCUMENTS
    if validator(schema).is_valid(data) and isinstance(data, dict)
]

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-2, 2, allow_nan=False) | st.just(1.0),
    st.sampled_from(
        ["", "x", "Task", "Pass", "email", "$.a", "1h", "{% 1 %}", "n8n-nodes-base.if"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(data: Any) -> list[Any]:
    found, stack = [], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            found.append(node)
            stack.extend(node.values() if isinstance(node, dict) else node)
    return found


@given(
    seed=st.sampled_from(range(len(VALID))),
    where=st.integers(0, 10_000),
    change=st.sampled_from(["replace", "delete", "add", "duplicate"]),
    value=VALUES,
    key=st.sampled_from(
        ["Type", "Next", "End", "type", "name", "id", "x", "parameters", "Default"]
    ),
)
def test_same_answer_on_mutations(seed: int, where: int, change: str, value: Any, key: str) -> None:
    schema, original = VALID[seed]
    data = copy.deepcopy(original)
    containers = _containers(data)
    node = containers[where % len(containers)]
    if isinstance(node, dict):
        keys = list(node)
        if change == "add" or not keys:
            node[key] = value
        elif change == "delete":
            del node[keys[where % len(keys)]]
        else:
            node[keys[where % len(keys)]] = value if change == "replace" else copy.deepcopy(node)
    elif node:
        if change == "delete":
            del node[where % len(node)]
        elif change == "duplicate":
            node.append(copy.deepcopy(node[where % len(node)]))
        else:
            node[where % len(node)] = value
    else:
        node.append(value)
    precheck, jsonschema = _answers(schema, data)
    assert precheck == jsonschema


# -- the corners of jsonschema's semantics, one by one ---------------------------

EDGES = [
    ({"type": "integer"}, [2, 2.0, 2.5, True, "2", None]),
    ({"type": "number"}, [1, 1.5, False, "1"]),
    ({"type": ["string", "null"]}, ["", None, 0, []]),
    ({"type": "object"}, [{}, [], "x"]),
    ({"enum": [1, "a", None]}, [1, 1.0, True, "a", None, 2]),
    ({"enum": [False]}, [False, 0, 0.0, None]),
    ({"const": [1, {"a": True}]}, [[1, {"a": True}], [True, {"a": True}], [1, {"a": 1}], [1]]),
    ({"pattern": "^a+$"}, ["aa", "ba", "", 3, None]),
    ({"pattern": "b"}, ["abc", "a"]),
    ({"minLength": 2}, ["ab", "a", "\U0001f600", 5]),
    ({"minimum": 1, "maximum": 3}, [1, 3, 0, 4, 0.5, True, "0"]),
    ({"required": ["a"], "properties": {"a": {"type": "string"}}}, [{"a": "x"}, {"a": 1}, {}, []]),
    ({"properties": {"a": {}}, "additionalProperties": False}, [{"a": 1}, {"b": 1}, [1]]),
    ({"additionalProperties": {"type": "integer"}}, [{"a": 1}, {"a": "1"}]),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, [{"ab": 1}, {"A": 1}, {}]),
    ({"minProperties": 1, "maxProperties": 1}, [{}, {"a": 1}, {"a": 1, "b": 2}, "x"]),
    ({"dependentRequired": {"a": ["b"]}}, [{"a": 1}, {"a": 1, "b": 2}, {"b": 1}]),
    ({"items": {"type": "string"}, "minItems": 1, "maxItems": 2}, [[], ["a"], ["a", 1], ["a"] * 3]),
    (
        {"uniqueItems": True},
        [[1, True], [1, 1.0], [[1], [1]], [{"a": 0}, {"a": False}], ["a", "b"]],
    ),
    ({"anyOf": [{"type": "string"}, {"minimum": 5}]}, ["x", 6, 4]),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, [-1, 1, 1.5, -1.5]),
    ({"allOf": [{"minimum": 0}, {"maximum": 1}]}, [0, 2]),
    (
        {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}},
        [{"a": 1}, {"a": 1, "b": 1}, {"c": 1}, {}],
    ),
    (
        {
            "$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}}},
            "$ref": "#/$defs/n",
        },
        [{"next": {"next": {}}}, {"next": {"next": 1}}],
    ),
    (True, [1, None]),
    ({"not": {}}, [1]),
]


@pytest.mark.parametrize(("schema", "instances"), EDGES, ids=lambda v: str(v)[:40])
def test_same_answer_on_edge_cases(schema: Any, instances: list[Any]) -> None:
    from jsonschema import Draft202012Validator

    precheck = compiled(schema if isinstance(schema, bool) else {**schema})
    for instance in instances:
        expected = Draft202012Validator(schema).is_valid(instance)
        if precheck is None:  # a keyword it does not mirror: never a wrong "valid"
            continue
        assert vouches(precheck, instance) == expected, instance
