"""What reporters share: paths as the user sees them, counts, severities."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TextIO

from lintkit.engine import Report
from lintkit.types import Diagnostic, Severity


class Reporter:
    """Options come from the command line (``concise``, ``statistics``...)."""

    name: str = ""

    def __init__(self, **options: object) -> None:
        self.options = options

    def render(self, report: Report, out: TextIO) -> None:
        raise NotImplementedError


def display_path(report: Report, path: str) -> str:
    """A root-relative path as seen from the current directory."""
    full = Path(report.root) / path
    try:
        rel = os.path.relpath(full)
    except ValueError:  # another drive on Windows
        return full.as_posix()
    return Path(rel).as_posix()


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
