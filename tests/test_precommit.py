"""The pre-commit hooks, run by the real pre-commit in a user's git repository.

The first test that needs ``hook_source`` builds the hooks' virtualenv (a pip
install of this checkout); the others reuse it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lk_precommit import ROOT, Outcome, manifest_hook_ids, manifest_hooks

FIXED = """\
lintkit: 1
workflow: welcome
steps:
  send_welcome:
    type: message
    channel: email
    template: welcome
    next: done
  done:
    type: exit
"""
BROKEN = FIXED.replace("next: done", "next: dnoe")  # line 8, column 11
UNREACHABLE = FIXED + "  orphan:\n    type: exit\n"  # a warning (WF101), schema-valid
SCHEMA_BROKEN = FIXED.replace("channel: email", "channel: carrier_pigeon")  # line 6


def _hook_output(outcome: Outcome) -> str:
    assert "- hook id:" in outcome.output or "Passed" in outcome.output, outcome.output
    return outcome.output


def test_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    from lk_precommit import call, isolated_env

    done = call(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        ROOT,
        isolated_env(tmp_path),
    )
    assert done.code == 0, done.output
    for hook in manifest_hooks():
        # cross-file rules: the result must not depend on how pre-commit splits files
        assert hook["require_serial"] is True, hook["id"]
        assert hook["pass_filenames"] is True, hook["id"]
        assert str(hook["entry"]).startswith("lintkit check"), hook["id"]
    assert manifest_hook_ids()[0] == "lintkit"


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)


def test_documented_configs_are_valid_and_name_real_hooks(tmp_path: Path) -> None:
    """The snippets users copy from the README and the docs."""
    from lk_precommit import call, isolated_env
    from ruamel.yaml import YAML

    snippets = [
        block
        for doc in (ROOT / "README.md", ROOT / "docs" / "pre-commit.md")
        for block in _yaml_blocks(doc.read_text(encoding="utf-8"))
        if block.startswith("repos:")
    ]
    assert len(snippets) >= 2
    ids = set(manifest_hook_ids())
    for i, snippet in enumerate(snippets):
        config = tmp_path / f"config-{i}.yaml"
        config.write_text(snippet)
        done = call(
            [sys.executable, "-m", "pre_commit", "validate-config", config],
            tmp_path,
            isolated_env(tmp_path / "home"),
        )
        assert done.code == 0, f"{snippet}\n{done.output}"
        for repo in YAML(typ="safe").load(snippet)["repos"]:
            if "lintkit" in repo["repo"]:
                assert {hook["id"] for hook in repo["hooks"]} <= ids, snippet


def test_commit_with_a_broken_workflow_fails_and_the_fix_passes(hook_repo) -> None:
    repo = hook_repo()
    before = repo.head()
    repo.write({"flows/welcome.yaml": BROKEN})

    failed = repo.commit("flows/welcome.yaml", message="add the welcome flow")

    assert failed.code != 0
    out = _hook_output(failed)
    assert re.search(r"^lintkit\.+Failed$", out, flags=re.MULTILINE), out
    assert (
        "flows/welcome.yaml:8:11: error[WF004] [*] `next` of step 'send_welcome' names step 'dnoe',"
        " which does not exist (did you mean 'done'?) [unknown-step]"
    ) in out
    assert "= fix: replace 'dnoe' with 'done'" in out
    # 'done' is unreachable too
    summary = "Found 2 problems (1 error, 1 warning) in 1 of 1 file checked. 1 fixable with --fix."
    assert summary in out
    assert repo.head() == before  # nothing was committed

    repo.write({"flows/welcome.yaml": FIXED})
    passed = repo.commit("flows/welcome.yaml", message="add the welcome flow")

    assert passed.code == 0, passed.output
    assert re.search(r"^lintkit\.+Passed$", passed.output, flags=re.MULTILINE), passed.output
    assert repo.head() != before


def test_reports_on_the_files_pre_commit_passes_only(hook_repo) -> None:
    repo = hook_repo()
    # Not staged, so not passed to the hook; lintkit still reads it (whole project)
    # but must not fail the commit of another file because of it.
    repo.write({"flows/draft.yaml": BROKEN.replace("welcome", "draft")})
    repo.write({"flows/welcome.yaml": BROKEN})

    failed = repo.commit("flows/welcome.yaml")
    assert failed.code != 0
    assert "flows/welcome.yaml:8:11: error[WF004]" in failed.output
    assert "draft.yaml" not in failed.output

    repo.write({"flows/welcome.yaml": FIXED})
    passed = repo.commit("flows/welcome.yaml")
    assert passed.code == 0, passed.output


def test_schema_hook_reports_schema_violations_and_nothing_else(hook_repo) -> None:
    repo = hook_repo(["lintkit-schema"])
    repo.write({"a.yaml": SCHEMA_BROKEN, "b.yaml": UNREACHABLE.replace("welcome", "b")})

    schema = repo.run("lintkit-schema", "a.yaml", "b.yaml")

    assert schema.code == 1
    assert re.search(r"^lintkit \(workflow syntax and schema\)\.+Failed$", schema.output, re.M)
    assert "a.yaml:6:14: error[WF002]" in schema.output
    assert "carrier_pigeon" in schema.output
    assert "WF101" not in schema.output  # b.yaml's unreachable step is not a schema matter

    only_b = repo.run("lintkit-schema", "b.yaml")
    assert only_b.code == 0, only_b.output


def test_args_lower_the_failing_threshold(hook_repo) -> None:
    """The documented `args: [--fail-on, error]`: warnings show but don't block."""
    repo = hook_repo([{"id": "lintkit", "args": ["--fail-on", "error"], "verbose": "true"}])
    repo.write({"flows/welcome.yaml": UNREACHABLE})

    passed = repo.commit("flows/welcome.yaml")

    assert passed.code == 0, passed.output
    assert "flows/welcome.yaml:11:3: warning[WF101] step 'orphan' is unreachable" in passed.output


def test_a_config_only_commit_runs_the_hook_on_the_whole_project(hook_repo) -> None:
    """Removing an `ignore` is a change lintkit must check, though no workflow changed."""
    repo = hook_repo()
    repo.write({"pyproject.toml": "[tool.lintkit]\nignore = ['WF101']\n"})
    repo.write({"flows/welcome.yaml": UNREACHABLE, "other.toml": "x = 1\n"})
    passed = repo.commit("pyproject.toml", "flows/welcome.yaml", "other.toml")
    assert passed.code == 0, passed.output

    repo.write({"pyproject.toml": "[tool.lintkit]\nignore = []\n"})
    failed = repo.commit("pyproject.toml", message="check unreachable steps again")
    assert failed.code != 0
    out = _hook_output(failed)
    assert re.search(r"^lintkit\.+Failed$", out, flags=re.MULTILINE), out
    assert "flows/welcome.yaml:11:3: warning[WF101] step 'orphan' is unreachable" in out

    # Another TOML file is not lintkit's: the hook runs but checks nothing of it.
    repo.write({"pyproject.toml": "[tool.lintkit]\nignore = ['WF101']\n", "other.toml": "x = 2\n"})
    passed = repo.commit("pyproject.toml", "other.toml")
    assert passed.code == 0, passed.output
    assert "other.toml" not in passed.output
