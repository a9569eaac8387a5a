"""A rule's page, rendered from the rule itself.

One source for each rule's text: ``lintkit explain``, the docs site page and the
SARIF ``help`` all come from ``render_rule``.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from lintkit.rule import Example, Rule

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


def render_rule(rule: type[Rule]) -> str:
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        rule.summary[:1].upper() + rule.summary[1:].rstrip(".") + ".",
        "",
        f"- Code: `{rule.code}`; name: `{rule.name}` (either selects or ignores it)",
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
        for option in rule.options:
            section, _, key = option.name.rpartition(".")
            table = f"[tool.lintkit.{section}]" if section else "[tool.lintkit]"
            default = json.dumps(option.default)
            lines.append(
                f"- `{key}` in `{table}` ({option.type}, default `{default}`): {option.doc}"
            )
    else:
        lines.append("This rule has no options.")
    lines.append("")
    return "\n".join(lines)
