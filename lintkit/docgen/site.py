"""The docs site's generated pages.

Each rule's page is ``lintkit.docgen.rule_page.render_rule``, the text ``lintkit
explain`` prints and SARIF's ``help`` carries. ``python -m lintkit.docgen docs``
regenerates every generated file under docs/ (rule pages, the configuration and
format references, snippets the guides include); tests/test_docs.py fails when
one is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lintkit.docgen.configuration import render_configuration
from lintkit.docgen.format import render_format
from lintkit.docgen.rule_page import render_rule
from lintkit.docgen.snippets import snippets
from lintkit.documents.schema import load_schema
from lintkit.plugins.dialect import load_dialects
from lintkit.plugins.registry import load_rules
from lintkit.plugins.rule import Rule, is_builtin


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
