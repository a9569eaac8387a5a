"""The command line as a user meets it: exit codes, commands, output shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lk_testing import run

from lintkit import __version__

UNREACHABLE = """\
lintkit: 1
workflow: welcome
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  orphan:
    type: exit
  done:
    type: exit
"""
CLEAN = UNREACHABLE.replace("  orphan:\n    type: exit\n", "")


def test_exit_codes(project) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    assert run("check", root).code == 1
    (root / "flow.yaml").write_text(CLEAN)
    clean = run("check", root)
    assert (clean.code, clean.out, clean.err) == (0, "All checks passed: 1 workflow file.\n", "")
    assert run("check", root / "missing.yaml").code == 2
    assert run("check", root, "--select", "WF999").code == 2
    assert run("check", root, "--format", "xml").code == 2
    assert run().code == 2


def test_fail_on_threshold(project) -> None:
    root = project({"flow.yaml": UNREACHABLE})  # WF101 is a warning
    assert run("check", root, "--fail-on", "error").code == 0
    assert run("check", root, "--fail-on", "warning").code == 1


def test_version_and_explain_do_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from lintkit.cli import main\n"
        "for args in (['explain', 'WF101'], ['rules']):\n"
        "    main(args)\n"
        "heavy = [m for m in ('libcst', 'hypothesis', 'jsonschema') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout
    version = subprocess.run(
        [sys.executable, "-m", "lintkit", "--version"], capture_output=True, text=True
    )
    assert version.stdout.strip() == f"lintkit {__version__} (lintkit-workflows)"


def test_rules_json_lists_every_rule() -> None:
    result = run("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(result.out)}
    assert {"WF001", "WF101", "LK001"} <= set(rules)
    assert rules["WF101"]["name"] == "unreachable-step"
    assert rules["WF101"]["severity"] == "warning"
    assert rules["WF101"]["summary"]


def test_explain_unknown_rule_suggests() -> None:
    result = run("explain", "unreachable-stp")
    assert result.code == 2
    assert "did you mean 'unreachable-step'?" in result.err


def test_schema_prints_and_writes(tmp_path: Path) -> None:
    printed = json.loads(run("schema").out)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    out = tmp_path / "lintkit.documents.schema.json"
    assert run("schema", "--output", out).code == 0
    assert json.loads(out.read_text()) == printed


def test_select_ignore_by_code_prefix_and_name(project) -> None:
    root = project({"flow.yaml": UNREACHABLE.replace("next: done", "next: gone")})
    everything = run("check", root, "--format", "json").found
    assert everything == ["flow.yaml:8:11 WF004", "flow.yaml:9:3 WF101", "flow.yaml:11:3 WF101"]
    assert run("check", root, "--format", "json", "--select", "WF1").found == everything[1:]
    assert (
        run("check", root, "--format", "json", "--ignore", "unknown-step").found == everything[1:]
    )
    only = run("check", root, "--format", "json", "--select", "unknown-step").found
    assert only == everything[:1]


def test_statistics(project) -> None:
    root = project({"flow.yaml": UNREACHABLE})
    result = run("check", root, "--statistics", "--concise")
    assert "     1  WF101  unreachable-step" in result.out


def test_paths_restrict_what_is_reported(project) -> None:
    root = project({"a/flow.yaml": UNREACHABLE, "b/flow.yaml": UNREACHABLE})
    result = run("check", root / "a/flow.yaml", "--format", "json")
    assert result.found == ["a/flow.yaml:9:3 WF101"]
    assert result.json["summary"]["files"] == 1


def test_nearest_config_makes_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "lintkit.toml").write_text("")
    sub = tmp_path / "services" / "mail"
    sub.mkdir(parents=True)
    (sub / "pyproject.toml").write_text("[tool.lintkit]\nignore = ['WF101']\n")
    (sub / "flow.yaml").write_text(UNREACHABLE)
    (tmp_path / "flow.yaml").write_text(UNREACHABLE)
    result = run("check", tmp_path / "flow.yaml", sub / "flow.yaml", "--format", "json")
    # The sub-project ignores WF101; paths are relative to the common root.
    assert result.found == ["flow.yaml:9:3 WF101"]


def test_a_subprojects_findings_are_relative_to_the_common_root(tmp_path: Path) -> None:
    (tmp_path / "lintkit.toml").write_text("")
    sub = tmp_path / "services" / "mail"
    sub.mkdir(parents=True)
    (sub / "lintkit.toml").write_text("")
    (sub / "flow.yaml").write_text(UNREACHABLE)
    (tmp_path / "flow.yaml").write_text(UNREACHABLE)
    result = run("check", tmp_path / "flow.yaml", sub / "flow.yaml", "--format", "json")
    assert result.found == ["flow.yaml:9:3 WF101", "services/mail/flow.yaml:9:3 WF101"]


def test_internal_error_names_rule_and_file_and_exits_2(project, monkeypatch) -> None:
    from lintkit.plugins.registry import load_rules

    rule = load_rules().rules["WF101"]

    def explode(self, workflow):
        raise RuntimeError("boom")

    monkeypatch.setattr(rule, "check_workflow", explode)
    root = project({"flow.yaml": UNREACHABLE.replace("next: done", "next: gone")})
    result = run("check", root, "--format", "json")
    assert result.code == 2
    assert "internal error in rule WF101 on flow.yaml: RuntimeError: boom" in result.err
    assert "Traceback" not in result.err
    assert result.found == ["flow.yaml:8:11 WF004"]  # the other rules still report


def test_a_file_named_on_the_command_line_that_crashes_is_not_also_unread(
    project, monkeypatch
) -> None:
    """The internal error says what happened to the file; "not a file lintkit reads"
    would be false."""
    from lintkit.dialects.stepfunctions import StepFunctionsDialect

    def explode(self, doc, settings):
        raise RuntimeError("boom")

    monkeypatch.setattr(StepFunctionsDialect, "load", explode)
    root = project({"m.asl.json": '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'})
    result = run("check", root / "m.asl.json", "--no-cache", "--jobs", "1")
    assert result.code == 2
    assert "internal error on m.asl.json: RuntimeError: boom" in result.err
    assert "not checked" not in result.err


def test_a_rule_crashing_in_a_worker_process_is_reported_as_in_one(project, monkeypatch) -> None:
    """60 files: worker processes load them and run the per-file rules; a crash there
    is an internal error on that file, as when one process does it all."""
    from lintkit.plugins.registry import load_rules

    rule = load_rules().rules["WF101"]

    def explode(self, workflow):
        if workflow.id.endswith("7"):
            raise RuntimeError("boom")
        return ()

    monkeypatch.setattr(rule, "check_workflow", explode)
    broken = UNREACHABLE.replace("next: done", "next: gone")
    root = project(
        {f"flows/f{n}.yaml": broken.replace("welcome\n", f"welcome-{n}\n", 1) for n in range(60)}
    )
    pooled = run("check", root, "--format", "json", "--no-cache", "--jobs", "2")
    alone = run("check", root, "--format", "json", "--no-cache", "--jobs", "1")
    assert pooled.code == alone.code == 2
    assert pooled.out == alone.out
    assert len(pooled.found) == 60  # WF004 on each
    crashed = [line for line in pooled.err.splitlines() if "RuntimeError: boom" in line]
    assert len(crashed) == 6  # f7, f17 ... f57
    assert sorted(crashed) == sorted(
        line for line in alone.err.splitlines() if "RuntimeError: boom" in line
    )
