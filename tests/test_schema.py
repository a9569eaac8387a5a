"""The native format's JSON Schema: valid itself, and the fast compiled form used
for validation accepts and rejects exactly what the shipped schema does."""

from __future__ import annotations

from pathlib import Path

from jsonschema import Draft202012Validator

from lintkit.documents.parse import load_yaml
from lintkit.documents.schema import load_schema, validator
from lintkit.plugins.registry import load_rules

DATA = Path(__file__).parent / "testdata"


def _documents() -> list[object]:
    texts = [p.read_text() for p in sorted(DATA.rglob("*.yaml"))]
    texts += [
        text
        for rule in load_rules().rules.values()
        for example in rule.examples
        for path, text in example.files.items()
        if path.endswith((".yaml", ".yml"))
    ]
    texts += ["lintkit: 1\nworkflow: w\nsteps:\n  a: {next: b}\n  b: {type: exit}\n"]
    docs = []
    for text in texts:
        loaded, problems = load_yaml("f.yaml", text)
        docs.extend(doc.data for doc in loaded if not problems)
    return docs


def test_shipped_schema_is_a_valid_2020_12_schema() -> None:
    Draft202012Validator.check_schema(load_schema("native-v1.json"))


def test_compiled_schema_agrees_with_the_shipped_one() -> None:
    shipped = Draft202012Validator(load_schema("native-v1.json"))
    compiled = validator("native-v1.json")
    documents = _documents()
    assert len(documents) > 10
    for data in documents:
        expected = sorted((list(e.absolute_path), e.validator) for e in shipped.iter_errors(data))
        got = sorted((list(e.absolute_path), e.validator) for e in compiled.iter_errors(data))
        assert got == expected
