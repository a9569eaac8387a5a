"""The docs site's generated pages, and a rule's page rendered from the rule itself.

One source for each rule's text: ``lintkit explain``, the docs site page and the
SARIF ``help`` all come from ``render_rule``. ``python -m lintkit.docgen docs``
regenerates every generated file under docs/ (rule pages, the configuration and
format references, snippets the guides include); tests/test_docs.py fails when
one is stale.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from lintkit.core.report import SITE_URL, RuleDoc
from lintkit.docgen.toml import toml_value
from lintkit.plugins.rule import Example, Rule

BUILTIN_RULES_PACKAGE = "lintkit_rules"


def is_builtin(rule: type[Rule]) -> bool:
    """Whether lintkit ships the rule (and the docs site has its page)."""
    return rule.__module__.split(".", 1)[0] == BUILTIN_RULES_PACKAGE


def rule_url(rule: type[Rule]) -> str | None:
    """The rule's page on the docs site; None for a third-party rule."""
    return f"{SITE_URL}rules/{rule.code}/" if is_builtin(rule) else None


def describe(rule: type[Rule]) -> RuleDoc:
    """The rule as a report shows it."""
    return RuleDoc(
        code=rule.code,
        name=rule.name,
        summary=rule.summary,
        severity=rule.severity,
        scope=rule.scope.value,
        default_enabled=rule.default_enabled,
        explanation=rule.explanation(),
        page=render_rule(rule),
        url=rule_url(rule),
    )


_LANGUAGE = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".py": "python", ".toml": "toml"}


def _files(example: Example) -> str:
    blocks = []
    for path, text in example.files.items():
        language = _LANGUAGE.get(PurePosixPath(path).suffix, "text")
        caption = f"`{path}`:\n\n" if len(example.files) > 1 or example.config else ""
        blocks.append(f"{caption}```{language}\n{text.rstrip()}\n```")
    if example.config:
        blocks.append(f"`lintkit.toml`:\n\n```toml\n{example.config.rstrip()}\n```")
    title = f"{example.title}:\n\n" if example.title else ""
    return title + "\n\n".join(blocks)


def _aliases(rule: type[Rule]) -> list[str]:
    if not rule.aliases:
        return []
    names = ", ".join(f"`{alias}`" for alias in rule.aliases)
    return [f"- Reported before as {names}, which still select, ignore and suppress it"]


def render_rule(rule: type[Rule]) -> str:
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        rule.summary[:1].upper() + rule.summary[1:].rstrip(".") + ".",
        "",
        f"- Code: `{rule.code}`; name: `{rule.name}` (either selects or ignores it)",
        *_aliases(rule),
        f"- Scope: {rule.scope.value}",
        f"- Default severity: {rule.severity.value}",
        f"- On by default: {'yes' if rule.default_enabled else 'no (select it to turn it on)'}",
        "",
        rule.explanation(),
        "",
    ]
    bad = [e for e in rule.examples if e.bad]
    good = [e for e in rule.examples if not e.bad]
    if bad:
        lines += ["## Example", "", "\n\n".join(_files(e) for e in bad), ""]
    if good:
        lines += ["## Use instead", "", "\n\n".join(_files(e) for e in good), ""]
    lines += ["## Options", ""]
    if rule.options:
        tables: dict[str, list[str]] = {}
        for option in rule.options:
            section, _, key = option.name.rpartition(".")
            table = f"[tool.lintkit.{section}]" if section else "[tool.lintkit]"
            lines.append(f"- `{key}` in `{table}` ({option.type}): {option.doc}")
            tables.setdefault(table, []).append(f"{key} = {toml_value(option.default)}")
        # Defaults in a fenced block: a regex such as `(?<![a-z])` in an inline
        # code span would read as raw HTML (`<![`) on the docs site.
        lines += ["", "Defaults:", "", "```toml"]
        for table, settings in tables.items():
            lines += [table, *settings, ""]
        lines[-1] = "```"
    else:
        lines.append("This rule has no options.")
    lines.append("")
    return "\n".join(lines)


def rule_index(rules: list[type[Rule]]) -> str:
    lines = [
        "# Rules",
        "",
        "Every rule, by code. Codes are stable; names are kebab-case; both select a rule.",
        "This page and each rule's page are generated from the rules themselves",
        "(`python -m lintkit.docgen.site`), the same text `lintkit explain RULE` prints.",
        "",
        "| Code | Name | Severity | On by default | What it reports |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity.value} |"
            f" {'yes' if rule.default_enabled else 'no'} | {rule.summary} |"
        )
    return "\n".join(lines) + "\n"


def generated_pages(root: Path | None = None) -> dict[str, str]:
    """Relative path under docs/ -> content, for every generated file.

    ``root`` is the repository (default: the checkout this module is in); the
    snippets from its action.yml, hook manifest and demo need it.
    """
    from lintkit.docgen.configuration import render_configuration
    from lintkit.docgen.format import render_format
    from lintkit.docgen.snippets import snippets
    from lintkit.documents.schema import load_schema
    from lintkit.plugins.registry import load_dialects, load_rules

    rules = [rule for rule in load_rules().rules.values() if is_builtin(rule)]
    dialects = list(load_dialects())
    schema = load_schema("native-v1.json")
    pages = {"rules/index.md": rule_index(rules)}
    pages.update({f"rules/{rule.code}.md": render_rule(rule) for rule in rules})
    pages["configuration.md"] = render_configuration(rules, dialects)
    pages["format.md"] = render_format(schema)
    # Served by the site at the schema's $id, for editors.
    pages["schemas/native-v1.json"] = json.dumps(schema, indent=2) + "\n"
    pages.update(snippets(root or Path(__file__).resolve().parents[1]))
    return pages


def main(argv: list[str] | None = None) -> int:
    """python -m lintkit.docgen.site [DOCS_DIR]: regenerate every generated file."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    docs = Path(args[0] if args else "docs")
    stale = set((docs / "rules").glob("*.md"))
    for relative, content in generated_pages(docs.resolve().parent).items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        stale.discard(target)
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
            print(f"wrote {target}")
    for page in sorted(stale):
        page.unlink()
        print(f"removed {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
