"""Configuration: found by walking up, validated strictly, with did-you-mean."""

from __future__ import annotations

from lk_testing import run

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


def test_unknown_key_is_an_error_with_did_you_mean(project) -> None:
    root = project({"lintkit.toml": 'exlude = ["x"]\n', "flow.yaml": UNREACHABLE})
    result = run("check", root)
    assert result.code == 2
    assert "unknown key 'exlude' (did you mean 'exclude'?)" in result.err


def test_unknown_rule_code_is_an_error(project) -> None:
    root = project({"lintkit.toml": 'ignore = ["WF1011"]\n', "flow.yaml": UNREACHABLE})
    result = run("check", root)
    assert result.code == 2
    assert "ignore: unknown rule 'WF1011' (did you mean 'WF101'?)" in result.err


def test_pyproject_table_and_walk_up(project) -> None:
    root = project(
        {
            "pyproject.toml": "[project]\nname = 'x'\n\n[tool.lintkit]\nignore = ['WF101']\n",
            "flows/deep/flow.yaml": UNREACHABLE,
        }
    )
    result = run("check", root / "flows" / "deep", "--format", "json")
    assert (result.code, result.found) == (0, [])


def test_exclude_and_per_file_ignores(project) -> None:
    root = project(
        {
            "lintkit.toml": (
                'exclude = ["fixtures", "legacy/old_*.yaml"]\n'
                '[per-file-ignores]\n"flows/*.yaml" = ["unreachable-step"]\n'
            ),
            "fixtures/flow.yaml": UNREACHABLE,
            "legacy/old_flow.yaml": UNREACHABLE,
            "legacy/new_flow.yaml": UNREACHABLE,
            "flows/flow.yaml": UNREACHABLE,
        }
    )
    result = run("check", root, "--format", "json")
    assert result.found == ["legacy/new_flow.yaml:9:3 WF101"]


def test_workflows_globs_and_default_discovery(project) -> None:
    root = project(
        {
            "lintkit.toml": 'workflows = ["flows/**/*.yaml"]\n',
            "flows/a/b/flow.yaml": UNREACHABLE,
            "other/flow.yaml": UNREACHABLE,  # not named by the globs: not read
        }
    )
    assert run("check", root, "--format", "json").found == ["flows/a/b/flow.yaml:9:3 WF101"]


def test_select_all_turns_on_opt_in_rules_and_default_does_not(project) -> None:
    from lintkit.plugins.registry import load_rules

    registry = load_rules()
    opt_in = [r.code for r in registry.rules.values() if not r.default_enabled]
    default = registry.select(None)
    everything = registry.select(["ALL"])
    assert not set(opt_in) & {r.code for r in default}
    assert {r.code for r in everything} == set(registry.rules)


def test_bad_values_are_errors(project) -> None:
    for text, words in [
        ('fail-on = "fatal"\n', "'fail-on' must be error, warning or info"),
        ("select = 3\n", "'select' must be a list of strings"),
        ('max-file-size = "lots"\n', "'max-file-size' must be bytes"),
        ("[steps]\nx = 1\n", "unknown key 'steps'"),
        ("select = [\n", "invalid TOML"),
    ]:
        root = project({"lintkit.toml": text, "flow.yaml": UNREACHABLE})
        result = run("check", root)
        assert result.code == 2, text
        assert words in result.err, (text, result.err)


def test_max_file_size(project) -> None:
    root = project({"lintkit.toml": 'max-file-size = "100B"\n', "flow.yaml": UNREACHABLE})
    result = run("check", root, "--format", "json")
    assert result.found == ["flow.yaml:1:1 WF001"]
    assert "over the max-file-size" in result.json["diagnostics"][0]["message"]
