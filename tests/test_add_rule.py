"""`python -m lintkit.docgen.add_rule` in a scratch copy of the repository: the new
rule's file, entry point and docs page, and its example stubs run as tests do (the
bad one fails until the rule reports something, the good one passes)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lk_testing import run, write

from lintkit.plugins.rule import Example, Rule

ROOT = Path(__file__).resolve().parents[1]


def add_rule(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lintkit.docgen.add_rule", "--root", str(root), *args],
        capture_output=True,
        text=True,
    )


def registered(site: Path, code: str, target: str) -> dict[str, str]:
    """The environment of a process where ``target`` is installed as rule ``code``
    (a distribution's metadata on sys.path, as `pip install -e .` would leave)."""
    dist = site / "lintkit_scratch-0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lintkit-scratch\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(f"[lintkit.rules]\n{code} = {target}\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "tests")])}


def checkout(tmp_path: Path) -> Path:
    """What add_rule reads and writes of the repository, copied."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "pyproject.toml", repo)
    shutil.copytree(ROOT / "rules", repo / "rules")
    shutil.copytree(ROOT / "docs" / "rules", repo / "docs" / "rules")
    return repo


def test_a_new_rule_is_one_command_away(tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    done = add_rule(repo, "--code", "WF299", "--name", "stub-pattern", "--scope", "workflow")
    assert done.returncode == 0, done.stderr
    source = repo / "rules" / "workflow" / "wf299_stub_pattern.py"
    assert f"wrote {source.relative_to(repo)}" in done.stdout
    text = source.read_text()
    for section in ("## What it does", "## Why is this bad?", "## How to fix"):
        assert section in text
    entry = 'WF299 = "lintkit_rules.workflow.wf299_stub_pattern:StubPattern"'
    assert entry in (repo / "pyproject.toml").read_text().splitlines()
    assert (repo / "docs/rules/WF299.md").read_text().startswith("# WF299 stub-pattern\n")
    assert "[WF299](WF299.md) | stub-pattern |" in (repo / "docs/rules/index.md").read_text()

    again = add_rule(repo, "--code", "WF299", "--name", "other", "--scope", "workflow")
    assert again.returncode == 2 and "WF299 is taken" in again.stderr

    [bad, good] = scaffolded(source, "StubPattern").examples
    assert bad.bad and bad.expectations == [("5:3", "TODO words of the message")]
    assert not good.bad


# code, scope -> the family folder its letters give, the stub's file, what reads it
FAMILIES = {
    ("WF299", "workflow"): ("workflow", "flow.yaml", "native"),
    ("SF999", "workflow"): ("stepfunctions", "machine.asl.json", "stepfunctions"),
    ("NN999", "workflow"): ("n8n", "workflow.json", "n8n"),
    ("HF999", "file"): ("hogflow", "flow.hogflow.json", "hogflow"),
    ("XR999", "project"): ("crossfile", "flow.yaml", "native"),
    ("CD999", "module"): ("code", "app/module.py", "python"),
    ("GO999", "module"): ("go", "app/main.go", "go"),
    ("TS999", "module"): ("typescript", "app/module.ts", "typescript"),
}


def scaffolded(source: Path, cls: str) -> type[Rule]:
    spec = importlib.util.spec_from_file_location(source.stem, source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule: type[Rule] = getattr(module, cls)
    return rule


@pytest.mark.parametrize(("code", "scope"), list(FAMILIES))
def test_the_stub_examples_are_in_the_familys_format_and_fail_until_filled_in(
    tmp_path: Path, code: str, scope: str
) -> None:
    """The stubs as tests/test_rule_examples.py sees them once the rule is installed:
    a file of the family's dialect or language that every rule passes, so the bad
    example's expected finding is missing (it fails) and the good one is clean; the
    two differ, each saying what to replace it with."""
    family, path, reader = FAMILIES[code, scope]
    repo = checkout(tmp_path)
    done = add_rule(repo, "--code", code, "--name", "stub-pattern", "--scope", scope)
    assert done.returncode == 0, done.stderr
    source = repo / "rules" / family / f"{code.lower()}_stub_pattern.py"
    [bad, good] = scaffolded(source, "StubPattern").examples
    assert (bad.bad, good.bad) == (True, False)
    assert bad.path == good.path == path
    assert "TODO: replace" in bad.source and "TODO: replace" in good.source
    assert bad.source != good.source
    assert bad.expectations[0][1] == "TODO words of the message"

    shown = run("check", write(tmp_path / "shown", dict(bad.files)), "--show-files").out
    [file, read_by] = shown.split()
    assert file.endswith(f"shown/{path}") and read_by == reader

    env = registered(tmp_path / "site", code, f"{source.stem}:StubPattern")
    env["PYTHONPATH"] += os.pathsep + str(source.parent)

    def found(example: Example, name: str) -> list[str]:
        root = write(tmp_path / name, {**example.files, "lintkit.toml": example.config})
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "lintkit",
                "check",
                root,
                "--format",
                "json",
                "--extend-select",
                code,
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode in (0, 1), done.stderr  # 2: the rule is not a known one
        return [
            f"{d['line']}:{d['column']} {d['code']}" for d in json.loads(done.stdout)["diagnostics"]
        ]

    assert found(bad, "bad") == [] and bad.expect
    assert found(good, "good") == []


def test_a_second_rule_before_reinstalling_keeps_the_first_in_the_index(tmp_path: Path) -> None:
    """The first rule's entry point is not registered until `pip install -e .`: the
    index and the taken names come from pyproject.toml, not from what is installed."""
    repo = checkout(tmp_path)
    first = add_rule(repo, "--code", "WF298", "--name", "first-pattern", "--scope", "workflow")
    assert first.returncode == 0, first.stderr
    taken = add_rule(repo, "--code", "WF297", "--name", "first-pattern", "--scope", "workflow")
    assert taken.returncode == 2 and "first-pattern is taken" in taken.stderr
    second = add_rule(repo, "--code", "WF299", "--name", "second-pattern", "--scope", "module")
    assert second.returncode == 0, second.stderr

    index = (repo / "docs/rules/index.md").read_text()
    assert "[WF298](WF298.md) | first-pattern |" in index
    assert "[WF299](WF299.md) | second-pattern |" in index
    listed = [line.split("]", 1)[0][3:] for line in index.splitlines() if line.startswith("| [")]
    entries = re.findall(r"^([A-Z]+[0-9]{3}) = ", (repo / "pyproject.toml").read_text(), re.M)
    assert listed == sorted(entries)
