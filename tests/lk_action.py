"""Run action.yml's composite steps the way the GitHub runner does, on this machine.

Each step's ``run`` script goes to ``bash --noprofile --norc -eo pipefail`` (the
runner's ``shell: bash``), with the step's ``env`` and ``working-directory``
evaluated from the inputs, ``github.action_path`` and earlier steps' outputs,
and the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) and variables set.
Expressions other than those are an error here, so the emulation never
silently accepts what it does not understand. A step can be replaced by its
outputs (``given``): the install step's pip install is slow and needs an index.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
SERVER, REPOSITORY, SHA = "https://github.com", "acme/lifecycle", "0123456789abcdef"


def load_action() -> dict[str, Any]:
    from ruamel.yaml import YAML

    return dict(YAML(typ="safe").load(ACTION.read_text(encoding="utf-8")))


@dataclass
class ActionRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]  # the action's outputs
    summary: str
    steps: dict[str, dict[str, str]] = field(default_factory=dict)


def _outputs_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        assert sep, f"GITHUB_OUTPUT line is not name=value: {line!r}"
        values[name] = value
    return values


def run_action(
    workspace: Path,
    inputs: dict[str, str],
    *,
    given: dict[str, dict[str, str]] | None = None,
    temp: Path,
) -> ActionRun:
    action = load_action()
    declared = action["inputs"]
    unknown = set(inputs) - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    steps: dict[str, dict[str, str]] = {}

    def evaluate(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr == "github.action_path":
                return str(ROOT)
            if m := re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr):
                return values[m.group(1)]
            if m := re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expr):
                return steps.get(m.group(1), {}).get(m.group(2), "")
            raise AssertionError(f"the emulation does not know ${{{{ {expr} }}}}")

        return _EXPR.sub(one, text)

    temp.mkdir(parents=True, exist_ok=True)
    summary = temp / "step_summary.md"
    summary.touch()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    base_env.update(
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_SERVER_URL=SERVER,
        GITHUB_REPOSITORY=REPOSITORY,
        GITHUB_SHA=SHA,
        RUNNER_TEMP=str(temp),
    )
    stdout, stderr, code = [], [], 0
    for index, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"step{index}")
        if given and step_id in given:
            steps[step_id] = given[step_id]
            continue
        assert step.get("shell") == "bash", f"step {step_id}: the emulation runs bash only"
        outputs = temp / f"output-{step_id}"
        outputs.write_text("")
        script = temp / f"{step_id}.sh"
        script.write_text(step["run"])
        env = {**base_env, "GITHUB_OUTPUT": str(outputs)}
        env.update({k: evaluate(str(v)) for k, v in step.get("env", {}).items()})
        cwd = workspace / evaluate(step.get("working-directory", "."))
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        stdout.append(done.stdout)
        stderr.append(done.stderr)
        steps[step_id] = _outputs_file(outputs)
        if done.returncode != 0:
            code = done.returncode
            break
    action_outputs = {
        name: evaluate(str(spec["value"])) for name, spec in action.get("outputs", {}).items()
    }
    return ActionRun(
        code,
        "".join(stdout),
        "".join(stderr),
        action_outputs,
        summary.read_text(encoding="utf-8"),
        steps,
    )
