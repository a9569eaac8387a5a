"""Which files a run reads: every candidate under the root, minus excludes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lintkit.config import Config
from lintkit.core.globs import matches


@dataclass
class Files:
    workflows: list[str] = field(default_factory=list)  # root-relative, sorted
    declared: set[str] = field(default_factory=set)  # named by `workflows`: must be workflows
    code: list[str] = field(default_factory=list)
    # (setting, pattern) of each configured glob that matched no file
    unmatched: list[tuple[str, str]] = field(default_factory=list)


def relative(root: Path, path: Path) -> str:
    return path.resolve().relative_to(root).as_posix()


def walk(root: Path, excludes: tuple[str, ...]) -> Iterable[str]:
    """Root-relative paths of regular files, pruning excluded directories."""
    for directory, subdirs, names in os.walk(root):
        rel_dir = Path(directory).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        subdirs[:] = sorted(d for d in subdirs if not matches(rel_dir + d, excludes))
        for name in names:
            rel = rel_dir + name
            if matches(rel, excludes):
                continue
            full = os.path.join(directory, name)
            try:
                if os.path.isfile(full):  # follows symlinks; FIFOs and sockets are skipped
                    yield rel
            except OSError:
                continue


def discover(config: Config, suffixes: tuple[str, ...], *, code: tuple[str, ...]) -> Files:
    """``suffixes``: of the workflow files dialects read; ``code``: of the source
    files extractors read (empty: no selected rule reads code)."""
    files = Files()
    for rel in walk(config.root, config.all_excludes):
        if rel.endswith(suffixes):
            if config.workflows is None:
                files.workflows.append(rel)
            elif matches(rel, config.workflows):
                files.workflows.append(rel)
                files.declared.add(rel)
        elif code and rel.endswith(code) and (config.code is None or matches(rel, config.code)):
            files.code.append(rel)
    files.workflows.sort()
    files.code.sort()
    for setting, patterns, found in (
        ("workflows", config.workflows, files.workflows),
        ("code", config.code if code else None, files.code),
    ):
        for pattern in patterns or ():
            if not any(matches(rel, [pattern]) for rel in found):
                files.unmatched.append((setting, pattern))
    return files
