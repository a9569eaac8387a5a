"""Every configuration error in one run, each naming the table as the user wrote it."""

from __future__ import annotations

from lk_testing import run, write

FLOW = """\
lintkit: 1
workflow: welcome
steps:
  done:
    type: exit
"""


def test_every_config_error_is_reported_at_once(project) -> None:
    root = project(
        {
            "lintkit.toml": (
                'workflow = ["flows/*.yaml"]\n'
                'fail-on = "fatal"\n'
                'ignore = ["WF999"]\n'
                "[events]\n"
                "externl = []\n"
            ),
            "flow.yaml": FLOW,
        }
    )
    result = run("check", root)
    assert result.code == 2
    config = root / "lintkit.toml"
    assert result.err.splitlines() == [
        f"lintkit: error: {config}: unknown key 'workflow' (did you mean 'workflows'?)",
        f"lintkit: error: {config}: unknown key 'externl' in [events] (did you mean 'external'?)",
        f"lintkit: error: {config}: 'fail-on' must be error, warning or info, not 'fatal'",
        f"lintkit: error: {config}: ignore: unknown rule 'WF999'",
    ]


def test_pyproject_errors_name_the_full_table(project) -> None:
    root = project(
        {
            "pyproject.toml": "[tool.lintkit]\n[tool.lintkit.events]\nexternl = []\n",
            "flow.yaml": FLOW,
        }
    )
    result = run("check", root)
    assert result.code == 2
    assert result.err == (
        f"lintkit: error: {root / 'pyproject.toml'}: unknown key 'externl' in"
        " [tool.lintkit.events] (did you mean 'external'?)\n"
    )


def test_a_declared_workflow_of_just_null_is_reported_like_an_empty_list(project) -> None:
    root = project(
        {
            "lintkit.toml": 'workflows = ["flows/*.yaml"]\n',
            "flows/null.yaml": "null\n",
            "flows/tilde.yaml": "~\n",
            "flows/list.yaml": "[]\n",
            "flows/stream.yaml": FLOW + "---\n",
        }
    )
    result = run("check", root, "--format", "json", "--no-cache")
    assert result.found == ["flows/list.yaml:1:1 WF002", "flows/null.yaml:1:1 WF002",
                            "flows/tilde.yaml:1:1 WF002"]  # fmt: skip
    messages = {d["message"] for d in result.json["diagnostics"]}
    assert messages == {
        "the `workflows` setting names this file, but it is not a workflow any dialect reads"
    }


def test_a_config_outside_the_checked_path_applies_from_the_paths_own_root(tmp_path) -> None:
    # As in Ruff: --config names the settings; the PATH keeps its own project root.
    outside = write(tmp_path / "common-config", {})
    (outside / "lintkit.toml").write_text(
        'select = ["CD201"]\nper-file-ignores = { "tests/**" = ["CD201"] }\n'
    )
    project = tmp_path / "service"
    (project / ".git").mkdir(parents=True)
    source = "import os\nKEY = os.environ.get('API_KEY', 'dev')\n"
    for name in ("app/settings.py", "tests/settings.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(source)
    config = outside / "lintkit.toml"
    for target in (project / "app" / "settings.py", project):
        result = run("check", "--config", config, target, "--format", "json", "--no-cache")
        assert result.code == 1, result.err
        assert "Traceback" not in result.err and "internal error" not in result.err
        found = [(d["path"], d["line"], d["column"]) for d in result.json["diagnostics"]]
        assert found == [("app/settings.py", 2, 7)]
