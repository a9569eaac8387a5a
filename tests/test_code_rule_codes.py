"""The code rules' language-neutral codes (CD...) and the PY codes they had: an
old code still selects, ignores, suppresses and explains its rule."""

from __future__ import annotations

from lk_testing import run

SETTINGS = """\
import os

STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_test_x")
"""
FOUND = "app/settings.py:3:21 CD201"


def check(project, files: dict[str, str], *args: str) -> list[str]:
    result = run("check", project(files), "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return result.found


def test_old_codes_and_prefixes_select_the_renamed_rules(project) -> None:
    files = {"app/settings.py": SETTINGS}
    assert check(project, files, "--select", "CD201") == [FOUND]
    assert check(project, files, "--select", "PY201") == [FOUND]
    assert check(project, files, "--select", "PY2") == [FOUND]
    assert check(project, files, "--select", "silent-secret-fallback") == [FOUND]


def test_old_codes_ignore_the_renamed_rules(project) -> None:
    files = {"app/settings.py": SETTINGS}
    assert check(project, files, "--select", "CD2", "--ignore", "PY201") == []
    config = '[per-file-ignores]\n"app/*.py" = ["PY201"]\n'
    assert check(project, {**files, "lintkit.toml": config}, "--select", "CD201") == []
    config = 'select = ["PY201"]\n'
    assert check(project, {**files, "lintkit.toml": config}) == [FOUND]


def test_an_old_code_in_a_comment_suppresses_and_is_used(project) -> None:
    """The comment silences CD201, and LK001 does not call it unused."""
    source = SETTINGS.replace('_x")', '_x")  # lintkit: ignore[PY201] -- local only')
    found = check(project, {"app/settings.py": source}, "--select", "CD201,LK001")
    assert found == []


def test_explain_answers_an_old_code() -> None:
    old, new = run("explain", "PY201"), run("explain", "CD201")
    assert (old.code, new.code) == (0, 0)
    assert old.out == new.out
    assert "CD201" in new.out and "silent-secret-fallback" in new.out
