"""check --write-baseline / --baseline: adopt lintkit with today's findings, fail on new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lk_testing import run

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def _demo(tmp_path: Path) -> Path:
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns(".lintkit_cache"))
    return demo


def test_a_baseline_adopted_on_the_demo_passes_and_a_new_finding_fails(tmp_path: Path) -> None:
    demo = _demo(tmp_path)
    baseline = tmp_path / "lintkit-baseline.json"
    written = run("check", demo, "--write-baseline", baseline, "--no-cache")
    assert written.code == 0, written.err
    entries = json.loads(baseline.read_text())["findings"]
    before = run("check", demo, "--format", "json", "--no-cache").json["diagnostics"]
    assert len(entries) == len(before) > 30
    assert run("check", demo, "--baseline", baseline, "--no-cache").code == 0

    # Lines moving (a comment added on top) bring nothing back...
    onboarding = demo / "flows" / "onboarding.yaml"
    onboarding.write_text("# moved down\n\n" + onboarding.read_text())
    assert run("check", demo, "--baseline", baseline, "--no-cache").code == 0
    # ...a new finding fails the check, and only it is reported.
    welcome = demo / "flows" / "welcome.yaml"
    welcome.write_text(welcome.read_text().replace("channel: email", "channel: emial", 1))
    result = run("check", demo, "--baseline", baseline, "--format", "json", "--no-cache")
    assert result.code == 1
    assert [(d["path"], d["code"]) for d in result.json["diagnostics"]] == [
        ("flows/welcome.yaml", "WF002")
    ]
    assert result.json["summary"]["suppressed"] == len(entries)


def test_a_second_identical_finding_is_new(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "lintkit.toml").write_text("")
    unused = "X = 1  # lintkit: ignore[CD201]\n"
    (root / "app.py").write_text(unused)
    baseline = tmp_path / "b.json"
    assert run("check", root, "--write-baseline", baseline, "--no-cache").code == 0
    (root / "app.py").write_text(unused + unused)
    result = run("check", root, "--baseline", baseline, "--format", "json", "--no-cache")
    assert [f"{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]] == [
        "2:8 LK001"
    ]


def test_an_unreadable_baseline_is_a_usage_error(tmp_path: Path) -> None:
    demo = _demo(tmp_path)
    (tmp_path / "bad.json").write_text("{not json")
    result = run("check", demo, "--baseline", tmp_path / "bad.json", "--no-cache")
    assert result.code == 2
    assert "not a lintkit baseline" in result.err


ASL = """{
  "StartAt": "Pick",
  "States": {
    "Pick": {"Type": "Choice", "Choices": [
      {"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}
    ]},
    "Done": {"Type": "Succeed"}
  }
}
"""


def test_add_noqa_comments_yaml_and_python_and_lists_json_in_the_config(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "lintkit.toml").write_text("")
    flow = (
        "lintkit: 1\nworkflow: w\nsteps:\n  a:\n    type: delay\n    duration: 1h\n"
        "    next: nowhere  # the old step\n  b:\n    type: exit\n"
    )
    (root / "flow.yaml").write_text(flow)
    (root / "machine.asl.json").write_text(ASL)
    before = run("check", root, "--format", "json", "--no-cache").json["diagnostics"]
    assert {d["code"] for d in before} >= {"WF004", "WF101", "SF101"}

    result = run("check", root, "--add-noqa", "--no-cache")
    assert result.code == 0, result.err
    assert (root / "flow.yaml").read_text() == flow.replace(
        "    next: nowhere  # the old step\n",
        "    # lintkit: ignore[WF004] -- TODO: reason\n    next: nowhere  # the old step\n",
    ).replace("  b:\n", "  b:  # lintkit: ignore[WF101] -- TODO: reason\n")
    assert (root / "machine.asl.json").read_text() == ASL  # JSON: in the configuration
    assert "[[ignore-findings]]" in (root / "lintkit.toml").read_text()

    after = run("check", root, "--format", "json", "--no-cache")
    assert (after.code, after.json["diagnostics"]) == (0, [])
    reasons = {d["code"]: d["suppression"]["reason"] for d in after.json["suppressed"]}
    assert reasons["SF101"] == reasons["WF004"] == "TODO: reason"
    # the entry is keyed by content: lines added above do not undo it
    (root / "machine.asl.json").write_text("\n\n" + ASL)
    assert run("check", root, "--no-cache").code == 0
