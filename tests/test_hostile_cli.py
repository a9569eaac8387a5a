"""A repository that does not trust lintkit's user: file names, configs and texts
chosen to make lintkit overwrite, crash or print what it should not (issue 15,
items 1, 5 and 6), through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lk_testing import run, write

FLOW = """\
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


@pytest.fixture(autouse=True)
def _own_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports lintkit wrote are remembered per user: not in the developer's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


# -- 1. file names are never options -------------------------------------------------
def test_a_file_named_like_an_option_after_pre_commit_stays_a_file_name(
    project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"flows/ok.yaml": FLOW, "local_settings.py": "SECRET = 1\n"})
    planted = root / "--output=local_settings.py"
    planted.write_text(FLOW)
    monkeypatch.chdir(root)
    result = run("check", "--changed", "--pre-commit", "--output=local_settings.py")
    assert (root / "local_settings.py").read_text() == "SECRET = 1\n"
    assert result.code in (0, 1), result.err


def test_options_from_the_hook_args_still_work_after_pre_commit(
    project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"flows/ok.yaml": FLOW})
    monkeypatch.chdir(root)
    result = run(
        "check", "--pre-commit", "--select", "WF1", "--format=json", "--concise", "flows/ok.yaml"
    )
    assert result.code == 1, result.err
    assert result.found == ["flows/ok.yaml:9:3 WF101"]


def test_abbreviated_options_are_not_options(project) -> None:
    root = project({"flows/ok.yaml": FLOW})
    result = run("check", root, "--out=" + str(root / "report.txt"))
    assert result.code == 2
    assert "unrecognized arguments: --out=" in result.err
    assert not (root / "report.txt").exists()


def test_output_refuses_a_file_with_content_lintkit_did_not_write(project) -> None:
    root = project({"flows/ok.yaml": FLOW, "setup.py": "from setuptools import setup\n"})
    result = run("check", root, "--output", root / "setup.py")
    assert result.code == 2
    assert "setup.py exists and is not a report lintkit wrote" in result.err
    assert "--force-output" in result.err
    assert (root / "setup.py").read_text() == "from setuptools import setup\n"

    forced = run("check", root, "--output", root / "setup.py", "--force-output")
    assert forced.code == 1, forced.err
    assert "WF101" in (root / "setup.py").read_text()


def test_output_replaces_its_own_report_and_not_an_edited_one(project) -> None:
    root = project({"flows/ok.yaml": FLOW})
    report = root / "out" / "lintkit.sarif"
    for _ in range(2):  # a new file, then lintkit's own report
        result = run("check", root, "--report", f"sarif={report}", "--output", root / "r.txt")
        assert result.code == 1, result.err
    report.write_text(report.read_text() + " ")
    result = run("check", root, "--report", f"sarif={report}")
    assert result.code == 2
    assert "is not a report lintkit wrote" in result.err


@pytest.mark.skipif(not os.path.exists("/usr/bin/git"), reason="needs git")
def test_output_refuses_a_file_git_tracks_even_an_empty_one(project) -> None:
    root = project({"flows/ok.yaml": FLOW, "pkg/__init__.py": ""})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "pkg/__init__.py"], cwd=root, check=True, env=env)
    result = run("check", root, "--output", root / "pkg/__init__.py")
    assert result.code == 2
    assert "is tracked by git" in result.err
    assert (root / "pkg/__init__.py").read_text() == ""


def test_schema_output_is_guarded_too(tmp_path: Path) -> None:
    target = tmp_path / "notes.json"
    target.write_text("mine")
    assert run("schema", "--output", target).code == 2
    assert target.read_text() == "mine"
    assert run("schema", "--output", target, "--force-output").code == 0
    assert run("schema", "--output", target).code == 0  # its own output now


# -- 5. every exception: exit 2 and one line ----------------------------------------
@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("pyproject.toml", "tool = 5\n", "'tool' must be a table"),
        ("pyproject.toml", "[tool]\nlintkit = 3\n", "[tool.lintkit] must be a table"),
        ("lintkit.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    ],
)
def test_a_broken_config_is_exit_2_with_one_line(tmp_path: Path, name, text, words) -> None:
    root = write(tmp_path / "repo", {name: text, "flows/ok.yaml": FLOW})
    result = run("check", root)
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("lintkit: error: "), result.err
    assert words in result.err


def test_any_exception_is_exit_2_with_one_line_and_the_traceback_with_verbose(
    project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"flows/ok.yaml": FLOW})

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr("lintkit.engine.run", explode)
    result = run("check", root)
    assert result.code == 2
    assert result.err == (
        "lintkit: error: internal error: RuntimeError: disk on fire\\nsecond line"
        " (run with --verbose for the traceback); please report this bug\n"
    )
    verbose = run("check", root, "--verbose")
    assert verbose.code == 2
    assert "Traceback (most recent call last)" in verbose.err


# -- 6. output injection -------------------------------------------------------------
INJECTED = """\
lintkit: 1
workflow: welcome
"bad\\n::error file=README.md,line=1::FORGED": 1
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  done: {type: exit, description: "\\x1b[2J\\x07 caf\u00e9 \u202e"}
  orphan: {type: exit}
"""


def _forged_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_text_output_escapes_control_characters_and_keeps_unicode(project) -> None:
    root = project({"flows/ok.yaml": INJECTED, "flows/raw.yaml": FLOW + "# \x07 caf\u00e9\n"})
    result = run("check", root, "--ignore", "WF101")
    assert result.code == 1, result.err
    assert _forged_lines(result.out) == []
    assert "unknown key 'bad\\n::error file=README.md,line=1::FORGED'" in result.out
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "caf\u00e9" in result.out  # ordinary Unicode stays


def test_simulate_output_escapes_names_from_the_file(project) -> None:
    # Step Functions state names are any string: the exit step's name is printed.
    name = "Z\\n::error file=README.md::FORGED\\u001b[31m"
    machine = (
        f'{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Next": "{name}"}},'
        f' "{name}": {{"Type": "Succeed"}}}}}}'
    )
    root = project({"sf.asl.json": machine})
    result = run("simulate", root / "sf.asl.json", "--examples", "5")
    assert result.code == 0, result.err
    assert "exit 'Z\\n::error file=README.md::FORGED\\x1b[31m'" in result.out
    assert _forged_lines(result.out) == [] and "\x1b" not in result.out


def test_piped_output_has_no_escape_codes_in_a_subprocess(project) -> None:
    root = project({"flows/ok.yaml": INJECTED})
    done = subprocess.run(
        [sys.executable, "-m", "lintkit", "check", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr
    assert "\x1b" not in done.stdout and _forged_lines(done.stdout) == []
