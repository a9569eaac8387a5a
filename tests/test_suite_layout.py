"""The test suite's own conventions, which keep a rule's tests findable and every run
reproducible from a plain clone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import PROFILE
from hypothesis import settings

from lintkit.plugins.registry import load_rules

TESTS = Path(__file__).parent


def test_per_rule_tests_are_filed_under_a_rule_code() -> None:
    """tests/rules/test_<code>.py holds the tests of the rule with that code (its
    examples run in test_rule_examples.py); a file under a code no rule has is
    a rule's tests nobody will find (a renamed rule, a typo)."""
    codes = {code.lower() for code in load_rules().rules}
    misfiled = [
        path.name
        for path in sorted((TESTS / "rules").glob("*.py"))
        if path.name != "__init__.py"
        and not ((m := re.fullmatch(r"test_([a-z]+[0-9]+)\.py", path.name)) and m.group(1) in codes)
    ]
    assert misfiled == [], f"tests/rules/ is for test_<rule code>.py; no rule has {misfiled}"


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "testdata" not in p.parts)


def test_hypothesis_tests_leave_drawing_to_the_profile() -> None:
    """Per-test settings may size a test (max_examples) and suppress health checks;
    how inputs are drawn (derandomize, database, seed, deadline) is the profile's,
    so CI is reproducible and a local run explores (tests/conftest.py)."""
    drawn = {"derandomize", "database", "deadline", "phases"}
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "seed" or (name == "settings" and drawn & {k.arg for k in node.keywords}):
                offenders.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert offenders == []


def test_the_profile_in_use_is_the_one_named() -> None:
    assert PROFILE in ("ci", "dev")
    assert settings.default.derandomize is (PROFILE == "ci")


def test_nothing_reads_outside_the_checkout() -> None:
    """A plain clone runs every test: data lives in tests/ (the SARIF schema in
    tests/schemas, Step Functions definitions in tests/testdata/asl)."""
    outside = re.compile(r"\.\./shared|/ \"shared\"|parents\[\d\]\.parent")
    readers = [
        str(path.relative_to(TESTS))
        for path in _python_files()
        if path.name != Path(__file__).name and outside.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []
