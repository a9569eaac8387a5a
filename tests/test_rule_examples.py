"""Every rule's own bad and good examples, run through the real CLI.

A bad example must produce that rule's diagnostics at exactly the positions it
declares; a good example must produce no diagnostic at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lk_testing import run, write

from lintkit.plugins.registry import load_rules
from lintkit.plugins.rule import Example, Rule

CASES = [
    pytest.param(rule, example, id=f"{code}-{'bad' if example.bad else 'good'}{i}")
    for code, rule in load_rules().rules.items()
    for i, example in enumerate(rule.examples)
]


def test_every_rule_has_a_bad_and_a_good_example() -> None:
    for rule in load_rules().rules.values():
        kinds = {e.bad for e in rule.examples}
        assert kinds == {True, False}, f"{rule.code} needs both a bad and a good example"


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(tmp_path: Path, rule: type[Rule], example: Example) -> None:
    files: dict[str, str | bytes] = dict(example.files)
    files["lintkit.toml"] = example.config
    root = write(tmp_path, files)
    result = run("check", root, "--format", "json", "--extend-select", rule.code)
    assert result.code in (0, 1), result.err
    mine = [d for d in result.json["diagnostics"] if d["code"] == rule.code]
    if example.bad:
        assert example.expect, f"{rule.code}: a bad example must say where it is reported"
        where = {
            f"{d['line']}:{d['column']}"
            if d["path"] == example.path
            else f"{d['path']}:{d['line']}:{d['column']}"
            for d in mine
        }
        assert where == set(example.expect), [d["message"] for d in mine]
        assert all(d["message"] for d in mine)
    else:
        assert result.json["diagnostics"] == [], "a good example must be clean"
