"""Reporters: text, json, github and sarif output for real runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lk_testing import run, write

from lintkit.registry import load_rules

UNREACHABLE = """\
lintkit: 1
workflow: welcome
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  orphan:  # lintkit: ignore[WF102] -- why not
    type: exit
  done:
    type: exit
"""


def test_text_shows_location_code_name_excerpt_and_help(project, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    root = project({"flow.yaml": UNREACHABLE})
    out = run("check", root / "flow.yaml").out
    assert "flow.yaml:9:3: WF101 step 'orphan' is unreachable" in out
    assert "[unreachable-step]" in out
    assert " 9 |   orphan:  # lintkit: ignore[WF102] -- why not\n   |   ^^^^^^\n" in out
    assert "= help: point a `next` or a branch case at 'orphan', or delete it" in out
    assert "\x1b[" not in out
    assert out.rstrip().endswith("Found 2 problems (1 warning, 1 info) in 1 file.")


def test_json_shape(project) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    data = run("check", root, "--format", "json").json
    assert data["version"] == 1
    first = data["diagnostics"][1]
    assert {k: first[k] for k in ("code", "name", "severity", "path", "line", "column")} == {
        "code": "LK001",
        "name": "unused-suppression",
        "severity": "info",
        "path": "flow.yaml",
        "line": 9,
        "column": 12,
    }
    assert set(first) >= {"message", "end_line", "end_column", "related", "help"}
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 1}


def _unescape(text: str) -> str:
    for raw, escaped in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        text = text.replace(escaped, raw)
    return text


def test_github_annotations_escape_and_round_trip(project, monkeypatch) -> None:
    # An unknown key full of awkward characters, quoted in WF002's message.
    awkward = "100%,ok: x\r\ny"
    root = project({"we,ird: dir/flow.yaml": f"{json.dumps(awkward)}: 1\n{UNREACHABLE}"})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = run("check", root).out  # github is the default format under Actions
    lines = out.splitlines()
    assert lines[0].startswith("::error file=")
    annotation = next(line for line in lines if "WF002" in line)
    command, _, message = annotation[2:].partition("::")
    level, _, props = command.partition(" ")
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert level == "error"
    assert _unescape(fields["file"]).endswith("we,ird: dir/flow.yaml")
    assert (fields["line"], fields["col"]) == ("1", "1")
    assert _unescape(fields["title"]) == "WF002 schema-violation"
    assert awkward in _unescape(message)
    assert "\n" not in message and "\r" not in message
    # errors come before warnings (GitHub shows only the first few of each)
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == sorted(levels, key=["::error", "::warning", "::notice"].index)


def _sarif_validator(shared: Path):
    from jsonschema.validators import validator_for

    schema = json.loads((shared / "schemas/sarif-schema-2.1.0.json").read_text())
    return validator_for(schema)(schema)


def test_sarif_is_valid_for_every_rule_bad_example(shared: Path, tmp_path: Path) -> None:
    validator = _sarif_validator(shared)
    for code, rule in load_rules().rules.items():
        for i, example in enumerate(e for e in rule.examples if e.bad):
            root = write(
                tmp_path / f"{code}-{i}", {**example.files, "lintkit.toml": example.config}
            )
            result = run("check", root, "--format", "sarif", "--extend-select", code)
            log = json.loads(result.out)
            errors = sorted(validator.iter_errors(log), key=str)
            assert not errors, f"{code}: {errors[0].message}"
            results = log["runs"][0]["results"]
            assert any(r["ruleId"] == code for r in results), code
            for r in results:
                assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
                assert r["partialFingerprints"]


def test_sarif_suppressions_and_fingerprints_stable_across_unrelated_edits(
    shared: Path, project
) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    first = json.loads(run("check", root, "--format", "sarif").out)
    (root / "flow.yaml").write_text("# a new comment line on top\n" + UNREACHABLE)
    second = json.loads(run("check", root, "--format", "sarif").out)

    def prints(log):
        return {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}

    assert prints(first) == prints(second)
    assert not list(_sarif_validator(shared).iter_errors(second))


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_clean_runs(project, fmt: str) -> None:
    root = project(
        {
            "flow.yaml": UNREACHABLE.replace(
                "  orphan:  # lintkit: ignore[WF102] -- why not\n    type: exit\n", ""
            )
        }
    )
    result = run("check", root, "--format", fmt)
    assert result.code == 0
    if fmt in ("text", "github"):
        assert result.out == ""
