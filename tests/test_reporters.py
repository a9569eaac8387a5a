"""Reporters: text, json, github and sarif output for real runs."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from lk_testing import run, sarif_validator, write

from lintkit.plugins.registry import load_rules

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
    assert "flow.yaml:9:3: warning[WF101] step 'orphan' is unreachable" in out
    assert "[unreachable-step]" in out
    assert " 9 |   orphan:  # lintkit: ignore[WF102] -- why not\n   |   ^^^^^^\n" in out
    assert "= help: point a `next` or a branch case at 'orphan', or delete it" in out
    assert "\x1b[" not in out
    assert out.rstrip().endswith(
        "Found 2 problems (1 warning, 1 info) in 1 of 1 file checked. 1 fixable with --fix."
    )


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


def test_sarif_is_valid_for_every_rule_bad_example(tmp_path: Path) -> None:
    validator = sarif_validator()
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


def test_sarif_suppressions_and_fingerprints_stable_across_unrelated_edits(project) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    first = json.loads(run("check", root, "--format", "sarif").out)
    (root / "flow.yaml").write_text("# a new comment line on top\n" + UNREACHABLE)
    second = json.loads(run("check", root, "--format", "sarif").out)

    def prints(log):
        return {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}

    assert prints(first) == prints(second)
    assert not list(sarif_validator().iter_errors(second))


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
    if fmt == "text":
        assert result.out == "All checks passed: 1 workflow file.\n"
    if fmt == "github":
        assert result.out == ""


# -- several outputs from one run; the job summary ----------------------------


def test_report_writes_more_formats_from_the_same_run(project) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    expected = run("check", root, "--format", "json").json
    out = root / "reports"
    result = run(
        "check", root, "--format", "text", "--report", f"sarif={out}/x.sarif",
        "--report", f"json={out}/x.json",
    )  # fmt: skip
    assert result.code == 1
    assert "flow.yaml:9:3: warning[WF101]" in result.out
    assert json.loads((out / "x.json").read_text()) == expected
    sarif = json.loads((out / "x.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["WF101", "LK001"]


@pytest.mark.parametrize(
    ("spec", "error"),
    [("sarif", "expected FORMAT=FILE"), ("sarf=x.sarif", "unknown format 'sarf'")],
)
def test_report_spec_errors(project, spec: str, error: str) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    result = run("check", root, "--report", spec)
    assert result.code == 2
    assert error in result.err


def test_job_summary_is_appended_under_github_actions(project, tmp_path, monkeypatch) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step output\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    assert run("check", root).code == 1  # github format by default: summary too
    text = summary.read_text()
    assert text.startswith("earlier step output\n## lintkit\n\n")
    assert "**2 problems** (1 warning, 1 info) in 1 file; 1 file checked.\n" in text
    assert "| [WF101](https://lintkit.dev/rules/WF101/) | unreachable-step | warning | 1 |" in text
    assert "### [WF101](https://lintkit.dev/rules/WF101/) unreachable-step" in text
    assert re.search(r"^\| \S*flow\.yaml:9:3 \| step 'orphan' is unreachable", text, re.M)
    # rules with more severe findings come first
    assert text.index("WF101") < text.index("LK001")

    run("check", root, "--no-summary")
    run("check", root, "--format", "json")  # a script's format: no summary unless asked
    assert summary.read_text() == text
    run("check", root, "--format", "json", "--summary")
    assert summary.read_text() == text + text.removeprefix("earlier step output\n")


def test_summary_asked_for_outside_github_actions(project, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = project({"flow.yaml": UNREACHABLE})
    result = run("check", root, "--summary")
    assert result.code == 1
    assert "GITHUB_STEP_SUMMARY is not set; no summary" in result.err


def _cells(row: str) -> list[str]:
    """GitHub-flavoured Markdown's split of a table row: on every unescaped |."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def _md_unescape(cell: str) -> str:
    """Character references outside code spans; GFM's \\| inside them."""
    parts = re.split(r"(`[^`]*`)", cell)
    return "".join(p.replace("\\|", "|") if p.startswith("`") else html.unescape(p) for p in parts)


def test_markdown_cells_keep_awkward_messages_literal(project) -> None:
    # An unknown key full of Markdown, quoted in WF002's message.
    awkward = "a|b *c* <b>x</b> `t|u` _d_ [e](f) 50%: :tada: y\r\nz"
    root = project({"flow.yaml": f"{json.dumps(awkward)}: 1\n{UNREACHABLE}"})
    message = next(d["message"] for d in run("check", root, "--format", "json").json["diagnostics"])
    text = run("check", root, "--format", "markdown").out
    row = next(line for line in text.splitlines() if "unknown key" in line)

    location, finding = _cells(row)
    assert _md_unescape(location).endswith("/flow.yaml:1:1")
    shown = _md_unescape(finding.split("<br>")[0])
    assert shown == " ".join(message.splitlines())
    outside_code = re.sub(r"`[^`]*`", "", finding.split("<br>")[0])
    assert not re.search(r"[\\<>*_\[\]|]", outside_code)


def test_summary_stops_before_the_step_summary_limit(project, monkeypatch) -> None:
    from lintkit.reporters import markdown

    flows = {
        f"flow{i}.yaml": UNREACHABLE.replace("welcome", f"w{i}").replace(
            "  # lintkit: ignore[WF102] -- why not", ""
        )
        for i in range(40)
    }
    root = project(flows)
    full = run("check", root, "--format", "markdown").out
    assert "not shown" not in full
    monkeypatch.setattr(markdown, "MAX_BYTES", len(full.encode()) // 2)

    cut = run("check", root, "--format", "markdown").out

    assert len(cut.encode()) <= len(full.encode()) // 2 + 300
    shown = len(re.findall(r"^\| \S*flow\d+\.yaml", cut, re.MULTILINE))
    assert 0 < shown < 40
    assert f"**{40 - shown} more findings not shown:**" in cut


# -- SARIF for GitHub code scanning ------------------------------------------


def test_sarif_rules_metadata_and_repository_relative_uris(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # a work tree; the project is a subdirectory
    root = write(repo / "services" / "lifecycle", {"flows/we,ird: flow.yaml": UNREACHABLE})
    log = json.loads(run("check", root, "--format", "sarif").out)

    assert not list(sarif_validator().iter_errors(log))
    sarif_run = log["runs"][0]
    assert sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    result = next(r for r in sarif_run["results"] if r["ruleId"] == "WF101")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "services/lifecycle/flows/we%2Cird%3A%20flow.yaml",
        "uriBaseId": "SRCROOT",
    }
    assert location["region"] == {"startLine": 9, "startColumn": 3, "endLine": 9, "endColumn": 9}
    rules = {r["id"]: r for r in sarif_run["tool"]["driver"]["rules"]}
    wf101 = rules["WF101"]
    assert wf101["helpUri"] == "https://lintkit.dev/rules/WF101/"
    assert wf101["shortDescription"]["text"] == "no path from the start reaches the step"
    assert wf101["fullDescription"]["text"].startswith("## What it does")
    assert wf101["help"]["markdown"] == run("explain", "WF101").out
    assert result["ruleIndex"] == list(rules).index("WF101")
