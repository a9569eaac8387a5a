"""Which files a run reads: every candidate under the root, minus excludes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lintkit.config import Config
from lintkit.core.globs import matches
from lintkit.core.types import Location, Problem, Severity


@dataclass
class Files:
    workflows: list[str] = field(default_factory=list)  # root-relative, sorted
    declared: set[str] = field(default_factory=set)  # named by `workflows`: must be workflows
    code: list[str] = field(default_factory=list)
    # (setting, pattern) of each configured glob that matched no file
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    # Directories that could not be listed: a problem each, not a silent gap.
    unlisted: dict[str, Problem] = field(default_factory=dict)


def unresolved_relative(root: Path, path: Path) -> str:
    """``path`` from the root, its last component not resolved: a symlink named on
    the command line stays itself (reading it decides where it may lead)."""
    full = path.absolute()
    if full.name in ("", ".", ".."):
        return full.resolve().relative_to(root).as_posix()
    return (full.parent.resolve() / full.name).relative_to(root).as_posix()


def walk(
    root: Path, excludes: tuple[str, ...], unlisted: dict[str, Problem] | None = None
) -> Iterable[str]:
    """Root-relative paths of everything but directories, pruning excluded ones.

    Symlinks and FIFOs are listed too, never followed nor opened here: loading
    refuses the ones it must not read (``lintkit.core.reading``) with a
    diagnostic. Symlinked directories are not entered. A directory that cannot
    be listed goes to ``unlisted``.
    """

    def failed(err: OSError) -> None:
        if unlisted is not None and err.filename is not None:
            rel = os.path.relpath(err.filename, root).replace(os.sep, "/")
            unlisted[rel] = _unlisted(rel, err)

    for directory, subdirs, names in os.walk(root, onerror=failed):
        rel_dir = Path(directory).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        subdirs[:] = sorted(d for d in subdirs if not matches(rel_dir + d, excludes))
        for name in names:
            rel = rel_dir + name
            if not matches(rel, excludes):
                yield rel


def _unlisted(rel: str, err: OSError) -> Problem:
    reason = (err.strerror or type(err).__name__).lower()
    return Problem(
        "syntax",
        f"cannot list directory: {reason}; its files are not checked",
        Location.file_start(rel),
        severity=Severity.WARNING,
        help="make it readable, or exclude it in the config",
    )


def discover(config: Config, suffixes: tuple[str, ...], *, code: tuple[str, ...]) -> Files:
    """``suffixes``: of the workflow files dialects read; ``code``: of the source
    files extractors read (empty: no selected rule reads code)."""
    files = Files()
    for rel in walk(config.root, config.all_excludes, files.unlisted):
        if rel.endswith(suffixes):
            if config.workflows is None:
                files.workflows.append(rel)
            elif matches(rel, config.workflows):
                files.workflows.append(rel)
                files.declared.add(rel)
        # not elif: a source file may be a workflow (hogFlow TypeScript) or code
        if code and rel.endswith(code) and (config.code is None or matches(rel, config.code)):
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
