"""``--format github``: GitHub Actions workflow commands, one annotation each.

GitHub shows at most 10 annotations of each level per step (50 per job) and
drops the rest silently, so errors come first; the job summary (the markdown
reporter, which ``lintkit check`` appends to $GITHUB_STEP_SUMMARY with this
format) lists them all. File paths are relative to the repository root, the
only paths GitHub matches annotations against.
"""

from __future__ import annotations

from typing import TextIO

from lintkit.engine import Report
from lintkit.reporters.base import Reporter, by_severity, repository_path

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"

    def render(self, report: Report, out: TextIO) -> None:
        for d in by_severity(report.diagnostics):
            loc = d.location
            props = {
                "file": repository_path(report, loc.path),
                "line": str(loc.line),
                "col": str(loc.column),
                "endLine": str(loc.end_line),
                "endColumn": str(loc.end_column),
                "title": f"{d.code} {d.name}",
            }
            text = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            message = d.message + (f"\n{d.help}" if d.help else "")
            out.write(f"::{_LEVEL[d.severity.value]} {text}::{escape_data(message)}\n")
        for error in report.errors:
            out.write(f"::error title=lintkit internal error::{escape_data(error.message)}\n")
