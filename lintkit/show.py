"""``check --show-settings`` and ``--show-files``: what a run would use and read,
for a person wondering why a file or a rule is (not) checked."""

from __future__ import annotations

import json
from typing import Any, TextIO

from lintkit.config import Config
from lintkit.core.printable import printable
from lintkit.plugins.registry import Registry


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def settings(config: Config, registry: Registry) -> dict[str, Any]:
    """The resolved configuration: the file's keys with defaults filled in, the
    rules that run and every option's value."""
    options = {name: opt.default for name, opt in registry.options().items()}
    options.update(config.options)
    rules = registry.select(config.select, config.extend_select, config.ignore)
    return _plain(
        {
            "root": str(config.root),
            "config-file": str(config.source) if config.source else None,
            "workflows": config.workflows,
            "code": config.code,
            "exclude": config.all_excludes,
            "select": config.select,
            "extend-select": config.extend_select,
            "ignore": config.ignore,
            "per-file-ignores": dict(config.per_file_ignores),
            "fail-on": config.fail_on.value,
            "max-file-size": config.max_file_size,
            "rules": sorted(rule.code for rule in rules),
            "options": dict(sorted(options.items())),
        }
    )


def write_settings(found: list[dict[str, Any]], out: TextIO) -> None:
    """One JSON object; a list of them when the paths span several projects.
    JSON escapes every control character and, as ASCII, every other one."""
    json.dump(found[0] if len(found) == 1 else found, out, indent=2, default=str)
    out.write("\n")


def write_files(claims: dict[str, str], shown: dict[str, str], out: TextIO) -> None:
    """Each file the run reads (as ``shown``, by root-relative path) and what reads it,
    one a line: a newline or an escape sequence in a file name is written escaped."""
    names = {path: printable(shown[path]) for path in claims}
    width = max((len(name) for name in names.values()), default=0)
    for path in sorted(claims):
        claim = printable(claims[path]) or "(no dialect reads it)"
        out.write(f"{names[path]:<{width}}  {claim}\n")
