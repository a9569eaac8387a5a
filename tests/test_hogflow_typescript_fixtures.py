"""The HogFlow JSON fixtures as `hogFlow({...})` TypeScript files give the same findings,
at the same places: each finding's position is mapped back to the key or value it
points at (a JSON path), in the JSON file and in the TypeScript file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lk_hogflow_ts import to_typescript
from lk_testing import run

from lintkit.dialects.hogflow.typescript import API_KEYS
from lintkit.dialects.hogflow.typescript_reader import read
from lintkit.documents.parse import Document, JsonPath, Limits, load_yaml

DATA = Path(__file__).parent / "testdata"
PAIRS = sorted(p for p in DATA.glob("*/hogflow_*.ts") if p.with_suffix(".json").exists())


def _findings(tmp_path: Path, source: Path) -> list[dict[str, object]]:
    project = tmp_path / source.suffix[1:]
    project.mkdir()
    (project / "lintkit.toml").write_text("")
    shutil.copy(source, project / source.name)
    result = run("check", project, "--format", "json")
    assert result.code in (0, 1), result.err
    return list(result.json["diagnostics"])


def _places(doc: Document) -> dict[tuple[int, int], JsonPath]:
    """(line, column) -> the JSON path of the key or value that starts there."""
    places: dict[tuple[int, int], JsonPath] = {}
    for table, suffix in ((doc.spans, ()), (doc.key_spans, ("<key>",))):
        for path, span in table.items():
            places.setdefault(span[:2], (*path, *suffix))
    return places


def _json_places(source: Path) -> dict[tuple[int, int], JsonPath]:
    documents, problems = load_yaml(source.name, source.read_text(), json=True)
    assert not problems
    return _places(documents[0])


def _ts_places(source: Path) -> dict[tuple[int, int], JsonPath]:
    found = read(source.name, source.read_bytes(), Limits())
    assert not found.problems
    return _places(found.documents[0])


def _api_names(message: str) -> str:
    """A finding on a hogFlow names its own keys as the SDK spells them."""
    for sdk, api in API_KEYS.items():
        message = message.replace(f"`{sdk}`", f"`{api}`")
    return message


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.name)
def test_typescript_fixture_reports_what_its_json_does(tmp_path: Path, source: Path) -> None:
    json_source = source.with_suffix(".json")
    json_places, ts_places = _json_places(json_source), _ts_places(source)

    def where(d: dict[str, object], places: dict[tuple[int, int], JsonPath]) -> object:
        return places.get((int(d["line"]), int(d["column"])), "not at a key or value")  # type: ignore[call-overload]

    from_json = sorted(
        (str(d["code"]), str(d["message"]), str(where(d, json_places)))
        for d in _findings(tmp_path, json_source)
    )
    from_ts = sorted(
        (str(d["code"]), _api_names(str(d["message"])), str(where(d, ts_places)))
        for d in _findings(tmp_path, source)
    )
    assert from_ts == from_json
    assert "err" not in source.parent.name or from_ts, "an err fixture reports something"


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.name)
def test_typescript_fixture_is_what_the_converter_writes(source: Path) -> None:
    """Regenerate with: python tests/lk_hogflow_ts.py"""
    flow = json.loads(source.with_suffix(".json").read_text())
    assert source.read_text() == to_typescript(flow, source.with_suffix(".json").name)


def test_every_single_workflow_json_fixture_has_its_typescript_twin() -> None:
    singles = []
    for path in sorted(DATA.glob("*/hogflow_*.json")):
        try:
            flow = json.loads(path.read_text())
        except json.JSONDecodeError:
            continue  # the fixture of a JSON syntax error
        if isinstance(flow, dict) and "actions" in flow:
            singles.append(path.with_suffix(".ts"))
    assert singles == PAIRS
