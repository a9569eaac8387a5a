"""Plugins by entry point: who provides each, and which are lintkit's own.

Every message about a plugin names the entry point and the distribution that
provides it, so a user knows which package to update or uninstall, and lintkit
is not blamed for a plugin's bug.

Every run reads the installed entry points, so they are read here directly: the
``entry_points.txt`` of each ``*.dist-info`` / ``*.egg-info`` directory on
``sys.path``, first distribution of a name wins, as ``importlib.metadata`` does.
Importing ``importlib.metadata`` costs ~45 ms (it parses metadata with the
``email`` package), a tenth of a warm run. Where the path holds anything else
(a zip file, an import hook that provides distributions), ``importlib.metadata``
reads them instead. ``tests/test_plugins.py`` holds the two readers to the same
entry points.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache, cached_property, reduce
from importlib import import_module
from typing import Any, Protocol

# The packages lintkit ships: its engine (dialects, reporters) and its rules.
BUILTIN_PACKAGES = ("lintkit", "lintkit_rules")


class PluginError(Exception):
    """A plugin failed to load; the message names it and its distribution."""


class EntryPoint(Protocol):
    """What lintkit reads of an entry point (``importlib.metadata.EntryPoint`` has it too)."""

    @property
    def name(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def group(self) -> str: ...
    def load(self) -> Any: ...


def distribution(ep: EntryPoint) -> str:
    """``name version`` of the distribution that declares ``ep``."""
    dist = getattr(ep, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else "an unknown distribution"


def blame(kind: str, ep: EntryPoint) -> str:
    """``dialect plugin NAME (module:Class) from some-dist 1.0``."""
    return f"{kind} plugin {ep.name} ({ep.value}) from {distribution(ep)}"


def is_builtin(ep: EntryPoint) -> bool:
    return ep.value.split(":", 1)[0].split(".", 1)[0] in BUILTIN_PACKAGES


def installed(name: str) -> tuple[EntryPoint, ...]:
    """The entry points of a group, as installed."""
    return _installed().get(name, ())


def group(name: str) -> list[EntryPoint]:
    """The entry points of a group: lintkit's own first, then by name and target."""
    return sorted(installed(name), key=lambda ep: (not is_builtin(ep), ep.name, ep.value))


@cache
def _installed() -> dict[str, tuple[EntryPoint, ...]]:
    """Every installed entry point by group, read once a process (a run asks for
    four groups)."""
    found = _scanned()
    if found is not None:
        return found
    from importlib.metadata import entry_points

    every = entry_points()  # 3.10/3.11: SelectableGroups; 3.12+: EntryPoints (both select)
    return {name: tuple(every.select(group=name)) for name in every.groups}


# -- the direct reader -----------------------------------------------------------

# importlib.metadata.EntryPoint.pattern
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
_METADATA_SUFFIXES = (".dist-info", ".egg-info")


@dataclass(frozen=True)
class _Distribution:
    folder: str

    @property
    def name(self) -> str:
        return self._headers.get("Name", "")

    @property
    def version(self) -> str:
        return self._headers.get("Version", "")

    @cached_property
    def _headers(self) -> dict[str, str]:
        """The first lines of METADATA (or an egg's PKG-INFO), up to the first blank one."""
        headers: dict[str, str] = {}
        for file in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(self.folder, file), encoding="utf-8") as lines:
                    for line in lines:
                        if not line.strip():
                            break
                        key, _, value = line.partition(":")
                        headers.setdefault(key.strip(), value.strip())
                return headers
            except OSError:
                continue
        return headers


@dataclass(frozen=True)
class _EntryPoint:
    name: str
    value: str
    group: str
    dist: _Distribution | None = field(default=None, compare=False)

    def load(self) -> Any:
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"{self.value!r} is not 'module' or 'module:attribute'")
        module = import_module(match.group("module"))
        return reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)


def _scanned() -> dict[str, tuple[EntryPoint, ...]] | None:
    """The entry points of every distribution on ``sys.path``; None where this
    reader cannot vouch for seeing what ``importlib.metadata`` sees."""
    from importlib.machinery import PathFinder

    if any(
        hasattr(finder, "find_distributions") and finder is not PathFinder
        for finder in sys.meta_path
    ):
        return None
    found: dict[str, list[EntryPoint]] = {}
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        if folder.endswith(".egg"):
            return None  # an egg's metadata is laid out otherwise
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return None  # a zip file: importlib reads those
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for child in names:
            if not child.endswith(_METADATA_SUFFIXES):
                continue
            project = re.sub(r"[-_.]+", "_", child.rsplit(".", 1)[0].split("-")[0]).lower()
            if project in seen:
                continue  # an earlier path entry's distribution of that name wins
            seen.add(project)
            dist = _Distribution(os.path.join(folder, child))
            for ep in _entry_points(dist):
                found.setdefault(ep.group, []).append(ep)
    return {name: tuple(eps) for name, eps in found.items()}


def _entry_points(dist: _Distribution) -> list[_EntryPoint]:
    """``entry_points.txt``: ``[group]`` sections of ``name = value`` lines."""
    try:
        with open(os.path.join(dist.folder, "entry_points.txt"), encoding="utf-8") as file:
            text = file.read()
    except OSError:
        return []
    found, section = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        name, equals, value = line.partition("=")
        if section is not None and equals:
            found.append(_EntryPoint(name.strip(), value.strip(), section, dist))
    return found
