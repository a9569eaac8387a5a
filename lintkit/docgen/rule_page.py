"""A rule's page, rendered from the rule itself.

One source for each rule's text: ``lintkit explain``, the docs site page and the
SARIF ``help`` all come from ``render_rule``; ``describe`` hands a report the
rule as plain data.
"""

from __future__ import annotations

from functools import partial
from pathlib import PurePosixPath

from lintkit.core.report import SITE_URL, RuleDoc
from lintkit.docgen.toml import toml_value
from lintkit.plugins.rule import Example, Rule, is_builtin


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
        url=rule_url(rule),
        texts=partial(_texts, rule),
    )


def _texts(rule: type[Rule]) -> tuple[str, str]:
    return rule.explanation(), render_rule(rule)


# An example's language is its file's suffix (``bad(..., path="api/offer.go")``): it
# picks the extractor that reads it in the example's test and the fence shown here.
_LANGUAGE = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".py": "python",
    ".toml": "toml",
    ".go": "go",
    ".ts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".jsx": "jsx",
}


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
