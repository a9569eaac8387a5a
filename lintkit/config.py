"""``[tool.lintkit]`` in pyproject.toml, or the same keys at the top of lintkit.toml.

The config is found by walking up from the checked path (the current directory
by default), never above the git work tree holding it; its directory is the
project root. Without one, the root is the enclosing git work tree, else the
starting directory. Unknown keys and unknown rule codes are errors with a
did-you-mean: a typo must not silently disable a check.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from lintkit.core.durations import parse_duration
from lintkit.core.reading import read_inside
from lintkit.core.suggest import did_you_mean
from lintkit.core.types import Severity
from lintkit.plugins.option import Option
from lintkit.plugins.registry import Registry, SelectorError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("lintkit.toml", "pyproject.toml")
_MAX_CONFIG = 16 * 1024 * 1024
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".lintkit_cache",
    "build",
    "dist",
    ".eggs",
    "site-packages",
    # generated JavaScript: Next.js and Nuxt output, bundles
    ".next",
    ".nuxt",
    ".turbo",
    "*.min.js",
    "*.bundle.js",
)


class ConfigError(Exception):
    """A config the user must fix; exit code 2. ``problems``: every mistake found,
    so one run reports them all."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _doc(text: str, key: str | None = None) -> Any:
    return {"doc": text, "key": key}


@dataclass(frozen=True)
class Config:
    root: Path = field(metadata=_doc("The project root: the directory of the config file."))
    source: Path | None = field(default=None, metadata=_doc("The config file, if any."))
    workflows: tuple[str, ...] | None = field(
        default=None,
        metadata=_doc(
            "Globs of workflow files. Default: every *.yaml, *.yml and *.json file a"
            " dialect recognises. A file these globs name must be a workflow: one that"
            " no dialect reads is reported. A glob that matches no file is warned about."
        ),
    )
    code: tuple[str, ...] | None = field(
        default=None,
        metadata=_doc(
            "Directories or globs of Python code. Default: every *.py under the root."
            " An entry that matches no file is warned about: without code, the rules"
            " that read it find nothing."
        ),
    )
    exclude: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Globs of paths to skip, added to the built-in ones (.git, .venv,"
            " node_modules, build, dist...). A pattern without '/' matches a file or"
            " directory name anywhere."
        ),
    )
    select: tuple[str, ...] | None = field(
        default=None,
        metadata=_doc(
            'Rules to run: codes, prefixes ("WF2"), names, or "ALL". Default: every'
            " rule that is on by default (opt-in rules such as WF207 need selecting)."
        ),
    )
    extend_select: tuple[str, ...] = field(
        default=(), metadata=_doc("Rules to run on top of `select`.", "extend-select")
    )
    ignore: tuple[str, ...] = field(default=(), metadata=_doc("Rules not to run."))
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict,
        metadata=_doc(
            'Rules to ignore in the files a glob matches: { "legacy/*.py" = ["CD201"] }.',
            "per-file-ignores",
        ),
    )
    ignore_findings: tuple[tuple[str, str, str, str], ...] = field(
        default=(),
        metadata=_doc(
            "Findings to suppress in files that cannot hold a comment (JSON workflows):"
            " `[[ignore-findings]]` tables of `path`, `code`, `fingerprint` and `reason`,"
            " as `lintkit check --add-noqa` writes them (docs: Adopting lintkit).",
            "ignore-findings",
        ),
    )
    fail_on: Severity = field(
        default=Severity.WARNING,
        metadata=_doc(
            "The lowest severity that makes `lintkit check` exit 1: error, warning or info.",
            "fail-on",
        ),
    )
    max_file_size: int = field(
        default=10 * 1024 * 1024,
        metadata=_doc(
            'Files larger than this (bytes, or a text like "10MB") are reported, not parsed.',
            "max-file-size",
        ),
    )
    options: Mapping[str, Any] = field(
        default_factory=dict,
        metadata=_doc("Settings of rules and dialects, by dotted name (see each rule)."),
    )

    @property
    def all_excludes(self) -> tuple[str, ...]:
        return DEFAULT_EXCLUDE + self.exclude


def config_keys() -> dict[str, str]:
    """TOML key -> Config field name, for the keys a user may write."""
    keys = {}
    for f in fields(Config):
        if f.name in ("root", "source", "options"):
            continue
        keys[f.metadata.get("key") or f.name] = f.name
    return keys


def find_config(start: Path) -> tuple[Path, Path | None, dict[str, Any]]:
    """(root, config file, its lintkit table) for a path, walking up from it."""
    # The directory holding a file or symlink named, not where a symlink leads
    # (that may be outside the repository).
    inside = start.is_dir() and not start.is_symlink()
    here = start.resolve() if inside else start.absolute().parent.resolve()
    searched = _up_to_repository(here)
    for directory in searched:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            table = _read_table(candidate)
            if table is not None:
                return directory, candidate, table
    top = searched[-1]
    return (top if (top / ".git").exists() else here), None, {}


def _up_to_repository(here: Path) -> list[Path]:
    """``here`` and its parents, up to the git work tree's top (the directory holding
    ``.git``): what is above a repository belongs to someone else."""
    searched = []
    for directory in (here, *here.parents):
        searched.append(directory)
        if (directory / ".git").exists():
            break
    return searched


def _read_table(path: Path) -> dict[str, Any] | None:
    try:  # a regular file in its directory: not a symlink out of it, not a FIFO
        data = tomllib.loads(read_inside(path.parent, path.name, _MAX_CONFIG)[0].decode())
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from err
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table, not {type(tool).__name__}")
    if "lintkit" not in tool:
        return None
    if not isinstance(tool["lintkit"], dict):
        raise ConfigError(f"{path}: [tool.lintkit] must be a table")
    return dict(tool["lintkit"])


def load_config(
    registry: Registry,
    start: Path,
    *,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    root: Path | None = None,
) -> Config:
    """The config for ``start`` (or an explicit file), with command-line overrides.
    ``root``: with an explicit file, the project root its settings apply to (by
    default the file's directory)."""
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: no such config file")
        table = _read_table(Path(os.path.realpath(config_file)))  # the user named it
        if table is None:
            raise ConfigError(f"{config_file}: has no [tool.lintkit] table")
        source: Path | None = config_file.resolve()
        root = root or config_file.resolve().parent
    else:
        root, source, table = find_config(start)
    return build_config(registry, root, source, {**table, **(overrides or {})})


def build_config(
    registry: Registry, root: Path, source: Path | None, table: Mapping[str, Any]
) -> Config:
    where = str(source) if source else "command line"
    # A table's name as the user wrote it: [tool.lintkit.events] in pyproject.toml.
    table_prefix = "tool.lintkit." if source is not None and source.name == "pyproject.toml" else ""
    keys = config_keys()
    declared = registry.options()
    sections = {name.split(".", 1)[0] for name in declared if "." in name}
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    problems: list[str] = []

    def check(name: str, value: Any) -> None:
        try:
            options[name] = _check_option(where, declared[name], value)
        except ConfigError as err:
            problems.extend(err.problems)

    for key, value in table.items():
        if key in keys:
            values[keys[key]] = value
        elif key in sections and isinstance(value, dict):
            for sub, sub_value in value.items():
                name = f"{key}.{sub}"
                if name in declared:
                    check(name, sub_value)
                    continue
                known = [n.split(".", 1)[1] for n in declared if n.startswith(key + ".")]
                problems.append(
                    f"{where}: unknown key '{sub}' in [{table_prefix}{key}]"
                    f"{did_you_mean(sub, known)}"
                )
        elif key in declared:
            check(key, value)
        else:
            choices = [*keys, *sections, *(n for n in declared if "." not in n)]
            problems.append(f"{where}: unknown key '{key}'{did_you_mean(key, choices)}")
    typed = _typed(where, values, problems)
    config = Config(root=root, source=source, options=options, **typed)
    problems.extend(_selector_problems(where, registry, config))
    if problems:
        raise ConfigError(*problems)
    return config


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _typed(where: str, values: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """The values of the top-level keys; a wrong one goes to ``problems``."""
    typed: dict[str, Any] = {}
    for name, value in values.items():
        try:
            typed[name] = _typed_value(where, name, value)
        except ConfigError as err:
            problems.extend(err.problems)
    return typed


def _typed_value(where: str, name: str, value: Any) -> Any:
    if name in ("workflows", "code"):
        return _inside_root(where, name, _strings(where, name, value))
    if name in ("exclude", "select", "extend_select", "ignore"):
        return _strings(where, name, value)
    if name == "per_file_ignores":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes]")
        return {g: _strings(where, f"per-file-ignores.{g}", v) for g, v in value.items()}
    if name == "ignore_findings":
        return _ignored_findings(where, value)
    if name == "fail_on":
        try:
            return Severity(value)
        except ValueError:
            raise ConfigError(
                f"{where}: 'fail-on' must be error, warning or info, not {value!r}"
            ) from None
    return parse_size(where, value)  # max_file_size


def _ignored_findings(where: str, value: Any) -> tuple[tuple[str, str, str, str], ...]:
    """[[ignore-findings]] tables -> (path, code, fingerprint, reason) each."""
    shape = f"{where}: 'ignore-findings' must be tables of path, code, fingerprint and reason"
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(shape)
    entries = []
    for entry in value:
        if set(entry) - {"path", "code", "fingerprint", "reason"} or not all(
            isinstance(entry.get(k), str) for k in ("path", "code", "fingerprint")
        ):
            raise ConfigError(shape)
        reason = entry.get("reason", "")
        if not isinstance(reason, str):
            raise ConfigError(shape)
        entries.append((entry["path"], entry["code"], entry["fingerprint"], reason))
    return tuple(entries)


def _inside_root(where: str, key: str, globs: tuple[str, ...]) -> tuple[str, ...]:
    """Globs are matched against paths inside the root: one that could only name a
    path outside it, or nothing at all, would match nothing, silently."""
    for glob in globs:
        parts = glob.replace("\\", "/").split("/")
        if not glob.strip() or glob.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", glob):
            problem = "is empty" if not glob.strip() else "is an absolute path"
        elif ".." in parts:
            problem = "leaves the project root ('..')"
        else:
            continue
        raise ConfigError(
            f"{where}: '{key}': {glob!r} {problem}; globs are relative to the project root"
        )
    return globs


def parse_size(where: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMG]?B?)\s*", str(value), re.IGNORECASE)
    if not match:
        raise ConfigError(f"{where}: 'max-file-size' must be bytes or a size like \"10MB\"")
    unit = match.group(2).upper().rstrip("B")
    size = int(float(match.group(1)) * {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[unit])
    if size <= 0:  # every file would be "too large": nothing would be checked
        raise ConfigError(f"{where}: 'max-file-size' must be more than 0 bytes, not {value!r}")
    return size


def _check_option(where: str, option: Option, value: Any) -> Any:
    kind = option.type
    ok = {
        "string": lambda v: isinstance(v, str),
        "regex": lambda v: isinstance(v, str),
        "duration": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "list[string]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "mapping": lambda v: isinstance(v, dict),
    }.get(kind, lambda v: True)
    if not ok(value):
        raise ConfigError(f"{where}: '{option.name}' must be a {kind}, not {value!r}")
    if kind == "regex":
        try:
            re.compile(value)
        except re.error as err:
            raise ConfigError(f"{where}: '{option.name}' is not a valid regex: {err}") from None
    if kind == "duration":
        try:
            parse_duration(value)
        except ValueError as err:
            raise ConfigError(f"{where}: '{option.name}': {err}") from None
    return tuple(value) if isinstance(value, list) else value


def _selector_problems(where: str, registry: Registry, config: Config) -> list[str]:
    groups: dict[str, tuple[str, ...]] = {
        "select": config.select or (),
        "extend-select": config.extend_select,
        "ignore": config.ignore,
    }
    for glob, codes in config.per_file_ignores.items():
        groups[f"per-file-ignores.{glob}"] = codes
    problems = []
    for key, selectors in groups.items():
        for selector in selectors:
            try:
                registry.resolve(selector)
            except SelectorError as err:
                problems.append(f"{where}: {key}: {err}")
    return problems
