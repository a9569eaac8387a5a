"""What a text run says: severity in words, what was checked, --statistics,
--quiet and --exit-zero."""

from __future__ import annotations

import json
from pathlib import Path

from lk_testing import run

from lintkit.core.report import Report
from lintkit.reporters.text import checked, summary_line

# what a run reads, as its messages say it: the installed languages
READ = "workflow, Go, Python or TypeScript/JavaScript"

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
BROKEN_NEXT = CLEAN.replace("next: done", "next: dnoe")


def test_each_finding_names_its_severity_without_colour(project, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    # compose.yaml is read (no dialect claims it) but is no workflow: not counted
    root = project({"a.yaml": UNREACHABLE, "b.yaml": BROKEN_NEXT, "compose.yaml": "a: 1\n"})
    monkeypatch.chdir(root)
    out = run("check", root, "--concise").out.splitlines()
    assert out[0].startswith("a.yaml:9:3: warning[WF101] step 'orphan' is unreachable")
    assert out[1].startswith("b.yaml:8:11: error[WF004] [*] `next` of step 'send'")
    assert out[-1] == (
        "Found 3 problems (1 error, 2 warnings) in 2 of 2 files checked. 1 fixable with --fix."
    )


def test_a_clean_run_says_what_it_checked(project) -> None:
    root = project(
        {"flow.yaml": CLEAN, "app/events.py": "def f():\n    pass\n", "compose.yaml": "a: 1\n"}
    )
    result = run("check", root)
    assert (result.code, result.out) == (0, "All checks passed: 1 workflow file, 1 Python file.\n")


def test_statistics_prints_the_table_alone(project) -> None:
    root = project({"a.yaml": UNREACHABLE, "b.yaml": UNREACHABLE.replace("welcome", "other")})
    result = run("check", root, "--statistics")
    assert result.code == 1
    assert result.out == (
        "     2  WF101  unreachable-step\nFound 2 problems (2 warnings) in 2 of 2 files checked.\n"
    )
    assert run("check", root, "--statistics", "--quiet").out == "     2  WF101  unreachable-step\n"


def test_quiet_prints_only_the_findings(project, monkeypatch) -> None:
    root = project({"a.yaml": UNREACHABLE})
    monkeypatch.chdir(root)
    quiet = run("check", root, "--quiet", "--concise")
    assert quiet.code == 1
    assert quiet.out.splitlines() == [
        "a.yaml:9:3: warning[WF101] step 'orphan' is unreachable: no path from the start"
        " 'send' leads to it [unreachable-step]"
    ]
    (root / "a.yaml").write_text(CLEAN)
    assert run("check", root, "-q") == run("check", root, "--quiet")
    assert run("check", root, "-q").out == ""


def test_exit_zero_keeps_the_findings_and_usage_errors(project) -> None:
    root = project({"a.yaml": UNREACHABLE})
    result = run("check", root, "--exit-zero", "--format", "json")
    assert result.code == 0
    assert result.found == ["a.yaml:9:3 WF101"]
    assert run("check", root, "--exit-zero", "--select", "WF999").code == 2


def test_a_glob_that_matches_nothing_is_a_warning(project) -> None:
    root = project(
        {
            "lintkit.toml": 'workflows = ["flows/*.yaml", "flws/*.yaml"]\ncode = ["lib"]\n',
            "flows/a.yaml": CLEAN,
            "app/events.py": "def f():\n    pass\n",
        }
    )
    result = run("check", root)
    assert result.code == 0
    warnings = result.err.splitlines()
    assert warnings[0] == (
        "lintkit: warning: lintkit.toml: `workflows` entry 'flws/*.yaml' matches no file"
    )
    assert warnings[1].startswith(
        "lintkit: warning: lintkit.toml: `code` entry 'lib' matches no file (no such file or"
        " directory); no Python code is read, so the "
    )
    assert "XR101" in warnings[1] and "are in effect off" in warnings[1]
    assert len(warnings) == 2
    assert result.out == "All checks passed: 1 workflow file.\n"
    assert run("check", root, "--quiet").err == ""


def test_a_named_path_lintkit_does_not_read_is_a_warning(project, monkeypatch) -> None:
    root = project(
        {
            "flows/a.yaml": CLEAN,
            "notes.txt": "hello\n",
            "compose.yaml": "services: {web: {image: nginx}}\n",
            "empty/.keep": "",
        }
    )
    monkeypatch.chdir(root)
    result = run("check", "notes.txt", "compose.yaml", "empty", "flows/a.yaml")
    assert result.code == 0
    assert result.err.splitlines() == [
        f"lintkit: warning: notes.txt: not a {READ} file lintkit reads; not checked",
        f"lintkit: warning: compose.yaml: not a {READ} file lintkit reads; not checked",
        f"lintkit: warning: empty: holds no {READ} file; nothing checked",
    ]
    assert result.out == "All checks passed: 1 workflow file.\n"
    # a commit's files (the pre-commit hook): no warning for the ones lintkit does not read
    assert run("check", "--changed", "notes.txt", "flows/a.yaml").err == ""


def test_an_empty_directory_says_nothing_was_checked(tmp_path, monkeypatch) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "lintkit.toml").write_text("")
    result = run("check", tmp_path / "empty")
    assert result.code == 0
    assert (
        result.out
        == "Nothing checked: no workflow, Go, Python or TypeScript/JavaScript file found.\n"
    )
    assert (
        "holds no workflow, Go, Python or TypeScript/JavaScript file; nothing checked" in result.err
    )


def test_show_settings_prints_the_resolved_configuration(project) -> None:
    import json

    root = project(
        {
            "pyproject.toml": (
                "[tool.lintkit]\nworkflows = ['flows/*.yaml']\nignore = ['WF1']\n"
                "[tool.lintkit.events]\nexternal = ['signup']\n"
            ),
            "flows/a.yaml": UNREACHABLE,
        }
    )
    result = run("check", root, "--show-settings", "--select", "WF")
    assert (result.code, result.err) == (0, "")
    shown = json.loads(result.out)
    assert shown["config-file"] == str(root / "pyproject.toml")
    assert shown["workflows"] == ["flows/*.yaml"]
    assert shown["select"] == ["WF"] and shown["ignore"] == ["WF1"]
    assert "WF101" not in shown["rules"] and "WF201" in shown["rules"]
    assert "CD201" not in shown["rules"]
    assert shown["options"]["events.external"] == ["signup"]
    assert shown["fail-on"] == "warning"
    assert ".git" in shown["exclude"]


def test_show_files_lists_what_the_run_reads_and_who_reads_it(project, monkeypatch) -> None:
    root = project(
        {
            "flows/a.yaml": UNREACHABLE,
            "flows/machine.asl.json": '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}',
            "app/events.py": "def f():\n    pass\n",
        }
    )
    monkeypatch.chdir(root)
    result = run("check", "--show-files")
    assert result.code == 0
    assert result.out.splitlines() == [
        "app/events.py           python",
        "flows/a.yaml            native",
        "flows/machine.asl.json  stepfunctions",
    ]


def test_show_files_and_settings_escape_what_a_file_name_holds(project, monkeypatch) -> None:
    # A committed file name with a newline and an ESC sequence: raw, it clears the
    # terminal and prints a line the Actions runner reads as an annotation.
    name = "flows/a\x1b[2J\n::error file=README.md::forged\u202e.yaml"
    root = project({name: UNREACHABLE, "lintkit.toml": 'exclude = ["\\u001b[31m"]\n'})
    monkeypatch.chdir(root)

    files = run("check", "--show-files")
    settings = run("check", "--show-settings")

    assert files.out == "flows/a\\x1b[2J\\n::error file=README.md::forged\\u202e.yaml  native\n"
    assert "\x1b[31m" in json.loads(settings.out)["exclude"]
    for out in (files.out, settings.out):
        assert out.count("\n") == len(out.splitlines()) and "\x1b" not in out


def test_workflows_that_name_code_without_any_code_are_a_warning(project) -> None:
    handler = CLEAN.replace(
        "  send:\n",
        '  act:\n    type: action\n    handler: "app.retention:offer"\n    next: send\n  send:\n',
    )
    root = project({"flow.yaml": handler})
    result = run("check", root)
    assert (result.code, result.out) == (0, "All checks passed: 1 workflow file.\n")
    assert result.err.startswith(
        "lintkit: warning: the workflows name handlers or events of code, but no Go, Python or"
        " TypeScript/JavaScript file is in the project (set `code`?): the "
    )
    assert "rules that read code (" in result.err and "XR103" in result.err
    assert result.err.endswith(") are in effect off\n")
    # nothing reads code: nothing is off
    assert run("check", root, "--select", "WF").err == ""
    (root / "app").mkdir()
    (root / "app" / "retention.py").write_text("def offer():\n    pass\n")
    assert run("check", root).err == ""


def test_the_summary_counts_files_by_each_language_read() -> None:
    report = Report(Path("."), languages={"go": "Go", "python": "Python"})
    report.files = ["a.yaml", "b.go", "c.py", "d.py", "notes.yaml"]
    report.claims = {"a.yaml": "native", "b.go": "go", "c.py": "python", "d.py": "python"}
    assert checked(report) == "1 workflow file, 1 Go file, 2 Python files"
    report.claims = {}
    assert summary_line(report) == "Nothing checked: no workflow, Go or Python file found."
