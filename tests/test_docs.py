"""The docs' rule pages are generated from the rules and must be up to date."""

from __future__ import annotations

from pathlib import Path

from lk_testing import run

from lintkit.docs import generated_pages
from lintkit.registry import load_rules

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_generated_pages_are_up_to_date() -> None:
    stale = [
        relative
        for relative, content in generated_pages().items()
        if not (DOCS / relative).is_file() or (DOCS / relative).read_text() != content
    ]
    assert not stale, f"run `python -m lintkit.docs docs` to regenerate: {stale}"


def test_no_page_for_a_rule_that_does_not_exist() -> None:
    codes = set(load_rules().rules)
    pages = {p.stem for p in (DOCS / "rules").glob("*.md")} - {"index"}
    assert pages == codes


def test_explain_prints_the_rule_page_for_code_and_name() -> None:
    for code, rule in load_rules().rules.items():
        page = (DOCS / "rules" / f"{code}.md").read_text()
        by_code, by_name = run("explain", code), run("explain", rule.name)
        assert by_code.code == 0 and by_code.out == page
        assert by_name.out == page
