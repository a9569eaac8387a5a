"""The secrets manifest: which secrets exist (CD202).

Three shapes are read, as JSON or YAML:

* a list of names: ``["STRIPE_API_KEY", "WEBHOOK_SECRET"]`` (also a list of
  objects with a ``name`` key, or ``{"secrets": [...]}``);
* what ``gcloud secrets list --format=json`` prints: objects whose ``name`` is
  ``projects/P/secrets/NAME``;
* what ``aws secretsmanager list-secrets`` prints: ``{"SecretList": [{"Name": ...}]}``.

A missing or malformed manifest, or one outside the project root, is a config
error (exit 2), not a finding; one lintkit refuses to read (a symlink out of the
root, a FIFO) is a warning of PY202.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from lintkit.config import ConfigError
from lintkit.core.reading import NotRead, read_inside
from lintkit.documents.parse import decode, load_yaml

SHAPES = (
    "a list of secret names, the JSON of `gcloud secrets list --format=json`,"
    " or the JSON of `aws secretsmanager list-secrets`"
)


@dataclass(frozen=True)
class Manifest:
    path: str  # as configured, relative to the project root
    names: frozenset[str]
    normalized: frozenset[str]

    @classmethod
    def of(cls, path: str, names: list[str]) -> Manifest:
        return cls(path, frozenset(names), frozenset(normalize(n) for n in names))

    def declares(self, name: str) -> bool:
        return name in self.names or normalize(name) in self.normalized


def normalize(name: str) -> str:
    """Secret managers and environments spell names differently: stripe-api-key
    in the manager is STRIPE_API_KEY in the environment."""
    return name.lower().replace("-", "_").replace(".", "_").replace("/", "_")


# Far above any real list of secrets; /dev/zero-like files must end somewhere.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


def load_manifest(root: Path, relative: str, limit: int = MAX_MANIFEST_BYTES) -> Manifest:
    """The manifest at ``relative`` (a path inside the root, at most ``limit`` bytes).

    Raises ``NotRead`` for a manifest lintkit refuses to read (a symlink out of
    the root, a FIFO or device), ``ConfigError`` for every other problem.
    """
    where = f"secrets-manifest '{relative}'"
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(relative).anchor or ".." in pure.parts:
        raise ConfigError(f"{where}: must be a path inside the project root, without '..'")
    try:
        data, size = read_inside(root, relative, limit)
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such file (from the project root {root})") from None
    except NotRead:
        raise
    except OSError as err:
        raise ConfigError(f"{where}: cannot read: {err.strerror or err}") from None
    if size > limit:
        raise ConfigError(f"{where}: {size:,} bytes, more than a manifest's {limit:,}")
    text, problem = decode(relative, data)
    if text is None:
        assert problem is not None
        raise ConfigError(f"{where}: {problem.message}")
    documents, problems = load_yaml(relative, text, json=relative.endswith(".json"))
    if problems:
        p = problems[0]
        raise ConfigError(f"{where}:{p.location.line}:{p.location.column}: {p.message}")
    if len(documents) != 1:
        raise ConfigError(f"{where}: expected one document: {SHAPES}")
    names = _names(documents[0].data)
    if names is None:
        raise ConfigError(f"{where}: expected {SHAPES}")
    return Manifest.of(relative, names)


def _names(data: Any) -> list[str] | None:
    if isinstance(data, dict):
        for key in ("SecretList", "secrets", "Secrets"):
            if key in data:
                return _names(data[key])
        return None
    if not isinstance(data, list):
        return None
    names = []
    for item in data:
        if isinstance(item, dict):
            item = item.get("name", item.get("Name"))
        if not isinstance(item, str) or not item:
            return None
        names.append(item.rsplit("/secrets/", 1)[-1] if "/secrets/" in item else item)
    return names
