"""Every rule's own bad and good examples, run through the real CLI.

A bad example must produce that rule's diagnostics at exactly the positions it
declares, each with a message holding the words it declares; a good example must
produce no diagnostic at all. A rule's other tests are in tests/rules/test_<code>.py.
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
        found = sorted(
            (
                f"{d['line']}:{d['column']}"
                if d["path"] == example.path
                else f"{d['path']}:{d['line']}:{d['column']}",
                d["message"],
            )
            for d in mine
        )
        assert sorted(p for p, _ in found) == sorted(p for p, _ in example.expectations), found
        for position, words in example.expectations:
            messages = [message for at, message in found if at == position]
            assert any(words in m for m in messages), f"{position}: {words!r} not in {messages}"
    else:
        assert result.json["diagnostics"] == [], "a good example must be clean"


def test_built_in_bad_examples_say_what_the_message_is() -> None:
    for code, rule in load_rules().rules.items():
        if rule.__module__.startswith("lintkit_rules."):
            for example in (e for e in rule.examples if e.bad):
                for position, words in example.expectations:
                    assert words, f"{code}: say what the message at {position} holds"
