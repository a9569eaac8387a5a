"""What reporters share: paths as the user sees them, counts, severities."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from lintkit.core.report import Report
from lintkit.core.types import Diagnostic, Severity
from lintkit.plugins.reporter import Reporter


class BaseReporter(Reporter):
    """A built-in reporter: options come from the command line (``concise``,
    ``statistics``, ``quiet``)."""

    def __init__(self, **options: object) -> None:
        self.options = options


def display_path(report: Report, path: str) -> str:
    """A root-relative path as seen from the current directory."""
    full = Path(report.root) / path
    try:
        rel = os.path.relpath(full)
    except ValueError:  # another drive on Windows
        return full.as_posix()
    return Path(rel).as_posix()


def repository_root(root: Path) -> Path | None:
    """The git work tree holding the project root, if any."""
    for directory in (root, *root.parents):
        if (directory / ".git").exists():
            return directory
    return None


def repository_relative(report: Report, path: str) -> str | None:
    """A root-relative path from the repository root: the git work tree holding
    the project, else GITHUB_WORKSPACE; None when the file is in neither."""
    root = Path(report.root).resolve()
    full = root / path
    bases = [repository_root(root)]
    if os.environ.get("GITHUB_WORKSPACE"):
        bases.append(Path(os.environ["GITHUB_WORKSPACE"]).resolve())
    for base in bases:
        if base is not None and full.is_relative_to(base):
            return full.relative_to(base).as_posix()
    return None


def repository_path(report: Report, path: str) -> str:
    """A path as GitHub matches annotations and code-scanning results: from the
    repository root, which is not the project root (nor the current directory)
    when the config sits in a subdirectory or a step sets working-directory."""
    return repository_relative(report, path) or display_path(report, path)


def by_severity(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings, then infos; stable within each."""
    return sorted(diagnostics, key=lambda d: (d.severity.rank, *d.sort_key()))


def counts(report: Report) -> dict[str, int]:
    found = Counter(d.severity.value for d in report.diagnostics)
    return {severity.value: found.get(severity.value, 0) for severity in Severity}


def by_rule(report: Report) -> list[tuple[str, str, int]]:
    """(code, name, count) for every rule that reported, by code."""
    found = Counter((d.code, d.name) for d in report.diagnostics)
    return sorted((code, name, n) for (code, name), n in found.items())
