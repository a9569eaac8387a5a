"""A third-party rule package registers through the same entry points as ours."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PLUGIN = Path(__file__).parent / "plugin_example"
FLOW = """\
lintkit: 1
workflow: w
steps:
  send: {type: message, channel: email, template: t, next: done}
  done: {type: exit}
"""


def test_installed_plugin_rule_runs_and_is_selectable(tmp_path: Path) -> None:
    target = tmp_path / "site"
    source = shutil.copytree(PLUGIN, tmp_path / "plugin")  # builds write beside the source
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    project = tmp_path / "repo"
    project.mkdir()
    (project / "lintkit.toml").write_text("")
    (project / "flow.yaml").write_text(FLOW)
    env = {**os.environ, "PYTHONPATH": str(target)}

    def lintkit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lintkit", *args], capture_output=True, text=True, env=env
        )

    listed = json.loads(lintkit("rules", "--format", "json").stdout)
    assert "EX001" in {r["code"] for r in listed}
    found = json.loads(lintkit("check", str(project), "--format", "json").stdout)
    assert [(d["code"], d["line"], d["column"]) for d in found["diagnostics"]] == [("EX001", 4, 3)]
    ignored = json.loads(
        lintkit("check", str(project), "--format", "json", "--ignore", "undescribed-message").stdout
    )
    assert ignored["diagnostics"] == []
    assert "undescribed-message" in lintkit("explain", "EX001").stdout
    # SARIF describes the plugin's rule, without pointing at lintkit's docs site
    sarif = json.loads(lintkit("check", str(project), "--format", "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["EX001"]["help"]["markdown"].startswith("# EX001 undescribed-message")
    assert "helpUri" not in rules["EX001"]
    assert rules["WF101"]["helpUri"].endswith("/rules/WF101/")
