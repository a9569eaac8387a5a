"""The docs site: generated pages up to date, one source per fact, a strict build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from lk_testing import run, write

from lintkit.code.extractor import load_extractors
from lintkit.config import Config, build_config, tomllib
from lintkit.core.report import SITE_URL
from lintkit.docgen.configuration import example, render_configuration
from lintkit.docgen.rule_page import rule_url
from lintkit.docgen.site import generated_pages
from lintkit.documents.schema import load_schema
from lintkit.plugins.dialect import load_dialects
from lintkit.plugins.registry import Registry, load_rules
from lintkit.plugins.rule import Option, Rule, Scope, is_builtin

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _builtin_rules() -> dict[str, type[Rule]]:
    return {code: rule for code, rule in load_rules().rules.items() if is_builtin(rule)}


def test_generated_pages_are_up_to_date() -> None:
    stale = [
        relative
        for relative, content in generated_pages(ROOT).items()
        if not (DOCS / relative).is_file()
        or (DOCS / relative).read_text(encoding="utf-8") != content
    ]
    assert not stale, f"run `python -m lintkit.docgen docs` to regenerate: {stale}"


def test_no_page_for_a_rule_that_does_not_exist() -> None:
    pages = {p.stem for p in (DOCS / "rules").glob("*.md")} - {"index"}
    assert pages == set(_builtin_rules())


def test_explain_prints_the_rule_page_for_code_and_name() -> None:
    for code, rule in _builtin_rules().items():
        page = (DOCS / "rules" / f"{code}.md").read_text()
        by_code, by_name = run("explain", code), run("explain", rule.name)
        assert by_code.code == 0 and by_code.out == page
        assert by_name.out == page


def test_site_url_is_the_one_in_mkdocs_yml_and_the_schema_id() -> None:
    from ruamel.yaml import YAML

    mkdocs = YAML(typ="safe").load((ROOT / "mkdocs.yml").read_text())
    assert mkdocs["site_url"] == SITE_URL
    assert load_schema("native-v1.json")["$id"] == f"{SITE_URL}schemas/native-v1.json"


def test_every_key_of_the_format_is_described() -> None:
    """The format reference is the schema: a key without a description is a gap."""
    page = (DOCS / "format.md").read_text()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert len(rows) > 30
    undescribed = [row for row in rows if row.rstrip().endswith("|  |")]
    assert not undescribed


def _defaults(config: Config) -> dict[str, object]:
    skip = ("root", "options")
    return {f.name: getattr(config, f.name) for f in fields(Config) if f.name not in skip}


def _tupled(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def test_configuration_example_is_the_default_configuration(tmp_path: Path) -> None:
    registry = load_rules()
    page = (DOCS / "configuration.md").read_text()
    block = re.search(r"```toml\n(\[tool\.lintkit\].*?)```", page, re.DOTALL)
    assert block is not None
    table = tomllib.loads(block.group(1))["tool"]["lintkit"]
    loaded = build_config(registry, tmp_path, None, table)
    assert _defaults(loaded) == _defaults(build_config(registry, tmp_path, None, {}))
    # Every option the example sets is set to its default.
    declared = registry.options()
    assert {name: _tupled(declared[name].default) for name in loaded.options} == {
        name: _tupled(value) for name, value in loaded.options.items()
    }


class _WithOptions(Rule):
    """Declares options, so the reference shows how options render."""

    code = "ZZ901"
    name = "with-options"
    scope = Scope.WORKFLOW
    summary = "declares options"
    options = (
        Option(
            "telemetry.calls",
            ["logger.*", "*.track"],
            "Calls that record an event.",
            "list[string]",
        ),
        Option("telemetry.eligibility", "(?i)eligib", "What makes a branch eligible.", "regex"),
        Option("secrets-manifest", "", "The secret manifest file.", "string"),
    )


def test_rule_options_are_documented_and_the_example_loads(tmp_path: Path) -> None:
    page = render_configuration([_WithOptions], list(load_dialects()))
    assert "### `telemetry.calls`" in page
    assert "- Table: `[tool.lintkit.telemetry]`, key `calls`" in page
    assert '- Default:\n\n```toml\ncalls = ["logger.*", "*.track"]\n```' in page
    assert "- Read by: [ZZ901](rules/ZZ901.md)" in page
    assert "- Table: `[tool.lintkit]`, key `secrets-manifest`" in page

    text = example([_WithOptions], [])
    assert '[tool.lintkit.telemetry]\ncalls = ["logger.*", "*.track"]' in text
    table = tomllib.loads(text)["tool"]["lintkit"]
    config = build_config(Registry(rules={"ZZ901": _WithOptions}), tmp_path, None, table)
    assert config.options == {
        "telemetry.calls": ("logger.*", "*.track"),
        "telemetry.eligibility": "(?i)eligib",
        "secrets-manifest": "",
        # the extractors' own options (`python.prescreen`...), in every example
        **{
            o.name: tuple(o.default) if isinstance(o.default, list) else o.default
            for extractor in load_extractors()
            for o in extractor.options
        },
    }


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)


def test_editor_schema_line_and_schema_output(tmp_path: Path) -> None:
    """The documented modeline: lintkit ignores it, the file it points at validates."""
    from jsonschema import Draft202012Validator
    from ruamel.yaml import YAML

    page = (DOCS / "editors.md").read_text()
    remote, local = [b for b in _yaml_blocks(page) if "yaml-language-server" in b]
    assert remote.startswith(f"# yaml-language-server: $schema={SITE_URL}schemas/native-v1.json\n")

    root = write(tmp_path / "repo", {"flows/welcome.yaml": remote})
    written = run("schema", "--output", root / ".lintkit" / "native-v1.json")
    assert written.code == 0
    schema_file = root / ".lintkit" / "native-v1.json"
    assert schema_file.read_text() == run("schema").out
    # the relative form, as documented: from flows/ to .lintkit/
    target = re.match(r"# yaml-language-server: \$schema=(\S+)", local)
    assert target is not None
    assert (root / "flows" / target.group(1)).resolve() == schema_file.resolve()

    checked = run("check", root, "--format", "json")
    assert checked.code == 0 and checked.json["diagnostics"] == []
    schema = json.loads(schema_file.read_text())
    Draft202012Validator(schema).validate(YAML(typ="safe").load(remote))


def _mkdocs_site(tmp_path: Path) -> Path:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[test]')")
    pytest.importorskip("material", reason="mkdocs-material is not installed")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = _mkdocs_site(tmp_path)
    home = (site / "index.html").read_text()
    for code, rule in _builtin_rules().items():
        url = rule_url(rule)
        assert url is not None and url.startswith(SITE_URL)
        page = site / url.removeprefix(SITE_URL) / "index.html"  # SARIF helpUri lands here
        assert page.is_file(), code
        assert f"{rule.code} {rule.name}" in page.read_text()
        assert f'href="rules/{code}/"' in home  # in the navigation
    for page in ("getting-started", "configuration", "format", "pre-commit", "github", "editors"):
        assert (site / page / "index.html").is_file(), page
    served = json.loads((site / "schemas" / "native-v1.json").read_text())
    assert served == load_schema("native-v1.json")
    # the guides include real output and real files, not copies
    started = (site / "getting-started" / "index.html").read_text()
    demo_total = (DOCS / "snippets" / "demo-concise.txt").read_text().splitlines()[-1]
    assert demo_total.startswith("Found ") and demo_total in started
    assert "--8&lt;--" not in started


def test_locations_the_guides_quote_are_in_the_real_output() -> None:
    """Prose that points at a line of the demo output must match the output."""
    output = "".join(p.read_text() for p in (DOCS / "snippets").glob("demo-*.txt"))
    quoted = re.findall(
        r"`(examples/demo/[^`\s]+:\d+:\d+)`", (DOCS / "getting-started.md").read_text()
    )
    assert quoted
    for location in quoted:
        assert f"{location}:" in output, f"getting-started.md quotes {location}"


def test_the_readme_shows_the_demos_real_output() -> None:
    """Every line the README quotes of `lintkit check examples/demo` is in the real
    output, and the adoption guide quotes the same total."""
    readme = (ROOT / "README.md").read_text()
    quoted = readme.split("$ lintkit check examples/demo\n", 1)[1].split("```", 1)[0]
    done = subprocess.run(
        [sys.executable, "-m", "lintkit", "check", "examples/demo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    output = done.stdout.splitlines()
    assert [line for line in quoted.splitlines() if line != "..." and line not in output] == []
    assert output[-1].startswith("Found ") and output[-1] in readme
    assert output[-1] in (DOCS / "adoption.md").read_text()
