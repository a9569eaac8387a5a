"""``--format json``: one object, stable for scripts.

``{"version": 1, "diagnostics": [...], "summary": {...}}``; paths are relative to
the project root and "/"-separated; positions are 1-based, ends exclusive.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from lintkit.core.report import Report
from lintkit.core.types import Diagnostic, Edit, Fix
from lintkit.reporters.base import BaseReporter, by_rule, counts

VERSION = 1


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    loc = d.location
    data: dict[str, Any] = {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "related": [
            {
                "path": r.location.path,
                "line": r.location.line,
                "column": r.location.column,
                "message": r.message,
            }
            for r in d.related
        ],
        "help": d.help,
    }
    data["fix"] = fix_json(d.fix)
    if d.counterexample is not None:
        data["counterexample"] = d.counterexample
    if d.suppressed_by is not None:
        data["suppression"] = {"reason": d.suppressed_by}
    return data


def fix_json(fix: Fix | None) -> dict[str, Any] | None:
    """A fix and its edits: replace ``line:column`` up to ``end_line:end_column``
    (1-based, end exclusive; equal for an insertion) by ``content``."""
    if fix is None:
        return None
    return {
        "message": fix.message,
        "applicability": fix.applicability.value,
        "edits": [
            {
                "path": e.path,
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "end_column": e.end_column,
                "content": e.content,
            }
            for e in fix.changes
            if isinstance(e, Edit)
        ],
    }


def report_json(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "root": report.root.as_posix(),
        "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
        "suppressed": [diagnostic_json(d) for d in report.suppressed],
        "errors": [{"message": e.message, "path": e.path, "rule": e.rule} for e in report.errors],
        "summary": {
            "files": len(report.files),
            "diagnostics": len(report.diagnostics),
            "suppressed": len(report.suppressed),
            "fixable": sum(1 for d in report.diagnostics if d.fix is not None and d.fix.safe),
            "fixed": report.fixed,
            "by_severity": counts(report),
            "by_rule": {code: n for code, _, n in by_rule(report)},
            "exit_code": report.exit_code,
        },
    }


class JsonReporter(BaseReporter):
    description = "one JSON object, stable for scripts"

    def render(self, report: Report, out: TextIO) -> None:
        json.dump(report_json(report), out, indent=2, sort_keys=False, ensure_ascii=False)
        out.write("\n")
