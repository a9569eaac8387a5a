"""``--format github``: GitHub Actions workflow commands, one annotation each.

GitHub shows at most 10 annotations of each level per step (50 per job) and
drops the rest silently, so errors come first and each level stops at 10; the
findings past that are printed as plain log lines, and the job summary (the
markdown reporter, which ``lintkit check`` appends to $GITHUB_STEP_SUMMARY with
this format) lists them all. An annotation's message carries the finding's
related locations (the offending path, step by step) on lines of their own.
File paths are relative to the repository root, the only paths GitHub matches
annotations against.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from lintkit.core.report import Report
from lintkit.core.types import Diagnostic
from lintkit.reporters.base import BaseReporter, by_severity, display_path, repository_path

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
PER_LEVEL = 10  # annotations GitHub shows per level and step


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def message_body(report: Report, d: Diagnostic) -> str:
    """The message, one line per related location, then how to fix it."""
    lines = [d.message]
    for related in d.related:
        r = related.location
        lines.append(f"{repository_path(report, r.path)}:{r.line}:{r.column}: {related.message}")
    if d.help:
        lines.append(f"help: {d.help}")
    return "\n".join(lines)


class GithubReporter(BaseReporter):
    description = "GitHub Actions annotations on the pull request (the default under Actions)"

    def render(self, report: Report, out: TextIO) -> None:
        shown: Counter[str] = Counter()
        left: list[Diagnostic] = []
        for d in by_severity(report.diagnostics):
            level = _LEVEL[d.severity.value]
            if shown[level] == PER_LEVEL:
                left.append(d)
                continue
            shown[level] += 1
            loc = d.location
            props = {
                "file": repository_path(report, loc.path),
                "line": str(loc.line),
                "endLine": str(loc.end_line),
            }
            if loc.end_line == loc.line:  # GitHub takes columns on one-line spans only
                props.update(col=str(loc.column), endColumn=str(loc.end_column))
            props["title"] = f"{d.code} {d.name}"
            text = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            out.write(f"::{level} {text}::{escape_data(message_body(report, d))}\n")
        if left:
            out.write(
                f"lintkit: {len(left)} more finding{'s' if len(left) != 1 else ''} than GitHub"
                f" annotates ({PER_LEVEL} per level); all are in the job summary:\n"
            )
            for d in left:
                loc = d.location
                out.write(
                    f"{display_path(report, loc.path)}:{loc.line}:{loc.column}:"
                    f" {d.severity.value}[{d.code}] {escape_data(d.message)}\n"
                )
        for error in report.errors:
            out.write(f"::error title=lintkit internal error::{escape_data(error.message)}\n")
